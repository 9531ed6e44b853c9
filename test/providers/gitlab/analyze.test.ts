import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis, Outcome } from '../../../src/providers/contract.js';
import { createGitlabAdapter } from '../../../src/providers/gitlab/index.js';
import { gitlabToken, startGitlabEmulator, type EmulatedGitlabToken, type GitlabEmulator } from '../../emulators/gitlab.js';
import { credentialFor, providerCalls, recordingContext } from '../../emulators/saas.js';

/** GitLab blast radius through callJson against the v4 emulator, with the leaked token. */

const adapter = createGitlabAdapter();
let emulator: GitlabEmulator;
let token: EmulatedGitlabToken;

beforeEach(async () => {
  token = gitlabToken('gl-analyze');
  emulator = await startGitlabEmulator([token], [
    { id: 17, username: 'alice', name: 'Alice Example' },
    { id: 90, username: 'project_42_bot_1a2b', name: 'deploy', bot: true },
  ]);
  emulator.projects.push({ id: 42, path: 'acme/app', members: [17, 90] }, { id: 43, path: 'acme/site', members: [17] });
  emulator.groups.push({ id: 7, path: 'acme', members: [17] });
});
afterEach(() => emulator.close());

const ctxFor = (env: Record<string, string> = {}) => recordingContext({ GITLAB_API_URL: emulator.apiUrl, SPILLKIT_HTTP_RETRIES: '2', ...env });
const cred = () => credentialFor('gitlab', 'gitlab-pat', token.secret);
const value = (o: Outcome<Analysis>): Analysis => {
  if (o.state !== 'ok') throw new Error(`expected ok, got ${o.state} ${o.code}: ${o.message}`);
  return o.value;
};

describe('GitLab analyze', () => {
  it('a personal token with api scope: user, scopes, memberships, expiry', async () => {
    const ctx = ctxFor();
    const a = value(await adapter.analyze!(cred(), ctx));
    expect(a).toMatchObject({ principal: 'alice', kind: 'GitLab personal access token', expiresAt: '2026-12-31', risk: 'high', account: emulator.url });
    expect(a.summary).toEqual(['user: alice', 'scopes: api, read_user', 'admin: no', 'projects: 2 (acme/app, acme/site)', 'groups: 1 (acme)']);
    expect(a.resources.counts).toEqual([{ kind: 'projects', count: 2 }, { kind: 'groups', count: 1 }]);
    expect(providerCalls(ctx).map((c) => c.call)).toEqual([
      'GET /personal_access_tokens/self', 'GET /user', 'GET /projects?membership=true&simple=true&per_page=20', 'GET /groups?min_access_level=10&per_page=20',
    ]);
    expect(JSON.stringify([ctx.records, a])).not.toContain(token.secret);
  });

  it('an administrator or a sudo scope is critical', async () => {
    emulator.users[0].isAdmin = true;
    expect(value(await adapter.analyze!(cred(), ctxFor()))).toMatchObject({ risk: 'critical', permissions: { admin: true } });
    emulator.users[0].isAdmin = false;
    token.scopes = ['api', 'sudo'];
    expect(value(await adapter.analyze!(cred(), ctxFor())).summary).toContain('admin: yes (sudo)');
  });

  it('a project access token: its bot user and the project it belongs to', async () => {
    token.userId = 90;
    const a = value(await adapter.analyze!(cred(), ctxFor()));
    expect(a.kind).toBe('GitLab project or group access token');
    expect(a.summary[0]).toBe('bot user: project_42_bot_1a2b (a project or group access token)');
    expect(a.summary).toContain('projects: 1 (acme/app)');
  });

  it('a narrow token: what it may not read becomes gaps', async () => {
    token.scopes = ['read_repository'];
    const a = value(await adapter.analyze!(cred(), ctxFor()));
    expect(a.principal).toBe('user #17');
    expect(a.gaps).toEqual(['could not read the token\'s user (denied)', 'could not read projects (denied)', 'could not read groups (denied)']);
    expect(a.risk).toBe('medium');
  });

  it('refuses a revoked token', async () => {
    token.revoked = true;
    expect(await adapter.analyze!(cred(), ctxFor())).toMatchObject({ state: 'refused', code: 'invalid-credential' });
  });

  it('429 with Retry-After is waited out; 5xx and a timeout could not tell', async () => {
    emulator.fail({ status: 429, retryAfter: '1' });
    const started = Date.now();
    expect((await adapter.analyze!(cred(), ctxFor())).state).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    emulator.fail({ status: 503, times: 3 });
    expect(await adapter.analyze!(cred(), ctxFor())).toMatchObject({ state: 'unknown', code: 'server-error' });
    emulator.fail({ status: 503, times: 3, match: (req) => req.path.endsWith('/groups') });
    expect(value(await adapter.analyze!(cred(), ctxFor())).gaps).toEqual(['could not read groups (provider error)']);
    emulator.fail({ status: 200, delayMs: 1500, times: 3 });
    expect(await adapter.analyze!(cred(), ctxFor({ SPILLKIT_HTTP_TIMEOUT_MS: '300' }))).toMatchObject({ state: 'unknown', code: 'timeout' });
  });
});
