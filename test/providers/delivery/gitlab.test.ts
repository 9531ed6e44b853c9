import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitlabVariableTarget } from '../../../src/providers/delivery/gitlab.js';
import { runtimePassword } from '../../helpers/databases.js';
import { startGitlabVariablesEmulator, type GitlabVariablesEmulator } from '../../emulators/gitlab-variables.js';
import { deliveryRun, failure } from './harness.js';

let gitlab: GitlabVariablesEmulator;
let maintainer: string;
let developer: string;

beforeEach(async () => {
  maintainer = runtimePassword(26);
  developer = runtimePassword(26);
  gitlab = await startGitlabVariablesEmulator([maintainer, developer], [{
    id: 42,
    path: 'acme/shop',
    maintainers: [maintainer],
    variables: [
      { key: 'DATABASE_URL', value: 'old-value-1', variable_type: 'env_var', protected: true, masked: true, raw: false, environment_scope: 'production' },
      { key: 'DATABASE_URL', value: 'old-value-2', variable_type: 'env_var', protected: false, masked: false, raw: true, environment_scope: 'staging' },
      { key: 'API_KEY', value: 'api-old-value', variable_type: 'file', protected: false, masked: true, raw: false, environment_scope: '*' },
    ],
  }]);
});
afterEach(async () => {
  await gitlab.close();
});

const env = (token = maintainer): Record<string, string> => ({ GITLAB_TOKEN: token, GITLAB_API_URL: gitlab.apiUrl });
const variable = (scope: string) => gitlab.projects[0].variables.find((v) => v.environment_scope === scope && v.key === 'DATABASE_URL')!;

describe('GitLab CI/CD variable delivery', () => {
  it('parses PROJECT:KEY[@SCOPE]', () => {
    expect(gitlabVariableTarget.parse('acme/shop:DATABASE_URL@production')).toEqual({ kind: 'gitlab-variable', project: 'acme/shop', name: 'DATABASE_URL', scope: 'production' });
    expect(gitlabVariableTarget.parse('42:API_KEY')).toEqual({ kind: 'gitlab-variable', project: '42', name: 'API_KEY', scope: null });
    expect(() => gitlabVariableTarget.parse('acme/shop')).toThrow(/PROJECT:KEY\[@SCOPE\]/);
  });

  it('updates one scoped variable, keeping masked, protected and raw as they were; the other scope is untouched', async () => {
    const value = `postgres://shop:${runtimePassword()}@db/shop`;
    const run = deliveryRun(env());
    const target = gitlabVariableTarget.parse('acme/shop:DATABASE_URL@production');
    expect(await run.check(target)).toBe('GitLab CI/CD variable acme/shop:DATABASE_URL@production exists (masked, protected, scope production)');
    await run.deliver(target, { DATABASE_URL: value });
    expect(variable('production')).toMatchObject({ value, masked: true, protected: true, raw: false, variable_type: 'env_var' });
    expect(variable('staging').value).toBe('old-value-2');
    expect(run.lines).toEqual(['delivered DATABASE_URL to GitLab CI/CD variable acme/shop:DATABASE_URL@production; read back: DATABASE_URL (masked, protected, scope production)']);
    expect(run.surface()).not.toMatch(new RegExp(`old-value|${maintainer}`));
    expect(run.surface()).not.toContain(value);
  });

  it('a file-type masked variable stays a masked file variable; a missing one is created masked, unprotected, raw', async () => {
    const run = deliveryRun(env());
    await run.deliver(gitlabVariableTarget.parse('42:API_KEY'), { API_KEY: 'new-api-key-value' });
    expect(gitlab.projects[0].variables.find((v) => v.key === 'API_KEY')).toMatchObject({ value: 'new-api-key-value', variable_type: 'file', masked: true });
    await run.deliver(gitlabVariableTarget.parse('42:NEW_TOKEN'), { NEW_TOKEN: 'brand-new-value' });
    expect(gitlab.projects[0].variables.find((v) => v.key === 'NEW_TOKEN')).toMatchObject({ masked: true, protected: false, raw: true, environment_scope: '*' });
    expect(run.records.filter((r) => r.type === 'delivered').map((r) => r.data.created)).toEqual([[], ['NEW_TOKEN']]);
  });

  it('a key with two scopes and no @SCOPE is GitLab\'s 409, passed on in one line', async () => {
    expect(await failure(deliveryRun(env()).deliver(gitlabVariableTarget.parse('acme/shop:DATABASE_URL'), { DATABASE_URL: 'x-value-123' }))).toMatch(/HTTP 409 unexpected answer/);
  });

  it('refuses in one line: bad token 401, developer 403, missing project 404; retries a 429; gives up on 5xx; times out', async () => {
    const target = gitlabVariableTarget.parse('acme/shop:DATABASE_URL@production');
    expect(await failure(deliveryRun(env('nope-token')).check(target))).toMatch(/HTTP 401 the operator credential was rejected/);
    expect(await failure(deliveryRun(env(developer)).check(target))).toMatch(/HTTP 403 permission denied \(403 Forbidden\)/);
    expect(await failure(deliveryRun(env()).check(gitlabVariableTarget.parse('acme/gone:K')))).toMatch(/could not read GitLab project acme\/gone: HTTP 404 not found \(404 Project Not Found\)/);

    gitlab.fail({ status: 429, retryAfter: '0', match: (r) => r.method === 'PUT' });
    await deliveryRun(env()).deliver(target, { DATABASE_URL: 'after-throttle' });
    expect(variable('production').value).toBe('after-throttle');

    gitlab.fail({ status: 500, times: 5, match: (r) => r.method === 'PUT' });
    expect(await failure(deliveryRun(env()).deliver(target, { DATABASE_URL: 'never-set' }))).toMatch(/HTTP 500/);
    gitlab.faults.length = 0;
    gitlab.fail({ delayMs: 2500, times: 3 });
    expect(await failure(deliveryRun({ ...env(), SPILLKIT_HTTP_RETRIES: '0' }).check(target))).toMatch(/did not answer in time/);
  });
});
