/**
 * The revocation table: one row per provider family whose API spillkit revokes (and, where a row
 * says, rotates) through the one engine. The hand-written adapters (AWS, GitHub, GitLab, Slack, npm)
 * are not rows: their APIs need more than one request shape. `revocationTableProblems` is the
 * self-check a test runs against the rule set.
 */
import type { RevocationRow } from './row.js';
import { ANTHROPIC_ROW } from './rows/anthropic.js';
import { AZURE_ROW } from './rows/azure.js';
import { CLOUDFLARE_ROW } from './rows/cloudflare.js';
import { GOOGLE_OAUTH_ROW } from './rows/google-oauth.js';
import { DROPBOX_ROW } from './rows/dropbox.js';
import { DOPPLER_ROW } from './rows/doppler.js';
import { DISCORD_ROW } from './rows/discord.js';
import { DATADOG_ROW } from './rows/datadog.js';
import { FLYIO_ROW } from './rows/flyio.js';
import { GCP_ROW } from './rows/gcp.js';
import { HEROKU_ROW } from './rows/heroku.js';
import { HUGGINGFACE_ROW } from './rows/huggingface.js';
import { LINEAR_ROW } from './rows/linear.js';
import { MAILGUN_ROW } from './rows/mailgun.js';
import { OKTA_ROW } from './rows/okta.js';
import { OPENAI_ROW } from './rows/openai.js';
import { SENDGRID_ROW } from './rows/sendgrid.js';
import { SENTRY_ROW } from './rows/sentry.js';
import { TERRAFORM_ROW } from './rows/terraform.js';
import { TWILIO_ROW } from './rows/twilio.js';
import { VAULT_ROW } from './rows/vault.js';
import { VERCEL_ROW } from './rows/vercel.js';
import { validatorFor } from '../../verify/validators/index.js';

export type { RevocationRow } from './row.js';
export { revokeWithRow, rotateWithRow } from './engine.js';

export const REVOCATION_ROWS: readonly RevocationRow[] = [
  ANTHROPIC_ROW,
  AZURE_ROW,
  CLOUDFLARE_ROW,
  GOOGLE_OAUTH_ROW,
  DROPBOX_ROW,
  DOPPLER_ROW,
  DISCORD_ROW,
  DATADOG_ROW,
  FLYIO_ROW,
  GCP_ROW,
  HEROKU_ROW,
  HUGGINGFACE_ROW,
  LINEAR_ROW,
  MAILGUN_ROW,
  OKTA_ROW,
  OPENAI_ROW,
  SENDGRID_ROW,
  SENTRY_ROW,
  TERRAFORM_ROW,
  TWILIO_ROW,
  VAULT_ROW,
  VERCEL_ROW,
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
    if (row.base !== undefined && !/^https:\/\/[^/]+(\/[^?#]*[^/?#])?$/.test(row.base)) problems.push(`${at}: base ${row.base} is not an https URL without a trailing slash`);
    // A self-hosted family has no public base: its base comes from the operator's environment, never a placeholder.
    if ((row.base === undefined) === (row.baseFrom === undefined)) problems.push(`${at}: needs exactly one of a fixed base or baseFrom`);
    if (row.baseFrom && row.baseFrom.length === 0) problems.push(`${at}: baseFrom names no variable`);
    for (const [name, setting] of Object.entries(row.settings ?? {})) {
      if (setting.env.length === 0 || !setting.what) problems.push(`${at}: setting ${name} needs variables and what it is`);
      for (const variable of setting.env) if (!/^[A-Z][A-Z0-9_]*$/.test(variable)) problems.push(`${at}: setting variable ${variable} is not an environment name`);
    }
    for (const [variable] of Object.entries(row.sample.env ?? {})) {
      if (!Object.values(row.settings ?? {}).some((s) => s.env.includes(variable))) problems.push(`${at}: the sample sets ${variable}, which is no setting of the row`);
    }
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
    for (const name of [...(row.operator?.env ?? []), ...(row.operator?.userEnv ?? []), ...(row.baseFrom ?? [])]) {
      // Lower case is allowed: Terraform reads TF_TOKEN_app_terraform_io.
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) problems.push(`${at}: operator variable ${name} is not an environment name`);
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
