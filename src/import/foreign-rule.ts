import { loadBuiltinRules } from '../rules/load.js';
import type { ImportTool } from './types.js';

/**
 * What an entry that none of spillkit's rules recognises is filed under: a rule id of our shape
 * (`import-<tool>-<their rule>`, kebab-case) and a provider guessed from their rule's name, so the
 * provider's adapter (or its console checklist) handles it. The guess looks for one of our provider ids
 * among the words of the name (`aws-access-token`, `AWS`, `github_personal_access_token`,
 * `SlackWebhook`): a word equal to an id (or consecutive words spelling it, `private-key`), else a
 * name that starts with an id of four letters or more (`slackwebhook`). Nothing found: `generic`.
 */
export function importRuleId(tool: ImportTool, rule: string): string {
  const slug = kebab(rule).slice(0, 64).replace(/-+$/, '');
  return `import-${tool}-${slug || 'unnamed'}`;
}

const ALIASES: Record<string, string> = { amazon: 'aws', googlecloud: 'gcp', gh: 'github', ghp: 'github' };

let providerIds: Map<string, string> | null = null;

/** Our provider ids by their compact form (`private-key` -> `privatekey`). */
function providers(): Map<string, string> {
  if (!providerIds) {
    providerIds = new Map();
    for (const r of loadBuiltinRules()) providerIds.set(r.provider.replace(/-/g, ''), r.provider);
  }
  return providerIds;
}

export function guessProvider(rule: string): string {
  const words = kebab(rule).split('-').filter(Boolean);
  const known = providers();
  let best: string | null = null;
  const consider = (id: string | undefined): void => {
    if (id && id !== 'generic' && (best === null || id.length > best.length)) best = id;
  };
  for (let i = 0; i < words.length; i++) {
    consider(ALIASES[words[i]]);
    let joined = '';
    for (let j = i; j < Math.min(words.length, i + 3); j++) {
      joined += words[j];
      consider(known.get(joined));
    }
  }
  if (best) return best;
  const compact = words.join('');
  for (const [c, id] of known) if (c.length >= 4 && compact.startsWith(c)) consider(id);
  return best ?? 'generic';
}

/** `SlackWebhook` -> `slack-webhook`, `github_personal_access_token` -> `github-personal-access-token`. */
function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
