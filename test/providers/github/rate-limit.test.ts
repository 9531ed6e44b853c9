import { describe, expect, it } from 'vitest';
import { classifyError, makeOctokit } from '../../../src/providers/github/client.js';
import { createGithubAdapter } from '../../../src/providers/github/index.js';
import { contextFor, credentialFor, leakSurface, useEmulator } from './helpers.js';

// Real timing: the throttling plugin waits out Retry-After (1 s here) before retrying.
const adapter = createGithubAdapter();

describe('github adapter: rate limits and errors through octokit\'s retry and throttling', () => {
  const env = useEmulator();

  it('retries a 403 secondary rate limit after Retry-After', async () => {
    const token = env.emulator.issueToken('alice');
    env.emulator.failNext(1, 'secondary-rate-limit', { retryAfter: 1 });
    const started = Date.now();
    const identity = await adapter.identify(credentialFor(token), contextFor(env.emulator));
    expect(identity).toMatchObject({ state: 'ok', value: { owner: 'alice' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(env.emulator.calls.map((c) => c.status)).toEqual([403, 200]);
  });

  it('retries a 429 and a primary rate limit (x-ratelimit-remaining: 0)', async () => {
    const token = env.emulator.issueToken('alice');
    env.emulator.failNext(1, 'too-many-requests', { retryAfter: 1 });
    expect(await adapter.verify(credentialFor(token), contextFor(env.emulator))).toMatchObject({ state: 'ok', value: { live: true } });
    env.emulator.failNext(1, 'rate-limit', { retryAfter: 0 });
    expect(await adapter.verify(credentialFor(token), contextFor(env.emulator))).toMatchObject({ state: 'ok', value: { live: true } });
    expect(env.emulator.calls.map((c) => c.status)).toEqual([429, 200, 403, 200]);
  });

  it('gives up after its retries and answers unknown, never "not live"', async () => {
    const token = env.emulator.issueToken('alice');
    env.emulator.failNext(10, 'too-many-requests', { retryAfter: 1 });
    const ctx = contextFor(env.emulator);
    const result = await adapter.verify(credentialFor(token), ctx);
    expect(result).toMatchObject({ state: 'unknown', code: 'rate-limited' });
    expect(result.state === 'unknown' && result.message).toMatch(/rate limit still hit after retries \(retry in 1 s\)/);
    expect(env.emulator.calls).toHaveLength(3);
    expect(ctx.records).toEqual([{ type: 'provider-call', data: { provider: 'github', call: 'GET /user', status: 429, outcome: 'unknown', code: 'rate-limited' } }]);
    expect(leakSurface(ctx, result)).not.toContain(token);
  });

  it('does not stall an incident on a long wait: gives up at once and says when to retry', async () => {
    const token = env.emulator.issueToken('alice');
    env.emulator.failNext(1, 'secondary-rate-limit', { retryAfter: 600 });
    const started = Date.now();
    const result = await adapter.revoke(credentialFor(token), contextFor(env.emulator), {});
    expect(result).toMatchObject({ state: 'unknown', code: 'rate-limited' });
    expect(result.state === 'unknown' && result.message).toMatch(/retry in 600 s/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(env.emulator.isRevoked(token)).toBe(false);
  });

  it('backs off and retries a 5xx; unknown when it persists', async () => {
    const fast = createGithubAdapter({ retryBaseMs: 10 });
    const token = env.emulator.issueToken('alice');
    env.emulator.failNext(1, 'server-error');
    expect(await fast.verify(credentialFor(token), contextFor(env.emulator))).toMatchObject({ state: 'ok', value: { live: true } });
    env.emulator.failNext(10, 'server-error');
    expect(await fast.verify(credentialFor(token), contextFor(env.emulator))).toMatchObject({ state: 'unknown', code: 'server-error' });
  });

  it('classifies 404 as refused and 401 as bad credentials', async () => {
    const octokit = makeOctokit(env.emulator.url, undefined);
    const missing = await octokit.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner: 'acme', repo: 'nope' }).catch((e: unknown) => e);
    expect(classifyError(missing, [])).toMatchObject({ state: 'refused', code: 'bad-credentials', status: 401 });
    const operator = env.emulator.issueToken('alice');
    const authed = makeOctokit(env.emulator.url, operator);
    const notFound = await authed.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner: 'acme', repo: 'nope' }).catch((e: unknown) => e);
    expect(classifyError(notFound, [operator])).toMatchObject({ state: 'refused', code: 'not-found', status: 404 });
  });
});
