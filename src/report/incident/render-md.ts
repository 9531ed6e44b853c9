import { visible, type Block, type Inline, type ReportDocument } from './document.js';
import { reportDocument } from './sections.js';
import type { IncidentReport } from './types.js';

/**
 * Markdown (CommonMark + GFM tables). Every piece of text is escaped: the characters that open
 * emphasis, code, links, HTML or table cells are backslash-escaped, so a file named
 * `<img src=x onerror=...>` or `](javascript:...)` stays text in any renderer.
 */
export function renderIncidentMarkdown(report: IncidentReport): string {
  const doc: ReportDocument = reportDocument(report);
  const out: string[] = [`# ${md(doc.title)}`, ''];
  for (const b of doc.blocks) out.push(...block(b), '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
      return [`${'#'.repeat(b.level)} ${md(b.text)}`];
    case 'fields':
      return b.rows.map(([label, value]) => `- **${md(label)}**: ${inline(value)}`);
    case 'table':
      return [
        `| ${b.head.map((c) => md(c)).join(' | ')} |`,
        `|${b.head.map(() => '---').join('|')}|`,
        ...b.rows.map((row) => `| ${row.map((c) => inline([c])).join(' | ')} |`),
      ];
    case 'list':
      return b.items.map((item) => `- ${b.checklist ? '[ ] ' : ''}${inline(item)}`);
    case 'paragraph':
      return [`${b.quote ? '> ' : ''}${inline(b.parts)}`];
  }
}

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return md(p);
      const text = p.code ? codeSpan(p.text) : md(p.text);
      return p.strong ? `**${text}**` : text;
    })
    .join('');
}

/** Backslash-escape what Markdown would interpret; `|` too, since any text may land in a table cell. */
export function md(text: string): string {
  return visible(text).replace(/[\\`*_{}[\]<>|~&#!]/g, (c) => `\\${c}`);
}

/**
 * A code span that no content can break out of: the fence is one backtick longer than the longest
 * run inside. Pipes cannot be escaped inside a GFM code span in a table, so they become U+2223 there.
 */
function codeSpan(text: string): string {
  const t = visible(text).replace(/\|/g, '\u2223');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}
