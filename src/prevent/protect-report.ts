import { palette } from '../report/ansi.js';
import { terminalSafe } from '../report/safe-text.js';
import { DEFAULT_BASELINE } from './detector.js';
import type { ProtectResult } from './protect.js';
import { jsonSafe } from '../report/safe-text.js';

/** `protect --staged --json`: the result as data; never the secret itself. */
export function formatProtectJson(r: ProtectResult): string {
  const out = {
    version: 1,
    repository: r.worktree,
    head: r.head,
    blocked: r.findings.length > 0,
    stats: {
      stagedFiles: r.stagedFiles,
      scannedFiles: r.scannedFiles,
      scannedBytes: r.scannedBytes,
      suppressed: r.suppressed,
      existingAtHead: r.existing,
      durationMs: r.durationMs,
    },
    warnings: r.warnings,
    findings: r.findings,
  };
  return `${jsonSafe(JSON.stringify(out, null, 2))}\n`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The message a developer sees when a commit is stopped: where (file:line:column), what (the rule's
 * title and id), a redacted hint and the fingerprint, then every honest way forward.
 */
export function formatProtectText(r: ProtectResult, color: boolean): string {
  const p = palette(color);
  if (r.findings.length === 0) {
    const existing = r.existing > 0 ? `; ${plural(r.existing, 'secret')} these files already held at HEAD not counted (see \`spillkit audit\`)` : '';
    return `spillkit: no secrets in staged changes (${plural(r.stagedFiles, 'file')}, ${r.durationMs} ms${existing})\n`;
  }
  const lines: string[] = [];
  lines.push(`${p.alarm('spillkit: commit blocked')}: ${p.bold(`${plural(r.findings.length, 'secret')} in staged changes`)}`);
  lines.push('');
  for (const f of r.findings) {
    lines.push(`  ${p.bold(`${terminalSafe(f.path)}:${f.line}:${f.column}`)}`);
    lines.push(`    ${terminalSafe(f.title)} ${p.dim(`(${terminalSafe(f.rule)}, ${f.severity})`)}  ${p.yellow(terminalSafe(f.redacted))}  ${p.dim(`fingerprint ${f.fingerprint}`)}`);
  }
  lines.push('');
  lines.push('A false positive? Any one of these allows it, then stage the file again:');
  lines.push('  - put `spillkit:allow` in a comment on that line (e.g. `# spillkit:allow` or `// spillkit:allow`);');
  lines.push('  - add an allowlist to .spillkit.yaml (paths, regexes or stopwords);');
  lines.push(`  - list its fingerprint in a baseline: ${DEFAULT_BASELINE} at the repository root (read by default; a scan report`);
  lines.push('    or one fingerprint per line), or a file given with --baseline FILE.');
  lines.push('A real secret? Remove it from the staged files (keep it in an ignored .env or a secret manager),');
  lines.push('stage again, and rotate it if it was ever shared or pushed anywhere.');
  lines.push(`To commit anyway: ${p.bold('git commit --no-verify')} skips every pre-commit check, and the secret enters history.`);
  return `${lines.join('\n')}\n`;
}
