/**
 * Builds throwaway git repositories from a description in code, so the scanner's tests never depend on
 * committed fixture folders (which would have to hold secret-shaped strings).
 *
 * Everything goes through git plumbing (hash-object, update-index, write-tree, commit-tree, update-ref)
 * with fixed identities and dates, so the same description always gives the same object ids. File
 * contents and messages reach git through stdin, never argv: argv is visible to every process.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync,
  statSync, truncateSync, unlinkSync, writeFileSync, writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type FileContent = string | Buffer;
export interface Person { name: string; email: string }

export interface CommitSpec {
  /** Branch to commit on (default `main`); created at `from` (default: main's tip) when missing. */
  branch?: string;
  /** A full ref name instead of a branch (e.g. `refs/remotes/origin/feature`). */
  ref?: string;
  /** Start point of a branch/ref that does not exist yet. */
  from?: string;
  /** Path -> content; `null` deletes the path. Paths are `/`-separated, as in the tree. */
  files?: Record<string, FileContent | null>;
  message: string;
  author?: Person;
  /** ISO 8601 author and committer date; default: the repository's fixture clock. */
  date?: string;
  /** Tag the new commit: lightweight without a message, annotated with one. */
  tag?: { name: string; message?: string };
  /** Branch or rev merged into this one: the commit gets it as second parent and the merged tree, plus
   *  `files` applied on top (an "evil merge" when those files are in neither parent). */
  merge?: string;
}

export const FIXTURE_AUTHOR: Person = { name: 'Ada Fixture', email: 'ada@fixture.test' };
export const FIXTURE_COMMITTER: Person = { name: 'Fixture Bot', email: 'bot@fixture.test' };
/** 2024-01-01T00:00:00Z; each dated object advances the clock by one hour. */
const CLOCK_START = Date.UTC(2024, 0, 1) / 1000;
const CLOCK_STEP = 3600;
const ZERO_OID = '0'.repeat(40);

// Options on every git call: no user/system config may change the objects we write.
const GIT_CONFIG = [
  '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false',
  '-c', 'core.autocrlf=false', '-c', 'gc.auto=0', '-c', 'maintenance.auto=false',
  '-c', 'protocol.file.allow=always', '-c', 'advice.detachedHead=false',
  '-c', `user.name=${FIXTURE_COMMITTER.name}`, '-c', `user.email=${FIXTURE_COMMITTER.email}`,
];

/**
 * An empty HOME so no ~/.gitconfig applies. One fixed folder per user, shared by every test process:
 * git only reads it, and a per-process temp folder would leak (vitest ends its workers without `exit`).
 */
export function isolatedHome(): string {
  const home = join(tmpdir(), `spillkit-test-home-${process.getuid?.() ?? 'user'}`);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}

/** A minimal environment: nothing of the caller's GIT_* (a hook's GIT_DIR would redirect every call). */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: isolatedHome(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LANG: 'C',
    TZ: 'UTC',
    ...extra,
  };
}

/** Git's internal date format: epoch seconds and a UTC offset. */
function gitDate(epochSeconds: number): string {
  return `${epochSeconds} +0000`;
}

export class Repo {
  /** Every commit made through `commit`, in order. */
  readonly commits: string[] = [];
  private clock = CLOCK_START;

  /**
   * @param dir   the worktree, or the repository itself when bare
   * @param root  the temp folder owning this repository and its clones (removed by `cleanup`)
   */
  constructor(readonly dir: string, readonly root: string, readonly bare: boolean) {}

  get gitDir(): string {
    return this.bare ? this.dir : join(this.dir, '.git');
  }

  get objectsDir(): string {
    return join(this.gitDir, 'objects');
  }

  /** Runs git in this repository; `input` goes to stdin. Returns stdout. */
  git(args: string[], input?: FileContent, env: Record<string, string> = {}): string {
    return execFileSync('git', [...GIT_CONFIG, '-C', this.dir, ...args], {
      input, env: gitEnv(env), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  rev(rev: string): string {
    return this.git(['rev-parse', '--verify', '--quiet', rev]).trim();
  }

  tryRev(rev: string): string | null {
    try {
      return this.rev(rev);
    } catch {
      return null;
    }
  }

  /** The next tick of the fixture clock, as an identity environment for git. */
  private identity(author: Person = FIXTURE_AUTHOR, date?: string): Record<string, string> {
    this.clock += CLOCK_STEP;
    const when = date ? gitDate(Math.floor(Date.parse(date) / 1000)) : gitDate(this.clock);
    return {
      GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: when,
      GIT_COMMITTER_NAME: FIXTURE_COMMITTER.name, GIT_COMMITTER_EMAIL: FIXTURE_COMMITTER.email,
      GIT_COMMITTER_DATE: when,
    };
  }

  /** ISO date the next dated object will get (for tests that assert `date`). */
  peekNextDate(): string {
    return new Date((this.clock + CLOCK_STEP) * 1000).toISOString();
  }

  hashObject(content: FileContent): string {
    return this.git(['hash-object', '-w', '--stdin'], content).trim();
  }

  /** A tree: `baseTree` (or empty) with `files` written over it, built in a private index file. */
  writeTree(baseTree: string | null, files: Record<string, FileContent | null>): string {
    const scratch = join(this.root, 'scratch');
    mkdirSync(scratch, { recursive: true });
    const index = join(scratch, 'index');
    rmSync(index, { force: true });
    const env = { GIT_INDEX_FILE: index };
    if (baseTree) this.git(['read-tree', baseTree], undefined, env);
    const entries = Object.entries(files).map(([path, content]) =>
      content === null ? `0 ${ZERO_OID}\t${path}\0` : `100644 ${this.hashObject(content)}\t${path}\0`);
    if (entries.length > 0) this.git(['update-index', '-z', '--index-info'], entries.join(''), env);
    return this.git(['write-tree'], undefined, env).trim();
  }

  commitTree(tree: string, parents: string[], message: string, author?: Person, date?: string): string {
    const parentArgs = parents.flatMap((p) => ['-p', p]);
    return this.git(['commit-tree', tree, ...parentArgs], message, this.identity(author, date)).trim();
  }

  /** Makes one commit as described and moves its branch/ref. Returns the commit id. */
  commit(spec: CommitSpec): string {
    const ref = spec.ref ?? `refs/heads/${spec.branch ?? 'main'}`;
    const first = this.tryRev(ref) ?? (spec.from ? this.rev(spec.from) : this.tryRev('refs/heads/main'));
    const parents = first ? [first] : [];
    let baseTree = first ? this.rev(`${first}^{tree}`) : null;
    if (spec.merge) {
      if (!first) throw new Error(`cannot merge ${spec.merge}: ${ref} has no commit yet`);
      const other = this.rev(spec.merge);
      parents.push(other);
      // exits 1 on a conflict, which throws here: fixtures must merge cleanly
      baseTree = this.git(['merge-tree', '--write-tree', first, other]).split('\n')[0].trim();
    }
    const tree = this.writeTree(baseTree, spec.files ?? {});
    const sha = this.commitTree(tree, parents, spec.message, spec.author, spec.date);
    this.git(['update-ref', ref, sha]);
    this.commits.push(sha);
    if (spec.tag) this.tag(spec.tag.name, sha, spec.tag.message);
    return sha;
  }

  /** Lightweight tag without a message, annotated with one. Returns the tag object (or commit) id. */
  tag(name: string, target: string, message?: string): string {
    if (message === undefined) {
      this.git(['update-ref', `refs/tags/${name}`, this.rev(target)]);
    } else {
      this.git(['tag', '-a', '--cleanup=verbatim', name, '-F', '-', target], message, this.identity());
    }
    return this.rev(`refs/tags/${name}`);
  }

  /** A note on `target` in refs/notes/commits. Returns the notes commit id. */
  addNote(target: string, text: string): string {
    this.git(['notes', 'add', '-F', '-', target], text, this.identity());
    return this.rev('refs/notes/commits');
  }

  /** Stashes `files` (written to the worktree and staged) on top of HEAD. Returns refs/stash's commit. */
  stash(files: Record<string, FileContent>, message = 'WIP fixture stash'): string {
    if (this.bare) throw new Error('a bare repository has no worktree to stash');
    this.checkoutHead();
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    this.git(['add', '--', ...Object.keys(files)]);
    this.git(['stash', 'push', '-q', '-m', message], undefined, this.identity());
    return this.rev('refs/stash');
  }

  /** Points the worktree and index at HEAD (plumbing commits leave them untouched). */
  checkoutHead(): void {
    if (this.bare || !this.tryRev('HEAD')) return;
    this.git(['read-tree', '-u', '--reset', 'HEAD']);
  }

  /** A commit no ref reaches (never on a branch, so no reflog holds it either). Parent: HEAD. */
  danglingCommit(spec: { files: Record<string, FileContent | null>; message: string; parent?: string;
    author?: Person }): string {
    const parent = this.rev(spec.parent ?? 'HEAD');
    const tree = this.writeTree(this.rev(`${parent}^{tree}`), spec.files);
    return this.commitTree(tree, [parent], spec.message, spec.author);
  }

  /** A blob no tree holds. */
  danglingBlob(content: FileContent): string {
    return this.hashObject(content);
  }

  updateRef(ref: string, rev: string): void {
    this.git(['update-ref', ref, this.rev(rev)]);
  }

  deleteRef(ref: string): void {
    this.git(['update-ref', '-d', ref]);
  }

  /** Everything in one pack with deep delta chains (`--depth/--window` as given). */
  packAll(opts: { depth?: number; window?: number } = {}): void {
    const { depth = 50, window = 50 } = opts;
    this.git(['repack', '-a', '-d', '-f', '-q', `--depth=${depth}`, `--window=${window}`]);
    this.git(['prune-packed']);
  }

  /** Packs the loose reachable objects into one more pack, keeping the existing packs. */
  packIncremental(): void {
    this.git(['repack', '-d', '-q']);
  }

  gc(): void {
    this.git(['gc', '-q']);
  }

  packs(): string[] {
    const dir = join(this.objectsDir, 'pack');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => f.endsWith('.pack')).sort().map((f) => join(dir, f));
  }

  looseObjects(): string[] {
    return readdirSync(this.objectsDir)
      .filter((d) => /^[0-9a-f]{2}$/.test(d))
      .flatMap((d) => readdirSync(join(this.objectsDir, d)).map((f) => d + f))
      .sort();
  }

  /** Objects of a pack with their on-disk span: `git verify-pack -v`. */
  packEntries(pack: string): { oid: string; type: string; sizeInPack: number; offset: number; depth: number }[] {
    const idx = pack.replace(/\.pack$/, '.idx');
    return this.git(['verify-pack', '-v', idx]).split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => /^[0-9a-f]{40}$/.test(cols[0] ?? '') && cols.length >= 5)
      .map((cols) => ({ oid: cols[0], type: cols[1], sizeInPack: Number(cols[3]), offset: Number(cols[4]),
        depth: cols.length >= 7 ? Number(cols[5]) : 0 }));
  }

  /** Longest delta chain over all packs (0 when nothing is deltified). */
  maxDeltaDepth(): number {
    return Math.max(0, ...this.packs().flatMap((p) => this.packEntries(p).map((e) => e.depth)));
  }

  /** A bare clone (`git clone --bare`) beside this repository. */
  cloneBare(name = 'bare.git'): Repo {
    return this.cloneTo(name, ['--bare'], true, this.dir);
  }

  /** A shallow clone through file:// (a plain path would ignore --depth). */
  cloneShallow(depth = 1, name = 'shallow'): Repo {
    return this.cloneTo(name, [`--depth=${depth}`], false, `file://${this.dir}`);
  }

  /** A clone borrowing this repository's objects through objects/info/alternates. */
  cloneShared(name = 'shared'): Repo {
    return this.cloneTo(name, ['--shared'], false, this.dir);
  }

  private cloneTo(name: string, flags: string[], bare: boolean, source: string): Repo {
    const target = join(this.root, name);
    execFileSync('git', [...GIT_CONFIG, 'clone', '-q', ...flags, source, target], {
      env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Repo(target, this.root, bare);
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A new empty repository (worktree, or bare) in its own temp folder. */
export function initRepo(opts: { bare?: boolean; name?: string } = {}): Repo {
  const root = mkdtempSync(join(tmpdir(), 'spillkit-fixture-'));
  const dir = join(root, opts.name ?? (opts.bare ? 'repo.git' : 'repo'));
  execFileSync('git', [...GIT_CONFIG, 'init', '-q', ...(opts.bare ? ['--bare'] : []), dir], {
    env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Repo(dir, root, opts.bare ?? false);
}

/** A repository holding `commits`, made in order, with the worktree checked out at main. */
export function buildRepo(commits: CommitSpec[], opts: { bare?: boolean; name?: string } = {}): Repo {
  const repo = initRepo(opts);
  for (const spec of commits) repo.commit(spec);
  repo.checkoutHead();
  return repo;
}

// ---- corruption: what a disk error, an interrupted copy or a careless `rm` leaves behind ----

function writable(path: string): void {
  chmodSync(path, 0o644); // git writes packs and loose objects read-only
}

/** Cuts the pack to `fraction` of its size. Returns the pack's path. */
export function truncatePack(repo: Repo, fraction = 0.5): string {
  const pack = onlyPack(repo);
  writable(pack);
  truncateSync(pack, Math.floor(statSync(pack).size * fraction));
  return pack;
}

/**
 * Inverts `count` bytes in the middle of the compressed data of the pack's largest object, so the damage
 * is inside an object every full scan must read (not in padding a reader could skip).
 */
export function flipPackBytes(repo: Repo, count = 16): { pack: string; oid: string; offset: number } {
  const pack = onlyPack(repo);
  const largest = repo.packEntries(pack).reduce((a, b) => (b.sizeInPack > a.sizeInPack ? b : a));
  const offset = largest.offset + Math.floor(largest.sizeInPack / 2);
  writable(pack);
  const fd = openSync(pack, 'r+');
  try {
    const bytes = Buffer.alloc(count);
    readSync(fd, bytes, 0, count, offset);
    for (let i = 0; i < count; i++) bytes[i] ^= 0xff;
    writeSync(fd, bytes, 0, count, offset);
  } finally {
    closeSync(fd);
  }
  return { pack, oid: largest.oid, offset };
}

/** Removes one loose object file (the repository must hold it loose). */
export function deleteLooseObject(repo: Repo, oid: string): void {
  const path = join(repo.objectsDir, oid.slice(0, 2), oid.slice(2));
  writable(path);
  unlinkSync(path);
}

function onlyPack(repo: Repo): string {
  const packs = repo.packs();
  if (packs.length !== 1) throw new Error(`expected one pack in ${repo.gitDir}, found ${packs.length}`);
  return packs[0];
}
