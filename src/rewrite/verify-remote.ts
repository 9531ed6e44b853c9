/**
 * `rewrite --verify-remote`: after the push, prove it. The remote is cloned fresh (`--mirror
 * --no-local`: every ref it serves, pull-request refs included, through the same transport anyone
 * else uses), the clone is scanned with spillkit's own scanner, and each planned secret still found is
 * reported with the refs it is reachable through. Pull-request refs only the host can purge may be
 * acknowledged as waiting on the host; until the remote is clean or everything left is acknowledged,
 * the incident has an open item. The clone is deleted afterwards: it may hold the secrets.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { openRepository, type Repository } from '../git/repo.js';
import type { Incident } from '../incident/incident.js';
import { openStore } from '../incident/store.js';
import { ensureStoreDir } from '../incident/store-links.js';
import { literalRule } from '../import/literal-rule.js';
import type { RuleSpec } from '../rules/types.js';
import { runScan } from '../scan/run-scan.js';
import { readSecretBytesAt } from '../scan/secret-lookup.js';
import type { Finding } from '../scan/finding.js';
import { readRefs, stamp } from './apply.js';
import { firstLine, git, gitRun } from './git-cli.js';
import { classifyPullRequests, pullRequestNumber } from './pull-requests.js';
import { refKind } from './refs-plan.js';
import { redactUrls, resolveRemote, type ResolvedRemote } from './remote.js';
import { REMOTE_VERIFICATION, refreshSupportRequest, type VerifiedRefs } from './support-file.js';
import type { RewritePlan } from './types.js';

/** One planned secret the fresh clone still holds. */
export interface RemainingSecret {
  /** The plan's fingerprints for this secret (one per path and rule). */
  fingerprints: string[];
  rule: string;
  redacted: string;
  paths: string[];
  /** Every ref of the remote through which it is reachable. */
  refs: string[];
  /** Those only the host can purge (pull-request refs): a support request. */
  hostRefs: string[];
  /** The others (branches, tags, ...): a push (again) fixes them. */
  pushableRefs: string[];
}

export interface RemoteVerification extends VerifiedRefs {
  version: 1;
  remote: string;
  /** The remote's URL, credentials redacted. */
  url: string;
  refsServed: number;
  pullRequestRefs: number;
  plannedSecrets: number;
  clean: boolean;
  remaining: RemainingSecret[];
  /** Host refs acknowledged as waiting on the host (this run's and earlier runs' of the same plan). */
  acknowledged: string[];
  /** Not clean, but every ref that still holds a secret is an acknowledged host ref. */
  waitingOnHost: boolean;
  warnings: string[];
}

export type CloneScanner = (clone: string, extraRules: RuleSpec[]) => Promise<Finding[]>;

export interface VerifyRemoteOptions {
  path: string;
  remote?: string;
  /** Record the pull-request refs that still hold a secret as waiting on the host. */
  acknowledgeHostRefs?: boolean;
  threads?: number;
  /** Scans the fresh clone (default: spillkit's scanner); injected by tests. */
  scanClone?: CloneScanner;
  now?: () => Date;
}

const JOURNAL_REF_LIMIT = 50;

export interface VerifyRemoteTarget {
  repo: Repository;
  incident: Incident;
  plan: RewritePlan;
  remote: ResolvedRemote;
  /** Distinct secrets the plan removes. */
  plannedSecrets: number;
}

/** The open incident's plan and the remote to check, or a one-line refusal; reads only (`--dry-run` stops here). */
export function verifyRemoteTarget(path: string, remoteName?: string): VerifyRemoteTarget {
  const repo = openRepository(path);
  if (!existsSync(join(repo.commondir, 'spillkit'))) throw noPlan();
  const incident = openStore(repo.commondir).openIncidentOf();
  if (!incident) throw noPlan();
  const plan = readJson<RewritePlan>(incident.artifactPath('rewrite-plan.json'));
  if (!plan) throw noPlan();
  const planned = plan.findings.filter((f) => f.operation !== 'out-of-reach');
  if (!planned.length) throw new SpillkitError('USAGE', 'the rewrite plan has no secret a rewrite removes: nothing to verify on the remote');
  return { repo, incident, plan, remote: resolveRemote(repo, remoteName), plannedSecrets: new Set(planned.map((f) => f.secretHash)).size };
}

export async function verifyRemote(opts: VerifyRemoteOptions): Promise<RemoteVerification> {
  const { repo, incident, plan, remote } = verifyRemoteTarget(opts.path, opts.remote);
  const lock = incident.lock('rewrite --verify-remote');
  try {
    return await verifyInIncident(repo, incident, plan, remote, opts);
  } finally {
    lock.release();
  }
}

async function verifyInIncident(repo: Repository, incident: Incident, plan: RewritePlan, remote: ResolvedRemote, opts: VerifyRemoteOptions): Promise<RemoteVerification> {
  const now = opts.now ?? (() => new Date());
  const journal = incident.journal();
  const runDir = join(incident.dir, `verify-remote-${stamp(now())}`);
  ensureStoreDir(runDir);
  const clone = join(runDir, 'clone.git');
  journal.append({ type: 'rewrite-remote-verify-started', step: 'rewrite', data: { remote: remote.shownUrl } });
  try {
    // `--` ends the options: a URL from the config that starts with `-` is still only a URL.
    const cloned = gitRun(runDir, ['clone', '--quiet', '--mirror', '--no-local', '--', remote.url, clone]);
    if (cloned.status !== 0) {
      const reason = `cannot clone ${remote.shownUrl}: ${redactUrls(firstLine(cloned.stderr)) || `exit ${cloned.status}`}`;
      journal.append({ type: 'rewrite-remote-verify-failed', step: 'rewrite', data: { remote: remote.shownUrl, reason } });
      throw new SpillkitError('IO', reason);
    }
    // Nothing may ever be pushed or fetched from this copy by accident.
    gitRun(clone, ['config', '--remove-section', 'remote.origin']);
    const refs = readRefs(clone);
    const scanner = opts.scanClone ?? defaultScanner(opts.threads);
    const warnings: string[] = [];
    const findings = await scanner(clone, importedRules(repo, plan, warnings));
    const remaining = remainingSecrets(clone, plan, findings);

    const earlier = acknowledgedSoFar(incident);
    const hostRefs = [...new Set(remaining.flatMap((r) => r.hostRefs))].sort();
    const newly = opts.acknowledgeHostRefs ? hostRefs.filter((r) => !earlier.has(r)) : [];
    if (newly.length) journal.append({ type: 'rewrite-host-refs-acknowledged', step: 'rewrite', data: { remote: remote.shownUrl, refs: newly } });
    const acknowledged = new Set([...earlier, ...newly]);
    const stillRefs = [...new Set(remaining.flatMap((r) => r.refs))].sort();
    const clean = remaining.length === 0;
    const waitingOnHost = !clean && stillRefs.every((r) => refKind(r) === 'pull-request' && acknowledged.has(r));

    const remainingRefs = new Set(stillRefs);
    const pullRefs = [...refs].filter(([name]) => pullRequestNumber(name) !== null).map(([name, oid]) => ({ name, oid }));
    const byOid = new Map<string, string[]>();
    for (const r of pullRefs) byOid.set(r.oid, [...(byOid.get(r.oid) ?? []), r.name]);
    const pullRequests = classifyPullRequests(pullRefs, (oid) => (byOid.get(oid) ?? []).some((n) => remainingRefs.has(n)), { source: 'clone', remote: remote.name });

    const result: RemoteVerification = {
      version: 1, remote: remote.name, url: remote.shownUrl, planCreatedAt: plan.createdAt, verifiedAt: now().toISOString(),
      refsServed: refs.size, pullRequestRefs: pullRefs.length, plannedSecrets: new Set(plan.findings.filter((f) => f.operation !== 'out-of-reach').map((f) => f.secretHash)).size,
      clean, remaining, remainingRefs: stillRefs, pullRequests, acknowledged: [...acknowledged].filter((r) => remainingRefs.has(r)).sort(), waitingOnHost, warnings,
    };
    const file = incident.writeArtifact(REMOTE_VERIFICATION, JSON.stringify(result, null, 2) + '\n');
    journal.append({
      type: 'rewrite-remote-verified', step: 'rewrite',
      data: {
        remote: remote.shownUrl, clean, waitingOnHost, refsServed: refs.size, pullRequestRefs: pullRefs.length, file,
        remaining: remaining.map((r) => ({ fingerprints: r.fingerprints, rule: r.rule, redacted: r.redacted, refs: r.refs.slice(0, JOURNAL_REF_LIMIT), hostRefs: r.hostRefs.length, pushableRefs: r.pushableRefs.length })),
        acknowledged: result.acknowledged.slice(0, JOURNAL_REF_LIMIT),
      },
    });
    refreshSupportRequest(incident, repo);
    return result;
  } finally {
    // The clone may hold every secret the host still serves: it does not outlive the check.
    rmSync(runDir, { recursive: true, force: true });
  }
}

function noPlan(): SpillkitError {
  return new SpillkitError('USAGE', 'no rewrite plan in an open incident: plan, apply and push the rewrite first (`spillkit plan-rewrite`, `spillkit rewrite --apply`, `spillkit rewrite --push`)');
}

function readJson<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

function defaultScanner(threads?: number): CloneScanner {
  // The clone is bare: no worktree config applies; `repoConfig: false` says so explicitly, so nothing
  // the remote serves can allowlist its own secrets away.
  return async (clone, extraRules) => (await runScan({ path: clone, threads: threads ?? 2, repoConfig: false, extraRules })).report.findings;
}

/**
 * Planned findings that came from another scanner and match no rule of spillkit's: their secrets, read
 * back from this clone's objects, become literal rules (in memory) so the re-scan can see them.
 */
function importedRules(repo: Repository, plan: RewritePlan, warnings: string[]): RuleSpec[] {
  const planned = new Set(plan.findings.filter((f) => f.operation !== 'out-of-reach').map((f) => f.fingerprint));
  const scan = openStore(repo.commondir).latestScan();
  const rules: RuleSpec[] = [];
  for (const f of scan?.findings ?? []) {
    if (!planned.has(f.fingerprint) || f.secretBytes === undefined) continue;
    try {
      rules.push(literalRule({ id: f.rule, provider: f.provider, title: f.rule, severity: f.severity, confidence: f.confidence }, readSecretBytesAt(repo, f, f.secretBytes)));
    } catch {
      warnings.push(`imported finding ${f.fingerprint}: its object is no longer in this clone, so the remote was not searched for it`);
    }
  }
  return rules;
}

/** The planned secrets among the clone's findings, each with every ref it is reachable through. */
function remainingSecrets(clone: string, plan: RewritePlan, findings: Finding[]): RemainingSecret[] {
  const plannedByHash = new Map<string, string[]>();
  for (const f of plan.findings) {
    if (f.operation === 'out-of-reach') continue;
    plannedByHash.set(f.secretHash, [...(plannedByHash.get(f.secretHash) ?? []), f.fingerprint]);
  }
  const bySecret = new Map<string, { findings: Finding[] }>();
  for (const f of findings) {
    if (!plannedByHash.has(f.secretHash)) continue;
    const entry = bySecret.get(f.secretHash) ?? { findings: [] };
    entry.findings.push(f);
    bySecret.set(f.secretHash, entry);
  }
  const out: RemainingSecret[] = [];
  for (const [hash, { findings: found }] of bySecret) {
    const refs = new Set<string>();
    for (const f of found) for (const r of refsHolding(clone, f)) refs.add(r);
    const sorted = [...refs].sort();
    out.push({
      fingerprints: plannedByHash.get(hash)!, rule: found[0]!.rule, redacted: found[0]!.redacted,
      paths: [...new Set(found.map((f) => f.path ?? f.source))].sort(), refs: sorted,
      hostRefs: sorted.filter((r) => refKind(r) === 'pull-request'), pushableRefs: sorted.filter((r) => refKind(r) !== 'pull-request'),
    });
  }
  return out.sort((a, b) => a.fingerprints[0]!.localeCompare(b.fingerprints[0]!));
}

/** `--contains` arguments per for-each-ref call: argv stays far below any system limit. */
const CONTAINS_BATCH = 200;

/**
 * Every ref through which a finding's secret is reachable: the scanner's provenance (refs reaching the
 * introducing commit), plus the refs reaching any commit that holds the same blob at the same path
 * (a cherry-pick on a branch that does not descend from the introducing commit).
 */
function refsHolding(clone: string, f: Finding): string[] {
  const refs = new Set(f.refs);
  const commits = new Set<string>(f.commit ? [f.commit] : []);
  if (f.source === 'blob' && f.path !== null) {
    const touching = git(clone, ['rev-list', '--all', '--full-history', '--', f.path]).split('\n').filter(Boolean);
    if (touching.length) {
      const ids = git(clone, ['cat-file', '--batch-check=%(objectname)'], { input: touching.map((c) => `${c}:${f.path}`).join('\n') + '\n' }).split('\n');
      touching.forEach((c, i) => {
        if (ids[i] === f.blob) commits.add(c);
      });
    }
  }
  if (f.source === 'tag-message') {
    for (const r of git(clone, ['for-each-ref', '--format=%(refname)', '--points-at', f.blob]).split('\n')) if (r) refs.add(r);
  }
  const list = [...commits];
  for (let i = 0; i < list.length; i += CONTAINS_BATCH) {
    const args = list.slice(i, i + CONTAINS_BATCH).flatMap((c) => ['--contains', c]);
    for (const r of git(clone, ['for-each-ref', '--format=%(refname)', ...args]).split('\n')) if (r) refs.add(r);
  }
  return [...refs];
}

/** Refs acknowledged as waiting on the host since the incident's latest plan. */
function acknowledgedSoFar(incident: Incident): Set<string> {
  const out = new Set<string>();
  for (const e of incident.journal().read()) {
    if (e.type === 'rewrite-planned') out.clear();
    if (e.type === 'rewrite-host-refs-acknowledged' && Array.isArray(e.data?.refs)) for (const r of e.data.refs) if (typeof r === 'string') out.add(r);
  }
  return out;
}
