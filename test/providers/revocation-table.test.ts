import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credential } from '../../src/providers/contract.js';
import { revokeWithRow, rotateWithRow } from '../../src/providers/revocation/engine.js';
import { REVOCATION_ROWS, revocationTableProblems } from '../../src/providers/revocation/index.js';
import type { Authority, RevocationRow, SampleRoute } from '../../src/providers/revocation/row.js';
import { adapterFor } from '../../src/providers/registry.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Auth } from '../../src/verify/validator.js';
import { validatorFor } from '../../src/verify/validators/index.js';
import { credentialFor, recordingContext, startLoopback, type EmuRequest, type Loopback, type RecordingContext } from '../emulators/saas.js';

/**
 * Every row of the revocation table, replayed through the one engine against a loopback emulator that
 * answers as the provider does (the row's sample): the revocation lands on the right call with the
 * right credential; the engine refuses without an operator credential, with the leaked key posing as
 * the operator's, and with an owner that does not match; the leaked key acts only when chosen; denied,
 * already gone, 429 with Retry-After, 5xx and a hang read as the contract says; a rotation delivers a
 * working key before the old one goes, and a failed delivery leaves the old key and removes the new.
 * No secret reaches the journal.
 */

interface Keys {
  secret: string;
  operator: string;
  operatorUser: string;
  newSecret: string;
  newId: string;
}

function presented(auth: Auth, req: EmuRequest): string | null {
  const header = (name: string): string => String(req.headers[name.toLowerCase()] ?? '');
  const basic = (): [string, string] => {
    const text = Buffer.from(header('authorization').replace(/^Basic /, ''), 'base64').toString('utf8');
    const at = text.indexOf(':');
    return [text.slice(0, at), text.slice(at + 1)];
  };
  switch (auth.kind) {
    case 'bearer':
      return header('authorization').replace(/^Bearer /, '') || null;
    case 'scheme':
      return header('authorization').startsWith(`${auth.scheme} `) ? header('authorization').slice(auth.scheme.length + 1) : null;
    case 'header': {
      const value = header(auth.name);
      return value.startsWith(auth.prefix ?? '') ? value.slice((auth.prefix ?? '').length) || null : null;
    }
    case 'basic':
      return auth.as === 'user' ? basic()[0] : basic()[1];
    case 'basic-pair':
      return basic()[1];
    case 'query':
      return req.query.get(auth.name);
    case 'path':
      return null;
  }
}

let row: RevocationRow;
let keys: Keys;
let selfMode = false;
let routes: SampleRoute[] = [];
let loopback: Loopback;

const fill = (text: string): string => text.split('{new-secret}').join(keys.newSecret).split('{new-id}').join(keys.newId);
const fillBody = (body: unknown): unknown => (body === undefined ? undefined : JSON.parse(fill(JSON.stringify(body))));

function authorised(expected: Authority, req: EmuRequest): boolean {
  if (expected === 'none') return !req.headers.authorization;
  const acting: Authority = expected === 'operator' && selfMode ? 'leaked' : expected;
  // A URL that is itself the credential (a webhook): reaching the route's exact path proves it.
  if (acting === 'leaked' && row.leakedAuth?.kind === 'path') return true;
  if (acting === 'leaked') return row.leakedAuth ? presented(row.leakedAuth, req) === keys.secret : false;
  return row.operator ? presented(row.operator.auth, req) === keys.operator : false;
}

beforeAll(async () => {
  loopback = await startLoopback((req) => {
    const match = routes.find((r) => r.method === req.method && fill(r.path) === req.path);
    if (match) {
      if (!authorised(match.auth, req)) return { status: 401, body: { message: 'bad credentials' } };
      return { status: match.status ?? 200, body: fillBody(match.body) };
    }
    // The live check of a rotated key: the family's validator row, answered live for the new key only.
    const validator = validatorFor(row.rules[0]!);
    if (validator?.kind === 'row') {
      const v = validator.row;
      const path = new URL(`http://x${v.path}`).pathname;
      if (req.method === (v.method ?? 'GET') && req.path === path) {
        return presented(v.auth, req) === keys.newSecret ? (v.answers?.live ?? { status: 200, body: {} }) : { status: 401, body: {} };
      }
    }
    return { status: 404, body: { message: `no route ${req.method} ${req.path}` } };
  });
});
afterAll(() => loopback.close());

function prepare(r: RevocationRow): Credential {
  row = r;
  selfMode = false;
  loopback.faults.length = 0;
  loopback.calls.length = 0;
  keys = {
    secret: r.sample.secret(randomBytes(8).toString('hex')),
    operator: `op-${randomBytes(12).toString('hex')}`,
    operatorUser: `AC${randomBytes(16).toString('hex')}`,
    newSecret: r.sample.secret(randomBytes(8).toString('hex')),
    newId: `new${randomBytes(6).toString('hex')}`,
  };
  routes = r.sample.routes(keys.secret);
  return credentialFor(r.provider, r.rules[0]!, keys.secret);
}

function ctxFor(opts: { operator?: string | null; dryRun?: boolean; failDelivery?: boolean; timeoutMs?: number } = {}): RecordingContext {
  // A self-hosted row reaches the emulator through its own base variable (VAULT_ADDR), the rest through the override.
  const baseVariable = row.baseFrom?.[0] ?? row.envVar;
  const env: Record<string, string> = { ...row.sample.env, [baseVariable]: loopback.url, SPILLKIT_HTTP_TIMEOUT_MS: String(opts.timeoutMs ?? 5000), SPILLKIT_HTTP_RETRIES: '1' };
  const operator = opts.operator === undefined ? keys.operator : opts.operator;
  if (row.operator && operator !== null) {
    env[row.operator.env[0]!] = operator;
    if (row.operator.userEnv) env[row.operator.userEnv[0]!] = keys.operatorUser;
  }
  return recordingContext(env, { dryRun: opts.dryRun, failDelivery: opts.failDelivery });
}

// The leaked key may end itself through its own call (Vault's revoke-self); otherwise through the row's revoking call.
const revokeRoute = (): SampleRoute => (selfMode ? routes.find((r) => r.selfRevokes) : undefined) ?? routes.find((r) => r.revokes)!;
const isRevokeCall = (req: EmuRequest): boolean => req.method === revokeRoute().method && req.path === fill(revokeRoute().path);
const revokeCalls = (): number => loopback.calls.filter((c) => c.method === revokeRoute().method && c.path === fill(revokeRoute().path) && !c.fault).length;

function noSecretIn(ctx: RecordingContext): void {
  const journal = JSON.stringify(ctx.records);
  for (const value of [keys.secret, keys.operator, keys.newSecret]) expect(journal).not.toContain(value);
}

describe('revocation table', () => {
  it('passes its self-check against the rule set', () => {
    const rules = new Map(loadBuiltinRules().map((r) => [r.id, r]));
    expect(revocationTableProblems(rules)).toEqual([]);
  });

  it('gives every row its own adapter with revoke through the row', () => {
    for (const r of REVOCATION_ROWS) expect(adapterFor(r.provider).title).toBe(r.title);
  });
});

for (const r of REVOCATION_ROWS) {
  describe(`${r.title} revocation (${r.rules[0]})`, () => {
    it('revokes through the operator credential, naming the key and its owner, with nothing secret journaled', async () => {
      const cred = prepare(r);
      if (!r.operator) return;
      const ctx = ctxFor();
      const result = await revokeWithRow(r, cred, ctx, {});
      expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok' });
      expect(revokeCalls()).toBe(1);
      if (result.state === 'ok') expect(result.value.action).not.toContain(keys.secret);
      noSecretIn(ctx);
    });

    it('changes nothing in a dry run', async () => {
      const cred = prepare(r);
      const result = await revokeWithRow(r, cred, ctxFor({ dryRun: true }), { useLeakedCredential: !r.operator });
      expect(result).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('dry run') } });
      expect(revokeCalls()).toBe(0);
    });

    it('refuses without an operator credential, or when the operator variable holds the leaked key itself', async () => {
      if (!r.operator) return;
      const cred = prepare(r);
      expect(await revokeWithRow(r, cred, ctxFor({ operator: null }), {})).toMatchObject({ state: 'refused', code: 'no-operator-credential', message: expect.stringContaining(r.operator.env[0]!) });
      expect(await revokeWithRow(r, cred, ctxFor({ operator: keys.secret }), {})).toMatchObject({ state: 'refused', code: 'operator-is-leaked' });
      expect(revokeCalls()).toBe(0);
    });

    it('lets the leaked key act only when chosen, and journals that it did', async () => {
      const cred = prepare(r);
      selfMode = true;
      const ctx = ctxFor({ operator: null });
      const result = await revokeWithRow(r, cred, ctx, { useLeakedCredential: true });
      if (r.unauthenticated) {
        // Nobody's credential is needed: the choice changes nothing, and nothing says otherwise.
        expect(result).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('unauthenticated') } });
        return;
      }
      if (!r.selfRevoke) {
        expect(result).toMatchObject({ state: 'refused', code: 'no-self-revoke' });
        return;
      }
      expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('leaked key itself') } });
      expect(revokeCalls()).toBe(1);
      expect(ctx.records.some((rec) => rec.type === 'revoke-with-leaked-key')).toBe(true);
      noSecretIn(ctx);
    });

    it('refuses a key whose owner is not the one expected', async () => {
      const cred = prepare(r);
      selfMode = !r.operator;
      const result = await revokeWithRow(r, cred, ctxFor(), { expectOwner: `someone-else-${randomBytes(3).toString('hex')}`, useLeakedCredential: !r.operator });
      expect(result).toMatchObject({ state: 'refused', code: 'owner-mismatch' });
      expect(revokeCalls()).toBe(0);
    });

    it('reads denied, already gone, throttled, failing and silent providers as the contract says', async () => {
      const cred = prepare(r);
      selfMode = !r.operator;
      const opts = { useLeakedCredential: !r.operator };
      loopback.fail({ match: isRevokeCall, status: 403, body: { message: 'not allowed' } });
      expect(await revokeWithRow(r, cred, ctxFor(), opts)).toMatchObject({ state: 'refused', code: 'denied' });
      loopback.fail({ match: isRevokeCall, status: 404, body: { message: 'not found' } });
      expect(await revokeWithRow(r, cred, ctxFor(), opts)).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already gone') } });
      loopback.fail({ match: isRevokeCall, status: 429, retryAfter: '0' });
      expect(await revokeWithRow(r, cred, ctxFor(), opts)).toMatchObject({ state: 'ok' });
      loopback.fail({ match: isRevokeCall, status: 503, times: 5 });
      expect(await revokeWithRow(r, cred, ctxFor(), opts)).toMatchObject({ state: 'unknown', code: 'server-error' });
      loopback.faults.length = 0;
      loopback.fail({ match: isRevokeCall, delayMs: 600, times: 5 });
      expect(await revokeWithRow(r, cred, ctxFor({ timeoutMs: 200 }), opts)).toMatchObject({ state: 'unknown', code: 'timeout' });
      loopback.faults.length = 0;
    });

    if (r.rotate) {
      it('rotates: the new key is delivered and live before the old one is revoked', async () => {
        const cred = prepare(r);
        const ctx = ctxFor();
        const result = await rotateWithRow(r, cred, ctx, { delivery: { kind: 'env-file', file: '/nonexistent/.env' }, deleteOld: true });
        expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { old: expect.stringMatching(/deleted|deactivated/) } });
        expect(ctx.deliveries).toHaveLength(1);
        expect(Object.values(ctx.deliveries[0]!.values)).toContain(keys.newSecret);
        // Not the scripted faults: a call the timeout case left hanging is answered (and logged) late.
        const order = loopback.calls.filter((c) => !c.fault).map((c) => `${c.method} ${c.path}`);
        const created = order.findIndex((c) => routes.some((rt) => rt.creates && `${rt.method} ${fill(rt.path)}` === c));
        const revoked = order.indexOf(`${revokeRoute().method} ${fill(revokeRoute().path)}`);
        expect(created).toBeGreaterThanOrEqual(0);
        expect(revoked).toBeGreaterThan(created);
        noSecretIn(ctx);
      });

      it('leaves the old key active and removes the new one when delivery fails', async () => {
        const cred = prepare(r);
        const ctx = ctxFor({ failDelivery: true });
        const result = await rotateWithRow(r, cred, ctx, { delivery: { kind: 'env-file', file: '/nonexistent/.env' }, deleteOld: true });
        expect(result).toMatchObject({ state: 'unknown', code: 'delivery-failed', message: expect.stringContaining('left active') });
        expect(revokeCalls()).toBe(0);
        expect(loopback.calls.some((c) => c.method === 'DELETE' && c.path.includes(keys.newId))).toBe(true);
      });
    }
  });
}

describe('docs/containment.md', () => {
  it('is the table as it is (run `node scripts/containment-doc.mjs` after changing a row)', async () => {
    const { readFileSync } = await import('node:fs');
    const { containmentMarkdown, containmentLines } = await import('../../src/providers/describe-containment.js');
    expect(readFileSync(new URL('../../docs/containment.md', import.meta.url), 'utf8')).toBe(containmentMarkdown());
    // Every family that revokes is described once, and none is only "see the adapter".
    const lines = containmentLines();
    expect(new Set(lines.map((l) => l.provider)).size).toBe(lines.length);
    expect(lines.filter((l) => l.operator === 'see the provider adapter')).toEqual([]);
  });
});
