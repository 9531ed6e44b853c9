// Line-level churn like real commits: a few hunks that change, insert or delete a handful of lines.
// Each new version differs a little from the previous one, so the pack stores long delta chains.

const WORD = /[A-Za-z_][A-Za-z0-9_]{2,}/g;

/** A run of consecutive lines from some corpus file: inserted code looks like code. */
export function snippet(rng, corpus, maxLines) {
  const source = rng.pick(corpus.files).lines;
  const count = rng.range(1, maxLines);
  const start = rng.int(Math.max(1, source.length - count));
  return source.slice(start, start + count);
}

function mutateLine(rng, corpus, line) {
  const words = line.match(WORD);
  if (!words || rng.chance(0.3)) return snippet(rng, corpus, 1)[0];
  const target = rng.pick(words);
  const replacement = rng.chance(0.5) ? `${target}${rng.range(2, 99)}` : rng.pick(snippet(rng, corpus, 1)[0].match(WORD) ?? ['value']);
  return line.replace(target, replacement);
}

/**
 * Applies 1-3 hunks to `lines` (a fresh array is returned). `isProtected(line)` guards planted secrets:
 * churn never alters or drops them, so each planted secret keeps exactly one version per path.
 */
export function editLines(rng, corpus, lines, originalLength, isProtected) {
  const out = lines.slice();
  const hunks = rng.range(1, 3);
  for (let h = 0; h < hunks; h++) {
    const tooLong = out.length > originalLength * 1.5 + 40;
    const tooShort = out.length < originalLength * 0.5;
    const roll = rng.next();
    const pos = rng.int(out.length + 1);
    if (tooShort || (!tooLong && roll < 0.35)) {
      out.splice(pos, 0, ...snippet(rng, corpus, 8));
    } else if (tooLong || roll < 0.6) {
      const count = Math.min(rng.range(1, 5), out.length - pos);
      const doomed = out.slice(pos, pos + count);
      if (count > 0 && !doomed.some(isProtected)) out.splice(pos, count);
    } else {
      const count = Math.min(rng.range(1, 3), out.length - pos);
      for (let i = pos; i < pos + count; i++) {
        if (!isProtected(out[i])) out[i] = mutateLine(rng, corpus, out[i]);
      }
    }
  }
  return out;
}
