import { visible, type Block, type Inline, type Tone } from './document.js';
import { reportDocument } from './sections.js';
import type { IncidentReport } from './types.js';

/**
 * One self-contained HTML page: inline CSS, no script, no external asset, and a Content-Security-Policy
 * that forbids loading anything, so the page can be attached to a ticket and opened anywhere. Every
 * piece of text goes through escapeHtml: names and paths from the repository are never markup.
 */
export function renderIncidentHtml(report: IncidentReport): string {
  const doc = reportDocument(report);
  const body = doc.blocks.map(block).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spillkit ${escapeHtml(report.tool.version)}">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(doc.title)}</h1>
${body}
</main>
</body>
</html>
`;
}

const CSS = `
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#59636e;--line:#d1d9e0;--bad:#b42318;--warn:#9a6700;--good:#1a7f37;--code:#f3f5f7}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#30363d;--bad:#ff7b72;--warn:#d29922;--good:#3fb950;--code:#161b22}}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:72rem;margin:0 auto;padding:2rem 1.5rem}
h1{font-size:1.6rem;margin:0 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{font-weight:600;color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:var(--code)}
code{font:.85em ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--code);padding:.1em .3em;border-radius:4px;overflow-wrap:anywhere}
blockquote{margin:1rem 0;padding:.75rem 1rem;border-left:4px solid var(--bad);background:var(--code)}
ul.checklist{list-style:none;padding-left:0}ul.checklist li::before{content:"\\2610\\00a0";color:var(--muted)}
.bad{color:var(--bad)}.warn{color:var(--warn)}.good{color:var(--good)}.muted{color:var(--muted)}
@media print{main{max-width:none}a{color:inherit}}
`;

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'fields':
      return `<dl>\n${b.rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${inline(value)}</dd>`).join('\n')}\n</dl>`;
    case 'table':
      return `<table>\n<thead><tr>${b.head.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>\n<tbody>\n${b.rows
        .map((row) => `<tr>${row.map((c) => `<td>${inline([c])}</td>`).join('')}</tr>`)
        .join('\n')}\n</tbody>\n</table>`;
    case 'list':
      return `<ul${b.checklist ? ' class="checklist"' : ''}>\n${b.items.map((item) => `<li>${inline(item)}</li>`).join('\n')}\n</ul>`;
    case 'paragraph':
      return b.quote ? `<blockquote>${inline(b.parts)}</blockquote>` : `<p>${inline(b.parts)}</p>`;
  }
}

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeHtml(p);
      let html = escapeHtml(p.text);
      if (p.code) html = `<code>${html}</code>`;
      if (p.strong) html = `<strong>${html}</strong>`;
      return p.tone ? `<span class="${TONES[p.tone]}">${html}</span>` : html;
    })
    .join('');
}

const TONES: Record<Tone, string> = { bad: 'bad', warn: 'warn', good: 'good', muted: 'muted' };

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}
