/**
 * Every credential kind spillkit can check live: rows of data (one HTTPS request each, grouped by
 * field) plus the provider adapters that need code (AWS signs with SigV4; GitHub, GitLab, Slack and
 * npm tell token kinds apart before calling). `validatorFor(rule)` is the one lookup the engine uses;
 * `validatorTableProblems()` is the self-check a test runs.
 */
import type { ValidatorRow } from '../validator.js';
import { AI_ROWS } from './ai.js';
import { CLOUD_ROWS } from './cloud.js';
import { COMMERCE_ROWS } from './commerce.js';
import { COMMS_ROWS } from './comms.js';
import { DATA_ROWS } from './data.js';
import { DEVOPS_ROWS } from './devops.js';
import { SELF_HOSTED_ROWS, type SelfHostedRow } from './self-hosted.js';

/**
 * A family whose adapter's own `verify` is the check, for exactly these rules. `base` and `envVar` name
 * the host it calls (for the per-host limit and the README), as the adapter resolves it.
 */
export interface AdapterValidator {
  provider: string;
  rules: string[];
  base: string;
  envVar: string;
  /** The request, in words, for the README and `providers`. */
  request: string;
}

export const ADAPTER_VALIDATORS: AdapterValidator[] = [
  {
    provider: 'aws', base: 'https://sts.amazonaws.com', envVar: 'AWS_ENDPOINT_URL_STS', request: 'STS GetCallerIdentity signed with the key id and its secret (needs no permission)',
    rules: ['aws-access-key-id', 'aws-secret-access-key', 'aws-secret-access-key-near-id', 'aws-secret-access-key-context'],
  },
  {
    provider: 'github', base: 'https://api.github.com', envVar: 'GITHUB_API_URL', request: 'GET /user (an app installation token: GET /installation/repositories?per_page=1)',
    rules: ['github-pat', 'github-fine-grained-pat', 'github-oauth-token', 'github-user-to-server-token', 'github-app-installation-token'],
  },
  { provider: 'gitlab', base: 'https://gitlab.com/api/v4', envVar: 'GITLAB_API_URL', request: 'GET /personal_access_tokens/self', rules: ['gitlab-pat'] },
  {
    provider: 'slack', base: 'https://slack.com/api', envVar: 'SLACK_API_URL', request: 'POST auth.test',
    rules: ['slack-bot-token', 'slack-user-token', 'slack-workspace-access-token', 'slack-legacy-token', 'slack-app-token'],
  },
  { provider: 'npm', base: 'https://registry.npmjs.org', envVar: 'NPM_API_URL', request: 'GET /-/whoami', rules: ['npm-access-token', 'npmrc-auth-token'] },
];

export const VALIDATOR_ROWS: ValidatorRow[] = [...AI_ROWS, ...CLOUD_ROWS, ...COMMERCE_ROWS, ...COMMS_ROWS, ...DATA_ROWS, ...DEVOPS_ROWS];

export type ValidatorEntry = { kind: 'row'; row: ValidatorRow } | { kind: 'adapter'; adapter: AdapterValidator };

const BY_RULE = new Map<string, ValidatorEntry>();
for (const row of VALIDATOR_ROWS) for (const rule of row.rules) if (!BY_RULE.has(rule)) BY_RULE.set(rule, { kind: 'row', row });
for (const entry of ADAPTER_VALIDATORS) for (const rule of entry.rules) if (!BY_RULE.has(rule)) BY_RULE.set(rule, { kind: 'adapter', adapter: entry });

/** How a rule's secret is checked live, or null when spillkit has no check for it. */
export function validatorFor(rule: string): ValidatorEntry | null {
  return BY_RULE.get(rule) ?? null;
}

const SELF_HOSTED_BY_RULE = new Map<string, SelfHostedRow>();
for (const row of SELF_HOSTED_ROWS) for (const rule of row.rules) SELF_HOSTED_BY_RULE.set(rule, row);

/** The self-hosted check of a rule (its host named by the user or near the secret), or null. */
export function selfHostedRowFor(rule: string): SelfHostedRow | null {
  return SELF_HOSTED_BY_RULE.get(rule) ?? null;
}

/** Every rule id with a live check (fixed host or self-hosted), sorted. */
export function validatedRules(): string[] {
  return [...new Set([...BY_RULE.keys(), ...SELF_HOSTED_BY_RULE.keys()])].sort();
}

/**
 * What is wrong with the table: a rule listed twice, an unknown rule or a provider that does not
 * match it, a base that is not a fixed https origin, an override not named `<X>_API_URL`, a write verb.
 */
export function validatorTableProblems(rules: ReadonlyMap<string, { provider: string }>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const entries: { provider: string; rules: string[]; where: string }[] = [
    ...VALIDATOR_ROWS.map((r) => ({ provider: r.provider, rules: r.rules, where: `row ${r.title}` })),
    ...ADAPTER_VALIDATORS.map((a) => ({ provider: a.provider, rules: a.rules, where: `adapter ${a.provider}` })),
  ];
  for (const entry of entries) {
    if (entry.rules.length === 0) problems.push(`${entry.where}: lists no rule`);
    for (const id of entry.rules) {
      if (seen.has(id)) problems.push(`${entry.where}: rule ${id} already has a validator`);
      seen.add(id);
      const rule = rules.get(id);
      if (!rule) problems.push(`${entry.where}: no rule ${id}`);
      else if (rule.provider !== entry.provider) problems.push(`${entry.where}: rule ${id} belongs to ${rule.provider}, not ${entry.provider}`);
    }
  }
  const selfHostedSeen = new Set<string>();
  for (const row of SELF_HOSTED_ROWS) {
    for (const id of row.rules) {
      if (selfHostedSeen.has(id)) problems.push(`self-hosted row ${row.title}: rule ${id} listed twice`);
      selfHostedSeen.add(id);
      const rule = rules.get(id);
      if (!rule) problems.push(`self-hosted row ${row.title}: no rule ${id}`);
      else if (rule.provider !== row.provider) problems.push(`self-hosted row ${row.title}: rule ${id} belongs to ${rule.provider}, not ${row.provider}`);
    }
    if (!/^[A-Z][A-Z0-9_]*_API_URL$/.test(row.envVar)) problems.push(`self-hosted row ${row.title}: override ${row.envVar} is not named <PROVIDER>_API_URL`);
    if (row.apiPrefix !== '' && (!row.apiPrefix.startsWith('/') || row.apiPrefix.endsWith('/'))) problems.push(`self-hosted row ${row.title}: apiPrefix ${row.apiPrefix} must be empty or /path`);
  }
  for (const row of VALIDATOR_ROWS) {
    let base: URL | null = null;
    try {
      base = new URL(row.base);
    } catch {
      /* reported below */
    }
    if (!base || base.protocol !== 'https:' || base.pathname.endsWith('/') && base.pathname !== '/' || row.base.endsWith('/') || base.username || base.search) {
      problems.push(`row ${row.title}: base ${row.base} is not a fixed https URL without a trailing slash`);
    }
    if (!/^[A-Z][A-Z0-9_]*_API_URL$/.test(row.envVar)) problems.push(`row ${row.title}: override ${row.envVar} is not named <PROVIDER>_API_URL`);
    if (!row.path.startsWith('/')) problems.push(`row ${row.title}: path ${row.path} must start with /`);
    if (row.method === 'POST' && !row.form && row.json === undefined) problems.push(`row ${row.title}: a POST check must say its body`);
    if (row.read && (!row.answers?.live || !row.answers.dead)) problems.push(`row ${row.title}: a row that reads the answer shows a live and a dead example (answers)`);
    if ((row.auth.kind === 'path') !== row.path.includes('{secret}')) problems.push(`row ${row.title}: {secret} belongs in the path exactly when auth is 'path'`);
    if (row.auth.kind === 'basic-pair' && !row.needsPair) problems.push(`row ${row.title}: basic-pair needs needsPair`);
  }
  return problems;
}
