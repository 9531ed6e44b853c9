// Did the scan find what was planted? A fast scan that misses secrets is worthless, so every planted
// secret must show up in the JSON report (matched by secretHash, the sha256 the report carries).
import { readFileSync } from 'node:fs';

/** Compares one `scan --format json` report with the plan; returns counts per kind and what is missing. */
export function checkFindings(reportPath, plan) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const findings = report.findings ?? [];
  const plantedHashes = new Set(plan.secrets.map((s) => s.secretHash));
  const kinds = {};
  const missing = [];
  const misplaced = [];
  for (const secret of plan.secrets) {
    const entry = (kinds[secret.kind] ??= { planted: 0, found: 0, rules: new Set() });
    entry.planted++;
    const matches = findings.filter((f) => f.secretHash === secret.secretHash);
    if (matches.length === 0) {
      missing.push(secret);
      continue;
    }
    entry.found++;
    for (const match of matches) entry.rules.add(match.rule);
    if (!matches.some((f) => f.source === secret.source && (secret.path === null || f.path === secret.path))) {
      misplaced.push({ ...secret, reported: matches.map((f) => `${f.source}:${f.path}`) });
    }
  }
  const others = {};
  for (const finding of findings) {
    if (!plantedHashes.has(finding.secretHash)) others[finding.rule] = (others[finding.rule] ?? 0) + 1;
  }
  return {
    ok: missing.length === 0,
    findings: findings.length,
    kinds: Object.fromEntries(Object.entries(kinds).map(([kind, e]) => [kind, { ...e, rules: [...e.rules] }])),
    missing: missing.map((s) => ({ plan: s.plan, kind: s.kind, path: s.path, commitIndex: s.commitIndex })),
    misplaced,
    otherFindingsByRule: others,
    stats: report.stats ?? null,
    /** rule + path + secret hash of every finding, to compare scan configurations with each other. */
    keys: findings.map((f) => `${f.rule} ${f.path} ${f.secretHash}`).sort(),
  };
}
