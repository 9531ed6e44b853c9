import { palette } from '../../report/ansi.js';
import { terminalSafe } from '../../report/safe-text.js';
import type { AuditResult } from './audit.js';
import { jsonSafe } from '../../report/safe-text.js';

/** `audit --json`: the rows as an array of {check, title, status, detail, fix}. */
export function formatAuditJson(r: AuditResult): string {
  return `${jsonSafe(JSON.stringify(r.checks, null, 2))}\n`;
}

/** The pass/fail table, each failed row followed by its fix. */
export function formatAuditTable(r: AuditResult, color: boolean): string {
  const p = palette(color);
  const width = Math.max(5, ...r.checks.map((c) => c.title.length));
  const statusOf = { pass: p.green('PASS'), fail: p.red('FAIL'), skip: p.dim('SKIP') } as const;
  const lines = [`spillkit audit: ${terminalSafe(r.worktree)}`, '', `  ${p.bold('CHECK'.padEnd(width))}  ${p.bold('STATUS')}  ${p.bold('DETAIL')}`];
  const indent = ' '.repeat(width + 12);
  for (const c of r.checks) {
    lines.push(`  ${c.title.padEnd(width)}  ${statusOf[c.status]}    ${terminalSafe(c.detail)}`);
    if (c.fix && c.status !== 'pass') lines.push(`${indent}${p.cyan('fix:')} ${terminalSafe(c.fix)}`);
  }
  const failed = r.checks.filter((c) => c.status === 'fail').length;
  lines.push('');
  lines.push(failed === 0 ? p.green(`All ${r.checks.length} checks passed (or do not apply).`) : p.red(`${failed} of ${r.checks.length} checks failed.`));
  return `${lines.join('\n')}\n`;
}
