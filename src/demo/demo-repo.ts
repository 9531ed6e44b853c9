import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fakeSecret } from '../rules/fake-secret.js';

export interface Demo {
  /** The demo repository (a clone with a worktree). */
  path: string;
  /** Its `origin`: a bare repository beside it, so the push step really pushes. */
  origin: string;
  /** The folder holding both (and anything the walk writes beside them). */
  root: string;
  /** Removes the whole folder. */
  remove(): void;
}

/**
 * A small repository with the leaks a responder meets most, and a local bare `origin` it was pushed to:
 * an `.env` committed, pushed, then deleted; a token in a commit message (pushed); a token pasted into
 * source on a branch never pushed; a key in a stash; and a staged file a pre-commit hook blocked (its
 * blob is in the object database, no commit holds it). Every secret is freshly generated in the right
 * format, different on every run, so nothing secret-shaped ships inside spillkit.
 */
export function buildDemo(): Demo {
  const root = mkdtempSync(join(tmpdir(), 'spillkit-demo-'));
  const dir = join(root, 'payments-service');
  const origin = join(root, 'origin.git');
  const home = join(root, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  const run = randomBytes(6).toString('hex');
  const secret = (kind: string, n: number): string => fakeSecret(kind, `demo-${run}-${n}`);
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0) / 1000;
  const git = (args: string[], input?: string, cwd = dir): string => {
    clock += 3600;
    return execFileSync('git', args, {
      cwd,
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HOME: home,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Dana Developer',
        GIT_AUTHOR_EMAIL: 'dana@example.com',
        GIT_COMMITTER_NAME: 'Dana Developer',
        GIT_COMMITTER_EMAIL: 'dana@example.com',
        GIT_AUTHOR_DATE: `${clock} +0000`,
        GIT_COMMITTER_DATE: `${clock} +0000`,
      },
    });
  };
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const commit = (message: string): void => {
    git(['add', '-A']);
    git(['commit', '-q', '--allow-empty', '-F', '-'], message);
  };
  git(['init', '-q', '--bare', '-b', 'main', origin], undefined, root);
  git(['init', '-q', '-b', 'main']);
  // The responder's own identity, so the journal names someone.
  git(['config', 'user.name', 'Dana Developer']);
  git(['config', 'user.email', 'dana@example.com']);
  git(['remote', 'add', 'origin', origin]);
  write('README.md', '# payments-service\n\nHandles checkout.\n');
  write('src/app.js', "const express = require('express');\nconst app = express();\napp.listen(process.env.PORT);\n");
  commit('Initial commit');
  write('.env', `AWS_ACCESS_KEY_ID=${secret('aws-access-key-id', 1)}\nAWS_SECRET_ACCESS_KEY=${secret('aws-secret-access-key', 2)}\nDATABASE_URL=${secret('postgres-uri', 3)}\n`);
  commit('Add local config');
  rmSync(join(dir, '.env'));
  write('.gitignore', '.env\n');
  commit('Remove .env, ignore it');
  commit(`Tag the release\n\nUsed GITHUB_TOKEN=${secret('github-pat', 5)} to publish it\n`);
  git(['push', '-q', '-u', 'origin', 'main']);
  git(['checkout', '-q', '-b', 'feature/slack-alerts']);
  write('src/alerts.js', `const SLACK_TOKEN = "${secret('slack-bot-token', 4)}";\nmodule.exports = { SLACK_TOKEN };\n`);
  commit('Send alerts to Slack');
  git(['checkout', '-q', 'main']);
  write('src/app.js', "const express = require('express');\nconst app = express();\nconst stripe = '" + secret('stripe-live', 6) + "';\napp.listen(process.env.PORT);\n");
  git(['stash', 'push', '-q', '-m', 'wip stripe']);
  // What a pre-commit hook leaves behind: the file was staged (its blob written), the commit refused.
  write('deploy/npmrc', `//registry.npmjs.org/:_authToken=${secret('npm-token', 7)}\n`);
  git(['add', 'deploy/npmrc']);
  git(['rm', '-q', '--cached', 'deploy/npmrc']);
  rmSync(join(dir, 'deploy'), { recursive: true });
  return { path: dir, origin, root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** `scan --demo`: the repository only (its folder stays, for a second look). */
export function buildDemoRepository(): string {
  return buildDemo().path;
}
