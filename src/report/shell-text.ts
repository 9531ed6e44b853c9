/**
 * Repository bytes (paths, ref names, messages) inside generated shell text: rewrite.sh, the commands
 * PLAN.md shows, fixes printed by `audit`. A tree entry may be named `k⏎touch PWNED #.pem`, so every
 * such value reaches a shell only as one quoted word, and never inside a comment (a newline ends it).
 */

/** Characters a bash word may hold unquoted without meaning anything to the shell. */
const BARE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * One bash word that reads back as exactly `text`. Printable ASCII goes in single quotes; anything
 * else (newline, ESC, bidi overrides, any non-ASCII byte) goes in ANSI-C quoting with every such byte
 * as `\xHH`, so the script shows no raw control byte and a line break cannot appear inside a word.
 */
export function shellQuote(text: string): string {
  if (BARE_WORD.test(text)) return text;
  if (PRINTABLE_ASCII.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x27) out += "\\'";
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

/**
 * Text for a `#` comment: printable ASCII only, every other byte as `\xHH`. Nothing after a `#` can
 * then start a new line of the script (or move the cursor of whoever runs `cat` on it).
 */
export function shellComment(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
