/**
 * docs/containment.md, generated: for every family spillkit revokes through an API, whose credential
 * does it (the operator's variable), whether the leaked key may do it itself (only when chosen), what
 * the call does, and whether it rotates. Rows of the revocation table describe themselves; the
 * hand-written adapters are described here, and a test checks that every family with `revoke` in the
 * capability table appears exactly once.
 */
import { PROVIDER_CAPABILITIES } from './capabilities.js';
import { REVOCATION_ROWS } from './revocation/index.js';

export interface ContainmentLine {
  provider: string;
  title: string;
  /** Whose credential revokes by default (environment variables), or `none needed`. */
  operator: string;
  /** Whether `--use-leaked-key` lets the leaked key act itself. */
  selfPath: boolean;
  /** What the revocation does at the provider. */
  effect: string;
  rotate: boolean;
}

/** The adapters that are not rows (their APIs need more than one request shape). */
export const HANDWRITTEN_CONTAINMENT: readonly ContainmentLine[] = [
  { provider: 'aws', title: 'AWS', operator: 'default credential chain / AWS_PROFILE', selfPath: true, effect: 'make the access key Inactive (optionally quarantine policy); rotation creates a second key first', rotate: true },
  { provider: 'github', title: 'GitHub', operator: 'none needed (credential revocation endpoint); GITHUB_TOKEN for alerts', selfPath: false, effect: 'send the token to POST /credentials/revoke (classic and fine-grained PATs, OAuth, App user-to-server, refresh)', rotate: true },
  { provider: 'gitlab', title: 'GitLab', operator: 'GITLAB_TOKEN (owner or administrator), GITLAB_API_URL for self-managed', selfPath: true, effect: 'revoke a glpat- token by id; deploy, runner, feed, trigger, agent, SCIM tokens through /admin/token', rotate: true },
  { provider: 'slack', title: 'Slack', operator: 'none (no operator API)', selfPath: true, effect: 'auth.revoke with the token itself, only when chosen', rotate: false },
  { provider: 'npm', title: 'npm', operator: 'NPM_TOKEN (same npm user)', selfPath: true, effect: 'delete the token by its key (DELETE /-/npm/v1/tokens/token/{key})', rotate: false },
  { provider: 'postgres', title: 'PostgreSQL', operator: 'SPILLKIT_PG_ADMIN_URL or PGUSER/PGPASSWORD', selfPath: true, effect: 'revoke: an unguessable password, NOLOGIN, open sessions ended; rotate: ALTER ROLE … PASSWORD (SCRAM verifier) in a transaction, committed after delivery', rotate: true },
  { provider: 'mysql', title: 'MySQL / MariaDB', operator: 'SPILLKIT_MYSQL_ADMIN_URL', selfPath: true, effect: 'revoke: an unguessable password, ACCOUNT LOCK, open sessions ended; rotate: ALTER USER … IDENTIFIED BY, undone if delivery fails', rotate: true },
  { provider: 'private-key', title: 'Private key', operator: 'GITHUB_TOKEN (repository admin)', selfPath: false, effect: 'delete it where it is a deploy key of the GitHub repository (matched by its public half)', rotate: false },
  { provider: 'ssh', title: 'SSH key', operator: 'GITHUB_TOKEN (repository admin)', selfPath: false, effect: 'delete it where it is a deploy key of the GitHub repository (matched by its public half)', rotate: false },
];

export function containmentLines(): ContainmentLine[] {
  const rows = REVOCATION_ROWS.map((row): ContainmentLine => ({
    provider: row.provider,
    title: row.title,
    operator: row.operator ? `${row.operator.env.join(' or ')}${row.operator.userEnv ? ` + ${row.operator.userEnv.join(' or ')}` : ''}` : row.unauthenticated ? 'none needed' : 'none (no operator API)',
    selfPath: row.selfRevoke === true,
    effect: row.effect,
    rotate: row.rotate !== undefined,
  }));
  const extra = Object.entries(PROVIDER_CAPABILITIES)
    .filter(([provider, caps]) => caps.includes('revoke') && !rows.some((r) => r.provider === provider) && !HANDWRITTEN_CONTAINMENT.some((h) => h.provider === provider))
    .map(([provider]): ContainmentLine => ({ provider, title: provider, operator: 'see the provider adapter', selfPath: false, effect: 'revoke', rotate: PROVIDER_CAPABILITIES[provider]!.includes('rotate') }));
  return [...HANDWRITTEN_CONTAINMENT, ...rows, ...extra].sort((a, b) => a.provider.localeCompare(b.provider));
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function containmentMarkdown(): string {
  const lines = containmentLines();
  const rotating = lines.filter((l) => l.rotate).length;
  return [
    '# Containment: who revokes what',
    '',
    '<!-- Generated from src/providers/revocation (the table) and src/providers/describe-containment.ts; run `node scripts/containment-doc.mjs` after `npm run build`. -->',
    '',
    `${lines.length} families are revoked through their provider's API, ${rotating} of them also rotated (new key created, delivered, checked live, then the old one retired). Every other family gets its console checklist (\`spillkit revoke\` prints it).`,
    'The operator\'s credential acts by default; "leaked key" means the leaked credential may revoke itself, only with `--use-leaked-key`, journaled as that choice. `--expect-owner NAME` refuses a key the provider does not name as NAME\'s.',
    '',
    '| family | operator credential | leaked key | what revocation does | rotate |',
    '|---|---|---|---|---|',
    ...lines.map((l) => `| ${cell(l.title)} (\`${l.provider}\`) | ${cell(l.operator)} | ${l.selfPath ? 'when chosen' : 'no'} | ${cell(l.effect)} | ${l.rotate ? 'yes' : 'no'} |`),
    '',
  ].join('\n');
}
