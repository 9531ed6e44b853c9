import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { checkWithRow, rowUrl } from '../../src/verify/check.js';
import type { Auth, ValidatorRow } from '../../src/verify/validator.js';
import { VALIDATOR_ROWS, validatedRules, validatorTableProblems } from '../../src/verify/validators/index.js';
import { recordingContext, startLoopback, type EmuRequest, type Loopback } from '../emulators/saas.js';

/**
 * Every validator row, replayed against one loopback emulator: the request must carry the secret where
 * the row says (header, basic, query) on the row's method and path, and the answer must read as live,
 * not live, or unknown with its reason for 429 after retries, 5xx and a hang past the timeout.
 */

// Made at run time: no secret-shaped literal in the repository.
const SECRET = `k-${randomBytes(16).toString('hex')}`;
const PAIR = `p-${randomBytes(6).toString('hex')}`;

function carriesSecret(auth: Auth, req: EmuRequest): boolean {
  const header = (name: string): string => String(req.headers[name.toLowerCase()] ?? '');
  const basicParts = (): string => Buffer.from(header('authorization').replace(/^Basic /, ''), 'base64').toString('utf8');
  switch (auth.kind) {
    case 'bearer':
      return header('authorization') === `Bearer ${SECRET}`;
    case 'scheme':
      return header('authorization') === `${auth.scheme} ${SECRET}`;
    case 'header':
      return header(auth.name) === `${auth.prefix ?? ''}${SECRET}`;
    case 'basic':
      return basicParts() === (auth.as === 'user' ? `${SECRET}:${auth.other ?? ''}` : `${auth.other ?? ''}:${SECRET}`);
    case 'basic-pair':
      return basicParts() === `${PAIR}:${SECRET}`;
    case 'query':
      return req.query.get(auth.name) === SECRET;
    case 'path':
      return req.path.includes(SECRET);
  }
}

type Mode = 'live' | 'dead';
let mode: Mode = 'live';
let current: ValidatorRow;
let loopback: Loopback;

beforeAll(async () => {
  loopback = await startLoopback((req) => {
    const row = current;
    const expectedPath = new URL(`http://x${row.path.replace('{secret}', SECRET)}`).pathname;
    if (req.method !== (row.method ?? 'GET') || req.path !== expectedPath) return { status: 404, body: { message: `unexpected ${req.method} ${req.path}` } };
    const authorised = carriesSecret(row.auth, req);
    if (mode === 'live' && authorised) return row.answers?.live ?? { status: 200, body: {} };
    return row.answers?.dead ?? { status: (row.deadStatuses ?? [401])[0]!, body: { message: 'invalid key' } };
  });
});
afterAll(() => loopback.close());

// No retries here: retrying is callJson's job, tested with it; this table tests each row's reading.
// A short timeout only where the hang is scripted; elsewhere a loaded machine must not read as a timeout.
const ctxFor = (row: ValidatorRow, timeoutMs: number) => recordingContext({ [row.envVar]: loopback.url, SPILLKIT_HTTP_TIMEOUT_MS: String(timeoutMs), SPILLKIT_HTTP_RETRIES: '0' });
const check = (row: ValidatorRow, timeoutMs = 5000) => checkWithRow(row, SECRET, PAIR, ctxFor(row, timeoutMs));

describe('validator table', () => {
  it('passes its self-check against the rule set', () => {
    const rules = new Map(loadBuiltinRules().map((r) => [r.id, r]));
    expect(validatorTableProblems(rules)).toEqual([]);
  });

  it('lists each validated rule once', () => {
    const rules = validatedRules();
    expect(new Set(rules).size).toBe(rules.length);
  });

  it('keeps characters a path segment may hold when the secret goes in the path, and encodes the rest', () => {
    const row = VALIDATOR_ROWS.find((r) => r.auth.kind === 'path')!;
    expect(rowUrl(row, {}, undefined, '123456:AAbb-cc_DD')).toContain('/bot123456:AAbb-cc_DD/');
    expect(rowUrl(row, {}, undefined, 'a/b?c#d')).toContain('/bota%2Fb%3Fc%23d/');
  });

  for (const row of VALIDATOR_ROWS) {
    describe(`${row.title} (${row.rules[0]})`, () => {
      it('calls only its fixed https host unless the override is set', () => {
        expect(new URL(rowUrl(row, {})).origin).toBe(new URL(row.base).origin);
        expect(rowUrl(row, {}).startsWith('https://')).toBe(true);
      });

      it('reads a live key as live and a rejected one as not live, without echoing the secret', async () => {
        current = row;
        mode = 'live';
        const live = await check(row);
        expect(live.state, live.detail).toBe('live');
        mode = 'dead';
        const dead = await check(row);
        expect(dead.state, dead.detail).toBe('not-live');
        expect(`${live.detail}${dead.detail}`).not.toContain(SECRET);
      });

      it('answers unknown, with the reason, on 429, 5xx and a timeout', async () => {
        current = row;
        mode = 'live';
        loopback.fail({ status: 429, retryAfter: '7' });
        expect(await check(row)).toMatchObject({ state: 'unknown', detail: expect.stringContaining('throttled') });
        loopback.fail({ status: 503 });
        expect(await check(row)).toMatchObject({ state: 'unknown', detail: expect.stringContaining('503') });
        loopback.fail({ delayMs: 400 });
        expect(await check(row, 150)).toMatchObject({ state: 'unknown', detail: expect.stringContaining('timeout') });
      });
    });
  }
});

describe('docs/validators.md', () => {
  it('is the table as it is (run `node scripts/validators-doc.mjs` after changing a row)', async () => {
    const { readFileSync } = await import('node:fs');
    const { validatorsMarkdown } = await import('../../src/verify/describe.js');
    expect(readFileSync(new URL('../../docs/validators.md', import.meta.url), 'utf8')).toBe(validatorsMarkdown());
  });
});
