// rewrite.sh is runnable as written: on a repository with a private key inline in source (a multi-line
// secret, so a regex line in the replacement list) it rewrites a mirror the scanner then finds clean,
// and with PUSH=1 it force-pushes the changed refs to origin with leases.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expressionEntries, renderExpressions } from '../../src/rewrite/expressions.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { gitEnv, initRepo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { sha256 } from './fixtures.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

describe('rewrite.sh', () => {
  it('rewrites a fresh mirror, then pushes with PUSH=1', async () => {
    const key = fakeSecret('private-key-rsa', 'script');
    const repo = initRepo();
    temps.push(repo.root);
    repo.commit({ files: { 'README.md': '# tls\n' }, message: 'init' });
    repo.commit({ files: { 'src/tls.js': `export const cert = 'public';\nexport const key = \`${key}\`;\n` }, message: 'tls' });
    repo.commit({ files: { 'src/tls.js': `export const cert = 'public';\nexport const key = process.env.TLS_KEY;\n` }, message: 'read key from env' });
    repo.checkoutHead();
    const origin = repo.cloneBare('origin.git');
    repo.git(['remote', 'add', 'origin', origin.dir]);
    repo.git(['fetch', '-q', 'origin']);
    await scanJson(repo.dir);
    const out = join(repo.root, 'plan');
    const planned = await runCli(['plan-rewrite', repo.dir, '--out', out]);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, 'rewrite-plan.json'), 'utf8'));
    expect(plan.findings.map((f: { operation: string }) => f.operation)).toEqual(['replace-text']);

    const expressions = join(repo.root, 'expressions.txt');
    writeFileSync(expressions, renderExpressions(expressionEntries([{ secret: key, replacement: '***REMOVED***' }])), { mode: 0o600 });
    const work = mkdtempSync(join(tmpdir(), 'spillkit-script-'));
    temps.push(work);
    const run = (env: Record<string, string>) => execFileSync('bash', [join(out, 'rewrite.sh'), expressions], {
      cwd: work, env: gitEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    run({ WORK: join(work, 'first') });
    const rescan = await scanJson(join(work, 'first', 'mirror.git'));
    expect(rescan.report.findings.map((f) => f.secretHash)).not.toContain(sha256(key));
    expect(origin.rev('refs/heads/main')).toBe(repo.rev('refs/heads/main'));

    run({ WORK: join(work, 'second'), PUSH: '1' });
    const pushed = origin.rev('refs/heads/main');
    expect(pushed).not.toBe(repo.rev('refs/heads/main'));
    expect(pushed).toBe(execFileSync('git', ['--git-dir', join(work, 'second', 'mirror.git'), 'rev-parse', 'refs/remotes/origin/main'], { env: gitEnv(), encoding: 'utf8' }).trim());
    expect(origin.git(['show', `${pushed}~1:src/tls.js`])).toBe("export const cert = 'public';\nexport const key = `***REMOVED***`;\n");
  });
});
