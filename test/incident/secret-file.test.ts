import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, linkSync, lstatSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeSecretFile, writeSecretFile } from '../../src/incident/secret-file.js';

let savedUmask = 0;
let dir = '';
beforeAll(() => {
  savedUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(savedUmask);
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spillkit-secret-file-'));
});

// Generated at run time: no secret-shaped literal lives in the repository.
const secretLine = () => `runtime-${randomBytes(20).toString('hex')}==>***REMOVED***\n`;

describe('writeSecretFile', () => {
  it('creates the file 0600 under a permissive umask', () => {
    const path = join(dir, 'replacements.txt');
    const content = secretLine();
    writeSecretFile(path, content);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('replaces a leftover file, which ends up 0600 even if it was world-readable', () => {
    const path = join(dir, 'new-key.env');
    writeFileSync(path, 'stale contents that are longer than the new ones', { mode: 0o644 });
    writeSecretFile(path, Buffer.from('KEY=1\n'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('KEY=1\n');
  });

  it('does not write through a symlink planted at the path', () => {
    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'untouched');
    const path = join(dir, 'replacements.txt');
    symlinkSync(target, path);
    writeSecretFile(path, secretLine());
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('untouched');
  });
});

describe('removeSecretFile', () => {
  it('overwrites the bytes with zeros before unlinking', () => {
    const path = join(dir, 'replacements.txt');
    const content = secretLine().repeat(100);
    writeSecretFile(path, content);
    // A second hard link keeps the inode reachable, so we can see what happened to its bytes.
    const witness = join(dir, 'witness');
    linkSync(path, witness);
    expect(removeSecretFile(path)).toBe(true);
    expect(existsSync(path)).toBe(false);
    const left = readFileSync(witness);
    expect(left.length).toBe(Buffer.byteLength(content));
    expect(left.every((byte) => byte === 0)).toBe(true);
  });

  it('unlinks a symlink without touching its target', () => {
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'keep me');
    const link = join(dir, 'link');
    symlinkSync(target, link);
    expect(removeSecretFile(link)).toBe(true);
    expect(existsSync(link)).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('returns false for a missing file and never throws', () => {
    expect(removeSecretFile(join(dir, 'missing'))).toBe(false);
    expect(removeSecretFile(dir + '/no/such/dir/file')).toBe(false);
  });
});
