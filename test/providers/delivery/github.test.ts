import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dependabotSecretTarget, githubEnvSecretTarget, githubSecretTarget } from '../../../src/providers/delivery/github.js';
import { runtimePassword } from '../../helpers/databases.js';
import { startGithubSecretsEmulator, type GithubSecretsEmulator } from '../../emulators/github-secrets.js';
import { deliveryRun, failure } from './harness.js';

let gh: GithubSecretsEmulator;
let admin: string;
let outsider: string;

beforeEach(async () => {
  admin = runtimePassword(36);
  outsider = runtimePassword(36);
  gh = await startGithubSecretsEmulator(new Map([[admin, ['acme/app']], [outsider, []]]), new Map([['acme/app', ['production', 'QA env']]]));
});
afterEach(async () => {
  await gh.close();
});

// Octokit's retries wait a second per attempt by default; the delivery is what is under test here.
const env = (token = admin): Record<string, string> => ({ GITHUB_TOKEN: token, GITHUB_API_URL: gh.apiUrl });

describe('GitHub sealed secret stores as delivery targets', () => {
  it('parses the three flags', () => {
    expect(githubEnvSecretTarget.parse('acme/app/QA env:DB_URL')).toEqual({ kind: 'github-env-secret', owner: 'acme', repo: 'app', environment: 'QA env', name: 'DB_URL' });
    expect(dependabotSecretTarget.parse('acme/app:NPM_TOKEN')).toEqual({ kind: 'dependabot-secret', owner: 'acme', repo: 'app', name: 'NPM_TOKEN' });
    expect(() => githubEnvSecretTarget.parse('acme/app:DB_URL')).toThrow(/OWNER\/REPO\/ENVIRONMENT:NAME/);
    expect(() => githubSecretTarget.parse('acme:DB')).toThrow(/OWNER\/REPO:NAME/);
  });

  it('an environment secret is sealed to the environment\'s own key; the runner opens exactly the value', async () => {
    const value = `postgres://app:${runtimePassword()}@db/app`;
    const run = deliveryRun(env());
    const target = githubEnvSecretTarget.parse('acme/app/QA env:DB_URL');
    expect(await run.check(target)).toBe("GitHub Environment 'QA env' secret acme/app:DB_URL will be created");
    await run.deliver(target, { DB_URL: value });
    expect(gh.open('acme/app:env:QA env', 'DB_URL')).toBe(value);
    expect(gh.open('acme/app:actions', 'DB_URL')).toBeNull();
    expect(gh.stored('acme/app:env:QA env', 'DB_URL')!.encrypted_value).not.toContain(value);
    expect(run.lines[0]).toMatch(/^delivered DB_URL to GitHub Environment 'QA env' secret acme\/app:DB_URL; read back: DB_URL updated \d{4}-/);
    expect(run.records.find((r) => r.type === 'delivered')!.data).toMatchObject({ created: ['DB_URL'], verified: true });
    expect(run.surface()).not.toContain(value);
  });

  it('a Dependabot secret goes to the Dependabot store; an AWS pair keeps its own names', async () => {
    const run = deliveryRun(env());
    await run.deliver(dependabotSecretTarget.parse('acme/app:REGISTRY_SECRET'), { AWS_ACCESS_KEY_ID: 'key-id-value', AWS_SECRET_ACCESS_KEY: 'secret-value' });
    expect(gh.open('acme/app:dependabot', 'REGISTRY_SECRET')).toBe('secret-value');
    expect(gh.open('acme/app:dependabot', 'AWS_ACCESS_KEY_ID')).toBe('key-id-value');
    expect(gh.open('acme/app:actions', 'REGISTRY_SECRET')).toBeNull();
    await run.deliver(githubSecretTarget.parse('acme/app:REGISTRY_SECRET'), { X: 'actions-value' });
    expect(gh.open('acme/app:actions', 'REGISTRY_SECRET')).toBe('actions-value');
  });

  it('names the refusal in one line: no token, a bad token, a repository or environment it cannot see', async () => {
    const target = githubEnvSecretTarget.parse('acme/app/production:DB_URL');
    expect(await failure(deliveryRun({ GITHUB_API_URL: gh.apiUrl }).check(target))).toBe('--to-github-env-secret needs an operator token in GITHUB_TOKEN or GH_TOKEN');
    expect(await failure(deliveryRun(env('bad-token')).check(target))).toMatch(/could not read the environment public key of acme\/app environment 'production': HTTP 401 Bad credentials/);
    expect(await failure(deliveryRun(env(outsider)).check(target))).toMatch(/HTTP 404 Not Found/);
    expect(await failure(deliveryRun(env()).check(githubEnvSecretTarget.parse('acme/app/staging:DB_URL')))).toMatch(/environment 'staging': HTTP 404/);
    const surface = JSON.stringify(await failure(deliveryRun(env('bad-token')).deliver(target, { DB_URL: 'v-secret-value' })));
    expect(surface).not.toContain('v-secret-value');
  });

  it('rides out a 429 with Retry-After and a 5xx, and says when GitHub does not answer', async () => {
    gh.fail({ status: 429, retryAfter: '1', match: (r) => r.method === 'PUT', body: { message: 'You have exceeded a secondary rate limit.' } });
    gh.fail({ status: 502, match: (r) => r.method === 'PUT' });
    const run = deliveryRun(env());
    await run.deliver(githubSecretTarget.parse('acme/app:DEPLOY_KEY'), { DEPLOY_KEY: 'after-faults' });
    expect(gh.open('acme/app:actions', 'DEPLOY_KEY')).toBe('after-faults');
    expect(gh.calls.filter((c) => c.fault).map((c) => c.status)).toEqual([429, 502]);

    gh.fail({ delayMs: 2500, times: 4 });
    expect(await failure(deliveryRun({ ...env(), SPILLKIT_HTTP_TIMEOUT_MS: '400' }).check(githubSecretTarget.parse('acme/app:X')))).toMatch(/no answer/);
  });
});
