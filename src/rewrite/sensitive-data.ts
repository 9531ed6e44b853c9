/**
 * The facts a host's support asks for after a sensitive-data rewrite: the first changed commits (their
 * old ids), the changed refs, and the Git LFS objects no pointer in the new history names. git-filter-repo
 * 2.47+ computes them itself with `--sensitive-data-removal` (files in `filter-repo/`); with an older one,
 * spillkit computes the same three from the commit-map and the mirror's refs and pointers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './git-cli.js';

export interface SensitiveDataFacts {
  computedBy: 'git-filter-repo --sensitive-data-removal' | 'spillkit';
  /** Old ids of the changed commits none of whose parents changed. */
  firstChangedCommits: string[];
  /** Refs of the mirror whose id changed. */
  changedRefs: string[];
  /** Git LFS objects (`sha256:<hex>`) pointers named before the rewrite and none names after it. */
  lfsOrphans: string[];
  /** Where the LFS list comes from: git-filter-repo checks only when HEAD's .gitattributes uses LFS. */
  lfsComputedBy: 'git-filter-repo --sensitive-data-removal' | 'spillkit';
}

/** The lines of `filter-repo/<name>` in the mirror, or null when git-filter-repo did not write it. */
function metadataLines(mirror: string, name: string): string[] | null {
  try {
    return readFileSync(join(mirror, 'filter-repo', name), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  } catch {
    return null;
  }
}

/** Old ids of changed commits with no changed parent: where the rewrite starts, per the commit-map. */
export function firstChangedCommits(mirror: string, commitMap: Map<string, string>): string[] {
  const changed = new Set([...commitMap].filter(([o, n]) => o !== n).map(([o]) => o));
  if (!changed.size) return [];
  // The old commits are still in the mirror (nothing is pruned before verification).
  const text = git(mirror, ['log', '--no-walk=unsorted', '--stdin', '--format=%H %P'], { input: [...changed].join('\n') + '\n' });
  const first: string[] = [];
  for (const line of text.split('\n')) {
    const [id, ...parents] = line.trim().split(' ').filter(Boolean);
    if (id && changed.has(id) && !parents.some((p) => changed.has(p))) first.push(id);
  }
  return first.sort();
}

/**
 * git-filter-repo's own report when it ran with `--sensitive-data-removal`, else spillkit's count of
 * the same facts. `ours` is computed either way (it is cheap next to the rewrite), so an older
 * git-filter-repo, or one that skipped the LFS check, still yields every fact.
 */
export function sensitiveDataFacts(opts: {
  mirror: string;
  usedSensitiveDataRemoval: boolean;
  commitMap: Map<string, string>;
  refsBefore: Map<string, string>;
  refsAfter: Map<string, string>;
  lfsBefore: Set<string>;
  lfsAfter: Set<string>;
}): SensitiveDataFacts {
  const ours: SensitiveDataFacts = {
    computedBy: 'spillkit',
    firstChangedCommits: firstChangedCommits(opts.mirror, opts.commitMap),
    changedRefs: [...opts.refsBefore].filter(([name, id]) => opts.refsAfter.get(name) !== id).map(([name]) => name).sort(),
    lfsOrphans: [...opts.lfsBefore].filter((o) => !opts.lfsAfter.has(o)).sort(),
    lfsComputedBy: 'spillkit',
  };
  if (!opts.usedSensitiveDataRemoval) return ours;
  const first = metadataLines(opts.mirror, 'first-changed-commits');
  const refs = metadataLines(opts.mirror, 'changed-refs');
  if (first === null || refs === null) return ours;
  const lfs = metadataLines(opts.mirror, 'orphaned_lfs_objects');
  return {
    computedBy: 'git-filter-repo --sensitive-data-removal',
    // `<old id> <its undeleted self or ancestor>` per line: the first column is the changed commit.
    firstChangedCommits: first.map((l) => l.split(/\s+/)[0]!).sort(),
    changedRefs: refs.sort(),
    lfsOrphans: lfs === null ? ours.lfsOrphans : lfs.sort(),
    lfsComputedBy: lfs === null ? 'spillkit' : 'git-filter-repo --sensitive-data-removal',
  };
}
