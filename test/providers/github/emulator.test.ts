import { describe, expect, it } from 'vitest';
import { makeOctokit } from '../../../src/providers/github/client.js';
import { useEmulator } from './helpers.js';

/** The emulator itself, for what other issues (the org sweep) will rely on. */
describe('GitHub REST emulator', () => {
  const env = useEmulator();

  it('pages repository listings with per_page/page and a GitHub Link header', async () => {
    for (let i = 0; i < 5; i++) env.emulator.state.repos.push({ owner: 'acme', name: `svc-${i}` });
    const octokit = makeOctokit(env.emulator.url, env.emulator.issueToken('alice'));
    const first = await octokit.request('GET /orgs/{org}/repos', { org: 'acme', per_page: 3 });
    expect(first.data.map((r) => r.name)).toEqual(['app', 'site', 'svc-0']);
    const link = first.headers.link!;
    expect(link).toMatch(/<http:\/\/127\.0\.0\.1:\d+\/api\/v3\/orgs\/acme\/repos\?per_page=3&page=2>; rel="next"/);
    expect(link).toMatch(/page=3>; rel="last"/);
    const all = await octokit.paginate('GET /orgs/{org}/repos', { org: 'acme', per_page: 3 });
    expect(all.map((r) => r.full_name)).toHaveLength(7);
    const middle = await octokit.request('GET /orgs/{org}/repos', { org: 'acme', per_page: 3, page: 2 });
    expect(middle.headers.link).toMatch(/rel="prev".*rel="next".*rel="last".*rel="first"/);
  });

  it('lists a user\'s repositories, hiding private ones from anonymous callers', async () => {
    env.emulator.state.repos.push({ owner: 'alice', name: 'dotfiles' }, { owner: 'alice', name: 'secret-lab', private: true });
    const anonymous = makeOctokit(env.emulator.url, undefined);
    const visible = await anonymous.request('GET /users/{username}/repos', { username: 'alice' });
    expect(visible.data.map((r) => r.name)).toEqual(['dotfiles']);
    const missing = await anonymous.request('GET /orgs/{org}/repos', { org: 'alice' }).catch((e: { status: number }) => e.status);
    expect(missing).toBe(404);
  });

  it('answers GitHub\'s 401 shape and headers', async () => {
    const response = await fetch(`${env.emulator.url}/user`, { headers: { authorization: 'token nope' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(await response.json()).toMatchObject({ message: 'Bad credentials', documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com/) });
    const anonymous = await fetch(`${env.emulator.url}/user`);
    expect(await anonymous.json()).toMatchObject({ message: 'Requires authentication' });
  });

  it('scripts rate limits with GitHub\'s headers', async () => {
    env.emulator.failNext(1, 'rate-limit', { retryAfter: 30 });
    const limited = await fetch(`${env.emulator.url}/user`);
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    env.emulator.failNext(1, 'too-many-requests', { retryAfter: 2 });
    const tooMany = await fetch(`${env.emulator.url}/user`);
    expect(tooMany.status).toBe(429);
    expect(((await tooMany.json()) as { message: string }).message).toMatch(/secondary rate limit/);
  });

  it('validates secret-scanning alert updates like GitHub', async () => {
    const token = env.emulator.issueToken('alice');
    env.emulator.state.alerts.push({ repo: 'acme/app', number: 1, secret: token, state: 'open', resolution: null });
    const octokit = makeOctokit(env.emulator.url, token);
    const status = await octokit
      .request('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', { owner: 'acme', repo: 'app', alert_number: 1, state: 'resolved' })
      .catch((e: { status: number }) => e.status);
    expect(status).toBe(422);
    const hidden = await octokit.request('GET /repos/{owner}/{repo}/secret-scanning/alerts', { owner: 'acme', repo: 'app', hide_secret: true });
    expect(hidden.data[0]).not.toHaveProperty('secret');
    expect(hidden.data[0]).toMatchObject({ number: 1, state: 'open', validity: 'active' });
  });
});
