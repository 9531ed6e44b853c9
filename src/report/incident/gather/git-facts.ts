import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseCommit } from '../../../git/commit.js';
import { loadObjectDatabase } from '../../../git/object-database.js';
import { ObjectReader } from '../../../git/object-reader.js';
import { OBJ_COMMIT, OBJ_TAG } from '../../../git/object-type.js';
import type { Repository } from '../../../git/repo.js';
import { parseTag } from '../../../git/commit.js';
import { gitRun } from '../../../rewrite/git-cli.js';
import type { Finding } from '../../../scan/finding.js';
import type { GitFacts } from '../input.js';
import { firstRemoteSightings, type ParentsOf } from './first-remote.js';
import { readRemoteTrackingReflogs } from './reflog.js';
import { readRegularText } from '../../../git/safe-fs.js';

/** Secret scanners a pre-commit hook may run; the first one named in the hook is reported. */
const HOOK_SCANNERS = ['spillkit', 'gitleaks', 'trufflehog', 'detect-secrets', 'git-secrets', 'ggshield', 'talisman'];

/**
 * The facts the report takes from git: commit dates and first remote sighting of each introducing
 * commit (read from our own object reader, no git needed), and, through the git CLI, whether each
 * finding's path is ignored today. A fact that cannot be read becomes null plus a warning.
 */
export function gatherGitFacts(repo: Repository, findings: Finding[]): GitFacts {
  const warnings: string[] = [];
  const commits = [...new Set(findings.map((f) => f.commit).filter((c): c is string => c !== null))];
  const commitDates: GitFacts['commitDates'] = {};
  let parentsOf: ParentsOf = () => null;
  try {
    const reader = new ObjectReader(loadObjectDatabase(repo), 32 << 20);
    parentsOf = (oid) => {
      let o = reader.tryRead(oid);
      for (let depth = 0; o && o.type === OBJ_TAG && depth < 10; depth++) o = reader.tryRead(parseTag(oid, o.data).object);
      return o && o.type === OBJ_COMMIT ? parseCommit(oid, o.data).parents : null;
    };
    for (const id of commits) {
      const o = reader.tryRead(id);
      if (!o || o.type !== OBJ_COMMIT) continue;
      const c = parseCommit(id, o.data);
      commitDates[id] = { authoredAt: iso(c.authorTime), committedAt: iso(c.committerTime) };
    }
  } catch (e) {
    warnings.push(`could not read commits from the object database: ${(e as Error).message}`);
  }
  const reflog = readRemoteTrackingReflogs(repo.commondir);
  let firstRemote: GitFacts['firstRemote'] = {};
  try {
    firstRemote = firstRemoteSightings(reflog, commits, parentsOf);
  } catch (e) {
    warnings.push(`could not walk the remote-tracking reflogs: ${(e as Error).message}`);
  }
  return {
    commitDates,
    firstRemote,
    remoteReflogs: reflog.length > 0,
    ignoredNow: ignoredNow(repo, findings, warnings),
    preCommitHook: preCommitHook(repo),
    warnings,
  };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** `git check-ignore --no-index`: the .gitignore rules alone decide, even for tracked files. */
function ignoredNow(repo: Repository, findings: Finding[], warnings: string[]): GitFacts['ignoredNow'] {
  const paths = [...new Set(findings.map((f) => f.path).filter((p): p is string => p !== null))].sort();
  const out: GitFacts['ignoredNow'] = {};
  for (const p of paths) out[p] = null;
  if (!paths.length || repo.worktree === null) return out;
  try {
    const r = gitRun(repo.worktree, ['check-ignore', '--no-index', '--stdin', '-z'], { input: paths.join('\0') + '\0' });
    if (r.status !== 0 && r.status !== 1) {
      warnings.push(`git check-ignore failed (exit ${r.status}); whether the paths are ignored is unknown`);
      return out;
    }
    const ignored = new Set(r.stdout.split('\0').filter(Boolean));
    for (const p of paths) out[p] = ignored.has(p);
  } catch (e) {
    warnings.push(`git check-ignore could not run: ${(e as Error).message}`);
  }
  return out;
}

/** The pre-commit hook git would run today (core.hooksPath honoured) and which scanner it names. */
function preCommitHook(repo: Repository): GitFacts['preCommitHook'] {
  let hooksDir = join(repo.commondir, 'hooks');
  try {
    const r = gitRun(repo.gitdir, ['config', '--get', 'core.hooksPath']);
    const configured = r.status === 0 ? r.stdout.trim() : '';
    if (configured) hooksDir = isAbsolute(configured) ? configured : join(repo.worktree ?? repo.gitdir, configured);
  } catch {
    // no git: the default hooks directory
  }
  const path = join(hooksDir, 'pre-commit');
  if (!existsSync(path)) return { path, exists: false, scanner: null };
  let text = '';
  try {
    text = readRegularText(path) ?? '';
  } catch {
    return null;
  }
  return { path, exists: true, scanner: HOOK_SCANNERS.find((name) => text.includes(name)) ?? null };
}
