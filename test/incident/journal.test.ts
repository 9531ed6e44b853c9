import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Journal, parseJournal } from '../../src/incident/journal.js';
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

  it('ignores a torn last line and reports it, then appends on a fresh line', () => {
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
    expect(result.damagedLines).toEqual([3]);
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

  it('skips lines that are not entries without throwing', () => {
    writeFileSync(path, 'garbage\n[1,2]\n{"seq":"1"}\n\n{"seq":7,"ts":"t","type":"ok"}\n\u0000\u0000');
    const result = parseJournal(readFileSync(path, 'utf8'));
    expect(result.entries.map((e) => e.seq)).toEqual([7]);
    expect(result.damagedLines).toEqual([1, 2, 3]);
    expect(result.truncatedTail).toBe(true);
    expect(new Journal(path, operator).append({ type: 'next' }).seq).toBe(8);
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
