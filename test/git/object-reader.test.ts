import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadObjectDatabase } from '../../src/git/object-database.js';
import { ObjectReader } from '../../src/git/object-reader.js';
import { OBJ_REF_DELTA, TYPE_NAMES } from '../../src/git/object-type.js';
import { buildPackLayout } from '../../src/git/pack-layout.js';
import { PackReader } from '../../src/git/pack-reader.js';
import { readPackIndex } from '../../src/git/pack-index.js';
import { openRepository } from '../../src/git/repo.js';

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir(), GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@x' };
const git = (cwd: string, args: string[], input?: string): string => execFileSync('git', args, { cwd, env, input, encoding: 'utf8', maxBuffer: 1 << 28 });

/** Every object as C git sees it: type and content, from `cat-file --batch-all-objects`. */
function catAll(dir: string): Map<string, { type: string; data: Buffer }> {
  const raw = execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: dir, env, maxBuffer: 1 << 28 });
  const out = new Map<string, { type: string; data: Buffer }>();
  let p = 0;
  while (p < raw.length) {
    const nl = raw.indexOf(10, p);
    const [oid, type, size] = raw.toString('latin1', p, nl).split(' ');
    const start = nl + 1;
    out.set(oid, { type, data: raw.subarray(start, start + Number(size)) });
    p = start + Number(size) + 1;
  }
  return out;
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spillkit-odb-'));
  git(dir, ['init', '-q', '-b', 'main']);
  mkdirSync(join(dir, 'src'));
  // One file edited many times gives long delta chains once repacked.
  let body = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(i % 17)}`);
  for (let c = 0; c < 40; c++) {
    body[(c * 37) % body.length] = `edited in commit ${c}`;
    if (c % 5 === 0) body.splice(c, 0, `inserted ${c}`);
    writeFileSync(join(dir, 'src/big.txt'), `${body.join('\n')}\n`);
    writeFileSync(join(dir, `f${c % 7}.txt`), `small file ${c}\n`);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', `commit ${c}`]);
    if (c === 20) git(dir, ['repack', '-q', '-d']); // a second pack beside the first
  }
  git(dir, ['tag', '-a', 'v1', '-m', 'release one']);
  git(dir, ['repack', '-q', '-d']);
  writeFileSync(join(dir, 'loose.txt'), 'still loose\n');
  git(dir, ['add', 'loose.txt']);
  git(dir, ['commit', '-q', '-m', 'loose commit']);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectSameAsGit(repoDir: string): void {
  const expected = catAll(repoDir);
  const db = loadObjectDatabase(openRepository(repoDir));
  const reader = new ObjectReader(db, 1 << 20);
  try {
    expect(expected.size).toBeGreaterThan(100);
    for (const [oid, want] of expected) {
      const got = reader.read(oid);
      expect(TYPE_NAMES[got.type]).toBe(want.type);
      expect(got.data.equals(want.data)).toBe(true);
    }
  } finally {
    reader.close();
  }
}

describe('object database reader', () => {
  it('reads every object of several packs plus loose objects exactly as git does', () => {
    const packs = readdirSync(join(dir, '.git/objects/pack')).filter((f) => f.endsWith('.pack'));
    expect(packs.length).toBeGreaterThanOrEqual(2);
    expectSameAsGit(dir);
  });

  it('resolves deep OFS_DELTA chains after an aggressive repack', () => {
    const deep = mkdtempSync(join(tmpdir(), 'spillkit-deep-'));
    try {
      git(deep, ['clone', '-q', '--bare', '--no-local', dir, 'r.git']);
      const bare = join(deep, 'r.git');
      git(bare, ['repack', '-q', '-a', '-d', '-f', '--depth=250', '--window=250']);
      const verify = git(bare, ['verify-pack', '-v', ...readdirSync(join(bare, 'objects/pack')).filter((f) => f.endsWith('.idx')).map((f) => join(bare, 'objects/pack', f))]);
      expect(verify).toMatch(/chain length = (1[0-9]|[2-9][0-9])/);
      expectSameAsGit(bare);
    } finally {
      rmSync(deep, { recursive: true, force: true });
    }
  });

  it('reads REF_DELTA entries and 64-bit offsets and v1 indexes', () => {
    const work = mkdtempSync(join(tmpdir(), 'spillkit-idx-'));
    try {
      git(work, ['clone', '-q', '--bare', '--no-local', dir, 'r.git']);
      const bare = join(work, 'r.git');
      const packDir = join(bare, 'objects/pack');
      // pack-objects without --delta-base-offset writes REF_DELTA entries.
      const list = git(bare, ['rev-list', '--objects', '--all']);
      const base = git(bare, ['pack-objects', '-q', '--window=50', '--depth=50', join(work, 'refpack')], list).trim();
      const packFile = join(work, `refpack-${base}.pack`);
      for (const f of readdirSync(packDir)) rmSync(join(packDir, f));
      for (const [variant, version] of [['v2-64bit', '2,32'], ['v1', '1']] as const) {
        const idx = join(packDir, `pack-${base}.idx`);
        execFileSync('cp', [packFile, join(packDir, `pack-${base}.pack`)]);
        git(bare, ['index-pack', `--index-version=${version}`, '-o', idx, join(packDir, `pack-${base}.pack`)]);
        const parsed = readPackIndex(idx);
        expect(parsed.count, variant).toBeGreaterThan(100);
        if (variant === 'v2-64bit') {
          // Every offset above 32 went to the 64-bit table: the file is larger by 8 bytes per object.
          expect(statSync(idx).size).toBeGreaterThan(8 + 1024 + parsed.count * 28 + 40 + 8 * (parsed.count - 2));
        }
        const layout = buildPackLayout(idx);
        const reader = new PackReader(layout);
        let refDeltas = 0;
        for (let p = 0; p < layout.count; p++) if (reader.header(p).type === OBJ_REF_DELTA) refDeltas++;
        reader.close();
        expect(refDeltas, variant).toBeGreaterThan(10);
        expectSameAsGit(bare);
        rmSync(idx);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
