// Several `respond --yes` started at the same instant on one repository: exactly one opens the
// incident and revokes, each key is deactivated exactly once, and every other one stops at once with
// the one-line LOCKED message (exit 2). The processes are real CLI runs, synchronized to start main()
// within a millisecond or two (fixtures/start-at.mjs), against the AWS emulator.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repo } from '../helpers/repo-builder.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { childEnv, deactivations, incidentsOf, journalText, leakRepo, startAwsLeak, type AwsLeak } from './aws-fixture.js';

const START_AT = join(REPO_ROOT, 'test', 'hostile', 'fixtures', 'start-at.mjs');
const PROCESSES = 6;
const ROUNDS = 3;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startAt(at: number, args: string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [START_AT, String(at), ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let leak: AwsLeak;
const repos: Repo[] = [];
beforeAll(async () => {
  leak = await startAwsLeak('race');
});
afterAll(async () => {
  await leak?.aws.close();
  for (const repo of repos) rmSync(repo.root, { recursive: true, force: true });
});

describe('respond --yes started several times at once', () => {
  it.each(Array.from({ length: ROUNDS }, (_v, i) => i + 1))('round %i: one incident, each key revoked once, the others LOCKED', async () => {
    const repo = leakRepo(leak);
    repos.push(repo);
    for (const key of leak.aws.state.keys) key.status = 'Active';
    leak.aws.calls.length = 0;

    // Far enough ahead that every process has loaded the CLI (two shared cores) before it starts.
    const at = Date.now() + 2_500;
    const runs = await Promise.all(Array.from({ length: PROCESSES }, () => startAt(at, ['respond', repo.dir, '--yes'], childEnv(leak))));

    expect(incidentsOf(repo)).toHaveLength(1);
    for (const key of leak.leaked) expect(deactivations(leak.aws, key.id), key.user).toBe(1);

    const winners = runs.filter((r) => r.code !== 2);
    const losers = runs.filter((r) => r.code === 2);
    expect(winners, runs.map((r) => `${r.code}: ${r.stderr}`).join('\n')).toHaveLength(1);
    // The winner runs until a step needs a person (a console checklist): exit 1.
    expect(winners[0].code).toBe(1);
    expect(winners[0].stdout).toMatch(/opened incident \S+ at step scan/);
    expect(losers).toHaveLength(PROCESSES - 1);
    const [incident] = incidentsOf(repo);
    for (const loser of losers) {
      expect(loser.stdout).toBe('');
      expect(loser.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(loser.stderr).toMatch(new RegExp(`^spillkit: incident ${incident} is in use by pid \\d+ since \\S+ \\(respond\\); wait for it to finish or stop it, then retry`));
    }

    // Neither the journal nor any output holds a whole key id (or a secret).
    const everything = journalText(repo, incident) + runs.map((r) => r.stdout + r.stderr).join('');
    for (const key of [...leak.leaked, leak.operator]) {
      expect(everything).not.toContain(key.id);
      expect(everything).not.toContain(key.secret);
    }
  }, 120_000);
});
