import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Journal, parseJournal } from '../../src/incident/journal.js';
import { headPathOf } from '../../src/incident/journal-head.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { SpillkitError } from '../../src/errors.js';

const operator = { name: 'Ada Responder', email: 'ada@example.invalid' };
// The crash test runs the built journal in a child process (test/global-setup.ts builds dist/).
const builtJournal = pathToFileURL(
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'incident', 'journal.js'),
).href;

let savedUmask = 0;
let path = '';
beforeAll(() => {
  savedUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(savedUmask);
});
beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'spillkit-journal-')), 'journal.jsonl');
});

describe('Journal.append', () => {
  it('writes one JSON line per event with seq, ISO ts and operator, in a 0600 file', () => {
    const journal = new Journal(path, operator);
    const first = journal.append({ type: 'incident-opened' });
    const second = journal.append({ type: 'step-done', step: 'scan', data: { findings: 3, fingerprints: ['a', 'b'] } });
    expect(first).toMatchObject({ seq: 1, type: 'incident-opened', operator });
    expect(second).toMatchObject({ seq: 2, step: 'scan', data: { findings: 3 } });
    expect(new Date(first.ts).toISOString()).toBe(first.ts);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[1])).toEqual(second);
    expect('step' in first).toBe(false);
  });

  it('continues seq across reopen, with a different operator recorded per entry', () => {
    new Journal(path, operator).append({ type: 'a' });
    new Journal(path, operator).append({ type: 'b' });
    const other = { name: null, email: 'oncall@example.invalid' };
    const reopened = new Journal(path, other);
    expect(reopened.append({ type: 'c' }).seq).toBe(3);
    const entries = new Journal(path, operator).read();
    expect(entries.map((e) => [e.seq, e.type])).toEqual([[1, 'a'], [2, 'b'], [3, 'c']]);
    expect(entries[2].operator).toEqual(other);
  });

  it('refuses an event without a type, and data JSON cannot hold, writing nothing', () => {
    const journal = new Journal(path, operator);
    expect(() => journal.append({ type: '' })).toThrow(SpillkitError);
    expect(() => journal.append({ type: 'x', data: { big: 1n } })).toThrow(/not plain JSON/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('Journal.read', () => {
  it('returns nothing for a journal not written yet', () => {
    const journal = new Journal(path, operator);
    expect(journal.read()).toEqual([]);
    expect(journal.truncatedTail).toBe(false);
  });

  it('ignores a torn last line and reports it, then cuts it off before the next append', () => {
    const journal = new Journal(path, operator);
    journal.append({ type: 'a' });
    journal.append({ type: 'b' });
    // A crash mid-write: half of the next entry, no newline.
    appendFileSync(path, '{"seq":3,"ts":"2026-11-21T22:1');
    const reader = new Journal(path, operator);
    expect(reader.read().map((e) => e.type)).toEqual(['a', 'b']);
    expect(reader.truncatedTail).toBe(true);

    expect(reader.append({ type: 'c' }).seq).toBe(3);
    const result = reader.inspect();
    expect(result.entries.map((e) => e.type)).toEqual(['a', 'b', 'c']);
    expect(result.truncatedTail).toBe(false);
    // The torn write never completed: it is gone, not left as a damaged line in the middle.
    expect(result.damagedLines).toEqual([]);
    expect(result.damage).toBeNull();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(4);
  });

  it('keeps a whole entry whose newline was cut off', () => {
    const journal = new Journal(path, operator);
    journal.append({ type: 'a' });
    appendFileSync(path, JSON.stringify({ seq: 2, ts: '2026-11-21T22:10:00.000Z', type: 'b', operator }));
    expect(journal.read().map((e) => e.seq)).toEqual([1, 2]);
    expect(journal.truncatedTail).toBe(false);
    expect(journal.append({ type: 'c' }).seq).toBe(3);
    expect(journal.read().map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('parseJournal lists lines that are not entries, and a Journal refuses them', () => {
    writeFileSync(path, 'garbage\n[1,2]\n{"seq":"1"}\n\n{"seq":7,"ts":"t","type":"ok"}\n\u0000\u0000');
    const result = parseJournal(readFileSync(path, 'utf8'));
    expect(result.entries.map((e) => e.seq)).toEqual([7]);
    expect(result.damagedLines).toEqual([1, 2, 3]);
    expect(result.truncatedTail).toBe(true);
    expect(result.damage).toBe('lines 1, 2, 3 are not a journal entry');
    expect(() => new Journal(path, operator).append({ type: 'next' })).toThrow(/is damaged: lines 1, 2, 3 are not a journal entry/);
  });
});

describe('damaged journals', () => {
  const damaged = (fn: () => unknown): SpillkitError => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(SpillkitError);
      return e as SpillkitError;
    }
    throw new Error('expected DAMAGED_JOURNAL');
  };
  const threeEntries = (): Journal => {
    const journal = new Journal(path, operator);
    for (const type of ['a', 'b', 'c']) journal.append({ type });
    return journal;
  };

  it('stops at a garbage line in the middle with one line naming the file, the line and the way out', () => {
    threeEntries();
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.splice(1, 0, 'not json at all');
    writeFileSync(path, lines.join('\n'));
    const sizeBefore = statSync(path).size;
    for (const act of [() => new Journal(path, operator).read(), () => new Journal(path, operator).append({ type: 'd' })]) {
      const error = damaged(act);
      expect(error.code).toBe('DAMAGED_JOURNAL');
      expect(error.message).toBe(`journal ${path} is damaged: line 2 is not a journal entry; nothing was run. To recover, restore it from a backup, or fix or delete the bad line(s) (keep a copy first), then retry`);
    }
    expect(statSync(path).size).toBe(sizeBefore);
    // inspect() (the report) still reads what is there, and says why it cannot be trusted.
    expect(new Journal(path, operator).inspect()).toMatchObject({ damagedLines: [2], damage: 'line 2 is not a journal entry' });
  });

  it('stops at an emptied journal instead of starting over (which would redo every revocation)', () => {
    threeEntries();
    writeFileSync(path, '');
    const error = damaged(() => new Journal(path, operator).read());
    expect(error.code).toBe('DAMAGED_JOURNAL');
    expect(error.message).toMatch(/is damaged: it holds 0 entries, but 3 were written; nothing was run\. To recover, restore it from a backup, or start a new incident with `spillkit respond --new`/);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(() => new Journal(path, operator).append({ type: 'd' })).toThrow(/it holds 0 entries, but 3 were written/);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('stops at a deleted, truncated or rewritten journal', () => {
    threeEntries();
    const full = readFileSync(path, 'utf8');
    const lines = full.split('\n');
    writeFileSync(path, lines.slice(0, 2).join('\n') + '\n');
    expect(() => new Journal(path, operator).read()).toThrow(/it holds 2 entries, but 3 were written/);
    writeFileSync(path, lines.slice(0, 2).join('\n') + '\n' + lines[2].slice(0, 20));
    expect(() => new Journal(path, operator).read()).toThrow(/it holds 2 entries, but 3 were written/);
    writeFileSync(path, full.replace('"type":"c"', '"type":"x"'));
    expect(() => new Journal(path, operator).read()).toThrow(/entry 3, the last one written, was changed/);
    rmSync(path);
    expect(() => new Journal(path, operator).read()).toThrow(/it holds 0 entries, but 3 were written/);
  });

  it('accepts a journal the head is one entry behind (a crash between the journal fsync and the head)', () => {
    threeEntries();
    const head = readFileSync(headPathOf(path), 'utf8');
    new Journal(path, operator).append({ type: 'd' });
    writeFileSync(headPathOf(path), head);
    expect(new Journal(path, operator).read().map((e) => e.type)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads an old journal that has no head', () => {
    threeEntries();
    rmSync(headPathOf(path));
    expect(new Journal(path, operator).read()).toHaveLength(3);
  });
});

describe('links', () => {
  it('refuses a journal.jsonl that is a symbolic link and writes nothing where it points', () => {
    const target = join(dirname(path), 'elsewhere.jsonl');
    writeFileSync(target, '');
    symlinkSync(target, path);
    expect(() => new Journal(path, operator).append({ type: 'a' })).toThrow(/is a symbolic link/);
    expect(() => new Journal(path, operator).read()).toThrow(/is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('');
  });
});

describe('secret guard', () => {
  const value = () => `runtime-${randomBytes(12).toString('hex')}`;

  it.each([
    [{ secret: value() }, 'data.secret'],
    [{ token: value() }, 'data.token'],
    [{ password: value() }, 'data.password'],
    [{ privateKey: value() }, 'data.privateKey'],
    [{ secretAccessKey: value() }, 'data.secretAccessKey'],
    [{ SECRET_ACCESS_KEY: value() }, 'data.SECRET_ACCESS_KEY'],
    [{ private_key: value() }, 'data.private_key'],
    [{ githubToken: value() }, 'data.githubToken'],
    [{ finding: { fingerprint: 'fp', secret: value() } }, 'data.finding.secret'],
    [{ findings: [{ fingerprint: 'fp' }, { secret: value() }] }, 'data.findings[1].secret'],
    [{ creds: { password: 12345678 } }, 'data.creds.password'],
  ])('refuses %j with INTERNAL, writes nothing, and does not echo the value', (data, where) => {
    const journal = new Journal(path, operator);
    let error: unknown;
    try {
      journal.append({ type: 'revoked', data });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpillkitError);
    expect((error as SpillkitError).code).toBe('INTERNAL');
    expect((error as SpillkitError).message).toContain(`refusing to journal ${where}`);
    expect((error as SpillkitError).message).not.toContain('runtime-');
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a whole AWS access key id under a key-id field, and says which field', () => {
    const keyId = fakeSecret('aws-access-key-id', 'journal-guard');
    for (const data of [{ keyId }, { call: { newKeyId: keyId } }, { AccessKeyId: [keyId] }]) {
      expect(() => new Journal(path, operator).append({ type: 'provider-call', data })).toThrow(/refusing to journal data\.\S*(keyId|KeyId)\S* \(a full AWS access key id\)/);
    }
    expect(existsSync(path)).toBe(false);
    expect(new Journal(path, operator).append({ type: 'provider-call', data: { keyId: `${keyId.slice(0, 4)}…${keyId.slice(-3)}` } }).seq).toBe(1);
  });

  it('shortens a whole AWS access key id anywhere else (a file path, a provider message)', () => {
    const keyId = fakeSecret('aws-access-key-id', 'journal-path');
    const entry = new Journal(path, operator).append({ type: 'triage-decision', data: { path: `keys/${keyId}.txt`, message: `no key ${keyId} here` } });
    const short = `${keyId.slice(0, 4)}…${keyId.slice(-3)}`;
    expect(entry.data).toEqual({ path: `keys/${short}.txt`, message: `no key ${short} here` });
    expect(readFileSync(path, 'utf8')).not.toContain(keyId);
  });

  it('lets through fingerprints, hashes, redacted hints and flags', () => {
    const journal = new Journal(path, operator);
    const data = {
      fingerprint: 'fp-1',
      secretHash: 'c'.repeat(64),
      redacted: 'abc… (32 chars)',
      tokenType: 'bearer',
      hasPassword: true,
      secret: null,
      nested: { keyId: 'id', passwordless: 'yes' },
    };
    expect(journal.append({ type: 'revoked', data }).data).toEqual(data);
  });
});

describe('crash safety', () => {
  it('keeps every entry whose append returned when the writer is killed with SIGKILL', async () => {
    const killAfter = 25;
    const script = `
      import { Journal } from ${JSON.stringify(builtJournal)};
      const journal = new Journal(${JSON.stringify(path)}, { name: 'child', email: null });
      const until = Date.now() + 30000;
      for (let i = 1; Date.now() < until; i++) {
        const entry = journal.append({ type: 'tick', data: { i, pad: 'x'.repeat(i % 200) } });
        process.stdout.write('appended ' + entry.seq + '\\n');
      }
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let markers = 0;
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      markers += lines.filter((l) => l.startsWith('appended ')).length;
      if (markers >= killAfter) child.kill('SIGKILL');
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(markers).toBeGreaterThanOrEqual(killAfter);

    const result = new Journal(path, operator).inspect();
    expect(result.entries.length).toBeGreaterThanOrEqual(markers);
    expect(result.entries.map((e) => e.seq)).toEqual(result.entries.map((_e, i) => i + 1));
    expect(result.damagedLines).toEqual([]);
  });
});
