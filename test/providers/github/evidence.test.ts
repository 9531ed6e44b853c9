import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adapter, contextFor, credentialFor, leakSurface, useEmulator } from './helpers.js';

const hashed = (token: string): string => createHash('sha256').update(token).digest('base64');

describe('github adapter: evidence (no last-used API; expiry, security and audit logs)', () => {
  const env = useEmulator();

  it('reports the expiry and points at the token page and security log', async () => {
    const token = env.emulator.issueToken('alice', { expiration: '2030-06-01 12:00:00 UTC' });
    const ctx = contextFor(env.emulator);
    const result = await adapter.evidence(credentialFor(token), ctx);
    expect(result.state).toBe('ok');
    if (result.state !== 'ok') return;
    const web = new URL(env.emulator.url).origin;
    expect(result.value).toMatchObject({ lastUsed: null, service: null, region: null });
    expect(result.value.notes).toEqual([
      `GitHub has no API for a token's last use; the classic personal access token page shows "Last used within…": ${web}/settings/tokens`,
      'token expires 2030-06-01 12:00:00 UTC (github-authentication-token-expiration)',
      `the owner's security log lists token events: ${web}/settings/security-log`,
      'set SPILLKIT_GITHUB_ORG (or SPILLKIT_GITHUB_REPO) to search an organization audit log for this token',
    ]);
  });

  it('finds the last use in an organization audit log by hashed token', async () => {
    const token = env.emulator.issueToken('alice');
    const operator = env.emulator.issueToken('alice', { scopes: ['read:audit_log'] });
    env.emulator.state.auditLog.acme = [
      { '@timestamp': Date.UTC(2024, 4, 1), action: 'repo.download_zip', actor: 'alice', hashed_token: hashed(token), repo: 'acme/app' },
      { '@timestamp': Date.UTC(2024, 4, 3), action: 'git.clone', actor: 'alice', hashed_token: hashed(token), repo: 'acme/app' },
      { '@timestamp': Date.UTC(2024, 4, 9), action: 'git.push', actor: 'alice', hashed_token: hashed(operator), repo: 'acme/site' },
    ];
    const ctx = contextFor(env.emulator, { env: { GITHUB_TOKEN: operator, SPILLKIT_GITHUB_REPO: 'acme/app' } });
    const result = await adapter.evidence(credentialFor(token), ctx);
    expect(result).toMatchObject({ state: 'ok', value: { lastUsed: '2024-05-03T00:00:00.000Z', service: 'git.clone' } });
    if (result.state !== 'ok') return;
    const auditUrl = `${new URL(env.emulator.url).origin}/organizations/acme/settings/audit-log?q=${encodeURIComponent(`hashed_token:"${hashed(token)}"`)}`;
    expect(result.value.notes).toContain(`organization audit log, filtered to this token: ${auditUrl}`);
    expect(result.value.notes).toContain('latest audit-log event in acme: git.clone on acme/app by alice');
    const auditCall = env.emulator.calls.find((c) => c.path === '/orgs/acme/audit-log')!;
    expect(auditCall.query).toMatchObject({ phrase: `hashed_token:"${hashed(token)}"`, order: 'desc' });
    expect(auditCall.auth?.credential).toBe(operator);
    expect(leakSurface(ctx, result)).not.toMatch(new RegExp(`${token}|${operator}`));
  });

  it('says where to look when the audit-log API is not available (not Enterprise Cloud)', async () => {
    const token = env.emulator.issueToken('alice');
    const operator = env.emulator.issueToken('alice');
    const result = await adapter.evidence(credentialFor(token), contextFor(env.emulator, { env: { GH_TOKEN: operator, SPILLKIT_GITHUB_ORG: 'acme' } }));
    expect(result.state === 'ok' && result.value.notes.at(-1)).toMatch(/^audit log API not available for acme \(not-found;/);
  });

  it('notes a dead token instead of failing', async () => {
    const token = env.emulator.issueToken('alice');
    env.emulator.state.tokens.find((t) => t.value === token)!.revoked = true;
    const result = await adapter.evidence(credentialFor(token), contextFor(env.emulator));
    expect(result.state === 'ok' && result.value.notes[1]).toMatch(/^token no longer valid: GitHub answered 401/);
  });
});
