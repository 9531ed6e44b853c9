import { afterEach, describe, expect, it } from 'vitest';
import { callJson, retryAfterMs, scrub } from '../../../src/providers/http.js';
import { providerCalls, recordingContext, startLoopback, type Loopback } from '../../emulators/saas.js';

// The shared HTTP helper of the JSON adapters (src/providers/http.ts), tested where its first users are.
let loopback: Loopback | undefined;
afterEach(() => loopback?.close());

describe('http helper', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });

  it('scrubs secrets out of messages', () => {
    expect(scrub('bad token abcdef123 given', ['abcdef123'])).toBe('bad token [redacted] given');
  });

  it('never sends a write call in dry-run mode', async () => {
    loopback = await startLoopback(() => ({ status: 204 }));
    const ctx = recordingContext({}, { dryRun: true });
    const answer = await callJson(ctx, { provider: 'x', call: 'DELETE /thing', method: 'DELETE', url: `${loopback.url}/thing`, write: true });
    expect(answer).toMatchObject({ state: 'refused', code: 'dry-run' });
    expect(loopback.calls).toEqual([]);
    expect(providerCalls(ctx)).toEqual([{ provider: 'x', call: 'DELETE /thing', status: 'skipped: dry run', attempt: 0 }]);
  });

  it('retries a 5xx only when the call is safe to repeat', async () => {
    loopback = await startLoopback(() => ({ status: 200, body: { fine: true } }));
    loopback.fail({ status: 502 });
    const ctx = recordingContext({});
    expect(await callJson(ctx, { provider: 'x', call: 'GET /a', method: 'GET', url: `${loopback.url}/a`, idempotent: true })).toMatchObject({ state: 'ok', value: { status: 200, body: { fine: true } } });
    loopback.fail({ status: 502 });
    expect(await callJson(ctx, { provider: 'x', call: 'POST /b', method: 'POST', url: `${loopback.url}/b`, json: {} })).toMatchObject({ state: 'unknown', code: 'server-error' });
    expect(loopback.calls.map((c) => c.status)).toEqual([502, 200, 502]);
  });

  it('passes a non-retryable answer through for the adapter to read', async () => {
    loopback = await startLoopback(() => ({ status: 404, body: { message: 'nope' } }));
    expect(await callJson(recordingContext({}), { provider: 'x', call: 'GET /c', method: 'GET', url: `${loopback.url}/c` })).toMatchObject({ state: 'ok', value: { status: 404, body: { message: 'nope' } } });
  });
});
