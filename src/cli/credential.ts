import { readFileSync } from 'node:fs';
import { SpillkitError } from '../errors.js';
import { openRepository, type Repository } from '../git/repo.js';
import { openStore } from '../incident/store.js';
import type { IncidentSession } from '../incident/session.js';
import type { Credential, Delivery, Evidence, Identity, ManualStep, Outcome, ProviderContext } from '../providers/contract.js';
import { deliver } from '../providers/delivery.js';
import { githubRepoFromRemote } from '../providers/github/repo-ref.js';
import { intentReader } from '../providers/intent.js';
import { remoteUrl } from '../git/remote.js';
import type { Finding, ScanReport } from '../scan/finding.js';
import { terminalSafe } from '../report/safe-text.js';
import { findByFingerprint, readFindingSecret } from '../scan/secret-lookup.js';
import { promptHidden } from './prompt.js';

/** The scan a command works from: `--report FILE`, else the repository's latest saved scan. */
export function loadReport(repo: Repository, reportFile: string | undefined): ScanReport {
  if (reportFile) {
    try {
      const r = JSON.parse(readFileSync(reportFile, 'utf8')) as ScanReport;
      if (r.version !== 1 || !Array.isArray(r.findings)) throw new Error('not a spillkit JSON scan report');
      return r;
    } catch (e) {
      throw new SpillkitError('USAGE', `--report ${reportFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const latest = openStore(repo.commondir).latestScan();
  if (!latest) throw new SpillkitError('USAGE', `no saved scan for ${repo.worktree ?? repo.gitdir}: run \`spillkit scan\` first (or pass --report FILE)`);
  return latest;
}

/**
 * Resolves `--finding FP` to a credential whose secret is read back from the git object (and its pair,
 * for an AWS key id and secret key found together). An unknown fingerprint fails before any provider
 * is called.
 */
export function loadCredential(repoPath: string, reportFile: string | undefined, fingerprint: string | undefined): { repo: Repository; credential: Credential } {
  if (!fingerprint) throw new SpillkitError('USAGE', '--finding FP is required (a fingerprint from `spillkit scan`)');
  const repo = openRepository(repoPath);
  const report = loadReport(repo, reportFile);
  const finding = findByFingerprint(report, fingerprint);
  const secretOf = (f: Finding): string => readFindingSecret(repo, f);
  const credential: Credential = { finding, secret: secretOf(finding) };
  if (finding.pairedWith) {
    const other = report.findings.find((f) => f.fingerprint === finding.pairedWith);
    if (other) credential.pair = { finding: other, secret: secretOf(other) };
  }
  return { repo, credential };
}

/**
 * The environment adapters see: the process's, plus the GitHub repository behind `origin` (for
 * secret-scanning alerts) unless SPILLKIT_GITHUB_REPO already names one.
 */
export function providerEnv(repo: Repository): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (!env.SPILLKIT_GITHUB_REPO) {
    const url = remoteUrl(repo);
    const ref = url ? githubRepoFromRemote(url) : null;
    if (ref) env.SPILLKIT_GITHUB_REPO = `${ref.owner}/${ref.repo}`;
  }
  return env;
}

export function providerContext(session: IncidentSession | null, dryRun: boolean, env: NodeJS.ProcessEnv = process.env): ProviderContext {
  return {
    env,
    dryRun,
    record: (type, data) => session?.journal.append({ type, data }),
    promptHidden: process.stdin.isTTY ? promptHidden : undefined,
    deliver: (delivery: Delivery, values: Record<string, string>) => deliver(delivery, values, env),
    ...(session ? { openIntents: intentReader(() => session.journal.read()) } : {}),
  };
}

/** One line of command output; what a provider answered (an owner name, an error text) is escaped. */
export function describeOutcome<T>(label: string, o: Outcome<T>, show: (v: T) => string): string {
  if (o.state === 'ok') return `${label}: ${terminalSafe(show(o.value))}`;
  return `${label}: ${o.state === 'refused' ? 'refused' : 'could not tell'} (${o.code}): ${terminalSafe(o.message)}`;
}

export const showIdentity = (i: Identity): string =>
  [i.owner ? `owner ${i.owner}` : 'owner unknown', i.account ? `account ${i.account}` : null, i.keyId ? `key ${i.keyId}` : null, i.scopes.length ? `scopes ${i.scopes.join(', ')}` : null]
    .filter(Boolean)
    .join(', ');

export const showEvidence = (e: Evidence): string =>
  [e.lastUsed ? `last used ${e.lastUsed}` : 'no recorded use', e.service ? `service ${e.service}` : null, e.region ? `region ${e.region}` : null, ...e.notes]
    .filter(Boolean)
    .join('; ');

export function formatManualSteps(steps: ManualStep[]): string {
  const safe = terminalSafe;
  return steps.map((s) => [`  ${safe(s.title)}`, ...(s.url ? [`    ${safe(s.url)}`] : []), ...s.checklist.map((c) => `    [ ] ${safe(c)}`)].join('\n')).join('\n');
}
