import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { looksMadeUp } from '../../src/prevent/audit/env-example.js';
import { isSecretFileName } from '../../src/prevent/audit/secret-files.js';
import { expandTemplate, fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli } from '../helpers/run-cli.js';
import { installHook, runPrevent } from './helpers.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

interface Row { check: string; title: string; status: string; detail: string; fix: string | null }

function audit(repo: Repo): { code: number; rows: Row[]; table: string } {
  const json = runPrevent(['audit', '--json'], { cwd: repo.dir });
  const text = runPrevent(['audit'], { cwd: repo.dir });
  expect(text.code).toBe(json.code);
  return { code: json.code, rows: JSON.parse(json.stdout) as Row[], table: text.stdout };
}

const CHECKS = ['env-ignored', 'no-secret-files-tracked', 'env-example-placeholders', 'hook-installed', 'no-secrets-at-head', 'baseline-fresh'];

describe('spillkit audit', () => {
  it('reports every hygiene problem of a neglected repository, each with its fix (exit 1)', () => {
    const token = fakeSecret('github-pat', 'audit-dirty');
    const repo = buildRepo([{
      message: 'everything wrong',
      files: {
        'README.md': '# app\n',
        '.env': `GITHUB_TOKEN=${token}\n`,
        'deploy/id_rsa': `${fakeSecret('private-key-rsa', 'audit-key')}\n`,
        '.env.example': `PORT=3000\nDB_PASSWORD=${expandTemplate('$[alnum:24]', 'audit-db-password')}\n`,
      },
    }]);
    repos.push(repo);
    const readme = repo.rev('HEAD:README.md');
    writeFileSync(join(repo.dir, '.spillkit-baseline.json'), JSON.stringify({
      version: 1,
      findings: [
        { fingerprint: '1111111111111111', rule: 'github-pat', path: 'README.md', blob: readme, secretHash: createHash('sha256').update('gone').digest('hex') },
        { fingerprint: '2222222222222222', rule: 'github-pat', path: 'old.txt', blob: 'f'.repeat(40), secretHash: 'a'.repeat(64) },
      ],
    }));

    const { code, rows, table } = audit(repo);
    expect(code).toBe(1);
    expect(rows.map((r) => r.check)).toEqual(CHECKS);
    for (const row of rows) {
      expect(row.status, `${row.check}: ${row.detail}`).toBe('fail');
      expect(row.fix, row.check).toBeTruthy();
    }
    const by = Object.fromEntries(rows.map((r) => [r.check, r]));
    expect(by['env-ignored'].detail).toContain('.env');
    expect(by['env-ignored'].fix).toContain('.gitignore');
    expect(by['no-secret-files-tracked'].detail).toBe('tracked: .env, deploy/id_rsa');
    expect(by['no-secret-files-tracked'].fix).toContain('git rm --cached -- .env deploy/id_rsa');
    expect(by['env-example-placeholders'].detail).toContain('.env.example:2');
    expect(by['hook-installed'].fix).toContain('spillkit hook install');
    expect(by['no-secrets-at-head'].detail).toMatch(/\.env:1 github-pat/);
    expect(by['no-secrets-at-head'].detail).toMatch(/deploy\/id_rsa:1 /);
    expect(by['baseline-fresh'].detail).toContain('2 of 2 entries');
    expect(by['baseline-fresh'].detail).toContain('object gone');
    expect(by['baseline-fresh'].detail).toContain('the rule no longer finds it');

    expect(table).toMatch(/no env or key files tracked\s+FAIL/);
    expect(table.match(/fix:/g)).toHaveLength(6);
    expect(table).toContain('6 of 6 checks failed.');
    expect(table + JSON.stringify(rows)).not.toContain(token);
  });

  it('passes a repository that follows every recommendation (exit 0), a baselined finding included', async () => {
    const triaged = fakeSecret('github-pat', 'audit-triaged');
    const repo = buildRepo([{
      message: 'tidy',
      files: {
        '.gitignore': 'node_modules/\n.env\n.env.*\n!.env.example\n',
        '.env.example': 'PORT=3000\nDB_PASSWORD=changeme\nAPI_TOKEN=<your-api-token>\nSESSION_SECRET=\n',
        'src/app.py': 'print("hello")\n',
        'test/fixture.txt': `upstream=${triaged}\n`,
      },
    }]);
    repos.push(repo);
    installHook(repo);
    const scan = await runCli(['scan', repo.dir, '--format', 'json', '--no-progress', '--output', join(repo.dir, '.spillkit-baseline.json')]);
    expect(scan.code).toBe(1); // the triaged finding, now the baseline

    const { code, rows, table } = audit(repo);
    expect(rows.map((r) => [r.check, r.status])).toEqual(CHECKS.map((c) => [c, 'pass']));
    expect(code).toBe(0);
    expect(rows.find((r) => r.check === 'baseline-fresh')!.detail).toContain('all 1 entries still resolve');
    expect(table).toContain('All 6 checks passed');
  });

  it('skips what does not apply in a repository without commits', () => {
    const repo = buildRepo([]);
    repos.push(repo);
    writeFileSync(join(repo.dir, '.gitignore'), '.env\n.env.*\n');
    installHook(repo);
    const { code, rows } = audit(repo);
    expect(code).toBe(0);
    expect(Object.fromEntries(rows.map((r) => [r.check, r.status]))).toEqual({
      'env-ignored': 'pass', 'no-secret-files-tracked': 'pass', 'env-example-placeholders': 'skip',
      'hook-installed': 'pass', 'no-secrets-at-head': 'skip', 'baseline-fresh': 'skip',
    });
  });

  it('knows credential file names from their templates and public halves', () => {
    for (const p of ['.env', 'app/.env.local', 'id_ed25519', 'certs/server.key', 'a.p12', 'b.pfx', 'tls.pem', 'credentials.json', 'gcp/service-account-prod.json', 'home/.aws/credentials', 'infra/terraform.tfstate']) {
      expect(isSecretFileName(p), p).toBe(true);
    }
    for (const p of ['.env.example', '.env.sample', 'id_rsa.pub', 'src/keys.ts', 'environment.ts', 'README.md', '.envrc.md']) {
      expect(isSecretFileName(p), p).toBe(false);
    }
  });

  it('tells placeholders from values that look real', () => {
    for (const v of ['', 'changeme', '<your-api-key>', '${DB_PASSWORD}', 'replace-with-your-token', 'xxxxxxxxxxxxxxxx', 'your_secret_here']) {
      expect(looksMadeUp(v), v).toBe(true);
    }
    expect(looksMadeUp(expandTemplate('$[alnum:24]', 'real-looking'))).toBe(false);
  });
});

describe('audit: the pre-commit framework', () => {
  it('accepts the framework hook when its config runs a secret scanner, and says so when it does not', () => {
    const repo = buildRepo([{ message: 'init', files: { '.gitignore': '.env\n.env.*\n', 'README.md': '# app\n' } }]);
    repos.push(repo);
    writeFileSync(join(repo.gitDir, 'hooks', 'pre-commit'), '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexit 0\n', { mode: 0o755 });
    const hookRow = (): Row => audit(repo).rows.find((r) => r.check === 'hook-installed')!;
    expect(hookRow()).toMatchObject({ status: 'fail', detail: expect.stringContaining('runs no secret scanner') });
    writeFileSync(join(repo.dir, '.pre-commit-config.yaml'), 'repos:\n  - repo: local\n    hooks:\n      - id: spillkit\n        name: spillkit\n        entry: spillkit protect --staged\n        language: system\n');
    expect(hookRow()).toMatchObject({ status: 'pass', detail: expect.stringContaining('running spillkit') });
  });
});
