/**
 * The plan `respond` prints without a terminal: each step, why it matters, and what it would do for
 * the findings at hand. A pure function of a runner snapshot, so it shows a resumed incident as it is.
 * It is text for a terminal: every value from the repository, a provider or a playbook file is one
 * escaped line (safe-text.ts), and the whole text keeps no unsafe character but its own line breaks.
 */
import { DELIVERY_TARGETS } from '../providers/delivery-targets.js';
import { terminalLines, terminalSafe } from '../report/safe-text.js';
import type { FindingView, RunnerSnapshot, StepView } from './events.js';
import { AUTOMATABLE } from './steps/index.js';

export interface DescribeOptions {
  hasRevokeApi: (provider: string) => boolean;
  canRotate: (provider: string) => boolean;
  /** Findings to describe when the incident has no scan yet (the latest saved scan), with its date. */
  latestScan?: { scannedAt: string; findings: FindingView[] } | null;
  rotateTarget?: string | null;
}

const MAX_LISTED = 15;

export function describePlan(snap: RunnerSnapshot, opts: DescribeOptions): string {
  const out: string[] = [];
  const incident = snap.incident.id === 'dry-run' ? 'no incident opened yet' : `${snap.incident.resumed ? 'resumes' : 'joins'} open incident ${snap.incident.id}`;
  out.push(`spillkit respond: playbook ${snap.playbook.id} - ${snap.playbook.title}`);
  out.push(`repository: ${terminalSafe(snap.repository)} (${incident})`);
  out.push('', wrap(snap.playbook.description, '  '));

  const fromIncident = snap.scannedAt !== null;
  const findings = fromIncident ? snap.findings : opts.latestScan?.findings ?? [];
  out.push('');
  if (fromIncident) out.push(`Findings of this incident's scan (${snap.scannedAt}): ${findings.length}`);
  else if (opts.latestScan) out.push(`Findings of the latest saved scan (${opts.latestScan.scannedAt}), before this incident's own scan: ${findings.length}`);
  else out.push('No scan yet: the scan step finds the secrets first.');
  for (const f of findings.slice(0, MAX_LISTED)) out.push(`  ${findingLine(f)}`);
  if (findings.length > MAX_LISTED) out.push(`  ... and ${findings.length - MAX_LISTED} more`);

  out.push('', 'Steps:');
  snap.steps.forEach((step, index) => {
    const marker = step.id === snap.current ? '>' : ' ';
    const tags = [step.status, step.optional ? 'optional' : null, AUTOMATABLE.has(step.kind) ? null : 'needs a person'].filter(Boolean).join(', ');
    out.push(`${marker} ${index + 1}. ${step.title} [${tags}]`);
    out.push(wrap(`why: ${step.guidance}`, '      '));
    if (step.status === 'done' || step.status === 'skipped') {
      if (step.detail) out.push(`      ${step.status}: ${terminalSafe(step.detail)}`);
      return;
    }
    out.push(wrap(`would: ${wouldDo(step, findings, opts)}`, '      '));
    if (step.detail) out.push(`      last: ${terminalSafe(step.detail)}`);
    for (const item of step.checklist) out.push(`      [${item.checked ? 'x' : ' '}] ${terminalSafe(item.text)}`);
  });
  return terminalLines(out.join('\n') + '\n');
}

function wouldDo(step: StepView, all: FindingView[], opts: DescribeOptions): string {
  const undecided = all.filter((f) => f.decision === null).length;
  // Before triage, every finding is a candidate; after it, only the confirmed ones.
  const targets = all.filter((f) => f.decision === 'confirmed' || f.decision === null);
  switch (step.kind) {
    case 'scan':
      return 'scan every object of the repository (all refs, stashes, notes, dangling objects, messages) and save the scan to the incident';
    case 'triage':
      return all.length === 0
        ? 'decide each finding of the scan: confirm it, or dismiss it as a false positive or allowlisted, with a reason (--yes confirms all)'
        : `decide ${undecided} of ${all.length} finding(s): confirm, or dismiss with a reason (--yes confirms all)`;
    case 'revoke': {
      const api = countBy(targets.filter((f) => opts.hasRevokeApi(f.provider) && f.revoke !== 'done'));
      const manual = countBy(targets.filter((f) => !opts.hasRevokeApi(f.provider) && f.revoke !== 'done'));
      if (!api && !manual) return targets.length ? 'nothing left: every credential is revoked' : 'revoke each confirmed credential through its provider';
      return [
        api ? `revoke through the provider API after a confirmation: ${api} (--dry-run: read calls only)` : null,
        manual ? `console checklist for a person (no API): ${manual}` : null,
      ].filter(Boolean).join('; ');
    }
    case 'rotate': {
      const api = countBy(targets.filter((f) => opts.canRotate(f.provider) && f.rotate !== 'done'));
      const manual = countBy(targets.filter((f) => !opts.canRotate(f.provider) && f.rotate !== 'done'));
      if (!api && !manual) return targets.length ? 'nothing left: every credential is rotated' : 'create, deliver and switch to new credentials';
      const flags = Object.values(DELIVERY_TARGETS).map((t) => t.flag).join(' or ');
      const where = opts.rotateTarget ? `deliver to ${opts.rotateTarget}` : `needs a destination (${flags}; on a terminal it is asked), else a checklist item`;
      return [
        api ? `create the new credential, ${where}, then retire the old one: ${api}` : null,
        manual ? `console checklist for a person (no rotation API): ${manual}` : null,
      ].filter(Boolean).join('; ');
    }
    case 'plan-rewrite':
      return `write PLAN.md, rewrite.sh and rewrite-plan.json for ${targets.length || 'the confirmed'} finding(s) into the incident; nothing in the repository changes`;
    case 'apply-rewrite':
      return 'back up every ref to a bundle, rewrite a fresh mirror with git-filter-repo, then verify it (no planned secret left, every other file identical)';
    case 'push':
      return 'force-push the verified mirror with a lease per ref, after showing each ref\'s old -> new id and a confirmation';
    case 'reset-clone':
      return 'move this clone\'s refs from the old commits to the rewritten ones (uncommitted work kept), prune the old objects after a confirmation, and write the collaborators\' commands';
    case 'report':
      return 'write the incident report (timeline, exposure window, actions, open items) from the journal';
    case 'checklist':
      return `${step.checklist.filter((c) => !c.checked).length} item(s) for a person to do and tick`;
  }
}

function findingLine(f: FindingView): string {
  const where = f.path ? `${f.path}:${f.line}` : f.source === 'commit-message' ? `message of ${f.commit?.slice(0, 10)}` : f.source;
  const decision = f.decision ? ` [${f.decision}]` : '';
  const head = f.presentAtHead ? ', still at HEAD' : '';
  return terminalSafe(`${f.fingerprint}  ${f.provider}/${f.rule}  ${where}  ${f.redacted}${head}${decision}`);
}

function countBy(findings: FindingView[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.provider, (counts.get(f.provider) ?? 0) + 1);
  return [...counts].map(([p, n]) => `${p} ${n}`).join(', ');
}

function wrap(text: string, indent: string, width = 100): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}
