// At-least-once replay of a non-idempotent provider call: `respond --yes --to-env-file F --delete-old`
// is killed (SIGKILL) the moment IAM has answered CreateAccessKey, before spillkit could journal or
// deliver the new key. The resumed run must reconcile with IAM before retrying: the key the dead run
// made (whose secret died with it) is deleted, one new key is made and delivered, and the user ends
// with exactly one key: the new one, in the env file.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, emulatedKey, emulatorState, startAwsEmulator, type AwsEmulator, type EmulatedKey } from '../emulators/aws-iam-sts.js';
import { buildRepo, isolatedHome, type Repo } from '../helpers/repo-builder.js';
import { BIN, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { incidentsOf, journalText } from './aws-fixture.js';

let aws: AwsEmulator;
let repo: Repo;
let env: Record<string, string>;
const operator = emulatedKey('replay-operator', 'incident-admin');
const leaked = emulatedKey('replay-leaked', 'deploy-bot');

beforeAll(async () => {
  aws = await startAwsEmulator(emulatorState({
    users: [{ name: 'incident-admin', attachedPolicies: [] }, { name: 'deploy-bot', attachedPolicies: [] }],
    keys: [operator, { ...leaked }],
  }));
  repo = buildRepo([
    { files: { 'README.md': '# deploy\n' }, message: 'init' },
    { files: { '.env': `AWS_ACCESS_KEY_ID=${leaked.id}\nAWS_SECRET_ACCESS_KEY=${leaked.secret}\n` }, message: 'add env' },
  ]);
  env = cliEnv(aws, operator);
});
afterAll(async () => {
  await aws?.close();
  if (repo) rmSync(repo.root, { recursive: true, force: true });
});

const keysOf = (user: string): EmulatedKey[] => aws.state.keys.filter((k) => k.user === user);

describe('respond killed right after CreateAccessKey, then resumed', () => {
  it('leaves exactly one new key, the delivered one', async () => {
    const envFile = join(repo.root, 'prod.env');
    writeFileSync(envFile, 'APP_MODE=production\n');
    const args = ['respond', repo.dir, '--yes', '--to-env-file', envFile, '--delete-old'];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT, stdio: 'ignore',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: isolatedHome(), GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8', ...env },
    });
    aws.onAnswered = (call) => {
      if (call.action === 'CreateAccessKey' && call.status === 200) child.kill('SIGKILL');
    };
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    aws.onAnswered = null;
    expect(signal).toBe('SIGKILL');
    // What the crash left: the leaked key (revoked first, so inactive) and a new key nobody holds.
    expect(keysOf('deploy-bot')).toHaveLength(2);
    expect(readFileSync(envFile, 'utf8')).toBe('APP_MODE=production\n');

    const resumed = await runCli(args, { env });
    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toMatch(/resuming incident \S+ at step rotate/);
    const [fresh, ...others] = keysOf('deploy-bot');
    expect(others).toEqual([]);
    expect(resumed.stdout).toMatch(/deleted key AKIA…\S+ left without a holder by an interrupted rotation; created key AKIA…\S+ for user deploy-bot and delivered it/);
    expect(fresh.id).not.toBe(leaked.id);
    expect(fresh.status).toBe('Active');
    expect(readFileSync(envFile, 'utf8')).toBe(`APP_MODE=production\nAWS_ACCESS_KEY_ID=${fresh.id}\nAWS_SECRET_ACCESS_KEY=${fresh.secret}\n`);
    expect(aws.calls.filter((c) => c.action === 'CreateAccessKey')).toHaveLength(2);

    const journal = journalText(repo, incidentsOf(repo)[0]);
    const ended = journal.trim().split('\n').map((l) => JSON.parse(l) as { type: string; data?: { outcome?: string } })
      .filter((e) => e.type === 'provider-intent-ended').map((e) => e.data?.outcome);
    expect(ended).toEqual(['undone', 'done']);
    for (const key of aws.state.keys.concat(leaked, operator)) {
      expect(journal).not.toContain(key.id);
      expect(journal).not.toContain(key.secret);
    }
  }, 120_000);
});
