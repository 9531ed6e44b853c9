import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';

/** CI on a pull request: `scan --since BASE` reports only what the branch introduced. */
let repo: Repo;
const oldToken = fakeSecret('github-pat', 'since-old');
const newToken = fakeSecret('slack-bot-token', 'since-new');
let base: string;

beforeAll(() => {
  repo = buildRepo([
    { files: { 'app/config.js': `module.exports = { token: "${oldToken}" };\n` }, message: 'config on main' },
    { files: { 'README.md': 'service\n' }, message: 'readme' },
    // The pull request: edits the file holding the old secret and adds a new one elsewhere.
    { branch: 'feature', files: { 'app/config.js': `module.exports = { token: "${oldToken}", retries: 3 };\n` }, message: 'tune retries' },
    { branch: 'feature', files: { 'ops/notify.js': `const slack = "${newToken}";\n` }, message: 'notify slack' },
  ]);
  base = repo.rev('main');
});

afterAll(() => {
  if (repo) rmSync(repo.root, { recursive: true, force: true });
});

describe('scan --since', () => {
  it('without --since reports both secrets', async () => {
    const { report } = await scanJson(repo.dir);
    expect(report.findings.map((f) => f.rule).sort()).toEqual(['github-pat', 'slack-bot-token']);
  });

  it('reports only what is new since the base, by ref name or commit id', async () => {
    for (const rev of ['main', base, base.slice(0, 10)]) {
      const { report, code } = await scanJson(repo.dir, ['--since', rev]);
      expect(code).toBe(1);
      expect(report.findings.map((f) => `${f.rule} ${f.path}`)).toEqual(['slack-bot-token ops/notify.js']);
    }
  });

  it('is clean since the feature tip, and SARIF carries the same result', async () => {
    const { report, code } = await scanJson(repo.dir, ['--since', 'feature']);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    const sarif = await runCli(['scan', repo.dir, '--since', 'main', '--format', 'sarif', '--no-progress']);
    const results = (sarif.json as { runs: Array<{ results: Array<{ ruleId: string }> }> }).runs[0].results;
    expect(results.map((r) => r.ruleId)).toEqual(['slack-bot-token']);
  });

  it('refuses an unknown revision with one line and exit 2', async () => {
    const r = await runCli(['scan', repo.dir, '--since', 'no-such-branch', '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no-such-branch');
  });
});
