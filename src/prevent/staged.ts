import { emptyTree, gitText, headCommit, type GitTarget } from './git.js';

/**
 * What a commit would add: every index entry that differs from HEAD (added, modified, renamed, type
 * changed), read from `git diff-index --cached` in raw form. Raw output carries both blob ids, so the
 * staged content and its HEAD version can be read directly, without a patch to parse. On an unborn
 * branch the index is compared with the empty tree, so every staged file counts as new.
 */
export interface StagedChange {
  /** Path in the index, `/`-separated. */
  path: string;
  /** Path at HEAD for a rename, else the same as `path`; null for a new file. */
  oldPath: string | null;
  status: 'added' | 'modified' | 'renamed' | 'type-changed';
  /** Staged blob id. */
  blob: string;
  /** HEAD's blob id (the rename source for a rename); null for a new file. */
  oldBlob: string | null;
  mode: string;
}

export interface StagedSet {
  head: string | null;
  changes: StagedChange[];
  /** Gitlinks (submodules) and conflicted entries: nothing of theirs is content of this commit. */
  skipped: Array<{ path: string; why: string }>;
}

const STATUS: Record<string, StagedChange['status'] | undefined> = { A: 'added', M: 'modified', R: 'renamed', T: 'type-changed', C: 'added' };
const GITLINK = '160000';

export function listStaged(target: GitTarget): StagedSet {
  const head = headCommit(target);
  const base = head ?? emptyTree(target);
  // -M: a renamed file is compared with its old content, so a rename alone never blocks a commit.
  // --no-ext-diff/--no-textconv: only git's own view of the blobs, whatever the user configured.
  const raw = gitText(target, ['diff-index', '--cached', '-z', '-M', '--no-ext-diff', '--no-textconv', '--ignore-submodules=none', base]);
  return { head, ...parseRawDiff(raw) };
}

/** Parses `diff --raw -z` records: `:srcmode dstmode srcoid dstoid STATUS\0path\0[path2\0]`. */
export function parseRawDiff(raw: string): Omit<StagedSet, 'head'> {
  const fields = raw.split('\0');
  const changes: StagedChange[] = [];
  const skipped: StagedSet['skipped'] = [];
  let i = 0;
  while (i < fields.length && fields[i].startsWith(':')) {
    const [srcMode, dstMode, srcOid, dstOid, statusField] = fields[i].slice(1).split(' ');
    const letter = statusField[0];
    const twoPaths = letter === 'R' || letter === 'C';
    const from = fields[i + 1];
    const to = twoPaths ? fields[i + 2] : from;
    i += twoPaths ? 3 : 2;
    const status = STATUS[letter];
    if (letter === 'D') continue;
    if (status === undefined) {
      skipped.push({ path: to, why: letter === 'U' ? 'unmerged (resolve the conflict and stage it)' : `status ${letter}` });
      continue;
    }
    if (dstMode === GITLINK) {
      skipped.push({ path: to, why: 'submodule (its commits are scanned in its own repository)' });
      continue;
    }
    const isNew = letter === 'A' || letter === 'C' || /^0+$/.test(srcOid) || srcMode === GITLINK;
    changes.push({
      path: to,
      oldPath: isNew ? null : from,
      status,
      blob: dstOid,
      oldBlob: isNew ? null : srcOid,
      mode: dstMode,
    });
  }
  return { changes, skipped };
}
