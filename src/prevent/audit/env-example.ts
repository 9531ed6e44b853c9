import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlaceholder } from '../../rules/placeholder.js';
import { shannonEntropy } from '../../scan/entropy.js';
import { listSome, type AuditContext, type CheckResult } from './types.js';

/**
 * An `.env.example` (or `.env.sample`, `.env.template`) documents every variable with a placeholder.
 * Two tests: the rule engine finds nothing in it, and every variable whose name says secret has a value
 * that looks made up. The second catches a real password with no recognisable shape: a random-looking
 * value of 12 or more characters that no placeholder shape explains.
 */
const EXAMPLE_NAME = /(?:^|\/)\.env\.(?:example|sample|template)$/i;
const SECRET_NAME = /secret|token|passw(?:or)?d|passwd|pwd|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth|(?:^|_)key$/i;
const MADE_UP = /^(?:change|replace|your|todo|tbd|xxx|dummy|example|placeholder|none|null|empty|secret|password|test|dev|local)/i;

export function checkEnvExample(ctx: AuditContext): CheckResult {
  const base = { check: 'env-example-placeholders', title: '.env.example has placeholders only' };
  const files = ctx.tracked.filter((p) => EXAMPLE_NAME.test(p));
  if (files.length === 0) {
    return {
      ...base,
      status: 'skip',
      detail: 'no .env.example tracked',
      fix: 'if the project reads settings from the environment, commit a .env.example naming every variable, with placeholder values',
    };
  }
  const problems: string[] = [];
  let checked = 0;
  for (const file of files) {
    let content: Buffer;
    try {
      content = readFileSync(join(ctx.worktree, file));
    } catch {
      continue; // deleted in the worktree: nothing to check until it is back
    }
    checked++;
    const flagged = new Set<number>();
    for (const s of ctx.detector.scanFile(file, '', content).secrets) {
      flagged.add(s.line);
      problems.push(`${file}:${s.line} ${s.rule} ${s.redacted}`);
    }
    for (const v of realLookingValues(content.toString('utf8'))) {
      if (!flagged.has(v.line)) problems.push(`${file}:${v.line} ${v.name} has a value that does not look like a placeholder`);
    }
  }
  if (problems.length === 0) {
    return { ...base, status: 'pass', detail: `${checked === 1 ? files[0] : listSome(files)}: placeholders only`, fix: null };
  }
  return {
    ...base,
    status: 'fail',
    detail: listSome(problems, 3),
    fix: 'replace each value with a placeholder (`<your-api-key>`, `changeme`, or empty); a real value must be rotated, since it is in history',
  };
}

/** `NAME=value` lines (optionally `export NAME=value`, quoted values, trailing ` # comment`). */
export function realLookingValues(text: string): Array<{ line: number; name: string }> {
  const out: Array<{ line: number; name: string }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(raw);
    if (!m || !SECRET_NAME.test(m[1])) return;
    const value = unquote(m[2]);
    if (!looksMadeUp(value)) out.push({ line: i + 1, name: m[1] });
  });
  return out;
}

function unquote(value: string): string {
  const v = value.trim();
  const q = /^(['"])(.*)\1/.exec(v);
  if (q) return q[2];
  return v.replace(/\s+#.*$/, '');
}

export function looksMadeUp(value: string): boolean {
  if (value.length < 12) return true;
  if (MADE_UP.test(value) || isPlaceholder(value)) return true;
  return shannonEntropy(value) < 3;
}
