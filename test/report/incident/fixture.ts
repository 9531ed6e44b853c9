/**
 * A repository with a fresh leak, pushed to a local bare "origin" so the remote-tracking ref has a real
 * reflog (`update by push`, at a pinned time), plus a commit that never left the clone. Secrets are
 * generated at run time; nothing secret-shaped is committed.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { gitEnv, initRepo, type Repo } from '../../helpers/repo-builder.js';

/** A path an attacker chose: markup, quotes, Markdown link syntax, a table pipe and a bidi override. */
export const HOSTILE_PATH = 'evil/<img src=x onerror=alert(1)>\u202e"\'&|*_[x](javascript:alert(1))`.txt';

export const PUSHED_AT = '2024-01-02T10:00:00.000Z';

export interface LeakRepo {
  repo: Repo;
  origin: string;
  secrets: { awsId: string; awsSecret: string; slack: string; github: string; stripe: string };
  commits: { env: string; config: string; hostile: string; message: string };
}

export function leakRepo(seed: string): LeakRepo {
  const secrets = {
    awsId: fakeSecret('aws-access-key-id', `${seed}-id`),
    awsSecret: fakeSecret('aws-secret-access-key', `${seed}-secret`),
    slack: fakeSecret('slack-bot-token', `${seed}-slack`),
    github: fakeSecret('github-pat', `${seed}-github`),
    stripe: fakeSecret('stripe-live', `${seed}-stripe`),
  };
  const repo = initRepo();
  repo.commit({ files: { 'README.md': '# payments\n', '.gitignore': 'node_modules/\n' }, message: 'init', date: '2024-01-01T01:00:00Z' });
  const env = repo.commit({
    files: { '.env': `AWS_ACCESS_KEY_ID=${secrets.awsId}\nAWS_SECRET_ACCESS_KEY=${secrets.awsSecret}\n` },
    message: 'local settings',
    date: '2024-01-01T02:00:00Z',
  });
  const config = repo.commit({ files: { 'src/config.js': `export const slack = "${secrets.slack}";\n` }, message: 'wire slack', date: '2024-01-01T03:00:00Z' });
  const hostile = repo.commit({ files: { [HOSTILE_PATH]: `token: ${secrets.github}\n` }, message: 'docs', date: '2024-01-01T04:00:00Z' });
  repo.checkoutHead();

  const origin = join(repo.root, 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', origin], { env: gitEnv(), stdio: 'ignore' });
  repo.git(['remote', 'add', 'origin', origin]);
  const pinned = { GIT_COMMITTER_DATE: `${Date.parse(PUSHED_AT) / 1000} +0000`, GIT_COMMITTER_NAME: 'Ada Fixture', GIT_COMMITTER_EMAIL: 'ada@fixture.test' };
  repo.git(['push', '-q', 'origin', 'main'], undefined, pinned);

  // Committed after the push and never pushed: a secret in a commit message, local only.
  const message = repo.commit({ message: `rotate billing\n\nold key was ${secrets.stripe}\n`, date: '2024-01-03T00:00:00Z' });
  repo.checkoutHead();
  return { repo, origin, secrets, commits: { env, config, hostile, message } };
}
