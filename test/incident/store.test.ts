import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/incident/store.js';
import { writeFileAtomic } from '../../src/incident/private-fs.js';
import type { Finding, ScanReport } from '../../src/scan/finding.js';
import { spillkitErrorOf } from '../helpers/spillkit-error.js';

const operator = { name: 'Ada Responder', email: 'ada@example.invalid' };
let savedUmask = 0;
let gitdir = '';

// A permissive umask proves the store sets modes itself instead of relying on the user's umask.
beforeAll(() => {
  savedUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(savedUmask);
});
beforeEach(() => {
  gitdir = join(mkdtempSync(join(tmpdir(), 'spillkit-store-')), '.git');
  mkdirSync(gitdir);
});

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Every directory and file under `root`, to check that none escaped 0700/0600. */
function walk(root: string): { dirs: string[]; files: string[] } {
  const dirs = [root];
  const files: string[] = [];
  for (let i = 0; i < dirs.length; i++) {
    for (const entry of readdirSync(dirs[i], { withFileTypes: true })) {
      const path = join(dirs[i], entry.name);
      if (entry.isDirectory()) dirs.push(path);
      else files.push(path);
    }
  }
  return { dirs, files };
}

function finding(n: number, secret?: string): Finding {
  return {
    fingerprint: `fp-${n}`,
    rule: 'generic-api-key',
    provider: 'generic',
    severity: 'high',
    confidence: 'medium',
    source: 'blob',
    path: `config/${n}.env`,
    line: 3,
    column: 7,
    commit: 'a'.repeat(40),
    author: 'Dev',
    authorEmail: 'dev@example.invalid',
    date: '2026-11-20T10:00:00.000Z',
    blob: 'b'.repeat(40),
    refs: ['refs/heads/main'],
    reachable: true,
    presentAtHead: true,
    redacted: 'abc… (32 chars)',
    secretHash: 'c'.repeat(64),
    occurrences: 1,
    ...(secret === undefined ? {} : { secret }),
  };
}

function report(scannedAt: string, findings: Finding[]): ScanReport {
  return {
    version: 1,
    repository: '/tmp/repo',
    scannedAt,
    stats: {
      objects: 10, blobs: 4, commits: 3, trees: 3, tags: 0, packs: 1, looseObjects: 0, blobBytes: 100,
      scannedBytes: 100, durationMs: 5, threads: 1, deltaReuse: false, findings: findings.length,
      suppressed: 0, warnings: [],
    },
    findings,
  };
}


describe('openStore', () => {
  it('creates spillkit/, scans/, incidents/ as 0700 and VERSION 1 as 0600', () => {
    const store = openStore(gitdir);
    expect(store.root).toBe(join(gitdir, 'spillkit'));
    for (const dir of ['', 'scans', 'incidents']) expect(mode(join(store.root, dir))).toBe(0o700);
    expect(readFileSync(join(store.root, 'VERSION'), 'utf8')).toBe('1\n');
    expect(mode(join(store.root, 'VERSION'))).toBe(0o600);
  });

  it('reopens an existing store and tightens a directory someone widened', () => {
    openStore(gitdir);
    chmodSync(join(gitdir, 'spillkit'), 0o755);
    chmodSync(join(gitdir, 'spillkit', 'scans'), 0o777);
    const store = openStore(gitdir);
    expect(mode(store.root)).toBe(0o700);
    expect(mode(join(store.root, 'scans'))).toBe(0o700);
  });

  it('refuses a store written by a newer spillkit, with a clear message', () => {
    mkdirSync(join(gitdir, 'spillkit'));
    writeFileSync(join(gitdir, 'spillkit', 'VERSION'), '2\n');
    const error = spillkitErrorOf(() => openStore(gitdir));
    expect(error.code).toBe('IO');
    expect(error.message).toMatch(/version 2, newer than this spillkit supports \(1\); upgrade spillkit/);
    expect(error.data).toMatchObject({ storeVersion: 2, supported: 1 });
  });

  it('refuses a damaged VERSION file', () => {
    mkdirSync(join(gitdir, 'spillkit'));
    writeFileSync(join(gitdir, 'spillkit', 'VERSION'), 'banana');
    expect(spillkitErrorOf(() => openStore(gitdir)).message).toMatch(/VERSION is damaged/);
  });

  it('refuses a gitdir that does not exist', () => {
    expect(spillkitErrorOf(() => openStore(join(gitdir, 'nope'))).code).toBe('NOT_A_REPO');
  });
});

describe('saved scans', () => {
  it('saves a scan atomically as 0600 under a time-sorted name and points latest.json at it', () => {
    const store = openStore(gitdir);
    const path = store.saveScan(report('2026-11-21T22:10:05.123Z', [finding(1)]));
    expect(path.startsWith(join(store.root, 'scans') + '/')).toBe(true);
    expect(path).toMatch(/\/20261121T221005Z-[0-9a-f]{8}\.json$/);
    expect(mode(path)).toBe(0o600);
    const latest = join(store.root, 'scans', 'latest.json');
    expect(mode(latest)).toBe(0o600);
    expect(JSON.parse(readFileSync(latest, 'utf8'))).toEqual({ file: path.split('/').pop() });
    // no temp file left behind
    expect(readdirSync(join(store.root, 'scans')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(store.readScan(path.split('/').pop()!)).toEqual(report('2026-11-21T22:10:05.123Z', [finding(1)]));
  });

  it('never stores the raw secret, and leaves the caller\'s report alone', () => {
    const store = openStore(gitdir);
    const secret = `runtime-${randomBytes(16).toString('hex')}`;
    const withSecret = report('2026-11-21T22:10:05Z', [finding(1, secret), finding(2)]);
    const path = store.saveScan(withSecret);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('"secret"');
    expect(store.latestScan()!.findings.map((f) => f.fingerprint)).toEqual(['fp-1', 'fp-2']);
    expect('secret' in store.latestScan()!.findings[0]).toBe(false);
    expect(withSecret.findings[0].secret).toBe(secret);
  });

  it('lists scans oldest first and returns the last saved as latest', () => {
    const store = openStore(gitdir);
    expect(store.latestScan()).toBeNull();
    expect(store.listScans()).toEqual([]);
    store.saveScan(report('2026-11-21T08:00:00Z', [finding(1)]));
    store.saveScan(report('2026-11-22T08:00:00Z', [finding(1), finding(2)]));
    const names = store.listScans();
    expect(names).toHaveLength(2);
    expect(names[0] < names[1]).toBe(true);
    expect(store.latestScan()!.scannedAt).toBe('2026-11-22T08:00:00Z');
    expect(store.readScan(names[0]).findings).toHaveLength(1);
  });

  it('falls back to the newest file when latest.json is broken', () => {
    const store = openStore(gitdir);
    store.saveScan(report('2026-11-21T08:00:00Z', []));
    store.saveScan(report('2026-11-23T08:00:00Z', []));
    writeFileSync(join(store.root, 'scans', 'latest.json'), '{"file": "../../../etc/passwd"}');
    expect(store.latestScan()!.scannedAt).toBe('2026-11-23T08:00:00Z');
    writeFileSync(join(store.root, 'scans', 'latest.json'), '{"fi');
    expect(store.latestScan()!.scannedAt).toBe('2026-11-23T08:00:00Z');
  });

  it('rejects a file that is not a scan report', () => {
    const store = openStore(gitdir);
    const bogus = join(store.root, 'scans', 'bogus.json');
    writeFileSync(bogus, '{"hello": 1}');
    expect(spillkitErrorOf(() => store.readScan(bogus)).message).toMatch(/not a spillkit scan report/);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file by rename (readers never see a half-written file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spillkit-atomic-'));
    const path = join(dir, 'x.json');
    writeFileAtomic(path, 'old');
    const before = statSync(path).ino;
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['x.json']);
  });

  it('leaves no temp file and throws IO when the rename fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spillkit-atomic-'));
    const target = join(dir, 'occupied');
    mkdirSync(join(target, 'child'), { recursive: true }); // a non-empty directory cannot be renamed over
    expect(spillkitErrorOf(() => writeFileAtomic(target, 'data')).code).toBe('IO');
    expect(readdirSync(dir)).toEqual(['occupied']);
  });
});

describe('incidents', () => {
  const clock = (iso: string) => () => new Date(iso);

  it('creates an incident with a time-based id, a 0700 dir and a 0600 incident.json', () => {
    const store = openStore(gitdir, { now: clock('2026-11-21T22:10:42.000Z') });
    const incident = store.createIncident({ title: 'AWS key in .env', playbook: 'committed-secret', operator });
    expect(incident.id).toMatch(/^2026-11-21T2210-[0-9a-f]{6}$/);
    expect(incident.dir).toBe(join(store.root, 'incidents', incident.id));
    expect(mode(incident.dir)).toBe(0o700);
    const metaPath = join(incident.dir, 'incident.json');
    expect(mode(metaPath)).toBe(0o600);
    expect(JSON.parse(readFileSync(metaPath, 'utf8'))).toEqual({
      version: 1,
      id: incident.id,
      title: 'AWS key in .env',
      playbook: 'committed-secret',
      operator,
      status: 'open',
      createdAt: '2026-11-21T22:10:42.000Z',
      closedAt: null,
    });
    expect(readdirSync(join(store.root, 'incidents'))).toEqual([incident.id]);
  });

  it('opens, lists and closes incidents; resume finds the most recent open one', () => {
    let now = '2026-11-21T10:00:00.000Z';
    const store = openStore(gitdir, { now: () => new Date(now) });
    expect(store.openIncidentOf()).toBeNull();
    const first = store.createIncident({ title: 'one', playbook: 'committed-secret', operator });
    now = '2026-11-21T11:00:00.000Z';
    const second = store.createIncident({ title: 'two', playbook: 'history-sweep', operator });
    now = '2026-11-21T12:00:00.000Z';
    const third = store.createIncident({ title: 'three', playbook: 'committed-secret', operator });

    expect(store.listIncidents().map((m) => m.title)).toEqual(['one', 'two', 'three']);
    expect(store.openIncidentOf()!.id).toBe(third.id);
    expect(store.openIncidentOf({ playbook: 'history-sweep' })!.id).toBe(second.id);

    now = '2026-11-21T13:00:00.000Z';
    expect(third.close()).toMatchObject({ status: 'closed', closedAt: '2026-11-21T13:00:00.000Z' });
    expect(store.openIncident(third.id).meta.status).toBe('closed');
    expect(store.openIncidentOf()!.id).toBe(second.id);
    expect(store.openIncidentOf({ playbook: 'committed-secret' })!.id).toBe(first.id);
    expect(store.openIncident(first.id).meta).toEqual(first.meta);
  });

  it('refuses malformed and unknown ids with a usage error', () => {
    const store = openStore(gitdir);
    expect(spillkitErrorOf(() => store.openIncident('../../etc')).code).toBe('USAGE');
    expect(spillkitErrorOf(() => store.openIncident('2026-01-01T0000-abcdef')).message).toMatch(/no incident 2026-01-01T0000-abcdef/);
  });

  it('skips a damaged incident in the list but reports it when opened', () => {
    const store = openStore(gitdir);
    const incident = store.createIncident({ title: 't', playbook: 'p', operator });
    writeFileSync(join(incident.dir, 'incident.json'), '{');
    expect(store.listIncidents()).toEqual([]);
    expect(spillkitErrorOf(() => store.openIncident(incident.id)).message).toMatch(/damaged/);
  });

  it('writes artifacts atomically as 0600 and refuses names that leave the incident dir', () => {
    const store = openStore(gitdir);
    const incident = store.createIncident({ title: 't', playbook: 'p', operator });
    const path = incident.writeArtifact('plan.md', '# plan\n');
    expect(path).toBe(join(incident.dir, 'plan.md'));
    expect(mode(path)).toBe(0o600);
    for (const bad of ['../x', 'a/b', '.hidden', 'journal.jsonl', 'lock', '']) {
      expect(spillkitErrorOf(() => incident.artifactPath(bad)).code).toBe('INTERNAL');
    }
  });

  it('keeps every directory 0700 and every file 0600 after a full session', () => {
    const store = openStore(gitdir);
    store.saveScan(report('2026-11-21T22:10:05Z', [finding(1)]));
    const incident = store.createIncident({ title: 't', playbook: 'p', operator });
    const lock = incident.lock('respond');
    incident.journal().append({ type: 'step-done', step: 'scan', data: { findings: 1 } });
    incident.writeArtifact('report.md', 'report');
    incident.close();
    const { dirs, files } = walk(store.root);
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const dir of dirs) expect([dir, mode(dir)]).toEqual([dir, 0o700]);
    for (const file of files) expect([file, mode(file)]).toEqual([file, 0o600]);
    lock.release();
  });
});
