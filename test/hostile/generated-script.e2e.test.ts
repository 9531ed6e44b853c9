// A crafted repository must not run code through the cleanup script spillkit generates. Tree entries
// and refs named with a newline, `$(...)`, backticks and quotes go through plan-rewrite, then rewrite.sh
// runs for real (rewrite, then PUSH=1 to a bare origin): no injected command may run, PLAN.md and the
// script hold no raw control byte, and the crafted files are still removed from every commit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { gitEnv, initRepo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/** Every file under `dir` whose name starts with PWNED: the mark an injected command leaves. */
function pwnedFiles(dirs: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('PWNED')) found.push(join(dir, entry.name));
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(join(dir, entry.name));
    }
  };
  dirs.filter(existsSync).forEach(walk);
  return found;
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('rewrite.sh and PLAN.md from a hostile repository', () => {
  it('keep every crafted name a quoted word and never run it', async () => {
    const repo = initRepo();
    temps.push(repo.root);
    const key = fakeSecret('private-key-rsa', 'hostile-script');
    const token = fakeSecret('github-pat', 'hostile-script');
    const names = {
      newlineKey: 'keys/k\ntouch PWNED1 #.pem',
      substEnv: '$(touch PWNED2).env',
      backtickConfig: "conf/`touch PWNED3`'\".js",
      escapeName: 'esc\u001b]0;title\u0007\u202e.pem',
      hashBang: '#!x.pem',
    };
    repo.commit({ files: { 'README.md': '# app\n' }, message: 'init' });
    repo.commit({
      files: {
        [names.newlineKey]: key,
        [names.substEnv]: `API_TOKEN=${token}\n`,
        [names.backtickConfig]: `export const token = "${token}";\nexport const retries = 3;\n`,
        [names.escapeName]: key,
        [names.hashBang]: key,
      },
      message: 'add config',
    });
    repo.commit({ branch: '$(touch${IFS}PWNED4)', from: 'main', files: { 'x.txt': 'x\n' }, message: 'branch' });
    repo.commit({ branch: 'a`touch${IFS}PWNED5`', from: 'main', files: { 'y.txt': 'y\n' }, message: 'branch' });
    repo.checkoutHead();
    const origin = repo.cloneBare('origin.git');
    repo.git(['remote', 'add', 'origin', origin.dir]);
    repo.git(['fetch', '-q', 'origin']);

    const scan = await scanJson(repo.dir);
    expect(scan.code, scan.stderr).toBe(1);
    const out = join(repo.root, 'plan');
    const planned = await runCli(['plan-rewrite', repo.dir, '--out', out]);
    expect(planned.code, planned.stderr).toBe(0);
    const script = readFileSync(join(out, 'rewrite.sh'), 'utf8');
    const planMd = readFileSync(join(out, 'PLAN.md'), 'utf8');
    for (const text of [script, planMd]) {
      expect(text).not.toMatch(RAW_CONTROL);
      expect(text).not.toContain('\u202e');
      expect(text).not.toContain('k\ntouch');
    }
    // No comment line of the script mentions a name from the repository.
    const comments = script.split('\n').filter((l) => /^\s*#/.test(l));
    expect(comments.filter((l) => /PWNED|touch/.test(l))).toEqual([]);
    expect(execFileSync('bash', ['-n', join(out, 'rewrite.sh')], { encoding: 'utf8' })).toBe('');

    const work = mkdtempSync(join(tmpdir(), 'spillkit-hostile-script-'));
    temps.push(work);
    const expressions = join(repo.root, 'expressions.txt');
    execFileSync('bash', ['-c', 'umask 077; printf "%s==>***REMOVED***\\n" "$1" > "$2"', 'x', token, expressions]);
    const run = (env: Record<string, string>): string => execFileSync('bash', [join(out, 'rewrite.sh'), expressions], {
      cwd: work, env: gitEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    run({ WORK: join(work, 'first') });
    run({ WORK: join(work, 'second'), PUSH: '1' });
    // The definitions of the not-run helper functions parse and quote names as words: source them in a
    // subshell that stops before the script's own steps, and call the .gitignore one in a scratch clone.
    const clone = join(work, 'clone');
    execFileSync('git', ['clone', '-q', origin.dir, clone], { env: gitEnv() });
    execFileSync('bash', ['-c', `eval "$(sed -n '/^ignore_removed_files()/,/^}/p' "$1")"; cd "$2" && ignore_removed_files`, 'x', join(out, 'rewrite.sh'), clone], {
      env: gitEnv({ GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@fixture.test', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@fixture.test' }),
    });

    expect(pwnedFiles([repo.root, work, process.cwd()])).toEqual([]);
    const ignore = readFileSync(join(clone, '.gitignore'), 'utf8');
    expect(ignore.split('\n')).toContain('\\#!x.pem');
    expect(execFileSync('git', ['-C', clone, 'check-ignore', '--no-index', '-q', names.hashBang], { env: gitEnv() }).toString()).toBe('');
    // The removed key files are gone from every pushed commit.
    const pushedFiles = execFileSync('git', ['-C', origin.dir, 'log', '--all', '--name-only', '-z', '--format='], { env: gitEnv(), encoding: 'utf8' }).split('\0');
    for (const name of [names.newlineKey, names.escapeName, names.hashBang]) expect(pushedFiles).not.toContain(name);
    // The token in the files whose names carry `$(...)` and backticks was replaced in place.
    const history = execFileSync('git', ['-C', origin.dir, 'log', '--all', '-p', '--format='], { env: gitEnv(), encoding: 'utf8' });
    expect(history).not.toContain(token);
    expect(history).toContain('***REMOVED***');
  });
});
