/**
 * The one definition of text that must not reach a person verbatim, and the one way it is made visible.
 *
 * Paths, author names, ref names, commit messages and provider answers are chosen by someone else: a
 * file named `ESC ] 0 ; title BEL` sets the terminal's title, `ESC [ 2J` clears the screen, a bare CR
 * rewrites the start of the line, U+009B is a one-byte CSI on many terminals, and bidi overrides or
 * zero-width characters make a line read differently from what it holds ("Trojan Source"). Every
 * human-facing output (terminal text, the TUI, stderr, CSV, the Markdown/HTML report) escapes them with
 * `escapeUnsafe`; machine formats (JSON, SARIF) escape through their own syntax.
 */

/**
 * C0 controls, DEL and C1 controls; U+061C and U+200E/U+200F (bidi marks); U+202A-U+202E (embeddings
 * and overrides) and U+2066-U+2069 (isolates); invisible characters that hide or join text: U+180E,
 * U+200B-U+200D, U+2060-U+2064, U+206A-U+206F, U+FEFF; U+2028/U+2029 (line breaks to some renderers)
 * and U+FFF9-U+FFFB (interlinear annotations).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** `\x1b` for a code unit up to 0xff, `\u202e` above. Backslash itself is left alone (as in the text view). */
function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Makes every unsafe character visible as an escape, except the ones in `keep` (e.g. '\n' for text
 * whose line breaks are spillkit's own). The result holds no unsafe character but those kept, and
 * escaping it again changes nothing.
 */
export function escapeUnsafe(text: string, keep = ''): string {
  return text.replace(UNSAFE, (ch) => (keep.includes(ch) ? ch : escapeChar(ch)));
}

/** One value from untrusted data on a terminal: every unsafe character escaped, newlines and tabs too. */
export function terminalSafe(text: string): string {
  return escapeUnsafe(text);
}

/**
 * A block of plain (uncoloured) text spillkit composed for a terminal: its own line breaks stay, every
 * other unsafe character, wherever it came from, is escaped. The guard at the sink of plain output.
 */
export function terminalLines(text: string): string {
  return escapeUnsafe(text, '\n');
}

/**
 * JSON text (from JSON.stringify) with the unsafe characters JSON.stringify leaves raw (DEL, C1, bidi,
 * zero-width) written as `\uXXXX` escapes: the parsed value is the same, and `--json` on a terminal is
 * as safe as the text view. Outside strings JSON holds only ASCII punctuation and whitespace.
 */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE, (ch) => (ch === '\n' ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
