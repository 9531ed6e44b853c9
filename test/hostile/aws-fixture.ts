/**
 * An AWS account in the loopback emulator with two leaked key pairs (two users) and an operator, a
 * repository that holds both pairs, and the environment that points the real CLI at the emulator.
 * Every key is generated at run time (fakeSecret), never written in a file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, emulatedKey, emulatorState, startAwsEmulator, type AwsEmulator, type EmulatedKey } from '../emulators/aws-iam-sts.js';
import { buildRepo, isolatedHome, type Repo } from '../helpers/repo-builder.js';

export interface AwsLeak {
  aws: AwsEmulator;
  operator: EmulatedKey;
  leaked: EmulatedKey[];
  env: Record<string, string>;
}

export async function startAwsLeak(seed: string): Promise<AwsLeak> {
  const operator = emulatedKey(`${seed}-operator`, 'incident-admin');
  const leaked = [emulatedKey(`${seed}-deploy`, 'deploy-bot'), emulatedKey(`${seed}-billing`, 'billing-bot')];
  const aws = await startAwsEmulator(emulatorState({
    users: ['incident-admin', 'deploy-bot', 'billing-bot'].map((name) => ({ name, attachedPolicies: [] })),
    keys: [operator, ...leaked.map((k) => ({ ...k }))],
  }));
  const env = cliEnv(aws, operator);
  return { aws, operator, leaked, env };
}

/** A fresh repository leaking both pairs: one in `.env`, one inline in source. */
export function leakRepo(leak: AwsLeak): Repo {
  const [a, b] = leak.leaked;
  return buildRepo([
    { files: { 'README.md': '# service\n' }, message: 'init' },
    { files: { '.env': `AWS_ACCESS_KEY_ID=${a.id}\nAWS_SECRET_ACCESS_KEY=${a.secret}\n` }, message: 'add env' },
    { files: { 'src/billing.js': `export const key = "${b.id}";\nexport const secret = "${b.secret}";\n` }, message: 'billing' },
  ]);
}

/** The environment of a CLI child process: isolated HOME, the emulator, nothing of ours. */
export function childEnv(leak: AwsLeak, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: isolatedHome(), GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8', NO_COLOR: '1',
    ...leak.env, ...extra,
  };
}

export function incidentsOf(repo: Repo): string[] {
  try {
    return readdirSync(join(repo.gitDir, 'spillkit', 'incidents')).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
}

export function journalText(repo: Repo, incident: string): string {
  return readFileSync(join(repo.gitDir, 'spillkit', 'incidents', incident, 'journal.jsonl'), 'utf8');
}

/** How many times the emulator was asked to change a key's status. */
export function deactivations(aws: AwsEmulator, keyId: string): number {
  return aws.calls.filter((c) => c.action === 'UpdateAccessKey' && c.params.AccessKeyId === keyId && c.status === 200).length;
}
