import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsAdapter } from '../../../src/providers/aws/index.js';
import { startHarness } from './harness.js';

const saved = { ...process.env };
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

describe('aws operator credentials', () => {
  it('come from the SDK default chain with AWS_PROFILE when ctx.env has no keys', async () => {
    const h = await startHarness({ noOperator: true });
    const dir = mkdtempSync(join(tmpdir(), 'spillkit-aws-'));
    const file = join(dir, 'credentials');
    writeFileSync(file, `[incident]\naws_access_key_id = ${h.admin.id}\naws_secret_access_key = ${h.admin.secret}\n`, { mode: 0o600 });
    // The SDK reads the file locations from the process environment; the profile comes from ctx.env.
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_PROFILE;
    process.env.AWS_SHARED_CREDENTIALS_FILE = file;
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    h.ctx.env.AWS_PROFILE = 'incident';
    const identity = await createAwsAdapter().identify(h.cred, h.ctx);
    expect(identity.state).toBe('ok');
    expect(h.emulator.calls[0].caller).toBe(h.admin.id);
  });

  it('are refused clearly when there are none', async () => {
    const h = await startHarness({ noOperator: true });
    const dir = mkdtempSync(join(tmpdir(), 'spillkit-aws-'));
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) delete process.env[name];
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked).toMatchObject({ state: 'refused', code: 'NoOperatorCredentials' });
    expect(h.emulator.calls).toEqual([]);
  });
});
