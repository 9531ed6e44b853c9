/**
 * The emergency end to end, in a real terminal (tmux), through the real providers' client against a
 * loopback AWS: a key pair pushed to an origin, `spillkit respond` opened on it. The scan starts by
 * itself; triage; the revoke fails (the operator may not touch IAM) and is taken by hand; the history is
 * rewritten and pushed; the clone is reset; the report says what was done by hand, and agrees with what
 * was ticked on the screen.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, emulatedKey, emulatorState, startAwsEmulator, type AwsEmulator, type EmulatedKey } from '../emulators/aws-iam-sts.js';
import { BIN } from '../helpers/run-cli.js';
import { HAS_TMUX, icon, quote, startTerminal, terminalEnv, type Terminal } from './tmux.js';

let scratch: string;
let repo: string;
let origin: string;
let aws: AwsEmulator;
let leaked: EmulatedKey;
let term: Terminal;

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOME: scratch, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Dana Developer', GIT_AUTHOR_EMAIL: 'dana@example.com', GIT_COMMITTER_NAME: 'Dana Developer', GIT_COMMITTER_EMAIL: 'dana@example.com' },
  }).trim();
}

(HAS_TMUX ? describe : describe.skip)(`the emergency in a real terminal${HAS_TMUX ? '' : ' (skipped: tmux is not installed; CI installs it)'}`, () => {
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'spillkit-emergency-'));
    leaked = emulatedKey('emergency-leak', 'alice');
    // The operator's own key may only ask STS which account a key belongs to: IAM denies the rest.
    const operator = emulatedKey('emergency-operator', 'ops', { allow: ['sts:GetAccessKeyInfo', 'sts:GetCallerIdentity'] });
    aws = await startAwsEmulator(emulatorState({ users: [{ name: 'alice', attachedPolicies: [] }, { name: 'ops', attachedPolicies: [] }], keys: [leaked, operator] }));

    origin = join(scratch, 'origin.git');
    repo = join(scratch, 'payments');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin]);
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.name', 'Rita Responder');
    git(repo, 'config', 'user.email', 'rita@example.com');
    git(repo, 'remote', 'add', 'origin', origin);
    writeFileSync(join(repo, 'README.md'), '# payments\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'init');
    writeFileSync(join(repo, 'deploy.sh'), `export AWS_ACCESS_KEY_ID=${leaked.id}\nexport AWS_SECRET_ACCESS_KEY=${leaked.secret}\naws s3 sync dist s3://payments\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'deploy script');
    git(repo, 'push', '-q', '-u', 'origin', 'main');
    writeFileSync(join(repo, 'deploy.sh'), 'aws s3 sync dist s3://payments\n');
    git(repo, 'commit', '-q', '-am', 'take the key out again');
    git(repo, 'push', '-q');

    const env = terminalEnv(scratch, { ...cliEnv(aws, operator), GIT_AUTHOR_NAME: 'Rita Responder', GIT_COMMITTER_NAME: 'Rita Responder' });
    term = startTerminal('emergency', `cd ${quote(repo)} && ${quote(process.execPath)} ${quote(BIN)} respond; echo "[exit $?]"; sleep 600`, env);
  });

  afterAll(async () => {
    if (!HAS_TMUX) return;
    term?.kill();
    await aws?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('open, scan by itself, triage, a failed revoke taken by hand, rewrite, push, clone reset, report', async () => {
    const oldMain = git(repo, 'rev-parse', 'main');
    let text = await term.waitFor('the findings, with no key pressed', (t) => t.includes('2 finding(s): 0 confirmed') && t.includes('enter details'));
    expect(text).toMatch(/› open\s+aws\s+aws-access-key-id\S*\s+pushed\s+deploy\.sh:1/); // the pair: one row
    keys('C');
    await term.waitFor('the pair confirmed', (t) => t.includes('2 confirmed'));
    keys('n');
    await term.waitFor('triage done', (t) => icon(t, 2) === '✓');

    // The revoke: one confirmation for the pair, then IAM says no.
    keys('n');
    text = await term.waitFor('the revoke confirmation', (t) => t.includes('Confirm (revoke)'));
    expect(text).toMatch(/Revoke AKIA…\S* \(20 chars\) \+ \S+ \(40 chars\)/);
    keys('y');
    text = await term.waitFor('the failure', (t) => icon(t, 3) === '✗' && t.includes('journal (every call and answer)'));
    const flat = text.split('\n').map((l) => l.split('││')[1] ?? '').join(' ').replace(/[│\s]+/g, ' ');
    expect(flat).toContain('IAM denied reading key');
    expect(flat).toContain('`spillkit revoke --use-leaked-key`'); // the whole reason, not cut
    expect(text).toContain('revoke failed: the whole reason is in the panel');

    // Taken by hand: the console steps, then who did it, when and how.
    keys('Enter');
    text = await term.waitFor('the credential row', (t) => /› failed\s+AKIA/.test(t) && t.includes('m: console steps · b: by hand · u: --use-leaked-key (the key disables itself)'));
    keys('m');
    text = await term.waitFor('the console steps', (t) => /Checklist: 0 of \d+ ticked/.test(t));
    expect(text).toContain('console.aws.amazon.com');
    keys('b');
    await term.waitFor('the by-hand form', (t) => t.includes('Revoked by hand:'));
    term.type('Sam (AWS admin)');
    keys('Tab');
    term.type('10 min ago');
    keys('Enter');
    term.type('deactivated the key in the IAM console');
    keys('Enter');
    text = await term.waitFor('the record', (t) => t.includes('recorded: revoked by hand (Sam (AWS admin),'));
    expect(text).toMatch(/› by hand\s+AKIA/);
    keys('n');
    await term.waitFor('revoke done', (t) => icon(t, 3) === '✓');

    // Rotation is left to the console (said why), then the history: plan, rewrite, push, clone.
    keys('n');
    await term.waitFor('the rotate step', (t) => icon(t, 4) === '?');
    keys('s');
    await term.waitFor('the skip field', (t) => t.includes('Why skip it?'));
    term.type('new key made in the console by Sam');
    keys('Enter');
    await term.waitFor('rotate skipped', (t) => icon(t, 4) === '-');
    keys('n');
    await term.waitFor('the plan', (t) => icon(t, 5) === '✓', 60_000);
    keys('n');
    await term.waitFor('the rewrite', (t) => icon(t, 6) === '✓', 90_000);
    keys('n');
    text = await term.waitFor('the push confirmation', (t) => t.includes('Confirm (push)'));
    expect(text).toContain('origin.git');
    expect(text).toMatch(/\(refs\/heads\/main [0-9a-f]{12} -> [0-9a-f]{12}\)\?/);
    keys('y');
    await term.waitFor('the push checklist', (t) => t.includes('Checklist: 0 of 2 ticked'));
    keys('Space', 'j', 'Space', 'n');
    await term.waitFor('the push done', (t) => icon(t, 7) === '✓');
    // Before the reset the clone still believes it is up to date, on the old commits.
    expect(git(repo, 'rev-parse', 'main')).toBe(oldMain);
    expect(git(repo, 'rev-parse', 'origin/main')).toBe(oldMain);
    keys('n');
    await term.waitFor('the reset confirmation', (t) => t.includes('Confirm (reset-clone)'));
    keys('y');
    await term.waitFor('the collaborators item', (t) => t.includes('Checklist: 0 of 1 ticked'));
    keys('Space', 'n');
    await term.waitFor('the reset done', (t) => icon(t, 8) === '✓');
    keys('n');
    await term.waitFor('the report', (t) => icon(t, 9) === '✓', 60_000);
    keys('n');
    text = await term.waitFor('the closed incident', (t) => t.includes('[incident closed]'));
    expect(text).toContain('Playbook complete: incident');
    expect(text).not.toContain('NOT revoked');

    // The clone and the origin hold the rewritten history only.
    expect(git(repo, 'rev-parse', 'main')).toBe(git(origin, 'rev-parse', 'main'));
    expect(git(repo, 'rev-parse', 'main')).not.toBe(oldMain);
    expect(() => git(repo, 'cat-file', '-e', `${oldMain}^{commit}`)).toThrow(); // pruned from the clone
    expect(git(repo, 'log', '--all', '-p')).not.toContain(leaked.secret);
    expect(git(origin, 'log', '--all', '-p')).not.toContain(leaked.secret);

    // AWS was asked once for the pair, and changed nothing: the key is revoked by hand, as recorded.
    expect(aws.state.keys.find((k) => k.id === leaked.id)!.status).toBe('Active');
    expect(aws.calls.filter((c) => c.action === 'UpdateAccessKey')).toHaveLength(0);

    const incidents = join(repo, '.git', 'spillkit', 'incidents');
    const dir = join(incidents, readdirSync(incidents)[0]!);
    const journal = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(journal.filter((e) => e.type === 'confirmation-requested' && e.step === 'revoke')).toHaveLength(1);
    expect(journal.filter((e) => e.type === 'provider-facts')).toHaveLength(1); // one identify for the pair
    const byHand = journal.filter((e) => e.type === 'revoked');
    expect(byHand).toHaveLength(2); // both halves
    expect(byHand[0].data.byHand).toMatchObject({ who: 'Sam (AWS admin)', how: 'deactivated the key in the IAM console' });
    expect(Date.parse(byHand[0].data.byHand.at)).toBeLessThan(Date.parse(byHand[0].ts) - 9 * 60_000);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('revoked by hand (Sam (AWS admin), ');
    expect(report).not.toContain('NOT REVOKED');
    // Ticked on the screen, done in the report: the host purge, forks and collaborators are not open items.
    const open = report.slice(report.search(/^## Open items/m));
    expect(open).not.toMatch(/cached views|Forks keep the old history|Every collaborator must re-clone/);
    for (const secret of [leaked.id, leaked.secret]) expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).not.toContain(secret);

    keys('q');
    await term.waitFor('the exit', (t) => t.includes('[exit 0]'));
  }, 300_000);
});

function keys(...k: string[]): void {
  term.keys(...k);
}
