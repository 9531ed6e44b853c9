import sodium from 'libsodium-wrappers';
import { describe, expect, it } from 'vitest';
import { SpillkitError } from '../../../src/errors.js';
import { putActionsSecret, sealForGithub } from '../../../src/providers/github/actions-secret.js';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { useEmulator } from './helpers.js';

describe('putActionsSecret: sealed-box delivery to GitHub Actions', () => {
  const env = useEmulator();

  it('seals the value to the repository key; GitHub (the emulator) opens exactly that value', async () => {
    const operator = env.emulator.issueToken('alice');
    const value = fakeSecret('aws-secret-access-key', 'rotated');
    const first = await putActionsSecret({ baseUrl: env.emulator.url, token: operator, owner: 'acme', repo: 'app', name: 'AWS_SECRET_ACCESS_KEY', value });
    expect(first).toEqual({ created: true, keyId: env.emulator.state.keyPair.keyId });

    const stored = env.emulator.state.actionsSecrets['acme/app'].AWS_SECRET_ACCESS_KEY;
    expect(stored.encrypted_value).not.toContain(value);
    // Open it the way GitHub does, with the repository's private key.
    await sodium.ready;
    const opened = sodium.crypto_box_seal_open(
      sodium.from_base64(stored.encrypted_value, sodium.base64_variants.ORIGINAL),
      env.emulator.state.keyPair.publicKey,
      env.emulator.state.keyPair.privateKey,
    );
    expect(sodium.to_string(opened)).toBe(value);

    const calls = env.emulator.calls.map((c) => `${c.method} ${c.path} ${c.status}`);
    expect(calls).toEqual(['GET /repos/acme/app/actions/secrets/public-key 200', 'PUT /repos/acme/app/actions/secrets/AWS_SECRET_ACCESS_KEY 201']);
    expect(env.emulator.calls[1].body).toEqual({ encrypted_value: stored.encrypted_value, key_id: env.emulator.state.keyPair.keyId });
    expect(env.emulator.calls[1].auth?.credential).toBe(operator);

    const second = await putActionsSecret({ baseUrl: env.emulator.url, token: operator, owner: 'acme', repo: 'app', name: 'AWS_SECRET_ACCESS_KEY', value: `${value}2` });
    expect(second.created).toBe(false);
    expect(env.emulator.openActionsSecret('acme/app', 'AWS_SECRET_ACCESS_KEY')).toBe(`${value}2`);
  });

  it('seals differently each time (an ephemeral sender key), so equal values are not recognisable', async () => {
    await sodium.ready;
    const key = sodium.to_base64(env.emulator.state.keyPair.publicKey, sodium.base64_variants.ORIGINAL);
    expect(await sealForGithub('same', key)).not.toBe(await sealForGithub('same', key));
  });

  it('fails with one clear line naming the repository and status, never the value or the token', async () => {
    const operator = env.emulator.issueToken('alice');
    const value = fakeSecret('github-pat', 'to-deliver');
    const error = await putActionsSecret({ baseUrl: env.emulator.url, token: operator, owner: 'acme', repo: 'missing', name: 'DEPLOY', value }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpillkitError);
    expect((error as SpillkitError).message).toBe('could not read the Actions public key of acme/missing: HTTP 404 Not Found - https://docs.github.com/rest');
    expect((error as SpillkitError).data).toEqual({ status: 404, code: 'not-found' });

    const denied = await putActionsSecret({ baseUrl: env.emulator.url, token: fakeSecret('github-pat', 'not-an-operator'), owner: 'acme', repo: 'app', name: 'DEPLOY', value }).catch((e: unknown) => e);
    expect((denied as SpillkitError).message).toMatch(/HTTP 401 Bad credentials/);
    for (const e of [error, denied]) expect(JSON.stringify({ m: (e as Error).message, d: (e as SpillkitError).data })).not.toMatch(new RegExp(`${value}|${operator}`));
  });

  it('refuses names GitHub would reject before calling it', async () => {
    for (const name of ['GITHUB_TOKEN', '1ST', 'WITH-DASH']) {
      await expect(putActionsSecret({ baseUrl: env.emulator.url, token: 'x', owner: 'acme', repo: 'app', name, value: 'v' })).rejects.toMatchObject({ code: 'USAGE' });
    }
    expect(env.emulator.calls).toHaveLength(0);
  });
});
