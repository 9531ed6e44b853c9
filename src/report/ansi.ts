/**
 * Terminal styling for human-readable output (escaping untrusted text is safe-text.ts's job).
 *
 * Styling is opt-in (the caller decides from --no-color, NO_COLOR and isTTY), so every style function
 * is the identity when colour is off and output stays byte-stable for golden tests and pipes.
 */

export type Style = (text: string) => string;

export interface Palette {
  bold: Style;
  dim: Style;
  red: Style;
  yellow: Style;
  cyan: Style;
  green: Style;
  /** White on red, for the one thing that must not be missed. */
  alarm: Style;
}

const ESC = '\u001b[';

function sgr(open: number, close: number): Style {
  return (text) => (text === '' ? text : `${ESC}${open}m${text}${ESC}${close}m`);
}

const plain: Style = (text) => text;

const COLORED: Palette = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
  green: sgr(32, 39),
  alarm: (text) => (text === '' ? text : `${ESC}1;97;41m${text}${ESC}0m`),
};

const PLAIN: Palette = {
  bold: plain,
  dim: plain,
  red: plain,
  yellow: plain,
  cyan: plain,
  green: plain,
  alarm: plain,
};

export function palette(color: boolean): Palette {
  return color ? COLORED : PLAIN;
}

/** Removes the SGR sequences this module writes (tests and width computations). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
