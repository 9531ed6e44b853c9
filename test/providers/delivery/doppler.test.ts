import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dopplerTarget } from '../../../src/providers/delivery/doppler.js';
import { runtimePassword } from '../../helpers/databases.js';
import { startDopplerEmulator, type DopplerEmulator } from '../../emulators/doppler.js';
import { deliveryRun, failure } from './harness.js';

let doppler: DopplerEmulator;
let writer: string;
let reader: string;

beforeEach(async () => {
  writer = runtimePassword(30);
  reader = runtimePassword(30);
  doppler = await startDopplerEmulator([{ token: writer, write: true }, { token: reader, write: false }]);
  doppler.configs.set('backend/prd', { DATABASE_URL: 'old', REDIS_URL: 'keep' });
});
afterEach(async () => {
  await doppler.close();
});

const env = (token = writer): Record<string, string> => ({ DOPPLER_TOKEN: token, DOPPLER_API_URL: doppler.url });
const target = dopplerTarget.parse('backend/prd:DATABASE_URL');

describe('Doppler delivery', () => {
  it('parses PROJECT/CONFIG:NAME', () => {
    expect(target).toEqual({ kind: 'doppler', project: 'backend', config: 'prd', name: 'DATABASE_URL' });
    expect(() => dopplerTarget.parse('backend:DATABASE_URL')).toThrow(/PROJECT\/CONFIG:NAME/);
    expect(() => dopplerTarget.parse('backend/prd:lower')).toThrow(/PROJECT\/CONFIG:NAME/);
  });

  it('sets only the named secret, drops the answer (which holds every value) and reads back the names', async () => {
    const value = `postgres://app:${runtimePassword()}@db/app`;
    const run = deliveryRun(env());
    expect(await run.check(target)).toBe('Doppler secret backend/prd:DATABASE_URL exists');
    await run.deliver(target, { DATABASE_URL: value });
    expect(doppler.configs.get('backend/prd')).toEqual({ DATABASE_URL: value, REDIS_URL: 'keep' });
    expect(run.lines).toEqual(['delivered DATABASE_URL to Doppler secret backend/prd:DATABASE_URL; read back: DATABASE_URL listed in backend/prd']);
    expect(run.surface()).not.toMatch(new RegExp(`${value.replace(/[/:]/g, '.')}|keep|${writer}`));
  });

  it('an AWS pair goes to the named secret and its own name beside it', async () => {
    const run = deliveryRun(env());
    await run.deliver(dopplerTarget.parse('backend/prd:AWS_SECRET_ACCESS_KEY'), { AWS_ACCESS_KEY_ID: 'id-value', AWS_SECRET_ACCESS_KEY: 'secret-value' });
    expect(doppler.configs.get('backend/prd')).toMatchObject({ AWS_ACCESS_KEY_ID: 'id-value', AWS_SECRET_ACCESS_KEY: 'secret-value' });
    expect(run.records.find((r) => r.type === 'delivered')!.data.created).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  it('answers each failure in one line: bad token, read-only token, missing config, 429, 5xx, timeout', async () => {
    expect(await failure(deliveryRun(env('not-a-token')).check(target))).toMatch(/HTTP 401 the token was rejected \(Invalid Auth token\)/);
    expect(await failure(deliveryRun(env(reader)).deliver(target, { DATABASE_URL: 'x' }))).toMatch(/HTTP 403 permission denied \(a read-only token\?\)/);
    expect(await failure(deliveryRun(env()).check(dopplerTarget.parse('backend/dev:DATABASE_URL')))).toMatch(/could not read Doppler config backend\/dev: HTTP 404 not found \(Could not find requested config\)/);

    doppler.fail({ status: 429, retryAfter: '0', match: (r) => r.method === 'POST' });
    await deliveryRun(env()).deliver(target, { DATABASE_URL: 'after-429' });
    expect(doppler.configs.get('backend/prd')!.DATABASE_URL).toBe('after-429');

    doppler.fail({ status: 502, times: 5, match: (r) => r.method === 'POST' });
    expect(await failure(deliveryRun(env()).deliver(target, { DATABASE_URL: 'never' }))).toMatch(/doppler POST \/v3\/configs\/config\/secrets: HTTP 502/);
    expect(doppler.configs.get('backend/prd')!.DATABASE_URL).toBe('after-429');
    doppler.faults.length = 0;

    doppler.fail({ delayMs: 2500, times: 3 });
    expect(await failure(deliveryRun({ ...env(), SPILLKIT_HTTP_RETRIES: '0' }).check(target))).toMatch(/did not answer in time/);
  });
});
