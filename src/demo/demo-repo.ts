import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fakeSecret } from '../rules/fake-secret.js';

/**
 * A small repository with the leaks a responder meets most: an `.env` committed then deleted, a token
 * pasted into source on a branch, a key in a commit message, a stash. Every secret is freshly generated
 * in the right format, so nothing secret-shaped ships inside spillkit.
 */
export function buildDemoRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spillkit-demo-'));
  const home = mkdtempSync(join(tmpdir(), 'spillkit-demo-home-'));
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0) / 1000;
  const git = (args: string[], input?: string): string => {
    clock += 3600;
    return execFileSync('git', args, {
      cwd: dir,
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
  git(['init', '-q', '-b', 'main']);
  write('README.md', '# payments-service\n\nHandles checkout.\n');
  write('src/app.js', "const express = require('express');\nconst app = express();\napp.listen(process.env.PORT);\n");
  commit('Initial commit');
  write('.env', `AWS_ACCESS_KEY_ID=${fakeSecret('aws-access-key-id', 'demo-1')}\nAWS_SECRET_ACCESS_KEY=${fakeSecret('aws-secret-access-key', 'demo-2')}\nDATABASE_URL=${fakeSecret('postgres-uri', 'demo-3')}\n`);
  commit('Add local config');
  rmSync(join(dir, '.env'));
  write('.gitignore', '.env\n');
  commit('Remove .env, ignore it');
  git(['checkout', '-q', '-b', 'feature/slack-alerts']);
  write('src/alerts.js', `const SLACK_TOKEN = "${fakeSecret('slack-bot-token', 'demo-4')}";\nmodule.exports = { SLACK_TOKEN };\n`);
  commit('Send alerts to Slack');
  git(['checkout', '-q', 'main']);
  commit(`Tag the release\n\nUsed GITHUB_TOKEN=${fakeSecret('github-pat', 'demo-5')} to publish it\n`);
  write('src/app.js', "const express = require('express');\nconst app = express();\nconst stripe = '" + fakeSecret('stripe-live', 'demo-6') + "';\napp.listen(process.env.PORT);\n");
  git(['stash', 'push', '-q', '-m', 'wip stripe']);
  return dir;
}
