import { spawnSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { ensureStoreDir } from '../incident/store-links.js';
import { removeSecretFile, STORE_SECRET_SUFFIX, writeSecretFile } from '../incident/secret-file.js';
import { readFindingSecret, readSecretBytesAt } from '../scan/secret-lookup.js';
import { literalRule } from '../import/literal-rule.js';
import type { RuleSpec } from '../rules/types.js';
import { runScan } from '../scan/run-scan.js';
import { expressionEntries, renderExpressions, type ExpressionEntry } from './expressions.js';
import { filterRepoArgs, requireFilterRepo } from './filter-repo.js';
import { firstLine, git, gitEnv, gitRun } from './git-cli.js';
import { preparePlan, type Prepared, type PrepareOptions } from './prepare.js';
import { incidentFor, recordPlan, renderPlanFiles } from './record.js';
import { reachableLfsObjects } from './lfs.js';
import { sensitiveDataFacts, type SensitiveDataFacts } from './sensitive-data.js';
import { refreshSupportRequest } from './support-file.js';
import type { RewritePlan } from './types.js';
import { combine, readCommitMap, verifyContent, verifyMetadata, verifyRescan, type Verification } from './verify.js';

export type MirrorScanner = (mirror: string) => Promise<Array<{ fingerprint: string; rule: string; path: string | null; redacted: string; secretHash: string }>>;

export interface ApplyOptions extends PrepareOptions {
  dryRun?: boolean;
  toolVersion: string;
  threads?: number;
  /** Re-scans the rewritten mirror (default: the scanner itself); injected by tests. */
  scanMirror?: MirrorScanner;
}

/** Saved with the incident so `rewrite --push` knows the mirror, what moved and whether it verified. */
export interface RewriteState {
  version: 1;
  repository: string;
  mirror: string;
  backup: string;
  verified: boolean;
  appliedAt: string;
  refs: Array<{ name: string; oldId: string; newId: string | null }>;
  /** The plan this rewrite ran (`createdAt`): later artifacts of another plan are not mixed with it. */
  planCreatedAt?: string;
  /** First changed commits, changed refs, orphaned LFS objects (absent in states written before it existed). */
  sensitiveData?: SensitiveDataFacts;
}

export interface ApplyResult {
  prepared: Prepared;
  dryRun: boolean;
  incident?: string;
  mirror?: string;
  backup?: string;
  verification?: Verification;
}

/**
 * `rewrite --apply`: the plan, run on a fresh mirror inside the incident store (never the user's
 * clone), then verified. Refuses before touching anything when git-filter-repo is missing, the
 * working clone has changes a re-clone would lose, or the scan is stale (preparePlan).
 */
export async function applyRewrite(opts: ApplyOptions): Promise<ApplyResult> {
  const prepared = preparePlan(opts);
  const { repo, plan } = prepared;
  requireFilterRepo(prepared.support);
  if (repo.worktree) {
    const status = git(repo.worktree, ['status', '--porcelain']);
    if (status.trim()) {
      throw new SpillkitError('USAGE', `${repo.worktree} has uncommitted or untracked changes (${status.trim().split('\n').length} path(s)); commit, stash or move them first: after the rewrite you re-clone, and a re-clone would lose them`);
    }
  }
  if (!plan.findings.some((f) => f.operation !== 'out-of-reach')) {
    throw new SpillkitError('USAGE', 'the scan has no finding a rewrite can remove (none, or only unreachable objects: expire reflogs and gc instead)');
  }
  if (opts.dryRun) return { prepared, dryRun: true };

  const { incident, lock } = incidentFor(repo, 'rewrite --apply');
  try {
    recordPlan(incident, plan, renderPlanFiles(plan, opts.toolVersion, prepared.remoteUrls), 'rewrite');
    return { prepared, dryRun: false, incident: incident.id, ...(await applyInIncident(incident, prepared, opts)) };
  } finally {
    lock?.release();
  }
}

async function applyInIncident(incident: Incident, prepared: Prepared, opts: ApplyOptions) {
  const { repo, plan, report } = prepared;
  const journal = incident.journal();
  const runDir = join(incident.dir, `rewrite-${stamp(new Date())}`);
  ensureStoreDir(runDir);
  const mirror = join(runDir, 'mirror.git');
  const backup = join(runDir, 'backup-before-rewrite.bundle');
  journal.append({ type: 'rewrite-apply-started', step: 'rewrite', data: { mirror, backup, filterRepo: prepared.support.version } });

  git(repo.gitdir, ['bundle', 'create', '--quiet', backup, '--all']);
  chmodSync(backup, 0o600);
  journal.append({ type: 'rewrite-backup-created', step: 'rewrite', data: { backup, bytes: statSync(backup).size } });

  git(runDir, ['clone', '--quiet', '--mirror', '--no-local', repo.gitdir, mirror]);
  // The mirror's origin is the user's repository: drop it so nothing can push or fetch there by accident.
  git(mirror, ['config', '--remove-section', 'remote.origin']);
  const refsBefore = readRefs(mirror);
  const lfsBefore = reachableLfsObjects(mirror);
  const commitsBefore = Number(git(mirror, ['rev-list', '--all', '--count']).trim());

  const entries = secretsOf(prepared);
  // `.secret`: if this process is killed before the finally below, the next command removes it (stale-secrets.ts).
  const expressions = join(runDir, `expressions${STORE_SECRET_SUFFIX}`);
  const needsList = plan.replaceText || plan.replaceMessages;
  const args = filterRepoArgs({ removePaths: plan.removePaths, replaceText: plan.replaceText, replaceMessages: plan.replaceMessages, support: prepared.support, expressions, lfsInUse: plan.lfs.inUse });
  let run;
  try {
    if (needsList) {
      writeSecretFile(expressions, renderExpressions(entries));
      journal.append({ type: 'rewrite-expressions-written', step: 'rewrite', data: { file: expressions, mode: (statSync(expressions).mode & 0o777).toString(8), entries: entries.length } });
    }
    run = spawnSync('git', ['filter-repo', ...args], { cwd: mirror, env: gitEnv(), encoding: 'utf8', maxBuffer: 1 << 30 });
  } finally {
    if (needsList) journal.append({ type: 'rewrite-expressions-removed', step: 'rewrite', data: { file: expressions, removed: removeSecretFile(expressions) } });
  }
  if (run.error || run.status !== 0) {
    const why = run.error?.message ?? (firstLine(run.stderr.split('\n').filter((l) => l.trim()).slice(-1)[0] ?? '') || `exit ${run.status}`);
    journal.append({ type: 'rewrite-apply-failed', step: 'rewrite', data: { reason: `git-filter-repo failed: ${why}` } });
    throw new SpillkitError('IO', `git-filter-repo failed in ${mirror}: ${why}`);
  }
  journal.append({ type: 'rewrite-filter-repo-done', step: 'rewrite', data: { args: args.map((a) => (a === expressions ? '<replacement list>' : a)) } });
  // Before verification expires and prunes the old objects: the first changed commits are read from them.
  const sensitiveData = sensitiveDataFacts({
    mirror, usedSensitiveDataRemoval: args.includes('--sensitive-data-removal'), commitMap: readCommitMap(mirror),
    refsBefore, refsAfter: readRefs(mirror), lfsBefore, lfsAfter: reachableLfsObjects(mirror),
  });
  journal.append({ type: 'rewrite-sensitive-data', step: 'rewrite', data: { ...sensitiveData, changedRefs: sensitiveData.changedRefs.length } });

  const verification = await verifyMirror({
    mirror, plan, entries, commitsBefore,
    scanMirror: opts.scanMirror ?? defaultScanner(opts.threads, importedLiteralRules(prepared)),
    plannedHashes: new Set(report.findings.filter((f) => plan.findings.find((p) => p.fingerprint === f.fingerprint)?.operation !== 'out-of-reach').map((f) => f.secretHash)),
  });
  const refsAfter = readRefs(mirror);
  const state: RewriteState = {
    version: 1, repository: plan.repository, mirror, backup, verified: verification.ok, appliedAt: new Date().toISOString(),
    refs: [...refsBefore].map(([name, oldId]) => ({ name, oldId, newId: refsAfter.get(name) ?? null })),
    planCreatedAt: plan.createdAt,
    sensitiveData,
  };
  incident.writeArtifact('rewrite-state.json', JSON.stringify(state, null, 2) + '\n');
  const verificationFile = incident.writeArtifact('verification.json', JSON.stringify(verification, null, 2) + '\n');
  journal.append({ type: 'rewrite-verified', step: 'rewrite', data: { ok: verification.ok, file: verificationFile, content: verification.content.ok, metadata: verification.metadata.ok, rescan: verification.rescan.ok, problems: [...verification.content.problems, ...verification.metadata.problems, ...verification.rescan.problems].slice(0, 20) } });
  journal.append({ type: 'rewrite-apply-finished', step: 'rewrite', data: { mirror, verified: verification.ok, refsChanged: state.refs.filter((r) => r.oldId !== r.newId).length } });
  refreshSupportRequest(incident, repo);
  return { mirror, backup, verification };
}

/** The secrets of every planned finding, read back from the git objects (never from a user), in memory. */
function secretsOf(prepared: Prepared): ExpressionEntry[] {
  const { repo, report, plan } = prepared;
  const replacements = [];
  for (const p of plan.findings) {
    if (p.operation === 'out-of-reach') continue;
    const finding = report.findings.find((f) => f.fingerprint === p.fingerprint)!;
    replacements.push({ secret: readFindingSecret(repo, finding), replacement: p.replacement });
  }
  return expressionEntries(replacements);
}

export interface VerifyMirrorInput {
  mirror: string;
  plan: Pick<RewritePlan, 'removePaths' | 'replaceText' | 'replaceMessages'>;
  entries: ExpressionEntry[];
  commitsBefore: number;
  plannedHashes: Set<string>;
  scanMirror: MirrorScanner;
}

/**
 * Content and metadata are compared while the mirror still holds the old objects; then the old
 * objects are expired and pruned, and the re-scan must find none of the planned secrets anywhere.
 */
export async function verifyMirror(input: VerifyMirrorInput): Promise<Verification> {
  const { mirror, plan, entries } = input;
  const spec = { removePaths: plan.removePaths, textEntries: plan.replaceText ? entries : [], messageEntries: plan.replaceMessages ? entries : [] };
  const commitMap = readCommitMap(mirror);
  const content = verifyContent(mirror, commitMap, spec);
  const metadata = verifyMetadata(mirror, commitMap, spec, input.commitsBefore);
  git(mirror, ['reflog', 'expire', '--expire=now', '--all']);
  git(mirror, ['gc', '--quiet', '--prune=now']);
  const rescan = verifyRescan(await input.scanMirror(mirror), input.plannedHashes);
  return combine(content, metadata, rescan);
}

function defaultScanner(threads?: number, extraRules: RuleSpec[] = []): MirrorScanner {
  return async (mirror) => (await runScan({ path: mirror, threads: threads ?? 2, extraRules })).report.findings;
}

/**
 * Planned findings imported from another scanner that no rule of ours recognises would be invisible to
 * the re-scan: each becomes a literal rule (in memory) so the re-scan looks for its secret too.
 */
function importedLiteralRules(prepared: Prepared): RuleSpec[] {
  const { repo, report, plan } = prepared;
  const rules: RuleSpec[] = [];
  for (const p of plan.findings) {
    if (p.operation === 'out-of-reach') continue;
    const f = report.findings.find((x) => x.fingerprint === p.fingerprint);
    if (f?.secretBytes === undefined) continue;
    rules.push(literalRule({ id: f.rule, provider: f.provider, title: f.rule, severity: f.severity, confidence: f.confidence }, readSecretBytesAt(repo, f, f.secretBytes)));
  }
  return rules;
}

export function readRefs(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const r = gitRun(dir, ['for-each-ref', '--format=%(objectname) %(refname)']);
  for (const line of r.stdout.split('\n')) {
    const [oid, name] = line.split(' ');
    if (oid && name) out.set(name, oid);
  }
  return out;
}

export function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
