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
import type { Validation, ValidatorRow, Verdict } from './validator.js';
import { validatorFor, type ValidatorEntry } from './validators/index.js';
import { selfHostedRowFor } from './validators/index.js';
import type { SelfHostedRow } from './validators/self-hosted.js';
import { originsNear, refusalOf, type Resolver } from './self-hosted.js';
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
  /** `--verify-self-hosted`: check self-hosted kinds at a public https host named near the secret. */
  selfHosted?: boolean;
  /** The text a finding was found in (its blob), for the host of a self-hosted service. */
  contextOf?: (finding: Finding) => string | null;
  /** DNS for the public-address check (tests inject one). */
  resolve?: Resolver;
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

/** A check to make, or the reason a self-hosted one is not made. */
type Entry = ValidatorEntry | { kind: 'skip'; detail: string };

interface Job {
  key: string;
  entry: Entry;
  finding: Finding;
  secret: string;
  pair?: { finding: Finding; secret: string };
  findings: Finding[];
}

const DEFAULT_PER_HOST = 2;
const DEFAULT_TOTAL = 8;

/** The secret of a finding held in memory by the scan; absent for findings read from a saved report. */
const secretOf = (f: Finding): string | undefined => f.secret;

/** A self-hosted row made concrete at `base` (the API root on that host). */
function rowAt(row: SelfHostedRow, base: string): ValidatorRow {
  const { hint: _hint, apiPrefix: _prefix, publicHost: _public, ...rest } = row;
  return { ...rest, base };
}

/**
 * How a finding is checked: its kind's fixed validator, or for a self-hosted kind the host the user
 * named, else (with --verify-self-hosted) a public https host written near the secret.
 */
async function entryFor(finding: Finding, opts: VerifyOptions, refusals: Map<string, Promise<string | null>>): Promise<Entry | null> {
  const own = selfHostedRowFor(finding.rule);
  const fixed = validatorFor(finding.rule);
  if (!own) return fixed;
  const named = opts.env[own.envVar]?.trim();
  if (named) return fixed ?? { kind: 'row', row: rowAt(own, named.replace(/\/+$/, '')) };
  if (opts.selfHosted) {
    const text = opts.contextOf?.(finding) ?? null;
    const origins = text === null ? [] : originsNear(text, finding.line).filter((o) => !own.publicHost?.test(new URL(o).hostname));
    const origin = origins.find((o) => own.hint.test(new URL(o).hostname)) ?? (fixed ? undefined : origins[0]);
    if (origin) {
      if (!refusals.has(origin)) refusals.set(origin, refusalOf(origin, opts.resolve));
      const refusal = await refusals.get(origin)!;
      if (refusal) return { kind: 'skip', detail: `not checked at ${origin}: ${refusal}` };
      return { kind: 'row', row: rowAt(own, `${origin}${own.apiPrefix}`) };
    }
    if (!fixed) return { kind: 'skip', detail: `self-hosted ${own.title}: no https URL of the service near the secret; name its API with ${own.envVar}` };
  }
  return fixed ?? { kind: 'skip', detail: `self-hosted ${own.title}: checked only with --verify-self-hosted (a host named near the secret) or with ${own.envVar}` };
}

async function jobsOf(findings: Finding[], opts: VerifyOptions): Promise<{ jobs: Job[]; noValidator: number }> {
  const byFingerprint = new Map(findings.map((f) => [f.fingerprint, f]));
  const jobs = new Map<string, Job>();
  const refusals = new Map<string, Promise<string | null>>();
  let noValidator = 0;
  for (const finding of findings) {
    const entry = await entryFor(finding, opts, refusals);
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
    const checker = entry.kind === 'row' ? `${entry.row.title}@${entry.row.base}` : entry.kind === 'adapter' ? entry.adapter.provider : `skip:${entry.detail}`;
    const key = `${checker}\0${halves}`;
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
  if (job.entry.kind === 'skip') return { state: 'unknown', detail: job.entry.detail };
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
  const { jobs, noValidator } = await jobsOf(findings, opts);
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
      } else if (job.entry.kind === 'skip') {
        validation = { state: 'unknown', checkedAt: now().toISOString(), detail: job.entry.detail };
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
