// Where the fake secrets go: a handful of leaks at known points of the history, each a case a real
// incident has (a committed .env later deleted, a token inlined in hot code, a config still at HEAD, a
// branch never merged, a token pasted into a commit message). The plan written next to the repo holds
// only hashes of the secrets, never the secrets.
import { createHash } from 'node:crypto';
import { makeSecret } from './fake-secrets.mjs';

const AWS_SECRET_KEY_NAME = ['aws', 'secret', 'access', 'key'].join('_');

/** `at`/`until` are fractions of the commit count. */
export const SECRET_PLAN = [
  { id: 'aws-env-file-deleted', at: 0.1, until: 0.12, how: 'new-file', path: 'config/deploy.env',
    kinds: ['aws-access-key-id', 'aws-secret-access-key'] },
  { id: 'github-pat-inline', at: 0.25, until: 0.6, how: 'insert-line', kinds: ['github-pat'] },
  { id: 'slack-token-at-head', at: 0.4, how: 'new-file', path: 'ops/notify.yaml', kinds: ['slack-bot-token'] },
  { id: 'aws-unmerged-branch', at: 0.5, how: 'side-branch', path: 'scripts/upload.sh', branch: 'wip/upload-script',
    kinds: ['aws-access-key-id', 'aws-secret-access-key'] },
  { id: 'github-pat-commit-message', at: 0.7, how: 'commit-message', kinds: ['github-pat'] },
];

export function sha256(text) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Draws the secrets of one plan entry. */
export function drawSecrets(rng, entry) {
  return entry.kinds.map((kind) => ({ kind, value: makeSecret(kind, rng) }));
}

/** File text for the `new-file` and `side-branch` plants. */
export function plantedFileText(entry, secrets) {
  const byKind = Object.fromEntries(secrets.map((s) => [s.kind, s.value]));
  switch (entry.path) {
    case 'config/deploy.env':
      return [
        '# staging deploy settings',
        'APP_ENV=staging',
        'AWS_REGION=eu-west-1',
        `AWS_ACCESS_KEY_ID=${byKind['aws-access-key-id']}`,
        `${AWS_SECRET_KEY_NAME} = ${byKind['aws-secret-access-key']}`,
        'BUCKET=assets-staging',
        '',
      ].join('\n');
    case 'ops/notify.yaml':
      return [
        'notifications:',
        '  channel: "#deploys"',
        '  on: [success, failure]',
        '  slack:',
        `    bot_token: ${byKind['slack-bot-token']}`,
        '',
      ].join('\n');
    case 'scripts/upload.sh':
      return [
        '#!/bin/sh',
        'set -eu',
        `export AWS_ACCESS_KEY_ID=${byKind['aws-access-key-id']}`,
        `export ${AWS_SECRET_KEY_NAME.toUpperCase()}=${byKind['aws-secret-access-key']}`,
        'aws s3 sync ./dist "s3://$BUCKET/releases/"',
        '',
      ].join('\n');
    default:
      throw new Error(`no template for ${entry.path}`);
  }
}

export function inlineTokenLine(secret) {
  return `  const githubToken = '${secret}'; // FIXME: read it from the environment`;
}

export function tokenCommitMessage(secret) {
  return `ci: switch release job to a new token\n\nThe old one expired; using ${secret} until the bot account is fixed.\n`;
}
