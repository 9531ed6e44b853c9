import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { Finding } from '../../src/scan/finding.js';
import { verifyFindings, type VerifyOptions } from '../../src/verify/run-verify.js';
import { isNonPublicAddress, originsNear, refusalOf } from '../../src/verify/self-hosted.js';
import { startLoopback, type Loopback } from '../emulators/saas.js';

/**
 * Self-hosted checks: the host is the one the user named, or (only with --verify-self-hosted) a public
 * https host written near the secret; never a private, loopback or metadata address the text names.
 */
// Made at run time, in the right shapes: no secret-shaped literal in the repository.
const VAULT_TOKEN = ['hvs', randomBytes(18).toString('base64url')].join('.');
const STRIPE_KEY = fakeSecret('stripe-live', 'self-hosted-stripe');
const GITLAB_TOKEN = fakeSecret('gitlab-pat', 'self-hosted-gitlab');

function finding(rule: string, provider: string, secret: string, line = 2): Finding {
  return {
    fingerprint: `${rule}-fp`, rule, provider, severity: 'critical', confidence: 'high', source: 'blob', path: 'deploy.env', line, column: 1,
    commit: null, author: null, authorEmail: null, date: null, blob: '0'.repeat(40), refs: [], reachable: true, presentAtHead: true,
    redacted: 'x…', secretHash: `${rule}-hash`, occurrences: 1, why: [], secret,
  };
}

let vault: Loopback;
let stripe: Loopback;
beforeAll(async () => {
  vault = await startLoopback((req) => (req.path === '/v1/auth/token/lookup-self' && req.headers['x-vault-token'] === VAULT_TOKEN
    ? { status: 200, body: { data: { display_name: 'token-deployer' } } }
    : { status: 403, body: { errors: ['permission denied'] } }));
  stripe = await startLoopback(() => ({ status: 200, body: { livemode: true } }));
});
afterAll(async () => {
  await vault.close();
  await stripe.close();
});

const options = (extra: Partial<VerifyOptions>): VerifyOptions => ({
  env: { SPILLKIT_HTTP_TIMEOUT_MS: '1000', SPILLKIT_HTTP_RETRIES: '0' }, record: () => undefined, cache: null, maxAgeMs: null, ...extra,
});

describe('self-hosted hosts', () => {
  it('finds https origins near the secret, nearest first', () => {
    const text = 'a\nurl: https://far.example.com/x\n\n\nTOKEN=abc\nVAULT_ADDR="https://vault.corp.example:8200"\nhttp://plain.example.com\n';
    expect(originsNear(text, 5)).toEqual(['https://vault.corp.example:8200', 'https://far.example.com']);
  });

  it('tells public addresses from loopback, private, link-local and the like', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isNonPublicAddress(ip), ip).toBe(true);
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) expect(isNonPublicAddress(ip), ip).toBe(false);
  });

  it('refuses a host whose name resolves to any private address, or a local name', async () => {
    expect(await refusalOf('https://vault.corp.example', async () => ['93.184.216.34', '10.0.0.5'])).toMatch(/private or loopback/);
    expect(await refusalOf('https://169.254.169.254')).toMatch(/private or loopback/);
    expect(await refusalOf('https://localhost:8200')).toMatch(/local name/);
    expect(await refusalOf('https://vault.example.com', async () => ['93.184.216.34'])).toBeNull();
  });
});

describe('verifying a self-hosted credential', () => {
  it('checks at the host the user named, even on loopback', async () => {
    const f = finding('vault-service-token', 'vault', VAULT_TOKEN);
    const summary = await verifyFindings([f], options({ env: { ...options({}).env, VAULT_API_URL: vault.url } }));
    expect(f.validation).toMatchObject({ state: 'live', detail: expect.stringContaining('token-deployer') });
    expect(summary.live).toBe(1);
  });

  it('without --verify-self-hosted or a named host, says how to check and calls nobody', async () => {
    const f = finding('vault-service-token', 'vault', VAULT_TOKEN);
    const before = vault.calls.length;
    await verifyFindings([f], options({ contextOf: () => `VAULT_ADDR=${vault.url}\nVAULT_TOKEN=${VAULT_TOKEN}\n` }));
    expect(f.validation).toMatchObject({ state: 'unknown', detail: expect.stringContaining('--verify-self-hosted') });
    expect(vault.calls.length).toBe(before);
  });

  it('with --verify-self-hosted, never calls a private address the text names', async () => {
    const f = finding('vault-service-token', 'vault', VAULT_TOKEN);
    const before = vault.calls.length;
    const text = `VAULT_ADDR=https://vault.corp.example:8200\nVAULT_TOKEN=${VAULT_TOKEN}\n`;
    await verifyFindings([f], options({ selfHosted: true, contextOf: () => text, resolve: async () => ['127.0.0.1'] }));
    expect(f.validation).toMatchObject({ state: 'unknown', detail: expect.stringMatching(/not checked at https:\/\/vault\.corp\.example:8200: .*private or loopback/) });
    expect(vault.calls.length).toBe(before);
  });

  it('with --verify-self-hosted, calls a public host named near the secret, at the service API path', async () => {
    const f = finding('gitlab-pat', 'gitlab', GITLAB_TOKEN);
    const text = `GITLAB_URL=https://gitlab.corp.invalid\nGITLAB_TOKEN=${f.secret}\n`;
    const record: { type: string; data: Record<string, unknown> }[] = [];
    await verifyFindings([f], options({ selfHosted: true, contextOf: () => text, resolve: async () => ['93.184.216.34'], record: (type, data) => record.push({ type, data }) }));
    // .invalid never resolves: the call was made there (and failed), not to gitlab.com.
    expect(f.validation?.state).toBe('unknown');
    expect(record.find((r) => r.type === 'provider-call')?.data.call).toBe('GET gitlab.corp.invalid/api/v4/personal_access_tokens/self');
  });

  it('never lets the text move a fixed provider\'s check to another host', async () => {
    const f = finding('stripe-live-secret-key', 'stripe', STRIPE_KEY);
    const text = `STRIPE_API=https://api.stripe.com.evil.example\nKEY=${STRIPE_KEY}\n`;
    await verifyFindings([f], options({ env: { ...options({}).env, STRIPE_API_URL: stripe.url }, selfHosted: true, contextOf: () => text, resolve: async () => ['93.184.216.34'] }));
    expect(f.validation?.state).toBe('live');
    expect(stripe.calls.length).toBe(1);
  });
});
