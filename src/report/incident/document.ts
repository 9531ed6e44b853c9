/**
 * A format-neutral document: the report's sections as headings, key/value lists, tables, lists and
 * paragraphs of plain text. sections.ts decides what is said once; render-md.ts and render-html.ts
 * only decide how, and each escapes every piece of text it is handed (paths, names, ref names and
 * messages come from the repository, so an attacker may have chosen them).
 */
import { terminalSafe } from '../safe-text.js';

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
 * Text for a page (Markdown, HTML): a line break or tab becomes a space (a table cell or list item is
 * one line), and every other character that can hide, reorder or drive text is escaped as in the
 * terminal (safe-text.ts): a file name must not rewrite the page.
 */
export function visible(text: string): string {
  return terminalSafe(text.replace(/\r?\n|\t/g, ' '));
}
