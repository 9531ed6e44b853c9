import { codeSpan, md } from '../markdown.js';
import type { Block, Inline, ReportDocument } from './document.js';
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
