import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchAlertEntries } from '../../src/import/github-alerts.js';
import type { Finding } from '../../src/scan/finding.js';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github-rest.js';
import { runCli } from '../helpers/run-cli.js';
import { importFixture, type ImportFixture } from './fixture.js';

interface ImportJson {
  entries: number;
  imported: Array<Finding & { entries: number[] }>;
  unlocated: Array<{ entry: number; tool: string; rule: string; path: string | null; commit: string | null; reason: string }>;
}

let fx: ImportFixture;
let emulator: GithubEmulator;
let operator: string;

beforeAll(() => {
  fx = importFixture('alerts');
  fx.repo.git(['remote', 'add', 'origin', 'https://github.com/acme/app.git']);
});
afterAll(() => fx.repo.cleanup());

beforeEach(async () => {
  emulator = await startGithubEmulator({
    users: [{ login: 'mallory', id: 1002, type: 'User' }, { login: 'acme', id: 2001, type: 'Organization' }],
    repos: [{ owner: 'acme', name: 'app', private: true }, { owner: 'acme', name: 'site' }],
  });
  operator = emulator.issueToken('alice', { scopes: ['repo', 'security_events'] });
  emulator.state.tokens.push({ value: fx.token, login: 'mallory', scopes: ['repo'] });
  const line = `UPSTREAM=${fx.token}`;
  const at = line.indexOf(fx.token) + 1;
  emulator.state.alerts.push(
    {
      repo: 'acme/app', number: 1, secret: fx.token, secretType: 'github_personal_access_token', state: 'open', resolution: null,
      locations: [
        { type: 'commit', path: '.env', startLine: 3, startColumn: at, endColumn: at + fx.token.length, blobSha: '0'.repeat(40), commitSha: fx.adding },
        { type: 'commit', path: '.env', startLine: 4, startColumn: at, endColumn: at + fx.token.length, blobSha: '0'.repeat(40), commitSha: fx.editing },
        { type: 'issue_comment' },
      ],
    },
    {
      repo: 'acme/app', number: 2, secret: fx.unseal, secretType: 'hashicorp_vault_unseal_key', state: 'open', resolution: null,
      locations: [{ type: 'commit', path: 'ops/unseal.txt', startLine: 2, startColumn: fx.unsealLead.length + 1, endColumn: fx.unsealLead.length + 1 + fx.unseal.length, blobSha: '0'.repeat(40), commitSha: fx.adding }],
    },
    { repo: 'acme/app', number: 3, secret: fx.stranger, state: 'resolved', resolution: 'revoked', locations: [] },
    { repo: 'acme/site', number: 1, secret: fx.stranger, state: 'open', resolution: null, locations: [{ type: 'commit', path: 'x', startLine: 1, startColumn: 1, endColumn: 2, blobSha: '0'.repeat(40), commitSha: fx.foreignCommit }] },
  );
});
afterEach(() => emulator.close());

const env = (): Record<string, string> => ({ GITHUB_API_URL: emulator.url, GITHUB_TOKEN: operator });

describe('spillkit import --github-alerts / --github-org', () => {
  it('imports a repository\'s open alerts: every commit location placed, other locations listed as not located', async () => {
    const { code, json, stdout, stderr } = await runCli(['import', '--github-alerts', 'acme/app', '--repo', fx.repo.dir, '--json'], { env: env() });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const out = json as ImportJson;
    expect(out.entries).toBe(4);
    const token = out.imported.find((f) => f.rule === 'github-pat')!;
    expect(token).toMatchObject({ path: '.env', line: 3, commit: fx.adding, provider: 'github', importedFrom: [{ tool: 'github', rule: 'github_personal_access_token', alert: 'acme/app#1' }] });
    // GitHub lists the newest alert first: #2's location is entry 0, #1's three are 1 to 3.
    expect(token.entries).toEqual([1, 2]);
    expect(out.imported.find((f) => f.path === 'ops/unseal.txt')).toMatchObject({ rule: 'import-github-hashicorp-vault-unseal-key', provider: 'vault', commit: fx.adding, presentAtHead: false });
    expect(out.unlocated).toEqual([{ entry: 3, tool: 'github', rule: 'github_personal_access_token', path: null, commit: null, reason: 'GitHub location of type issue_comment, not a file in a commit' }]);
    // Only open alerts by default, with the operator's token, through the locations endpoint.
    const list = emulator.calls.find((c) => c.path === '/repos/acme/app/secret-scanning/alerts')!;
    expect(list.query).toMatchObject({ state: 'open', per_page: '100' });
    expect(list.auth?.credential).toBe(operator);
    expect(emulator.calls.filter((c) => c.path.endsWith('/locations')).map((c) => c.path)).toEqual(['/repos/acme/app/secret-scanning/alerts/2/locations', '/repos/acme/app/secret-scanning/alerts/1/locations']);
    for (const secret of [fx.token, fx.unseal, fx.stranger, operator]) expect(stdout + stderr).not.toContain(secret);
  });

  it('follows the Link header through every page of alerts and of locations', async () => {
    for (let n = 10; n < 15; n++) emulator.state.alerts.push({ repo: 'acme/app', number: n, secret: fx.stranger, state: 'open', resolution: null, locations: [{ type: 'pull_request_body' }, { type: 'wiki_commit' }, { type: 'issue_comment' }] });
    const entries = await fetchAlertEntries({ scope: { kind: 'repo', owner: 'acme', repo: 'app' }, env: env(), state: 'all', thisRepo: null, pageSize: 2 });
    // 8 alerts (3 pages) and the locations of each, 2 per page.
    const pages = emulator.calls.filter((c) => c.path === '/repos/acme/app/secret-scanning/alerts').map((c) => c.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3', '4']);
    expect(emulator.calls.find((c) => c.path === '/repos/acme/app/secret-scanning/alerts')!.query.state).toBeUndefined();
    expect(emulator.calls.filter((c) => c.path === '/repos/acme/app/secret-scanning/alerts/14/locations')).toHaveLength(2);
    expect(entries.filter((e) => e.alert === 'acme/app#14').map((e) => e.unlocatable)).toEqual([
      'GitHub location of type pull_request_body, not a file in a commit',
      'GitHub location of type wiki_commit, not a file in a commit',
      'GitHub location of type issue_comment, not a file in a commit',
    ]);
    expect(entries.find((e) => e.alert === 'acme/app#3')?.unlocatable).toBe('GitHub lists no location for the alert');
    expect(entries.map((e) => e.index)).toEqual(entries.map((_, i) => i));
  });

  it('imports an organisation\'s alerts: those of other repositories than origin\'s are listed, not looked up', async () => {
    const { code, json } = await runCli(['import', '--github-org', 'acme', '--repo', fx.repo.dir, '--json'], { env: env() });
    expect(code).toBe(1);
    const out = json as ImportJson;
    expect(out.imported.map((f) => f.rule).sort()).toEqual(['github-pat', 'import-github-hashicorp-vault-unseal-key']);
    expect(out.unlocated).toContainEqual({ entry: expect.any(Number), tool: 'github', rule: 'github_personal_access_token', path: null, commit: null, reason: 'alert of repository acme/site, not of this one (acme/app)' });
    expect(emulator.calls.some((c) => c.path === '/orgs/acme/secret-scanning/alerts')).toBe(true);
    expect(emulator.calls.some((c) => c.path.startsWith('/repos/acme/site/'))).toBe(false);
  });

  it('revoking an imported finding resolves its GitHub alert, as for a native one', async () => {
    const imported = await runCli(['import', '--github-alerts', 'acme/app', '--repo', fx.repo.dir, '--json'], { env: env() });
    const token = (imported.json as ImportJson).imported.find((f) => f.rule === 'github-pat')!;
    const { code, stdout, stderr } = await runCli(['revoke', '--finding', token.fingerprint, '--repo', fx.repo.dir, '--yes'], { env: { ...env(), SPILLKIT_GITHUB_REPO: 'acme/app' } });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(emulator.isRevoked(fx.token)).toBe(true);
    expect(emulator.state.alerts.find((a) => a.repo === 'acme/app' && a.number === 1)).toMatchObject({ state: 'resolved', resolution: 'revoked' });
    expect(stdout).toMatch(/resolved secret-scanning alert\(s\) #1 in acme\/app as revoked/);
    expect(stdout).not.toContain(fx.token);
  });

  it('needs the operator\'s token, and says so in one line', async () => {
    const { code, stderr } = await runCli(['import', '--github-alerts', 'acme/app', '--repo', fx.repo.dir], { env: { GITHUB_API_URL: emulator.url } });
    expect(code).toBe(2);
    expect(stderr).toBe('spillkit: importing GitHub secret-scanning alerts needs the operator\'s token in GITHUB_TOKEN or GH_TOKEN\n');
    const missing = await runCli(['import', '--github-alerts', 'acme/nope', '--repo', fx.repo.dir], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^spillkit: GitHub answered 404 for the secret-scanning alerts of repository acme\/nope/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});
