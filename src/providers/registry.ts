/**
 * Every rule's provider resolves to an adapter: an API adapter where spillkit can call the provider,
 * else a manual adapter built from the console table. Unknown ids (a user's config rule) get a manual
 * adapter too, so `revoke` and `rotate` always have something honest to say.
 */
import { createAwsAdapter } from './aws/index.js';
import type { ProviderAdapter } from './contract.js';
import { createDatabaseAdapter } from './database/index.js';
import { createGithubAdapter } from './github/index.js';
import { createGitlabAdapter } from './gitlab/index.js';
import { createManualAdapter } from './manual.js';
import { createNpmAdapter } from './npm/index.js';
import { createPrivateKeyAdapter } from './private-key/index.js';
import { createSlackAdapter } from './slack/index.js';
import { createTableAdapter } from './revocation/adapter.js';
import { REVOCATION_ROWS } from './revocation/index.js';
import { VERIFY_ONLY_ADAPTERS } from './verify-only/index.js';
import { VERIFY_SPECS } from './verify-only/specs.js';

type AdapterFactory = (env: NodeJS.ProcessEnv) => ProviderAdapter;

const API_ADAPTERS: Record<string, AdapterFactory> = {
  aws: () => createAwsAdapter(),
  github: () => createGithubAdapter(),
  gitlab: (env) => createGitlabAdapter(env),
  slack: () => createSlackAdapter(),
  npm: () => createNpmAdapter(),
  'private-key': () => createPrivateKeyAdapter('private-key'),
  ssh: () => createPrivateKeyAdapter('ssh'),
  postgres: () => createDatabaseAdapter('postgres'),
  mysql: () => createDatabaseAdapter('mysql'),
  ...VERIFY_ONLY_ADAPTERS,
  // Families of the revocation table (their verify-only spec, where one exists, still identifies).
  ...Object.fromEntries(REVOCATION_ROWS.map((row) => [row.provider, () => createTableAdapter(row, VERIFY_SPECS.find((s) => s.provider === row.provider))])),
};

/** The adapter for a provider id; `env` only shapes console links (a self-managed GitLab's host). */
export function adapterFor(provider: string, env: NodeJS.ProcessEnv = process.env): ProviderAdapter {
  const factory = API_ADAPTERS[provider];
  return factory ? factory(env) : createManualAdapter(provider);
}

/** Provider ids with an API adapter (the rest are manual). */
export function apiProviders(): string[] {
  return Object.keys(API_ADAPTERS).sort();
}
