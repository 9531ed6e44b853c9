import { describe, expect, it } from 'vitest';
import { classCharacters, expandTemplate, FAKE_SECRET_KINDS, fakeSecret } from '../../src/rules/fake-secret.js';
import { validators } from '../../src/rules/validators.js';

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('expandTemplate', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const template = 'AKIA$[A-Z2-7:16] $[uuid] $[jwt]';
    expect(expandTemplate(template, 'seed-a')).toBe(expandTemplate(template, 'seed-a'));
    expect(expandTemplate(template, 'seed-a')).not.toBe(expandTemplate(template, 'seed-b'));
  });

  it('keeps the text around generators and honours class and length', () => {
    const value = expandTemplate('id=AKIA$[A-Z2-7:16];', 's');
    expect(value).toMatch(/^id=AKIA[A-Z2-7]{16};$/);
    expect(expandTemplate('$[a-zA-Z0-9_-:200]', 's')).toMatch(/^[A-Za-z0-9_-]{200}$/);
    expect(expandTemplate('$[hex:64]', 's')).toMatch(/^[0-9a-f]{64}$/);
    expect(expandTemplate('$[HEX:8]$[digits:9]', 's')).toMatch(/^[0-9A-F]{8}[0-9]{9}$/);
    expect(expandTemplate('$[./A-Za-z0-9:53]', 's')).toMatch(/^[./A-Za-z0-9]{53}$/);
  });

  it('parses class bodies like a regex class', () => {
    expect(classCharacters('A-C2-4')).toBe('ABC234');
    expect(classCharacters('a-c_-')).toBe('abc_-');
    expect(classCharacters('b64url')).toHaveLength(64);
  });

  it('produces random-looking runs: no triples, no counting sequences', () => {
    const value = expandTemplate('$[digits:4000]', 'runs');
    expect(value).not.toMatch(/(.)\1\1/);
    expect(value).not.toMatch(/0123|1234|2345|3456|4567|5678|6789|9876|8765|7654|6543|5432|4321|3210/);
  });

  it('builds a JWT with a real header and claims', () => {
    const token = expandTemplate('$[jwt]', 'jwt');
    const [header, payload, signature] = token.split('.');
    expect(decodeSegment(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeSegment(payload);
    expect(Object.keys(claims)).toEqual(expect.arrayContaining(['iss', 'sub', 'iat', 'exp']));
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(validators.jwt(token)).toBe(true);
  });

  it('builds full PEM blocks with 64-character base64 lines', () => {
    const block = expandTemplate('$[pem:RSA PRIVATE KEY]', 'pem');
    const lines = block.split('\n');
    expect(lines[0]).toBe('-----BEGIN RSA PRIVATE KEY-----');
    expect(lines.at(-1)).toBe('-----END RSA PRIVATE KEY-----');
    const body = lines.slice(1, -1);
    expect(body.length).toBeGreaterThan(20);
    for (const line of body.slice(0, -1)) expect(line).toMatch(/^[A-Za-z0-9+/]{64}$/);
    expect(body[0].startsWith('MII')).toBe(true);
    expect(validators['key-block'](block)).toBe(true);
  });

  it('builds OpenSSH, PGP, PuTTY and JSON-escaped key blocks', () => {
    const openssh = expandTemplate('$[openssh]', 'k');
    expect(openssh).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE/);
    expect(openssh.endsWith('-----END OPENSSH PRIVATE KEY-----')).toBe(true);
    expect(expandTemplate('$[pgp]', 'k')).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n[\s\S]+\n=[A-Za-z0-9+/]{4}\n-----END PGP PRIVATE KEY BLOCK-----$/);
    expect(expandTemplate('$[putty]', 'k')).toMatch(/^PuTTY-User-Key-File-3: ssh-ed25519\n[\s\S]+\nPrivate-MAC: [0-9a-f]{64}$/);
    const escaped = expandTemplate('$[pemjson:PRIVATE KEY]', 'k');
    expect(escaped).not.toContain('\n');
    expect(escaped).toMatch(/^-----BEGIN PRIVATE KEY-----\\n[\s\S]+\\n-----END PRIVATE KEY-----\\n$/);
  });

  it('encodes real base64 for b64bytes and basicauth', () => {
    expect(expandTemplate('$[b64bytes:64]', 'b')).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    const auth = Buffer.from(expandTemplate('$[basicauth]', 'b'), 'base64').toString('utf8');
    expect(auth).toMatch(/^deploy[a-z]{4}:\S{20}$/);
  });

  it('rejects malformed generators', () => {
    expect(() => expandTemplate('$[alnum]', 's')).toThrow(/bad generator/);
    expect(() => expandTemplate('$[alnum:0]', 's')).toThrow(/bad generator/);
    expect(() => expandTemplate('$[a:5]', 's')).toThrow(/at least two characters/);
  });
});

describe('fakeSecret', () => {
  it.each(FAKE_SECRET_KINDS.map((kind) => [kind]))('generates %s deterministically', (kind) => {
    const value = fakeSecret(kind, 'fixture');
    expect(value.length).toBeGreaterThan(8);
    expect(value).not.toContain('$[');
    expect(fakeSecret(kind, 'fixture')).toBe(value);
    expect(fakeSecret(kind, 'other')).not.toBe(value);
  });

  it('knows the kinds fixtures ask for', () => {
    expect(fakeSecret('aws-access-key-id', 'x')).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(fakeSecret('github-pat', 'x')).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    expect(fakeSecret('postgres-uri', 'x')).toMatch(/^postgres:\/\/app_[a-z]{5}:[A-Za-z0-9]{20}@/);
    expect(() => fakeSecret('no-such-kind', 'x')).toThrow(/unknown kind/);
  });
});
