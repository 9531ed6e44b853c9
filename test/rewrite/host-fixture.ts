/**
 * A hosted repository as a cleanup meets it (issue 16): a bare "host" that serves pull-request refs
 * and refuses pushes to them (a pre-receive hook, as GitHub refuses updates of its hidden refs),
 * protects `main` against non-fast-forwards while `protect-main` exists in it, and holds Git LFS
 * pointer files (text only: git-lfs is not needed to have pointers) and an SSH-signed commit and tag.
 * The user's copy is one of the four kinds of clone a cleanup starts from.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { gitEnv, initRepo, type Repo } from '../helpers/repo-builder.js';
import { sha256 } from './fixtures.js';

export type CloneKind = 'normal clone' | 'linked worktree' | 'bare clone' | 'bare mirror';

export interface HostFixture {
  root: string;
  work: Repo;
  host: Repo;
  /** The path the user gives spillkit: a worktree, a linked worktree, or a bare repository. */
  clone: string;
  /** The clone's own git directory (the common one for a linked worktree). */
  cloneGitDir: string;
  kind: CloneKind;
  envSecret: string;
  token: string;
  envCommit: string;
  /** LFS objects: one only the removed `.env` points to, one a kept file points to. */
  lfsOrphan: string;
  lfsKept: string;
  /** The signed commit and tag, or why signing was skipped (no ssh-keygen here). */
  signed: { commit: string; tag: string } | { skipped: string };
  /** Pull requests on the host: 1 on main (holds the leak), 2 on the clean branch, 3 a fork's commit on main. */
  pullRequests: { affected: number[]; clean: number[]; forkOnly: number };
  protectMain(on: boolean): void;
  /** What the host's support does: drop the pull-request refs and prune what nothing reaches. */
  supportPurge(): void;
  cleanup(): void;
}

export function lfsPointer(seed: string, size: number): { text: string; oid: string } {
  const oid = `sha256:${sha256(seed)}`;
  return { text: `version https://git-lfs.github.com/spec/v1\noid ${oid}\nsize ${size}\n`, oid };
}

/** A throwaway SSH signing key in `dir`, or why there is none. */
function signingKey(dir: string): { key: string } | { skipped: string } {
  const probe = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'spillkit-test', '-f', join(dir, 'signing-key')], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) return { skipped: `ssh-keygen is not available (${probe.error?.message ?? `exit ${probe.status}`}): no signed commit in this fixture` };
  return { key: join(dir, 'signing-key') };
}

const PRE_RECEIVE = [
  '#!/bin/sh',
  'zero=0000000000000000000000000000000000000000',
  'while read old new ref; do',
  '  case "$ref" in refs/pull/*) echo "deny updating a hidden ref: $ref" >&2; exit 1;; esac',
  '  if [ "$ref" = refs/heads/main ] && [ -f "$GIT_DIR/protect-main" ] && [ "$old" != "$zero" ] && ! git merge-base --is-ancestor "$old" "$new"; then',
  '    echo "GH006: Protected branch update failed for refs/heads/main." >&2; exit 1',
  '  fi',
  'done',
  '',
].join('\n');

export function hostFixture(kind: CloneKind, seed: string): HostFixture {
  const envSecret = fakeSecret('github-pat', `${seed}-env`);
  const token = fakeSecret('slack-bot-token', `${seed}-inline`);
  const logo = lfsPointer(`${seed}-logo`, 48213);
  const envInLfs = lfsPointer(`${seed}-env-lfs`, 131);
  const work = initRepo();
  const root = work.root;
  work.commit({ files: { 'README.md': '# billing\n', 'src/app.js': 'export const app = 1;\n', '.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\n', 'assets/logo.bin': logo.text }, message: 'init' });
  work.commit({ branch: 'clean', from: 'main', files: { 'docs/notes.md': 'nothing here\n' }, message: 'notes' });
  const envCommit = work.commit({ files: { '.env': `DEBUG=1\nUPSTREAM=${envSecret}\n` }, message: 'local settings' });
  work.commit({ files: { 'src/config.js': `// upstream\nexport const upstream = "${token}";\nexport const retries = 3;\n` }, message: 'wire upstream' });
  // Someone "fixed" the leak by moving .env to LFS: removing .env from history orphans that object.
  work.commit({ files: { '.env': envInLfs.text, '.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\n.env filter=lfs diff=lfs merge=lfs -text\n' }, message: 'keep local settings in LFS' });
  work.commit({ branch: 'feature', from: 'main', files: { 'src/feature.js': 'export const feature = true;\n' }, message: 'feature' });

  const key = signingKey(root);
  let signed: HostFixture['signed'];
  if ('key' in key) {
    const sign = ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${key.key}`];
    const parent = work.rev('refs/heads/main');
    const tree = work.writeTree(work.rev(`${parent}^{tree}`), { 'README.md': '# billing\n\nrelease notes\n' });
    const when = { GIT_AUTHOR_DATE: '1704200000 +0000', GIT_COMMITTER_DATE: '1704200000 +0000' };
    const commit = work.git([...sign, 'commit-tree', '-S', tree, '-p', parent], 'release\n', when).trim();
    work.git(['update-ref', 'refs/heads/main', commit]);
    work.git([...sign, 'tag', '-s', '-F', '-', 'v1', commit], 'release 1\n', when);
    signed = { commit, tag: 'refs/tags/v1' };
  } else {
    work.commit({ files: { 'README.md': '# billing\n\nrelease notes\n' }, message: 'release', tag: { name: 'v1', message: 'release 1\n' } });
    signed = { skipped: key.skipped };
  }
  work.commit({ merge: 'feature', message: "Merge branch 'feature'" });
  work.checkoutHead();

  const host = work.cloneBare('host.git');
  host.git(['update-ref', 'refs/pull/1/head', host.rev('refs/heads/main')]);
  host.git(['update-ref', 'refs/pull/2/head', host.rev('refs/heads/clean')]);
  // A pull request from a fork: its head exists only on the host (no clone of the branches has it).
  const forkTree = host.writeTree(host.rev('refs/heads/main^{tree}'), { 'src/fork.js': 'export const fork = 1;\n' });
  host.git(['update-ref', 'refs/pull/3/head', host.commitTree(forkTree, [host.rev('refs/heads/main')], 'fork work\n')]);
  const hook = join(host.dir, 'hooks', 'pre-receive');
  writeFileSync(hook, PRE_RECEIVE);
  chmodSync(hook, 0o755);

  const { clone, cloneGitDir } = makeClone(kind, host.dir, root);
  const protectFile = join(host.dir, 'protect-main');
  return {
    root, work, host, clone, cloneGitDir, kind, envSecret, token, envCommit, lfsOrphan: envInLfs.oid, lfsKept: logo.oid, signed,
    pullRequests: { affected: [1, 3], clean: [2], forkOnly: 3 },
    protectMain(on) {
      if (on) writeFileSync(protectFile, '');
      else if (existsSync(protectFile)) unlinkSync(protectFile);
    },
    supportPurge() {
      for (const ref of host.git(['for-each-ref', '--format=%(refname)', 'refs/pull/']).split('\n').filter(Boolean)) host.git(['update-ref', '-d', ref]);
      host.git(['reflog', 'expire', '--expire=now', '--all']);
      host.git(['gc', '-q', '--prune=now']);
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function git(args: string[], cwd?: string): string {
  return execFileSync('git', ['-c', 'protocol.file.allow=always', ...args], { cwd, env: gitEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function makeClone(kind: CloneKind, host: string, root: string): { clone: string; cloneGitDir: string } {
  switch (kind) {
    case 'normal clone': {
      const dir = join(root, 'user');
      git(['clone', '-q', host, dir]);
      return { clone: dir, cloneGitDir: join(dir, '.git') };
    }
    case 'linked worktree': {
      const main = join(root, 'user');
      git(['clone', '-q', host, main]);
      const linked = join(root, 'user-feature');
      git(['-C', main, 'worktree', 'add', '-q', linked, 'feature']);
      return { clone: linked, cloneGitDir: join(main, '.git') };
    }
    case 'bare clone': {
      const dir = join(root, 'user.git');
      git(['clone', '-q', '--bare', host, dir]);
      return { clone: dir, cloneGitDir: dir };
    }
    case 'bare mirror': {
      const dir = join(root, 'user.git');
      git(['clone', '-q', '--mirror', host, dir]);
      return { clone: dir, cloneGitDir: dir };
    }
  }
}

/** Everything about the user's copy a rewrite must leave alone: refs, HEADs, index and worktree states. */
export function cloneSnapshot(fx: HostFixture): string {
  const at = (dir: string, args: string[]) => git(['-C', dir, ...args]);
  const parts = [at(fx.clone, ['for-each-ref', '--format=%(objectname) %(refname)'])];
  const worktrees = at(fx.clone, ['worktree', 'list', '--porcelain']).split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice(9));
  for (const wt of worktrees) {
    parts.push(`${wt}: HEAD ${at(wt, ['rev-parse', 'HEAD']).trim()}`);
    if (existsSync(join(wt, '.git'))) {
      parts.push(at(wt, ['status', '--porcelain', '--ignored', '--untracked-files=all']));
      // Every tracked file's content as git would hash it now, so a changed worktree byte shows.
      const files = at(wt, ['ls-files', '-z']).split('\0').filter(Boolean);
      parts.push(execFileSync('git', ['-C', wt, 'hash-object', '--no-filters', '--stdin-paths'], { input: files.join('\n') + '\n', env: gitEnv(), encoding: 'utf8' }));
    }
  }
  return parts.join('\n');
}
