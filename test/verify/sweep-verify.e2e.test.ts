import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { SweepResult } from '../../src/sweep/types.js';
import { bearer, startLoopback, type Loopback } from '../emulators/saas.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../sweep/helpers.js';

/**
 * `sweep --verify`: a repository whose leaked key is live ranks above one whose critical key at HEAD
 * is dead; the sweep exits 3; checks are journaled under the sweep's state, never in the swept
 * repositories.
 */
let stripe: Loopback;
let work: ReturnType<typeof tempDir>;
const built: Repo[] = [];
const liveKey = fakeSecret('stripe-live', 'sweep-verify-live');
const deadKey = fakeSecret('stripe-live', 'sweep-verify-dead');

beforeAll(async () => {
  stripe = await startLoopback((req) => (bearer(req) === liveKey ? { status: 200, body: { livemode: true } } : { status: 401, body: { error: { message: 'Invalid API Key provided' } } }));
  work = tempDir('spillkit-sweep-verify-');
  const place = (repo: Repo, name: string): void => {
    built.push(repo);
    mkdirSync(join(work.dir, 'src'), { recursive: true });
    cpSync(repo.dir, join(work.dir, 'src', name), { recursive: true });
  };
  // "a-dead": the dead key still at HEAD; "b-live": the live key in history only.
  place(buildRepo([{ files: { 'pay.env': `STRIPE_KEY=${deadKey}\n` }, message: 'pay' }]), 'a-dead');
  place(buildRepo([{ files: { 'old.env': `STRIPE_KEY=${liveKey}\n` }, message: 'old' }, { files: { 'old.env': 'STRIPE_KEY=\n' }, message: 'scrub' }]), 'b-live');
});

afterAll(async () => {
  await stripe?.close();
  built.forEach((r) => r.cleanup());
  work?.cleanup();
});

describe('sweep --verify', () => {
  it('ranks the repository with a live credential first and exits 3', async () => {
    const cache = join(work.dir, 'cache');
    const env = { STRIPE_API_URL: stripe.url };
    const r = await runCli(['sweep', join(work.dir, 'src'), '--cache', cache, '--format', 'json', '--no-progress', '--verify'], { env });
    expect(r.code, r.stderr).toBe(3);
    const result = r.json as SweepResult;
    expect(result.repositories.map((x) => [x.name, x.risk])).toEqual([['b-live', 'live'], ['a-dead', 'critical-at-head']]);
    expect(result.repositories[0].findings[0].validation?.state).toBe('live');
    expect(result.repositories[1].findings[0].validation?.state).toBe('not-live');
    expect(r.stdout.includes(liveKey) || r.stdout.includes(deadKey)).toBe(false);
    // Nothing written into the swept repositories; the journal sits with the sweep's state.
    for (const name of ['a-dead', 'b-live']) expect(existsSync(join(work.dir, 'src', name, '.git', 'spillkit'))).toBe(false);
    const stateFiles = readdirSync(cache, { recursive: true }).map(String);
    expect(stateFiles.some((f) => f.endsWith(join('verify', 'journal.jsonl')))).toBe(true);

    const text = await runCli(['sweep', join(work.dir, 'src'), '--cache', cache, '--no-progress', '--verify'], { env });
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('live credential');
    // Without --verify the saved verified results are not reused, and no call is made.
    const calls = stripe.calls.length;
    const plain = await runCli(['sweep', join(work.dir, 'src'), '--cache', cache, '--format', 'json', '--no-progress'], { env });
    expect(plain.code).toBe(1);
    expect(stripe.calls.length).toBe(calls);
    expect((plain.json as SweepResult).repositories.every((x) => x.findings.every((f) => f.validation === undefined))).toBe(true);
    rmSync(cache, { recursive: true, force: true });
  });
});
