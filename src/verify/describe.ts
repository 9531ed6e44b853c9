/**
 * The validator table in words, for docs/validators.md (README links it): per credential kind, the
 * exact request a live check makes and how its answer is read. A test keeps the file in step.
 */
import type { Auth, ValidatorRow } from './validator.js';
import { ADAPTER_VALIDATORS, VALIDATOR_ROWS } from './validators/index.js';
import { SELF_HOSTED_ROWS } from './validators/self-hosted.js';

function authText(auth: Auth): string {
  switch (auth.kind) {
    case 'bearer':
      return '`Authorization: Bearer <secret>`';
    case 'scheme':
      return `\`Authorization: ${auth.scheme} <secret>\``;
    case 'header':
      return `\`${auth.name}: ${auth.prefix ?? ''}<secret>\``;
    case 'basic':
      return auth.as === 'user' ? `HTTP basic, secret as user${auth.other ? ` (password \`${auth.other}\`)` : ''}` : `HTTP basic, user \`${auth.other ?? ''}\`, secret as password`;
    case 'basic-pair':
      return 'HTTP basic, the paired id as user and the secret as password';
    case 'query':
      return `query parameter \`${auth.name}\``;
    case 'path':
      return 'in the path';
  }
}

function reading(row: Omit<ValidatorRow, 'base'>): string {
  const dead = (row.deadStatuses ?? [401]).join('/');
  const parts = [`2xx live`, `${dead} not live`];
  if (row.forbiddenIsLive) parts.push('403 live (restricted)');
  if (row.read) parts.push('the answer body read too');
  return parts.join(', ');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function validatorsMarkdown(): string {
  const lines = [
    '# Live checks (`--verify`)',
    '',
    'Generated from `src/verify/validators/` by `node scripts/validators-doc.mjs`; a test keeps it in step.',
    'Each check is one read-only HTTPS request to the provider\'s own API (the `*_API_URL` variable overrides',
    'the base, for tests and private clouds). Anything but the readings below (429 after retries, 5xx, a',
    'timeout, a network error, another status) is `unknown`, with the reason.',
    '',
    '| rules | provider | request | secret sent as | answer |',
    '|---|---|---|---|---|',
  ];
  for (const row of [...VALIDATOR_ROWS].sort((a, b) => a.provider.localeCompare(b.provider) || a.title.localeCompare(b.title))) {
    const request = `\`${row.method ?? 'GET'} ${row.base}${row.path}\` (\`${row.envVar}\`)`;
    lines.push(`| ${row.rules.join(', ')} | ${row.title} | ${cell(request)} | ${cell(authText(row.auth))} | ${reading(row)} |`);
  }
  lines.push('', '## Checks made by a provider adapter', '', '| rules | provider | request | base (override) |', '|---|---|---|---|');
  for (const a of ADAPTER_VALIDATORS) lines.push(`| ${a.rules.join(', ')} | ${a.provider} | ${cell(a.request)} | ${a.base} (\`${a.envVar}\`) |`);
  lines.push(
    '',
    '## Self-hosted services',
    '',
    'Checked at the host the user names with the variable (any address), or with `--verify-self-hosted` at a',
    'public https host written within 40 lines of the secret (every address it resolves to must be public).',
    '',
    '| rules | service | request | secret sent as | answer |',
    '|---|---|---|---|---|',
  );
  for (const row of SELF_HOSTED_ROWS) {
    const request = `\`${row.method ?? 'GET'} <host>${row.apiPrefix}${row.path}\` (\`${row.envVar}\`)`;
    lines.push(`| ${row.rules.join(', ')} | ${row.title} | ${cell(request)} | ${cell(authText(row.auth))} | ${reading(row)} |`);
  }
  return `${lines.join('\n')}\n`;
}
