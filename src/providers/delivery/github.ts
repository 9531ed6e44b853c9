import { SpillkitError } from '../../errors.js';
import type { Delivery } from '../contract.js';
import { apiBaseUrl } from '../github/client.js';
import { assertSecretName, putRepoSecret, readPublicKey, readSecretMeta, storeTitle, type RepoSecretTarget, type SecretStore } from '../github/repo-secrets.js';
import { entriesFor, needEnv, type DeliveryIO, type DeliveryReceipt, type DeliveryTarget } from './target.js';

/**
 * GitHub's three sealed stores as delivery targets: Actions repository secrets, an environment's
 * secrets and Dependabot secrets. The operator's token comes from GITHUB_TOKEN or GH_TOKEN (never the
 * leaked one); GITHUB_API_URL points at GitHub Enterprise. The read-back is the secret's updated_at.
 */
type GithubDelivery = Extract<Delivery, { kind: 'github-secret' | 'github-env-secret' | 'dependabot-secret' }>;

const OWNER_REPO = '([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)';
const NAME = '([A-Za-z_][A-Za-z0-9_]*)';

function storeOf(d: GithubDelivery): SecretStore {
  if (d.kind === 'github-env-secret') return { scope: 'environment', environment: d.environment };
  return { scope: d.kind === 'dependabot-secret' ? 'dependabot' : 'actions' };
}

const FLAGS = { 'github-secret': '--to-github-secret', 'github-env-secret': '--to-github-env-secret', 'dependabot-secret': '--to-dependabot-secret' } as const;

function target(d: GithubDelivery, io: DeliveryIO): RepoSecretTarget {
  const token = needEnv(io.env, ['GITHUB_TOKEN', 'GH_TOKEN'], FLAGS[d.kind], 'an operator token');
  return { baseUrl: apiBaseUrl(io.env), token, owner: d.owner, repo: d.repo, store: storeOf(d), env: io.env };
}

function describe(d: GithubDelivery): string {
  const title = storeTitle(storeOf(d));
  return `GitHub ${title.charAt(0).toUpperCase()}${title.slice(1)} ${d.owner}/${d.repo}:${d.name}`;
}

function rows<K extends GithubDelivery['kind']>(kind: K, parse: (spec: string) => Extract<GithubDelivery, { kind: K }>): DeliveryTarget<K> {
  // One implementation for the three kinds, typed on their common shape.
  const row: DeliveryTarget<GithubDelivery['kind']> & { check(d: GithubDelivery, io: DeliveryIO): Promise<string> } = {
    kind,
    parse: parse as (spec: string) => never,
    async check(d: GithubDelivery, io: DeliveryIO) {
      const t = target(d, io);
      await readPublicKey(t);
      const meta = await readSecretMeta(t, d.name);
      return meta ? `${describe(d)} exists (updated ${meta.updated_at})` : `${describe(d)} will be created`;
    },
    async deliver(d: GithubDelivery, values: Record<string, string>, io: DeliveryIO) {
      const t = target(d, io);
      const entries = entriesFor(d.name, values);
      for (const { entry } of entries) assertSecretName(entry);
      const key = await readPublicKey(t);
      const created: string[] = [];
      for (const { entry, value } of entries) {
        const put = await putRepoSecret(t, entry, value, key);
        io.record('provider-call', { provider: 'github', call: `PUT ${storeTitle(t.store)} ${entry}`, status: put.created ? 201 : 204 });
        if (put.created) created.push(entry);
      }
      return { entries: entries.map((e) => e.entry), created };
    },
    async readBack(d: GithubDelivery, receipt: DeliveryReceipt, io: DeliveryIO) {
      const t = target(d, io);
      const dates: string[] = [];
      for (const entry of receipt.entries) {
        const meta = await readSecretMeta(t, entry);
        if (!meta) throw new SpillkitError('IO', `${describe(d)}: GitHub does not list ${entry} after the write`);
        dates.push(`${entry} updated ${meta.updated_at}`);
      }
      return dates.join('; ');
    },
    describe,
    entryName: (d: GithubDelivery) => d.name,
  };
  return row as unknown as DeliveryTarget<K>;
}

export const githubSecretTarget = rows('github-secret', (spec) => {
  const m = new RegExp(`^${OWNER_REPO}:${NAME}$`).exec(spec);
  if (!m) throw new SpillkitError('USAGE', `--to-github-secret takes OWNER/REPO:NAME, not '${spec}'`);
  return { kind: 'github-secret', owner: m[1], repo: m[2], name: m[3] };
});

export const githubEnvSecretTarget = rows('github-env-secret', (spec) => {
  // Environment names are free text up to 255 characters; the last ':' starts the secret name.
  const m = new RegExp(`^${OWNER_REPO}/([^:/][^:]{0,254}):${NAME}$`).exec(spec);
  if (!m) throw new SpillkitError('USAGE', `--to-github-env-secret takes OWNER/REPO/ENVIRONMENT:NAME, not '${spec}'`);
  return { kind: 'github-env-secret', owner: m[1], repo: m[2], environment: m[3], name: m[4] };
});

export const dependabotSecretTarget = rows('dependabot-secret', (spec) => {
  const m = new RegExp(`^${OWNER_REPO}:${NAME}$`).exec(spec);
  if (!m) throw new SpillkitError('USAGE', `--to-dependabot-secret takes OWNER/REPO:NAME, not '${spec}'`);
  return { kind: 'dependabot-secret', owner: m[1], repo: m[2], name: m[3] };
});
