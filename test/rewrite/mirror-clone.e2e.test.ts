// A cleanup started as runbooks start it, from `git clone --mirror`: every branch and tag of the mirror
// is the remote's, so the plan, rewrite.sh and `rewrite --push` must all push them (issue 16), while
// the host's read-only pull-request refs stay the host's to purge.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitEnv } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { leakFixture } from './fixtures.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

describe('a mirror clone', () => {
  it('plans a leased force-push of every changed branch and tag to the mirrored remote, and leaves pull-request refs to the host', async () => {
    const { repo, origin } = leakFixture('mirror');
    temps.push(repo.root);
    // The host has a pull request whose head holds the leak.
    origin.git(['update-ref', 'refs/pull/1/head', origin.rev('refs/heads/main')]);
    const mirror = join(repo.root, 'mirror.git');
    execFileSync('git', ['clone', '-q', '--mirror', origin.dir, mirror], { env: gitEnv() });

    const scanned = await scanJson(mirror);
    expect(scanned.report.findings.length).toBeGreaterThan(0);
    const out = join(repo.root, 'plan');
    const planned = await runCli(['plan-rewrite', mirror, '--out', out]);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, 'rewrite-plan.json'), 'utf8')) as { refs: Array<{ name: string; action: string; remote?: string; remoteRef?: string }> };
    const byName = new Map(plan.refs.map((r) => [r.name, r]));
    expect(byName.get('refs/heads/main')).toMatchObject({ action: 'force-push', remote: 'origin', remoteRef: 'refs/heads/main' });
    expect(byName.get('refs/tags/v1')).toMatchObject({ action: 'force-push', remote: 'origin', remoteRef: 'refs/tags/v1' });
    expect(byName.get('refs/pull/1/head')).toMatchObject({ action: 'host' });

    const planMd = readFileSync(join(out, 'PLAN.md'), 'utf8');
    const pushes = plan.refs.filter((r) => r.action === 'force-push').length;
    expect(pushes).toBeGreaterThanOrEqual(2);
    expect(planMd).toContain(`${pushes} force-push(es)`);
    const script = readFileSync(join(out, 'rewrite.sh'), 'utf8');
    expect(script).toMatch(/refs\/heads\/main/);
    expect(script).not.toMatch(/refs\/pull\/1\/head:/);

    // What no push can do, ready to send: the affected pull request and the first changed commits.
    const support = readFileSync(join(out, 'SUPPORT-REQUEST.md'), 'utf8');
    expect(support).toContain('Pull requests whose refs still hold the old commits: 1 (#1)');
    const planJson = JSON.parse(readFileSync(join(out, 'rewrite-plan.json'), 'utf8')) as { earliestCommits: string[] };
    for (const commit of planJson.earliestCommits) expect(support).toContain(commit);
    expect(support).toMatch(/GitLab.*Repository cleanup/s);
  });
});
