import { describe, expect, it } from 'vitest';
import { applyDelta } from '../../src/git/delta.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { carryAnchors, carryMatches, editRegions } from '../../src/scan/delta-reuse.js';
import { compileRules, finalizeMatches, findRawMatches, type RawMatch } from '../../src/scan/matcher.js';

/** Seeded PRNG so a failure replays. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function varint(n: number, out: number[]): void {
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
}

/**
 * A line-level delta encoder writing git's format: target lines found anywhere in the base become copy
 * instructions (so copies jump around the base, like git's), everything else is inserted.
 */
function makeDelta(base: Buffer, target: Buffer): Buffer {
  const out: number[] = [];
  varint(base.length, out);
  varint(target.length, out);
  const index = new Map<string, number>();
  const byPrefix = new Map<string, { at: number; line: string }>();
  let pos = 0;
  for (const line of base.toString('latin1').split(/(?<=\n)/)) {
    if (!index.has(line)) index.set(line, pos);
    if (line.length > 12 && !byPrefix.has(line.slice(0, 12))) byPrefix.set(line.slice(0, 12), { at: pos, line });
    pos += line.length;
  }
  const copy = (off: number, len: number): void => {
    while (len > 0) {
      const n = Math.min(len, 0xffff);
      const bytes: number[] = [];
      let op = 0x80;
      for (let i = 0; i < 4; i++) {
        const b = (off >>> (8 * i)) & 0xff;
        if (b) {
          op |= 1 << i;
          bytes.push(b);
        }
      }
      for (let i = 0; i < 2; i++) {
        const b = (n >>> (8 * i)) & 0xff;
        if (b) {
          op |= 0x10 << i;
          bytes.push(b);
        }
      }
      out.push(op, ...bytes);
      off += n;
      len -= n;
    }
  };
  const insert = (bytes: Buffer): void => {
    for (let i = 0; i < bytes.length; i += 127) {
      const chunk = bytes.subarray(i, i + 127);
      out.push(chunk.length, ...chunk);
    }
  };
  for (const line of target.toString('latin1').split(/(?<=\n)/)) {
    const at = index.get(line);
    const similar = byPrefix.get(line.slice(0, 12));
    if (at !== undefined && line.length > 2) copy(at, line.length);
    else if (similar) {
      // Copy the common prefix inside the line and insert the rest, as git's byte-level deltas do.
      let n = 0;
      while (n < line.length && n < similar.line.length && line[n] === similar.line[n]) n++;
      copy(similar.at, n);
      insert(Buffer.from(line.slice(n), 'latin1'));
    } else insert(Buffer.from(line, 'latin1'));
  }
  return Buffer.from(out);
}

const matcher = compileRules(loadBuiltinRules());

function scanFull(buf: Buffer, anchors: number[] = []): RawMatch[] {
  const raw: RawMatch[] = [];
  findRawMatches(matcher, buf, null, raw, anchors);
  return raw;
}

const key = (ms: RawMatch[]): string[] => ms.map((m) => `${m.rule}:${m.ss}:${m.se}`).sort();

function randomLine(rnd: () => number, n: number): string {
  const kinds = ['aws-access-key-id', 'github-pat', 'slack-bot-token', 'stripe-live', 'postgres-uri', 'npm-token', 'google-api-key'];
  const r = rnd();
  if (r < 0.12) return `const key${n} = "${fakeSecret(kinds[Math.floor(rnd() * kinds.length)], `s${n}-${Math.floor(rnd() * 1e9)}`)}";`;
  if (r < 0.16) return `password = "${fakeSecret('github-pat', `p${n}`).slice(4, 24)}"`;
  if (r < 0.2) return `token: ghp_ // gitleaks:allow ${n}`;
  if (r < 0.24) return `AWS_SECRET_ACCESS_KEY=${fakeSecret('aws-secret-access-key', `a${n}`)}`;
  if (r < 0.27) return fakeSecret(rnd() < 0.5 ? 'private-key-rsa' : 'private-key-openssh', `k${n}`);
  return `function f${n}(x) { return x * ${n}; } // some ordinary code ${'y'.repeat(Math.floor(rnd() * 40))}`;
}

describe('delta-aware scanning', () => {
  it('finds exactly what a full scan finds, over random edit sequences', () => {
    const rnd = prng(42);
    let compared = 0;
    let carried = 0;
    let multiLine = 0;
    for (let trial = 0; trial < 60; trial++) {
      let lines = Array.from({ length: 40 + Math.floor(rnd() * 80) }, (_, i) => randomLine(rnd, i + trial * 1000));
      let base = Buffer.from(`${lines.join('\n')}\n`);
      let baseAnchors: number[] = [];
      let baseRaw = scanFull(base, baseAnchors);
      for (let step = 0; step < 8; step++) {
        const next = [...lines];
        const edits = 1 + Math.floor(rnd() * 4);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rnd() * next.length);
          const what = rnd();
          if (what < 0.3) next.splice(at, 0, randomLine(rnd, 5000 + step * 10 + e));
          else if (what < 0.5) next.splice(at, 1);
          else if (what < 0.7) next[at] = `${next[at]} // spillkit:allow`;
          else if (what < 0.78) next[at] = next[at].replace(/[A-Za-z0-9]/, 'Q');
          else if (what < 0.85) {
            // Somewhere inside the item: for a PEM block, its body changes while its header stays.
            const k = Math.floor(rnd() * next[at].length);
            next[at] = `${next[at].slice(0, k)}${next[at][k] === '\n' ? '\n' : 'Q'}${next[at].slice(k + 1)}`;
          }
          else next.splice(at, 0, next[Math.floor(rnd() * next.length)]);
        }
        const target = Buffer.from(`${next.join('\n')}${rnd() < 0.5 ? '\n' : ''}`);
        const delta = makeDelta(base, target);
        const copies: number[] = [];
        const rebuilt = applyDelta(base, delta, { copies });
        expect(rebuilt.equals(target)).toBe(true);

        const regions = editRegions(target, base.length, copies);
        const viaDelta: RawMatch[] = [];
        carryMatches(baseRaw, base.length, copies, regions, viaDelta);
        carried += viaDelta.length;
        const anchors: number[] = [];
        findRawMatches(matcher, target, regions, viaDelta, anchors, carryAnchors(baseAnchors, copies));
        const full = scanFull(target);
        multiLine += finalizeMatches(matcher, target, full).filter((m) => matcher.rules[m.rule].multiline > 0).length;
        expect(key(finalizeMatches(matcher, target, viaDelta))).toEqual(key(finalizeMatches(matcher, target, full)));
        compared++;
        lines = next;
        base = target;
        baseRaw = viaDelta;
        baseAnchors = anchors;
      }
    }
    expect(compared).toBe(480);
    expect(carried).toBeGreaterThan(100);
    expect(multiLine).toBeGreaterThan(50);
  });

  it('rescans only around the edits', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} of ordinary text that is long enough`);
    const base = Buffer.from(`${lines.join('\n')}\n`);
    lines[250] = `const t = "${fakeSecret('github-pat', 'edit')}";`;
    const target = Buffer.from(`${lines.join('\n')}\n`);
    const copies: number[] = [];
    applyDelta(base, makeDelta(base, target), { copies });
    const regions = editRegions(target, base.length, copies);
    const rescanned = regions.reduce((s, [a, b]) => s + (b - a), 0);
    expect(rescanned).toBeLessThan(target.length / 50);
    const raw: RawMatch[] = [];
    findRawMatches(matcher, target, regions, raw);
    expect(finalizeMatches(matcher, target, raw).map((m) => matcher.rules[m.rule].spec.id)).toEqual(['github-pat']);
  });
});
