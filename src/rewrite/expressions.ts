/**
 * git-filter-repo's replacement list (`--replace-text` / `--replace-message`): one `literal==>replacement`
 * line per secret. This is the one file that must hold the secrets, so it is built in memory, written
 * with writeSecretFile (0600) right before filter-repo runs and removed right after.
 *
 * A secret the line format cannot carry as a literal (a newline in a PEM block, `==>`, a leading
 * `regex:`) is written as `regex:` with every ASCII punctuation escaped, which matches exactly that text.
 * git-filter-repo applies all literal lines first, then the regex lines, each in file order; entries
 * are sorted longest first so a secret that contains another is replaced whole.
 */
export interface Replacement {
  secret: string;
  replacement: string;
}

export interface ExpressionEntry extends Replacement {
  form: 'literal' | 'regex';
}

function needsRegex(secret: string): boolean {
  return /[\r\n]/.test(secret) || secret.includes('==>') || /^(regex|glob|literal):/.test(secret);
}

/** Python `re` escaping of an exact text: ASCII punctuation and whitespace escaped, the rest verbatim. */
export function pythonRegexEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (/[A-Za-z0-9_]/.test(ch) || ch.charCodeAt(0) > 0x7f) out += ch;
    else out += `\\${ch}`;
  }
  return out;
}

/** Unique secrets, longest first, with the form git-filter-repo needs; in filter-repo's application order. */
export function expressionEntries(replacements: Replacement[]): ExpressionEntry[] {
  const bySecret = new Map<string, string>();
  for (const r of replacements) if (r.secret && !bySecret.has(r.secret)) bySecret.set(r.secret, r.replacement);
  const entries = [...bySecret].map(([secret, replacement]) => ({ secret, replacement, form: needsRegex(secret) ? 'regex' as const : 'literal' as const }));
  entries.sort((a, b) => b.secret.length - a.secret.length || (a.secret < b.secret ? -1 : 1));
  return [...entries.filter((e) => e.form === 'literal'), ...entries.filter((e) => e.form === 'regex')];
}

export function renderExpressions(entries: ExpressionEntry[]): string {
  return entries.map((e) => (e.form === 'literal' ? `${e.secret}==>${e.replacement}` : `regex:${pythonRegexEscape(e.secret)}==>${e.replacement}`)).join('\n') + '\n';
}

/** What git-filter-repo makes of `data` with these entries (the verifier's model of a correct rewrite). */
export function applyExpressions(data: Buffer, entries: ExpressionEntry[]): Buffer {
  let out = data;
  for (const e of entries) out = replaceAll(out, Buffer.from(e.secret, 'utf8'), Buffer.from(e.replacement, 'utf8'));
  return out;
}

function replaceAll(data: Buffer, needle: Buffer, replacement: Buffer): Buffer {
  let at = data.indexOf(needle);
  if (at < 0) return data;
  const parts: Buffer[] = [];
  let from = 0;
  while (at >= 0) {
    parts.push(data.subarray(from, at), replacement);
    from = at + needle.length;
    at = data.indexOf(needle, from);
  }
  parts.push(data.subarray(from));
  return Buffer.concat(parts);
}
