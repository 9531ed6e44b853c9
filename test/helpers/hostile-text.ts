/**
 * Text an attacker puts in a repository to drive the terminal of whoever inspects it, and the check
 * that none of it reached an output raw. Written with escapes only: no raw control byte in the source.
 */

/** Each piece on its own, to name what slipped through. */
export const PIECES = {
  osc: '\u001b]0;pwned-title\u0007', // set the window title, ended by BEL
  csi: '\u001b[2J', // clear the screen
  cr: '\r', // back to the start of the line
  c1: '\u009b31m', // a one-character CSI on 8-bit terminals
  rlo: '\u202e', // right-to-left override ("Trojan Source")
  lri: '\u2066', // left-to-right isolate
  zwsp: '\u200b', // zero-width space
  bom: '\ufeff', // zero-width no-break space
} as const;

/** `label` followed by every hostile piece, then `end`: e.g. a file name, an author, a ref name. */
export function hostile(label: string): string {
  return `${label}${Object.values(PIECES).join('')}end`;
}

/**
 * What must never reach a terminal raw: C0 controls but tab and line feed, DEL, C1, and the bidi and
 * zero-width characters. (Tab and LF are allowed here: outputs use them for their own layout.)
 */
// eslint-disable-next-line no-control-regex
export const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** Every unsafe character of `text` with a little context, as `\u{…}` for a readable failure. */
export function rawUnsafe(text: string): string[] {
  return [...text.matchAll(RAW_UNSAFE)].map((m) => {
    const at = m.index ?? 0;
    const around = text.slice(Math.max(at - 20, 0), at + 20);
    return `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(around)}`;
  });
}
