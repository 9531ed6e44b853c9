import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, isolatedHome, type Repo } from '../helpers/repo-builder.js';
import { REPO_ROOT, type CliResult } from '../helpers/run-cli.js';
import { writePlaybook } from './helpers.js';

/**
 * `spillkit respond` as a user's script runs it: no TTY. The fixture leaks a Postgres password only,
 * a provider without an API, so nothing here can reach a network.
 */
const LAUNCHER = join(REPO_ROOT, 'test', 'playbook', 'fixtures', 'respond-cli.mjs');
let repo: Repo;
let secret: string;

function respond(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [LAUNCHER, ...args], {
      cwd: REPO_ROOT, timeout: 60_000, encoding: 'utf8', maxBuffer: 64 << 20,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: isolatedHome(), GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' },
    }, (error, stdout, stderr) => {
      const code = error ? (error as { code?: unknown }).code : 0;
      if (typeof code !== 'number') reject(new Error(`respond did not exit normally: ${error?.message}\n${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

const incidents = (): string[] => {
  const dir = join(repo.gitDir, 'spillkit', 'incidents');
  return existsSync(dir) ? readdirSync(dir) : [];
};

beforeAll(() => {
  secret = fakeSecret('postgres-uri', 'respond-cli');
  repo = buildRepo([
    { files: { 'README.md': '# api\n' }, message: 'init' },
    { files: { 'config/db.yaml': `url: ${secret}\n` }, message: 'db config' },
  ]);
});
afterAll(() => repo && rmSync(repo.root, { recursive: true, force: true }));

describe('spillkit respond without a TTY', () => {
  it('prints the plan and exits 1, opening no incident', async () => {
    const r = await respond([repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('playbook committed-secret');
    for (const title of ['Scan the whole history', 'Triage the findings', 'Revoke the leaked credentials', 'Force-push the cleaned history', 'Write the incident report']) {
      expect(r.stdout).toContain(title);
    }
    expect(r.stdout).toMatch(/why: Revoke before you rewrite: the secret is already cloned, cached and indexed/);
    expect(r.stdout).toMatch(/would: scan every object/);
    expect(r.stdout).toContain('Pass --yes to run the automatable steps');
    expect(incidents()).toEqual([]);
  });

  it('--yes --dry-run walks the automatable steps, writes nothing, and stops at the first manual step', async () => {
    const r = await respond([repo.dir, '--yes', '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('dry run: nothing will be changed or written');
    expect(r.stdout).toMatch(/\[1\/9\] Scan the whole history[\s\S]*done: 1 finding\(s\) \(postgres\)/);
    expect(r.stdout).toMatch(/no revoke API; a person would follow the console steps/);
    expect(r.stdout).toMatch(/done: dry run: would rewrite 1 commit\(s\) on a mirror/);
    // The push step's own checklist (forks, collaborators' clones) is a person's job even in a dry run.
    expect(r.stdout).toMatch(/Stopped at step push: .*2 checklist item\(s\) left/);
    expect(r.stdout).toContain('[ ] Check forks of the repository');
    expect(r.stdout).not.toContain(secret);
    expect(existsSync(join(repo.gitDir, 'spillkit'))).toBe(false);
  });

  it('--yes --dry-run runs a playbook with no manual step to completion', async () => {
    const r = await respond([repo.dir, '--yes', '--dry-run', '--playbook', writePlaybook(repo.root)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[5\/5\] Report[\s\S]*Playbook complete/);
    expect(existsSync(join(repo.gitDir, 'spillkit'))).toBe(false);
  });

  it('--yes --dry-run stops at a checklist step', async () => {
    const r = await respond([repo.dir, '--yes', '--dry-run', '--playbook', 'history-sweep']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Stopped at step prevent: 3 of 3 checklist item\(s\) to do and tick/);
    expect(r.stdout).toContain('[ ] Install a pre-commit hook');
  });

  it('--json prints the events as JSON lines', async () => {
    const r = await respond([repo.dir, '--yes', '--dry-run', '--json', '--playbook', writePlaybook(repo.root)]);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; step?: string });
    expect(events[0].type).toBe('state');
    expect(events.filter((e) => e.type === 'step-started').map((e) => e.step)).toEqual(['scan', 'triage', 'triage', 'revoke', 'plan', 'report']);
    expect(events.some((e) => e.type === 'scan-progress')).toBe(true);
    expect(events[events.length - 1].type).toBe('finished');
    expect(r.stdout).not.toContain(secret);
  });

  it('--yes journals the run, stops where a person is needed, and the next run resumes there', async () => {
    const first = await respond([repo.dir, '--yes']);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/opened incident \S+ at step scan/);
    expect(first.stdout).toMatch(/Stopped at step revoke: .*console steps/);
    expect(incidents()).toHaveLength(1);
    const again = await respond([repo.dir, '--yes']);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(new RegExp(`resuming incident ${incidents()[0]} at step revoke`));
    expect(again.stdout).not.toContain('[1/9] Scan');
    expect(incidents()).toHaveLength(1);
  });

  it('--demo walks a fresh demo repository to the report', async () => {
    const r = await respond(['--demo']);
    const folder = /demo folder removed: (\S+)/.exec(r.stderr)?.[1];
    if (folder) rmSync(folder, { recursive: true, force: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/demo repository with freshly generated fake leaks, pushed to a local origin/);
    expect(r.stdout).toMatch(/provider steps run in dry run/);
    expect(r.stdout).toMatch(/demo: would revoke it through the AWS API/);
    // The push goes to the demo's own origin, after its confirmation; then the clone is reset.
    expect(r.stdout).toMatch(/Force-push 1 ref\(s\) to \S*origin\.git \(refs\/heads\/main [0-9a-f]{12} -> [0-9a-f]{12}\)\? .* -> yes/);
    expect(r.stdout).toMatch(/Reset your clone to the rewritten history .* -> yes/);
    expect(r.stdout).toContain('Playbook complete');
    expect(r.stdout).toMatch(/warning: 6 confirmed credential\(s\) are NOT revoked/);
    // Nothing of the demo is left behind.
    expect(folder).toBeDefined();
    expect(existsSync(folder!)).toBe(false);
  });

  it('a malformed playbook file is refused with file:line', async () => {
    const r = await respond([repo.dir, '--playbook', join(REPO_ROOT, 'package.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/package\.json:2: unknown field "name"/);
  });
});
