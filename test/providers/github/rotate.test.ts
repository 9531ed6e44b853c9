import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src/providers/contract.js';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { adapter, contextFor, credentialFor, leakSurface, useEmulator } from './helpers.js';

const envFile = (): Delivery => ({ kind: 'env-file', file: join(mkdtempSync(join(tmpdir(), 'spillkit-gh-')), '.env') });

describe('github adapter: guided rotation', () => {
  const env = useEmulator();

  function scene() {
    const leaked = env.emulator.issueToken('alice', { scopes: ['repo', 'workflow'] });
    const fresh = env.emulator.issueToken('alice', { scopes: ['repo', 'workflow'] });
    const operator = env.emulator.issueToken('alice');
    env.emulator.state.alerts.push(
      { repo: 'acme/app', number: 4, secret: leaked, state: 'open', resolution: null },
      { repo: 'acme/app', number: 5, secret: operator, state: 'open', resolution: null },
    );
    return { leaked, fresh, operator, repoEnv: { GITHUB_TOKEN: operator, SPILLKIT_GITHUB_REPO: 'acme/app' } };
  }

  it('delivers the pasted token, then revokes the old one and resolves its alert as revoked', async () => {
    const { leaked, fresh, operator, repoEnv } = scene();
    const delivery = envFile();
    let callsAtDelivery: string[] = [];
    const ctx = contextFor(env.emulator, {
      env: repoEnv,
      paste: fresh,
      deliver: async () => {
        callsAtDelivery = env.emulator.calls.map((c) => `${c.method} ${c.path} ${c.status}`);
      },
    });
    const result = await adapter.rotate!(credentialFor(leaked), ctx, { delivery, deleteOld: false });
    expect(result.state).toBe('ok');
    if (result.state !== 'ok') return;
    expect(result.value).toMatchObject({ delivered: ['GITHUB_TOKEN'], old: 'deleted', newKeyId: null });
    // The leaked token's owner and the pasted token are both checked before delivery; nothing is revoked yet.
    expect(callsAtDelivery).toEqual(['GET /user 200', 'GET /user 200']);
    expect(env.emulator.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /user 200',
      'GET /user 200',
      'POST /credentials/revoke 202',
      'GET /user 401',
      'GET /repos/acme/app/secret-scanning/alerts 200',
      'PATCH /repos/acme/app/secret-scanning/alerts/4 200',
    ]);
    expect(result.value.action).toMatch(/new classic personal access token of alice delivered as GITHUB_TOKEN/);
    expect(result.value.action).toMatch(/revoked \(confirmed: it now gets 401\)/);
    expect(result.value.action).toMatch(/with or without --delete-old/);
    expect(result.value.action).toMatch(/resolved secret-scanning alert\(s\) #4 in acme\/app as revoked/);

    expect(ctx.prompts).toHaveLength(1);
    // GITHUB_API_URL is GitHub Enterprise style, so the settings page is on that host.
    expect(ctx.prompts[0]).toContain(`${new URL(env.emulator.url).origin}/settings/tokens`);
    expect(ctx.prompts[0]).toMatch(/signed in as alice with scopes repo, workflow\.\nPaste the new token \(input hidden\): $/);
    expect(ctx.deliveries).toEqual([{ delivery, values: { GITHUB_TOKEN: fresh } }]);
    expect(env.emulator.isRevoked(leaked)).toBe(true);
    expect(env.emulator.isRevoked(fresh)).toBe(false);
    expect(env.emulator.state.alerts.map((a) => `${a.number} ${a.state} ${a.resolution}`)).toEqual(['4 resolved revoked', '5 open null']);

    const revokeCall = env.emulator.calls.find((c) => c.path === '/credentials/revoke')!;
    expect(revokeCall.auth).toBeNull();
    expect(leakSurface(ctx, result)).not.toMatch(new RegExp([leaked, fresh, operator].join('|')));
  });

  it('writes the token under the variable that holds the leaked one in the env file', async () => {
    const { leaked, fresh } = scene();
    const delivery = envFile();
    if (delivery.kind !== 'env-file') return;
    writeFileSync(delivery.file, `APP=1\nexport DEPLOY_GH_PAT="${leaked}"\n`);
    const ctx = contextFor(env.emulator, { paste: fresh });
    const result = await adapter.rotate!(credentialFor(leaked), ctx, { delivery, deleteOld: true });
    expect(result).toMatchObject({ state: 'ok', value: { delivered: ['DEPLOY_GH_PAT'], old: 'deleted' } });
    expect(ctx.deliveries[0].values).toEqual({ DEPLOY_GH_PAT: fresh });
  });

  it('delivers to a GitHub Actions secret under its name', async () => {
    const { leaked, fresh } = scene();
    const delivery: Delivery = { kind: 'github-secret', owner: 'acme', repo: 'app', name: 'RELEASE_TOKEN' };
    const ctx = contextFor(env.emulator, { paste: fresh });
    const result = await adapter.rotate!(credentialFor(leaked), ctx, { delivery, deleteOld: false });
    expect(result).toMatchObject({ state: 'ok', value: { delivered: ['RELEASE_TOKEN'] } });
    expect(ctx.deliveries[0]).toEqual({ delivery, values: { RELEASE_TOKEN: fresh } });
  });

  it('refuses a pasted token GitHub does not accept, and changes nothing', async () => {
    const { leaked, repoEnv } = scene();
    const ctx = contextFor(env.emulator, { env: repoEnv, paste: fakeSecret('github-pat', 'typo') });
    const result = await adapter.rotate!(credentialFor(leaked), ctx, { delivery: envFile(), deleteOld: false });
    expect(result).toMatchObject({ state: 'refused', code: 'new-token-invalid' });
    expect(ctx.deliveries).toHaveLength(0);
    expect(env.emulator.isRevoked(leaked)).toBe(false);
    expect(env.emulator.calls.some((c) => c.method !== 'GET')).toBe(false);
    expect(leakSurface(ctx, result)).not.toContain(fakeSecret('github-pat', 'typo'));
  });

  it('refuses a pasted token of another user', async () => {
    const { leaked } = scene();
    const mallorys = env.emulator.issueToken('mallory');
    const ctx = contextFor(env.emulator, { paste: mallorys });
    const result = await adapter.rotate!(credentialFor(leaked), ctx, { delivery: envFile(), deleteOld: false });
    expect(result).toMatchObject({ state: 'refused', code: 'owner-mismatch' });
    expect(result.state === 'refused' && result.message).toBe('the pasted token belongs to mallory, the leaked one to alice: nothing changed');
    expect(ctx.deliveries).toHaveLength(0);
    expect(env.emulator.isRevoked(leaked)).toBe(false);
  });

  it('refuses the leaked token pasted back, and an empty paste', async () => {
    const { leaked } = scene();
    const same = await adapter.rotate!(credentialFor(leaked), contextFor(env.emulator, { paste: leaked }), { delivery: envFile(), deleteOld: false });
    expect(same).toMatchObject({ state: 'refused', code: 'same-token' });
    const empty = await adapter.rotate!(credentialFor(leaked), contextFor(env.emulator, { paste: '   ' }), { delivery: envFile(), deleteOld: false });
    expect(empty).toMatchObject({ state: 'refused', code: 'no-token' });
    expect(env.emulator.isRevoked(leaked)).toBe(false);
  });

  it('refuses clearly when there is no terminal to paste into', async () => {
    const { leaked } = scene();
    const ctx = contextFor(env.emulator);
    const result = await adapter.rotate!(credentialFor(leaked), ctx, { delivery: envFile(), deleteOld: false });
    expect(result).toMatchObject({ state: 'refused', code: 'non-interactive' });
    expect(result.state === 'refused' && result.message).toMatch(/hidden prompt: run spillkit rotate on a terminal \(Create the replacement .* at http:\/\/127\.0\.0\.1:\d+\/settings\/tokens signed in as alice/);
  });

  it('leaves the old token active when delivery fails, and never repeats the token in the error', async () => {
    const { leaked, fresh } = scene();
    const ctx = contextFor(env.emulator, {
      paste: fresh,
      deliver: async (_d, values) => {
        throw new Error(`disk full while writing ${Object.values(values)[0]}`);
      },
    });
    const result = await adapter.rotate!(credentialFor(leaked), ctx, { delivery: envFile(), deleteOld: false });
    expect(result).toMatchObject({ state: 'unknown', code: 'delivery-failed' });
    expect(result.state !== 'ok' && result.message).toMatch(/disk full while writing \[REDACTED\].*left active/);
    expect(env.emulator.isRevoked(leaked)).toBe(false);
    expect(leakSurface(ctx, result)).not.toContain(fresh);
  });

  it('reports the old token as left active when the revocation fails after delivery', async () => {
    const { leaked, fresh } = scene();
    env.emulator.failNext(1, 'unprocessable', { match: /^POST / });
    const ctx = contextFor(env.emulator, { paste: fresh });
    const result = await adapter.rotate!(credentialFor(leaked), ctx, { delivery: envFile(), deleteOld: false });
    expect(result).toMatchObject({ state: 'ok', value: { old: 'left active', delivered: ['GITHUB_TOKEN'] } });
    expect(result.state === 'ok' && result.value.action).toMatch(/revoking the leaked token failed \(validation-failed/);
  });

  it('in a dry run reads only: no prompt, no delivery, no revocation, no alert change', async () => {
    const { leaked, fresh, repoEnv } = scene();
    const ctx = contextFor(env.emulator, { env: repoEnv, dryRun: true, paste: fresh });
    const result = await adapter.rotate!(credentialFor(leaked), ctx, { delivery: envFile(), deleteOld: false });
    expect(result.state).toBe('ok');
    if (result.state !== 'ok') return;
    expect(result.value).toMatchObject({ delivered: [], old: 'left active' });
    expect(result.value.action).toMatch(/^dry run: would ask you to create the replacement classic personal access token at .*settings\/tokens signed in as alice/);
    expect(result.value.action).toMatch(/would resolve secret-scanning alert\(s\) #4/);
    expect(ctx.prompts).toHaveLength(0);
    expect(ctx.deliveries).toHaveLength(0);
    expect(env.emulator.calls.every((c) => c.method === 'GET')).toBe(true);
    expect(env.emulator.isRevoked(leaked)).toBe(false);
  });

  it('sends app tokens that cannot be pasted back to the manual steps', async () => {
    const token = env.emulator.issueToken('acme', { kind: 'installation', installationRepos: ['acme/app'] });
    const result = await adapter.rotate!(credentialFor(token, 'github-app-installation-token'), contextFor(env.emulator, { paste: 'x' }), { delivery: envFile(), deleteOld: false });
    expect(result).toMatchObject({ state: 'refused', code: 'manual-only' });
    expect(env.emulator.calls).toHaveLength(0);
  });
});
