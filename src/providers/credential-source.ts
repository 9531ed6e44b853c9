import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { openRepository, type Repository } from '../git/repo.js';
import { remoteUrl } from '../git/remote.js';
import { openStore } from '../incident/store.js';
import type { IncidentSession } from '../incident/session.js';
import type { Finding, ScanReport } from '../scan/finding.js';
import { findByFingerprint, readFindingContext, readFindingSecret } from '../scan/secret-lookup.js';
import type { Credential, Delivery, ProviderContext } from './contract.js';
import { checkDelivery, deliver } from './delivery.js';
import { writeSecretFile } from '../incident/secret-file.js';
import { githubRepoFromRemote } from './github/repo-ref.js';
import { intentReader } from './intent.js';

/**
 * Where a provider step gets its credential and its context: the scan it works from, the secret read
 * back from the git object by fingerprint (never pasted by anyone), and the environment adapters see.
 * Shared by the CLI commands and the library API.
 */

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

/** Providers whose adapters read the text around the secret (one more read of the object, so only theirs). */
const CONTEXT_PROVIDERS = new Set(['postgres', 'mysql']);

/** Adds the text around the secret for the adapters that need more than the secret itself (a database URI). */
export function addContext(repo: Repository, credential: Credential): void {
  if (!CONTEXT_PROVIDERS.has(credential.finding.provider)) return;
  const context = readFindingContext(repo, credential.finding, credential.secret);
  if (context) credential.context = context;
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
  addContext(repo, credential);
  if (finding.pairedWith) {
    const other = report.findings.find((f) => f.fingerprint === finding.pairedWith);
    if (other) credential.pair = { finding: other, secret: secretOf(other) };
  }
  return { repo, credential };
}

/**
 * The environment adapters see: `base` (the process's by default), plus the GitHub repository behind
 * `origin` (for secret-scanning alerts) unless SPILLKIT_GITHUB_REPO already names one.
 */
export function providerEnv(repo: Repository, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  if (!env.SPILLKIT_GITHUB_REPO) {
    const url = remoteUrl(repo);
    const ref = url ? githubRepoFromRemote(url) : null;
    if (ref) env.SPILLKIT_GITHUB_REPO = `${ref.owner}/${ref.repo}`;
  }
  return env;
}

export interface ContextOptions {
  /** The incident whose journal records each provider call; null for a dry run (nothing journaled). */
  session: IncidentSession | null;
  dryRun: boolean;
  env?: NodeJS.ProcessEnv;
  /** Asks the user for a value without echoing it; absent when nobody can answer (not a TTY, a library call). */
  promptHidden?: (question: string) => Promise<string>;
  /** Hears one line per delivery: what was written where, and what the store read back. */
  onDelivery?: (line: string) => void;
}

/** A value nobody else holds, kept in a 0600 file of the incident (never a `.secret` file: those are swept on open). */
function saveRecovery(session: IncidentSession, name: string, content: string): string {
  const path = join(session.incident.dir, `recovery-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.txt`);
  writeSecretFile(path, content);
  return path;
}

export function makeProviderContext(opts: ContextOptions): ProviderContext {
  const env = opts.env ?? process.env;
  const { session } = opts;
  const record = (type: string, data: Record<string, unknown>): void => {
    session?.journal.append({ type, data });
  };
  return {
    env,
    dryRun: opts.dryRun,
    record,
    promptHidden: opts.promptHidden,
    deliver: (delivery: Delivery, values: Record<string, string>) => deliver(delivery, values, { env, record }, opts.onDelivery),
    checkDelivery: (delivery: Delivery) => checkDelivery(delivery, { env, record }),
    ...(session ? { saveRecovery: (name: string, content: string) => saveRecovery(session, name, content) } : {}),
    ...(session ? { openIntents: intentReader(() => session.journal.read()) } : {}),
  };
}
