/**
 * `scan --verify`: each distinct secret checked once with its provider, at most a few calls at a time
 * per host, results reused from the store's cache when `--verify-max-age` allows, every check journaled
 * without the secret. Findings that share a secret (and pair) share one validation.
 *
 * The secrets come from the scan itself (run with secrets kept in memory for this step); they are
 * dropped from the findings before anything is printed unless the user asked for `--show-secrets`.
 */
import pLimit from 'p-limit';
import type { Credential, ProviderContext } from '../providers/contract.js';
import { adapterFor } from '../providers/registry.js';
import type { Finding } from '../scan/finding.js';
import { checkWithRow } from './check.js';
import { apiBase } from '../providers/http.js';
import type { Validation, Verdict } from './validator.js';
import { validatorFor, type ValidatorEntry } from './validators/index.js';
import type { VerifyCache } from './cache.js';

export interface VerifyOptions {
  env: NodeJS.ProcessEnv;
  /** Journals each check and each provider call (never a secret). */
  record: ProviderContext['record'];
  cache: VerifyCache | null;
  /** Reuse cached live/not-live answers younger than this; null: always check. */
  maxAgeMs: number | null;
  now?: () => Date;
  /** Calls in flight per host, and in all. */
  perHost?: number;
  total?: number;
}

export interface VerifySummary {
  checked: number;
  cached: number;
  live: number;
  notLive: number;
  unknown: number;
  /** Findings of kinds spillkit has no live check for (no `validation` added). */
  noValidator: number;
}

interface Job {
  key: string;
  entry: ValidatorEntry;
  finding: Finding;
  secret: string;
  pair?: { finding: Finding; secret: string };
  findings: Finding[];
}

const DEFAULT_PER_HOST = 2;
const DEFAULT_TOTAL = 8;

/** The secret of a finding held in memory by the scan; absent for findings read from a saved report. */
const secretOf = (f: Finding): string | undefined => f.secret;

function jobsOf(findings: Finding[]): { jobs: Job[]; noValidator: number } {
  const byFingerprint = new Map(findings.map((f) => [f.fingerprint, f]));
  const jobs = new Map<string, Job>();
  let noValidator = 0;
  for (const finding of findings) {
    const entry = validatorFor(finding.rule);
    const secret = secretOf(finding);
    if (!entry || secret === undefined) {
      noValidator++;
      continue;
    }
    const other = finding.pairedWith ? byFingerprint.get(finding.pairedWith) : undefined;
    const otherSecret = other ? secretOf(other) : undefined;
    const pair = other && otherSecret !== undefined ? { finding: other, secret: otherSecret } : undefined;
    // One check per distinct credential: the secret, its pair, and the validator that reads them.
    const halves = [finding.secretHash, other?.secretHash ?? ''].sort().join('+');
    const key = `${entry.kind === 'row' ? entry.row.title : entry.adapter.provider}\0${halves}`;
    const job = jobs.get(key);
    if (job) job.findings.push(finding);
    else jobs.set(key, { key, entry, finding, secret, pair, findings: [finding] });
  }
  return { jobs: [...jobs.values()], noValidator };
}

/** The host a check goes to, for the per-host limit. */
function hostOf(entry: ValidatorEntry, env: NodeJS.ProcessEnv): string {
  const { base, envVar } = entry.kind === 'row' ? entry.row : entry.adapter;
  try {
    return new URL(apiBase(env, envVar, base)).host;
  } catch {
    return base;
  }
}

async function runJob(job: Job, ctx: ProviderContext): Promise<Verdict> {
  if (job.entry.kind === 'row') return checkWithRow(job.entry.row, job.secret, job.pair?.secret, ctx);
  const cred: Credential = { finding: job.finding, secret: job.secret, ...(job.pair ? { pair: job.pair } : {}) };
  try {
    const answer = await adapterFor(job.entry.adapter.provider, ctx.env).verify(cred, ctx);
    if (answer.state === 'ok') return { state: answer.value.live ? 'live' : 'not-live', detail: answer.value.detail };
    return { state: 'unknown', detail: `${answer.code}: ${answer.message}` };
  } catch (e) {
    return { state: 'unknown', detail: `check failed: ${(e as Error).message}` };
  }
}

/** Adds `validation` to every finding spillkit can check; returns the counts for the scan's stats. */
export async function verifyFindings(findings: Finding[], opts: VerifyOptions): Promise<VerifySummary> {
  const now = opts.now ?? (() => new Date());
  const summary: VerifySummary = { checked: 0, cached: 0, live: 0, notLive: 0, unknown: 0, noValidator: 0 };
  const { jobs, noValidator } = jobsOf(findings);
  summary.noValidator = noValidator;
  const ctx: ProviderContext = { env: opts.env, dryRun: true, record: opts.record, deliver: async () => undefined };
  const total = pLimit(opts.total ?? DEFAULT_TOTAL);
  const hosts = new Map<string, ReturnType<typeof pLimit>>();
  const hostLimit = (host: string): ReturnType<typeof pLimit> => {
    let limit = hosts.get(host);
    if (!limit) hosts.set(host, (limit = pLimit(opts.perHost ?? DEFAULT_PER_HOST)));
    return limit;
  };

  await Promise.all(
    jobs.map(async (job) => {
      const cacheKey = job.key;
      const cached = opts.maxAgeMs !== null ? opts.cache?.get(cacheKey, opts.maxAgeMs, now()) : undefined;
      let validation: Validation;
      if (cached) {
        validation = { ...cached, detail: `${cached.detail} (cached)` };
        summary.cached++;
      } else {
        const host = hostOf(job.entry, opts.env);
        const verdict = await hostLimit(host)(() => total(() => runJob(job, ctx)));
        validation = { state: verdict.state, checkedAt: now().toISOString(), detail: verdict.detail };
        summary.checked++;
        if (verdict.state !== 'unknown') opts.cache?.set(cacheKey, validation);
      }
      opts.record('validation', {
        rule: job.finding.rule, provider: job.finding.provider, fingerprints: job.findings.map((f) => f.fingerprint),
        state: validation.state, detail: validation.detail, cached: cached !== undefined,
      });
      for (const f of job.findings) f.validation = validation;
      if (validation.state === 'live') summary.live += job.findings.length;
      else if (validation.state === 'not-live') summary.notLive += job.findings.length;
      else summary.unknown += job.findings.length;
    }),
  );
  opts.cache?.save();
  return summary;
}
