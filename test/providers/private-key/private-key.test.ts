import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateKeyAdapter } from '../../../src/providers/private-key/index.js';
import { publicKeyOf } from '../../../src/providers/private-key/public-key.js';
import { credentialFor, recordingContext, startLoopback, type Loopback } from '../../emulators/saas.js';

/**
 * A leaked private key's public half, computed in process, must be the one ssh-keygen names (the real
 * tool, from OpenSSH); a key that is a deploy key of the repository is deleted there with the
 * operator's token, and only that key; anything else is left to the manual steps.
 */
const hasSshKeygen = (() => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as { status?: number }).status !== undefined && (e as { code?: string }).code !== 'ENOENT';
  }
})();

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spillkit-pk-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ssh-keygen's fingerprint and public line for a private key file. */
function sshKeygen(file: string): { fingerprint: string; line: string } {
  const fingerprint = execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' }).split(/\s+/)[1]!;
  const line = execFileSync('ssh-keygen', ['-yf', file], { encoding: 'utf8' }).trim();
  return { fingerprint, line };
}

function writeKey(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

describe.skipIf(!hasSshKeygen)('public half of a private key', () => {
  it('matches the SSH encoding of an ed25519 PKCS#8 key (which ssh-keygen does not read): its raw public key from the SPKI', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
    const expected = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
    expect(publicKeyOf(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())?.fingerprint).toBe(expected);
  });

  const cases: Array<[string, () => string]> = [
    ['RSA PKCS#1', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs1' }).toString()],
    ['ECDSA P-256 SEC1', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString()],
    ['ECDSA P-384 PKCS#8', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()],
  ];
  for (const [name, make] of cases) {
    it(`matches ssh-keygen for ${name}`, () => {
      const text = make();
      const file = writeKey(name.replace(/\W/g, '_'), text);
      const key = publicKeyOf(text);
      expect(key?.fingerprint).toBe(sshKeygen(file).fingerprint);
    });
  }

  it('matches ssh-keygen for OpenSSH keys, also passphrase-protected and with escaped newlines', () => {
    for (const [type, passphrase] of [['ed25519', ''], ['rsa', ''], ['ecdsa', 'correct horse']] as const) {
      const file = join(dir, `openssh-${type}-${passphrase ? 'enc' : 'plain'}`);
      execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', '', '-f', file]);
      const text = readFileSync(file, 'utf8');
      const expected = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(/\s+/)[1];
      expect(publicKeyOf(text)?.fingerprint).toBe(expected);
      expect(publicKeyOf(text.replace(/\n/g, '\\n'))?.fingerprint).toBe(expected);
    }
  });

  it('reads nothing from a truncated or foreign block', () => {
    expect(publicKeyOf('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----')).toBeNull();
    expect(publicKeyOf('-----BEGIN PGP PRIVATE KEY BLOCK-----\nxx\n-----END PGP PRIVATE KEY BLOCK-----')).toBeNull();
  });
});

describe.skipIf(!hasSshKeygen)('deploy key revocation', () => {
  let github: Loopback;
  let keys: Array<{ id: number; key: string; title: string; read_only: boolean; deleted?: boolean }>;
  let leakedText: string;
  const operator = `op-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    const leakedFile = join(dir, 'deploy');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', leakedFile]);
    leakedText = readFileSync(leakedFile, 'utf8');
    const otherFile = join(dir, 'other');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', otherFile]);
    // Many keys, so the listing pages: the leaked one is on the second page.
    keys = Array.from({ length: 100 }, (_, i) => ({ id: 1000 + i, key: sshKeygen(otherFile).line, title: `other ${i}`, read_only: true }));
    keys.push({ id: 7, key: sshKeygen(leakedFile).line, title: 'ci deploy', read_only: false });
    github = await startLoopback((req) => {
      if (req.headers.authorization !== `Bearer ${operator}`) return { status: 401, body: { message: 'Bad credentials' } };
      if (req.method === 'GET' && req.path === '/repos/acme/api/keys') {
        const page = Number(req.query.get('page') ?? '1');
        return { status: 200, body: keys.filter((k) => !k.deleted).slice((page - 1) * 100, page * 100) };
      }
      const del = /^\/repos\/acme\/api\/keys\/(\d+)$/.exec(req.path);
      if (req.method === 'DELETE' && del) {
        const key = keys.find((k) => k.id === Number(del[1]) && !k.deleted);
        if (!key) return { status: 404, body: { message: 'Not Found' } };
        key.deleted = true;
        return { status: 204 };
      }
      return { status: 404, body: { message: 'Not Found' } };
    });
  });
  afterAll(() => github.close());

  const ctxFor = (extra: Record<string, string> = {}, dryRun = false) =>
    recordingContext({ GITHUB_API_URL: github.url, GITHUB_TOKEN: operator, SPILLKIT_GITHUB_REPO: 'acme/api', ...extra }, { dryRun });
  const cred = () => credentialFor('ssh', 'openssh-private-key', leakedText);

  it('identifies the key by its fingerprint, without a network call', async () => {
    const calls = github.calls.length;
    const identity = await createPrivateKeyAdapter('ssh').identify(cred(), ctxFor());
    expect(identity).toMatchObject({ state: 'ok', value: { keyId: expect.stringMatching(/^SHA256:/), details: { type: 'ssh-ed25519' } } });
    expect(github.calls.length).toBe(calls);
  });

  it('dry run names the deploy key and deletes nothing; then deletes only that key', async () => {
    const adapter = createPrivateKeyAdapter('ssh');
    expect(await adapter.revoke(cred(), ctxFor({}, true), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('would delete deploy key "ci deploy" (read-write') } });
    expect(keys.some((k) => k.deleted)).toBe(false);
    const ctx = ctxFor();
    expect(await adapter.revoke(cred(), ctx, {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('deleted deploy key "ci deploy"') } });
    expect(keys.filter((k) => k.deleted).map((k) => k.id)).toEqual([7]);
    expect(JSON.stringify(ctx.records)).not.toContain(operator);
    expect(JSON.stringify(ctx.records)).not.toContain('PRIVATE KEY');
  });

  it('leaves a key that is no deploy key, or no operator token, to the manual steps', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const adapter = createPrivateKeyAdapter();
    expect(await adapter.revoke(credentialFor('private-key', 'private-key-pkcs8', stranger), ctxFor(), {})).toMatchObject({ state: 'refused', code: 'manual', message: expect.stringContaining('not a deploy key of acme/api') });
    expect(await adapter.revoke(cred(), ctxFor({ GITHUB_TOKEN: '' }), {})).toMatchObject({ state: 'refused', code: 'manual', message: expect.stringContaining('GITHUB_TOKEN') });
    expect(adapter.manualSteps(cred())[0]!.checklist.join(' ')).toContain('authorized_keys');
  });
});
