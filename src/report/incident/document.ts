/**
 * A format-neutral document: the report's sections as headings, key/value lists, tables, lists and
 * paragraphs of plain text. sections.ts decides what is said once; render-md.ts and render-html.ts
 * only decide how, and each escapes every piece of text it is handed (paths, names, ref names and
 * messages come from the repository, so an attacker may have chosen them).
 */
export type Inline = string | { text: string; strong?: boolean; code?: boolean; tone?: Tone };
export type Tone = 'bad' | 'warn' | 'good' | 'muted';

export type Block =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'fields'; rows: Array<[string, Inline[]]> }
  | { kind: 'table'; head: string[]; rows: Inline[][] }
  | { kind: 'list'; items: Inline[][]; checklist?: boolean }
  | { kind: 'paragraph'; parts: Inline[]; quote?: boolean };

export interface ReportDocument {
  title: string;
  blocks: Block[];
}

export const strong = (text: string, tone?: Tone): Inline => ({ text, strong: true, tone });
export const code = (text: string): Inline => ({ text, code: true });
export const toned = (text: string, tone: Tone): Inline => ({ text, tone });

/**
 * Characters that can reorder or hide text (bidi overrides and isolates, zero-width marks) and
 * control characters, made visible as `\u{…}` in both formats: a file name must not rewrite the page.
 */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

export function visible(text: string): string {
  return text.replace(/\r?\n|\t/g, ' ').replace(HIDDEN, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
