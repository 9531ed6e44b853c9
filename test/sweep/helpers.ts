/**
 * Shared pieces of the sweep tests: a fixture "organisation" of bare repositories (the clone sources),
 * the GitHub emulator listing them, and a runner for the built sweep/merge commands in a child process
 * (the scanner's workers load dist/, and main.ts does not route sweep yet, so the commands are called
 * directly, with main's error handling).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { SweepResult } from '../../src/sweep/types.js';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github-rest.js';
import { buildRepo, isolatedHome, truncatePack, type Repo } from '../helpers/repo-builder.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

export const ORG = 'acme';

export interface FixtureRepo {
  name: string;
  repo: Repo;
  /** Fake secrets committed to it (none for a clean repository). */
  secrets: string[];
}

export interface FixtureOrg {
  repos: FixtureRepo[];
  byName(name: string): FixtureRepo;
  cleanup(): void;
}

const CLEAN = ['docs', 'site', 'lib', 'tools', 'cli', 'ops'];

/**
 * Ten bare repositories: `api` (a critical key still at HEAD), `chat` (a high-severity token at HEAD),
 * `web` (a token committed, then deleted: history only), six clean ones, and `broken`, whose only pack
 * is cut in half. Built bare, so each one is itself the clone source.
 */
export function buildFixtureOrg(): FixtureOrg {
  const repos: FixtureRepo[] = [];
  const awsKey = fakeSecret('aws-access-key-id', 'sweep-api');
  repos.push({
    name: 'api',
    secrets: [awsKey],
    repo: buildRepo([
      { files: { 'README.md': '# api\n' }, message: 'init' },
      { files: { 'config/aws.env': `# deploy settings\nREGION=eu-west-1\nKEY_ID=${awsKey}\n` }, message: 'deploy config' },
    ], { bare: true, name: 'api.git' }),
  });
  const slack = fakeSecret('slack-bot-token', 'sweep-chat');
  repos.push({
    name: 'chat',
    secrets: [slack],
    repo: buildRepo([
      { files: { 'README.md': '# chat\n' }, message: 'init' },
      { files: { 'bot/settings.ini': `[bot]\nupstream = ${slack}\n` }, message: 'bot settings' },
    ], { bare: true, name: 'chat.git' }),
  });
  const pat = fakeSecret('github-pat', 'sweep-web');
  repos.push({
    name: 'web',
    secrets: [pat],
    repo: buildRepo([
      { files: { 'README.md': '# web\n' }, message: 'init' },
      { files: { '.env': `DEBUG=1\nUPSTREAM=${pat}\n` }, message: 'local settings' },
      { files: { '.env': null }, message: 'remove local settings' },
    ], { bare: true, name: 'web.git' }),
  });
  for (const name of CLEAN) {
    repos.push({
      name,
      secrets: [],
      repo: buildRepo([
        { files: { 'README.md': `# ${name}\n`, 'src/index.js': `export const name = '${name}';\n` }, message: 'init' },
        { files: { 'CHANGELOG.md': '## 1.0.0\n- first release\n' }, message: 'changelog' },
      ], { bare: true, name: `${name}.git` }),
    });
  }
  const broken = buildRepo([
    { files: { 'README.md': '# broken\n', 'data.txt': 'a line of data that compresses somewhat\n'.repeat(2000) }, message: 'init' },
    { files: { 'data2.txt': 'another line of data, still plain text\n'.repeat(2000) }, message: 'more data' },
  ], { bare: true, name: 'broken.git' });
  broken.packAll();
  truncatePack(broken, 0.5);
  repos.push({ name: 'broken', secrets: [], repo: broken });
  return {
    repos,
    byName: (name) => repos.find((r) => r.name === name)!,
    cleanup: () => repos.forEach((r) => r.repo.cleanup()),
  };
}

/** The emulator with `acme` as an organisation owning every fixture repository (one of them private). */
export async function startOrgEmulator(org: FixtureOrg): Promise<{ emulator: GithubEmulator; token: string }> {
  const emulator = await startGithubEmulator({ users: [{ login: ORG, id: 900, type: 'Organization' }] });
  for (const r of org.repos) {
    emulator.state.repos.push({ owner: ORG, name: r.name, cloneUrl: r.repo.dir, private: r.name === 'chat' });
  }
  const token = emulator.issueToken('sweeper');
  return { emulator, token };
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

const RUNNER = join(REPO_ROOT, 'test', 'sweep', 'run-command.mjs');

/** Starts `spillkit <command> ...args` (sweep or merge) from dist/ in a child process. */
export function spawnCommand(command: 'sweep' | 'merge', args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [RUNNER, command, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: isolatedHome(), GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function runCommand(command: 'sweep' | 'merge', args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  const child = spawnCommand(command, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === null) reject(new Error(`spillkit ${command} ended by ${signal}: ${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

/** A result without what legitimately differs between two runs: times and the reuse count. */
export function comparable(result: SweepResult): unknown {
  return {
    stats: { ...result.stats, durationMs: 0, reused: 0 },
    warnings: result.warnings,
    repositories: result.repositories.map((r) => ({ ...r, scannedAt: null, stats: r.stats && { ...r.stats, durationMs: 0 } })),
  };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
