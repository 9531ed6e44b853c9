// `rewrite --verify-remote` at its edges (issue 16): a branch no push fixed cannot be acknowledged
// away, hostile ref names reach the terminal escaped, a dry run clones nothing and records nothing,
// and a remote that cannot be reached is one clear line with its credentials redacted.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIECES, rawUnsafe } from '../helpers/hostile-text.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { leakFixture, type LeakFixture } from './fixtures.js';

let fx: LeakFixture;
// git refuses control bytes in ref names, not bidi overrides or zero-width characters.
const branch = `refs/heads/evil${PIECES.rlo}${PIECES.lri}${PIECES.zwsp}${PIECES.bom}end`;

function journal(): string {
  const dir = join(fx.repo.gitDir, 'spillkit', 'incidents');
  const id = readdirSync(dir).filter((n) => !n.startsWith('.')).sort().pop()!;
  return readFileSync(join(dir, id, 'journal.jsonl'), 'utf8');
}

beforeAll(async () => {
  fx = leakFixture('verify-remote');
  // A branch on the host that holds the leak; hostile bytes in its name.
  fx.origin.git(['update-ref', branch, fx.origin.rev('refs/heads/main')]);
  await scanJson(fx.repo.dir);
  expect((await runCli(['plan-rewrite', fx.repo.dir, '--json'])).code).toBe(0);
});

afterAll(() => fx?.repo.cleanup());

describe('rewrite --verify-remote', () => {
  it('a dry run says what it would do and records nothing', async () => {
    const before = journal();
    const r = await runCli(['rewrite', fx.repo.dir, '--verify-remote', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`clone ${fx.origin.dir} fresh (--mirror --no-local: every ref it serves)`);
    expect(journal()).toBe(before);
  });

  it('names the branches that still hold a secret, escaped, and will not acknowledge them as the host\'s', async () => {
    const r = await runCli(['rewrite', fx.repo.dir, '--verify-remote', '--acknowledge-host-refs']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/STILL REACHABLE: 2 of 2 planned secret\(s\) on the remote/);
    expect(r.stdout).toContain('refs/heads/main  push the rewrite (again): spillkit rewrite --push');
    expect(r.stdout).toContain('refs/heads/evil');
    expect(rawUnsafe(r.stdout)).toEqual([]);
    expect(r.stdout).not.toContain(fx.token);
    const json = await runCli(['rewrite', fx.repo.dir, '--verify-remote', '--acknowledge-host-refs', '--json']);
    expect(json.code).toBe(1);
    const v = json.json as { acknowledged: string[]; waitingOnHost: boolean; remaining: Array<{ pushableRefs: string[] }> };
    expect(v.acknowledged).toEqual([]);
    expect(v.waitingOnHost).toBe(false);
    expect(v.remaining[0]!.pushableRefs).toContain(branch);
    expect(journal()).not.toContain('rewrite-host-refs-acknowledged');
    const report = await runCli(['report', fx.repo.dir, '--format', 'md']);
    expect(report.stdout).toContain('secrets still reachable');
    expect(rawUnsafe(report.stdout)).toEqual([]);
  });

  it('a remote it cannot reach is one line, exit 2, its credentials redacted', async () => {
    const password = randomBytes(9).toString('hex');
    fx.repo.git(['remote', 'add', 'broken', `https://deploy:${password}@127.0.0.1:1/acme/app.git`]);
    const r = await runCli(['rewrite', fx.repo.dir, '--verify-remote', '--remote', 'broken']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cannot clone https://***@127.0.0.1:1/acme/app.git');
    expect(r.stderr).not.toContain(password);
    expect(journal()).not.toContain(password);
  });

  it('refuses without a plan, and with a flag that belongs to it alone', async () => {
    const other = leakFixture('verify-remote-noplan');
    try {
      await scanJson(other.repo.dir);
      const r = await runCli(['rewrite', other.repo.dir, '--verify-remote']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no rewrite plan in an open incident/);
      const flag = await runCli(['rewrite', other.repo.dir, '--push', '--acknowledge-host-refs']);
      expect(flag.code).toBe(2);
      expect(flag.stderr).toMatch(/--acknowledge-host-refs goes with --verify-remote/);
    } finally {
      other.repo.cleanup();
    }
  });
});
