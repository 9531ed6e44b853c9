/**
 * The revocation table: one row per provider family whose API spillkit revokes (and, where a row
 * says, rotates) through the one engine. The hand-written adapters (AWS, GitHub, GitLab, Slack, npm)
 * are not rows: their APIs need more than one request shape. `revocationTableProblems` is the
 * self-check a test runs against the rule set.
 */
import type { RevocationRow } from './row.js';
import { ANTHROPIC_ROW } from './rows/anthropic.js';
import { CLOUDFLARE_ROW } from './rows/cloudflare.js';
import { DATADOG_ROW } from './rows/datadog.js';
import { HUGGINGFACE_ROW } from './rows/huggingface.js';
import { OPENAI_ROW } from './rows/openai.js';
import { SENDGRID_ROW } from './rows/sendgrid.js';
import { SENTRY_ROW } from './rows/sentry.js';
import { validatorFor } from '../../verify/validators/index.js';

export type { RevocationRow } from './row.js';
export { revokeWithRow, rotateWithRow } from './engine.js';

export const REVOCATION_ROWS: readonly RevocationRow[] = [
  ANTHROPIC_ROW,
  CLOUDFLARE_ROW,
  DATADOG_ROW,
  HUGGINGFACE_ROW,
  OPENAI_ROW,
  SENDGRID_ROW,
  SENTRY_ROW,
];

const BY_PROVIDER = new Map(REVOCATION_ROWS.map((row) => [row.provider, row]));

/** The family's row, if spillkit revokes it through the table. */
export function revocationRowFor(provider: string): RevocationRow | undefined {
  return BY_PROVIDER.get(provider);
}

/** Every mistake a row can hold, in words; empty when the table is sound. */
export function revocationTableProblems(rules: ReadonlyMap<string, { provider: string }>): string[] {
  const problems: string[] = [];
  const providers = new Set<string>();
  for (const row of REVOCATION_ROWS) {
    const at = `revocation row ${row.provider}`;
    if (providers.has(row.provider)) problems.push(`${at}: a second row for the family`);
    providers.add(row.provider);
    if (!/^https:\/\/[^/]+(\/[^?#]*[^/?#])?$/.test(row.base)) problems.push(`${at}: base ${row.base} is not an https URL without a trailing slash`);
    if (!/^[A-Z][A-Z0-9_]*_API_URL$/.test(row.envVar)) problems.push(`${at}: override ${row.envVar} is not a <PROVIDER>_API_URL name`);
    if (row.rules.length === 0) problems.push(`${at}: no rules`);
    for (const id of row.rules) {
      const rule = rules.get(id);
      if (!rule) problems.push(`${at}: unknown rule ${id}`);
      else if (rule.provider !== row.provider) problems.push(`${at}: rule ${id} belongs to ${rule.provider}`);
      const validator = validatorFor(id);
      if (validator?.kind === 'row' && validator.row.envVar !== row.envVar) problems.push(`${at}: rule ${id} is checked through ${validator.row.envVar}, revoked through ${row.envVar}: one override must point both`);
    }
    if (!row.operator && !row.selfRevoke && !row.unauthenticated) problems.push(`${at}: nobody can revoke (no operator credential, no self-revocation)`);
    if (row.selfRevoke && !row.leakedAuth) problems.push(`${at}: self-revocation without leakedAuth`);
    for (const name of [...(row.operator?.env ?? []), ...(row.operator?.userEnv ?? [])]) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(name)) problems.push(`${at}: operator variable ${name} is not an environment name`);
    }
    if (row.operator && !row.operator.needs) problems.push(`${at}: operator credential without what it needs`);
    if (!row.effect) problems.push(`${at}: no effect words`);
    const routes = row.sample.routes(row.sample.secret('self-check'));
    if (!routes.some((r) => r.revokes)) problems.push(`${at}: the sample has no revoking call`);
    if (row.rotate && !routes.some((r) => r.creates)) problems.push(`${at}: a rotation without a creating call in the sample`);
  }
  return problems;
}

/** Rules revoked through the table. */
export function revocableRules(): string[] {
  return REVOCATION_ROWS.flatMap((row) => [...row.rules]);
}
