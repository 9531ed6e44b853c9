import { describe, expect, it } from 'vitest';
import type { Analysis, Outcome } from '../../../src/providers/contract.js';
import { lastPage } from '../../../src/providers/github/analyze.js';
import { adapter, contextFor, credentialFor, leakSurface, useEmulator } from './helpers.js';

/**
 * GitHub blast radius through octokit against the REST emulator, with the leaked token: classic scopes
 * wide and narrow, fine-grained and installation tokens, a revoked token, a route the token may not
 * call, 429 with Retry-After, 5xx and a hang past the timeout.
 */

const value = (o: Outcome<Analysis>): Analysis => {
  if (o.state !== 'ok') throw new Error(`expected ok, got ${o.state} ${o.code}: ${o.message}`);
  return o.value;
};

describe('github analyze', () => {
  const env = useEmulator();
  const setUp = (): void => {
    env.emulator.state.memberships.alice = ['acme'];
    env.emulator.state.repos.push({ owner: 'alice', name: 'dotfiles' });
  };

  it('a classic token with admin:org: owner, scopes, organisations, repositories and private ones, expiry', async () => {
    setUp();
    const token = env.emulator.issueToken('alice', { scopes: ['repo', 'admin:org'], expiration: '2030-01-01 00:00:00 UTC' });
    const ctx = contextFor(env.emulator);
    const a = value(await adapter.analyze!(credentialFor(token), ctx));
    expect(a).toMatchObject({ principal: 'alice', kind: 'classic personal access token', risk: 'critical', expiresAt: '2030-01-01 00:00:00 UTC' });
    expect(a.summary).toEqual(['owner: alice (User)', 'scopes: repo, admin:org', 'admin: yes (admin:org)', 'organisations: acme', 'repositories: 3 reachable, 1 private']);
    expect(a.resources.counts).toEqual([{ kind: 'repositories', count: 3 }, { kind: 'private repositories', count: 1 }]);
    expect(a.gaps).toEqual([]);
    expect(env.emulator.calls.map((c) => `${c.method} ${c.path} ${c.query.visibility ?? ''}`.trim())).toEqual(['GET /user', 'GET /user/orgs', 'GET /user/repos', 'GET /user/repos private']);
    expect(env.emulator.calls.every((c) => c.auth?.credential === token)).toBe(true);
    expect(ctx.records.map((r) => r.data.call)).toEqual(['GET /user', 'GET /user/orgs', 'GET /user/repos', 'GET /user/repos?visibility=private']);
    expect(leakSurface(ctx, a)).not.toContain(token);
  });

  it('a narrow classic token reading public data only', async () => {
    const token = env.emulator.issueToken('mallory', { scopes: ['read:user'] });
    const a = value(await adapter.analyze!(credentialFor(token), contextFor(env.emulator)));
    expect(a.permissions).toMatchObject({ admin: false, write: false, grants: ['read:user'] });
    expect(a.summary).toContain('repositories: 0 reachable, 0 private');
    expect(a.risk).toBe('low');
  });

  it('a fine-grained token: permissions not listed, reach counted', async () => {
    setUp();
    const token = env.emulator.issueToken('alice', { kind: 'fine-grained' });
    const a = value(await adapter.analyze!(credentialFor(token, 'github-fine-grained-pat'), contextFor(env.emulator)));
    expect(a.summary).toContain('permissions: not listed by the API for this kind of token: check it on its settings page');
    expect(a.permissions.admin).toBeNull();
    expect(a.risk).toBe('high');
  });

  it('an installation token: its repositories and how many are private', async () => {
    const token = env.emulator.issueToken('acme', { kind: 'installation', installationRepos: ['acme/app', 'acme/site'] });
    const a = value(await adapter.analyze!(credentialFor(token, 'github-app-installation-token'), contextFor(env.emulator)));
    expect(a.principal).toBe('acme');
    expect(a.resources.items).toEqual(['repository acme/app', 'repository acme/site']);
    expect(a.summary).toContain('repositories: 2 reachable, 1 private');
    expect(a.risk).toBe('high');
  });

  it('refuses a revoked token', async () => {
    const token = env.emulator.issueToken('alice');
    env.emulator.state.tokens.find((t) => t.value === token)!.revoked = true;
    expect(await adapter.analyze!(credentialFor(token), contextFor(env.emulator))).toMatchObject({ state: 'refused', code: 'bad-credentials' });
    expect(env.emulator.calls).toHaveLength(1);
  });

  it('keeps a route the token may not call as a gap', async () => {
    setUp();
    const token = env.emulator.issueToken('alice', { kind: 'fine-grained', deny: ['GET /user/orgs'] });
    const a = value(await adapter.analyze!(credentialFor(token, 'github-fine-grained-pat'), contextFor(env.emulator)));
    expect(a.gaps).toEqual(['could not read organisations (denied)']);
    expect(a.summary).toContain('repositories: 3 reachable, 1 private');
  });

  it('waits out a 429 with Retry-After; a 5xx and a hang become gaps', async () => {
    setUp();
    const token = env.emulator.issueToken('alice', { scopes: ['repo'] });
    env.emulator.failNext(1, 'too-many-requests', { retryAfter: 1, match: /^GET \/user\/repos$/ });
    expect(value(await adapter.analyze!(credentialFor(token), contextFor(env.emulator))).gaps).toEqual([]);
    expect(env.emulator.calls.filter((c) => c.path === '/user/repos').map((c) => c.status)).toEqual([429, 200, 200]);

    env.emulator.failNext(5, 'server-error', { match: /^GET \/user\/orgs$/ });
    expect(value(await adapter.analyze!(credentialFor(token), contextFor(env.emulator))).gaps).toEqual(['could not read organisations (provider error)']);

    env.emulator.failNext(3, 'hang', { retryAfter: 2, match: /^GET \/user\/repos$/ });
    const hung = value(await adapter.analyze!(credentialFor(token), contextFor(env.emulator, { env: { SPILLKIT_HTTP_TIMEOUT_MS: '300' } })));
    expect(hung.gaps).toEqual(['could not read repositories (timeout)']);
  });

  it('counts from the Link header', () => {
    expect(lastPage('<https://h/user/repos?per_page=1&page=2>; rel="next", <https://h/user/repos?per_page=1&page=42>; rel="last"')).toBe(42);
    expect(lastPage(undefined)).toBeNull();
  });
});
