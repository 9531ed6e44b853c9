import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import { validators } from '../../src/rules/validators.js';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const signature = 'c2lnbmF0dXJlLW9mLXRoaXJ0eS10d28tYnl0ZXMhIQ';

describe('jwt validator', () => {
  it('accepts a signed token with claims', () => {
    expect(validators.jwt(`${b64url({ alg: 'RS256', kid: 'k1' })}.${b64url({ sub: 'svc', iat: 1 })}.${signature}`)).toBe(true);
    expect(validators.jwt(expandTemplate('$[jwt]', 'v'))).toBe(true);
  });

  it('accepts JWS/JWE headers without alg, and a hand-edited header that opens like JSON', () => {
    expect(validators.jwt(`${b64url({ typ: 'JWT' })}.${b64url({ sub: 'x' })}.${signature}`)).toBe(true);
    expect(validators.jwt(`${b64url({ kid: 'k1', enc: 'A256GCM' })}.${b64url({ iss: 'a', exp: 1 })}.${signature}`)).toBe(true);
    expect(validators.jwt(`${Buffer.from('{"alg":"HS256",typ":"JWT"}').toString('base64url')}.${b64url({ sub: 'x' })}.${signature}`)).toBe(true);
  });

  it.each([
    ['alg none', `${b64url({ alg: 'none' })}.${b64url({ sub: 'x' })}.${signature}`],
    ['no signature', `${b64url({ alg: 'HS256' })}.${b64url({ sub: 'x' })}.`],
    ['empty claims', `${b64url({ alg: 'HS256' })}.${b64url({})}.${signature}`],
    ['header not JSON', `${Buffer.from('hello world').toString('base64url')}.${b64url({ sub: 'x' })}.${signature}`],
    ['header an array', `${b64url(['alg'])}.${b64url({ sub: 'x' })}.${signature}`],
    ['payload not JSON', `${b64url({ alg: 'HS256' })}.${Buffer.from('hello world').toString('base64url')}.${signature}`],
    ['payload an array', `${b64url({ alg: 'HS256' })}.${b64url([1, 2])}.${signature}`],
    ['two parts', `${b64url({ alg: 'HS256' })}.${b64url({ sub: 'x' })}`],
  ])('refuses %s', (_what, token) => {
    expect(validators.jwt(token)).toBe(false);
  });
});

describe('key-block validator', () => {
  it('accepts generated blocks of every kind', () => {
    for (const template of ['$[pem:EC PRIVATE KEY]', '$[pemenc:RSA PRIVATE KEY]', '$[pemjson:PRIVATE KEY]', '$[openssh]', '$[pgp]', '$[putty]']) {
      expect(validators['key-block'](expandTemplate(template, 'kb')), template).toBe(true);
    }
  });

  it('refuses placeholder bodies', () => {
    expect(validators['key-block']('-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----')).toBe(false);
    expect(validators['key-block'](`-----BEGIN PRIVATE KEY-----\n${'A'.repeat(64)}\n${'B'.repeat(64)}\n-----END PRIVATE KEY-----`)).toBe(false);
  });
});

describe('basic-auth-base64 validator', () => {
  it('accepts base64 of user:password', () => {
    expect(validators['basic-auth-base64'](Buffer.from('ci-bot:n0t-a-w0rd-list').toString('base64'))).toBe(true);
  });

  it.each([['no colon', 'just-a-user-name'], ['empty password', 'user:'], ['variable', 'user:${PASSWORD}'], ['binary', '\u0001\u0002:\u0003\u0004\u0005\u0006']])(
    'refuses %s',
    (_what, decoded) => {
      expect(validators['basic-auth-base64'](Buffer.from(decoded).toString('base64'))).toBe(false);
    },
  );
});

describe('generic-secret validator', () => {
  it.each([['Xk29-mQ7p_Lr81vZ'], ['p@ssW0rd-2024-prod'], ['4c1e9b7f-keep-out']])('accepts %s', (value) => {
    expect(validators['generic-secret'](value)).toBe(true);
  });

  it.each([
    ['call', 'getPassword(user)'],
    ['member reference', 'settings.stripe.api_key'],
    ['optional chain', 'config?.auth.token'],
    ['index reference', "ENV['DB_PASSWORD']"],
    ['identifier', 'DEFAULT_TOKEN_NAME'],
    ['path', '/etc/app/secret.json'],
    ['relative path', './secrets/token.txt'],
    ['url', 'https://auth.acme.io/oauth/token'],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['uuid', '123e4567-e89b-42d3-a456-426614174000'],
    ['integrity', 'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR1qh4='],
    ['boolean', 'true'],
  ])('refuses a %s', (_what, value) => {
    expect(validators['generic-secret'](value)).toBe(false);
  });
});

describe('password validator', () => {
  it('accepts a real-looking password and refuses defaults and references', () => {
    expect(validators.password('Zq8!vL2#rT')).toBe(true);
    for (const value of ['password', 'postgres', 'guest', '${DB_PASS}', '$DB_PASS', '%(pw)s', '{{ pw }}', '<password>', 'ab']) {
      expect(validators.password(value), value).toBe(false);
    }
  });
});

describe('generic-secret keeps random values while rejecting code and names', () => {
  it('accepts random tokens of every common alphabet', () => {
    const check = validators['generic-secret'];
    let checked = 0;
    for (let i = 0; i < 300; i++) {
      const alphabet = ['alnum', 'b64', 'b64url', 'a-zA-Z0-9!@#%^&*'][i % 4];
      const value = expandTemplate(`$[${alphabet}:${12 + (i % 29)}]`, `generic-random-${i}`);
      // By design, letters-only values read as identifiers and a leading slash as a path (about 2% of
      // random values; the generic rule trades them for precision). Everything else must pass.
      if (!/\d/.test(value) || value.startsWith('/')) continue;
      checked++;
      expect(check(value), value.replace(/./g, '*')).toBe(true);
    }
    expect(checked).toBeGreaterThan(270);
  });

  it('rejects generic types, indexing, calls and identifier words', () => {
    const check = validators['generic-secret'];
    for (const code of ['FindByType<Token', 'params[params.length', 'RequestCredentials58', 'parse_access_token', 'getAuthToken(', 'GITHUB_TOKEN)', 'DB_PASSWORD']) {
      expect(check(code), code).toBe(false);
    }
  });
});
