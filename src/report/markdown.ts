import { visible } from './incident/document.js';

/**
 * Markdown for text that came from a repository (paths, ref names, authors, messages): whatever it
 * holds stays text in any renderer and shows no raw control character.
 */

/** Backslash-escape what Markdown would interpret; `|` too, since any text may land in a table cell. */
export function md(text: string): string {
  return visible(text).replace(/[\\`*_{}[\]<>|~&#!]/g, (c) => `\\${c}`);
}

/**
 * A code span that no content can break out of: the fence is one backtick longer than the longest
 * run inside. Pipes cannot be escaped inside a GFM code span in a table, so they become U+2223 there.
 */
export function codeSpan(text: string): string {
  const t = visible(text).replace(/\|/g, '\u2223');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}
