import { describe, expect, it } from 'vitest';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { adapter, credentialFor } from './helpers.js';

describe('github adapter: manual steps per token kind', () => {
  it.each([
    ['github-pat', fakeSecret('github-pat', 'm'), 'https://github.com/settings/tokens'],
    ['github-fine-grained-pat', fakeSecret('github-fine-grained-pat', 'm'), 'https://github.com/settings/personal-access-tokens'],
    ['github-oauth-token', fakeSecret('github-oauth', 'm'), 'https://github.com/settings/applications'],
    ['github-user-to-server-token', `ghu_${fakeSecret('github-pat', 'u').slice(4)}`, 'https://github.com/settings/apps/authorizations'],
    ['github-app-installation-token', `ghs_${fakeSecret('github-pat', 's').slice(4)}`, 'https://github.com/settings/apps'],
    ['github-refresh-token', `ghr_${fakeSecret('github-pat', 'r').slice(4)}`, 'https://github.com/settings/apps/authorizations'],
    ['github-oauth-client-secret', fakeSecret('github-pat', 'c').slice(4), 'https://github.com/settings/developers'],
  ])('%s -> %s', (rule, secret, url) => {
    const steps = adapter.manualSteps(credentialFor(secret, rule));
    expect(steps).toHaveLength(1);
    expect(steps[0].url).toBe(url);
    expect(steps[0].checklist.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(steps)).not.toContain(secret);
  });

  it('exposes the adapter id and title the registry expects', () => {
    expect(adapter.id).toBe('github');
    expect(adapter.title).toBe('GitHub');
    expect(typeof adapter.rotate).toBe('function');
  });
});
