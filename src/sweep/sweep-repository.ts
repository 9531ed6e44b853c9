import { isSpillkitError } from '../errors.js';
import { openRepository } from '../git/repo.js';
import { repoConfigNotice } from '../scan/repo-config-stats.js';
import { runScan } from '../scan/run-scan.js';
import { syncMirror, type MirrorSync } from './mirror.js';
import { compareFindings, riskOf } from './rank.js';
import { repoConfigDigest } from './settings.js';
import type { SweepState } from './state.js';
import { toSweepFinding } from './sweep-finding.js';
import { objectDatabaseBytes, repositoryTip } from './tip.js';
import { verifyReport, type VerifyRequest } from '../cli/verify-flags.js';
import type { SweepRepository, SweepTarget } from './types.js';

export interface RepositoryJob {
  state: SweepState;
  /** Digest of everything besides the repository that shapes a result (see sweepSettings). */
  settings: string;
  /** Worker threads for this one scan. */
  threads: number;
  configPath?: string;
  /** Apply the repository's own config files (`--repo-config`); off by default: a swept repository is untrusted. */
  repoConfig?: boolean;
  maxBlobBytes?: number;
  maxRepoBytes?: number;
  token?: string;
  env: NodeJS.ProcessEnv;
  /** `--verify`: check each finding live; journal and cache under `verifyStateDir`. */
  verify?: VerifyRequest | null;
  verifyStateDir?: string;
}

export interface RepositoryOutcome {
  result: SweepRepository;
  /** The saved result was reused: the tip had not moved since it was scanned. */
  reused: boolean;
  mirror?: MirrorSync;
}

/**
 * One repository, start to end: bring its mirror up to date (remote sweeps), compute its tip, reuse the
 * saved result when the tip has not moved, skip it when it is larger than allowed, else scan it and
 * save the result. Never throws: whatever goes wrong becomes this repository's one-line `error`, so
 * the other repositories carry on.
 */
export async function sweepRepository(target: SweepTarget, job: RepositoryJob): Promise<RepositoryOutcome> {
  const started = Date.now();
  let tip: string | null = null;
  let mirror: RepositoryOutcome['mirror'];
  try {
    if (target.mirror && job.maxRepoBytes !== undefined && (target.reportedBytes ?? 0) > job.maxRepoBytes) {
      return { result: skipped(target, null, `the host reports ${target.reportedBytes} bytes, more than --max-repo-bytes ${job.maxRepoBytes}; not cloned`), reused: false };
    }
    if (target.mirror) mirror = await syncMirror(target.mirror.cloneUrl, target.mirror.path, { token: job.token, env: job.env });
    const path = target.mirror?.path ?? target.localPath!;
    const repo = openRepository(path);
    tip = repositoryTip(repo);
    const settings = job.repoConfig ? `${job.settings}:${repoConfigDigest(repo.worktree)}` : job.settings;
    const saved = job.state.reusable(target.name, tip, settings);
    if (saved) return { result: { ...saved, source: target.source }, reused: true, mirror };
    if (job.maxRepoBytes !== undefined) {
      const bytes = objectDatabaseBytes(repo);
      if (bytes > job.maxRepoBytes) {
        return { result: skipped(target, tip, `its object database holds ${bytes} bytes, more than --max-repo-bytes ${job.maxRepoBytes}`), reused: false, mirror };
      }
    }
    const { report } = await runScan({
      path,
      threads: job.threads,
      configPath: job.configPath,
      repoConfig: job.repoConfig === true,
      maxBlobBytes: job.maxBlobBytes,
      // Secrets stay in memory only for the live check, and are dropped before anything is kept.
      showSecrets: Boolean(job.verify),
    });
    if (job.verify) {
      await verifyReport(report, repo, job.verify, job.env, job.verifyStateDir);
      for (const f of report.findings) delete f.secret;
    }
    const findings = report.findings.map((f) => toSweepFinding(f, target.name)).sort(compareFindings);
    const result: SweepRepository = {
      name: target.name,
      source: target.source,
      tip,
      status: 'scanned',
      risk: riskOf('scanned', findings),
      scannedAt: report.scannedAt,
      stats: { objects: report.stats.objects, blobBytes: report.stats.blobBytes, durationMs: Date.now() - started },
      warnings: report.stats.repoConfig ? [repoConfigNotice(report.stats.repoConfig), ...report.stats.warnings] : report.stats.warnings,
      findings,
    };
    job.state.record(result, settings);
    return { result, reused: false, mirror };
  } catch (e) {
    return { result: failed(target, tip, e), reused: false, mirror };
  }
}

function skipped(target: SweepTarget, tip: string | null, why: string): SweepRepository {
  return { name: target.name, source: target.source, tip, status: 'skipped', risk: 'unknown', error: why, scannedAt: null, stats: null, warnings: [], findings: [] };
}

function failed(target: SweepTarget, tip: string | null, e: unknown): SweepRepository {
  const message = isSpillkitError(e) ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
  return {
    name: target.name,
    source: target.source,
    tip,
    status: 'failed',
    risk: 'unknown',
    error: message.replace(/\s*\n\s*/g, ' '),
    scannedAt: null,
    stats: null,
    warnings: [],
    findings: [],
  };
}
