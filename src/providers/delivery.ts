import { SpillkitError } from '../errors.js';
import type { Delivery } from './contract.js';
import { writeEnvFile } from './env-file.js';
import { putActionsSecret } from './github/actions-secret.js';

/**
 * Puts rotated values where the application reads them. Several values (an AWS key id and secret)
 * go to an env file under their own names; to GitHub Actions, the secret value goes to the named
 * secret and the others keep their variable names.
 */
export async function deliver(delivery: Delivery, values: Record<string, string>, env: NodeJS.ProcessEnv): Promise<void> {
  if (delivery.kind === 'env-file') {
    writeEnvFile(delivery.file, values);
    return;
  }
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) throw new SpillkitError('USAGE', '--to-github-secret needs an operator token in GITHUB_TOKEN or GH_TOKEN');
  const baseUrl = env.GITHUB_API_URL ?? 'https://api.github.com';
  const names = Object.keys(values);
  const primary = names[names.length - 1];
  for (const name of names) {
    const target = name === primary ? delivery.name : name;
    await putActionsSecret({ baseUrl, token, owner: delivery.owner, repo: delivery.repo, name: target, value: values[name] });
  }
}

/** Parses `--to-github-secret OWNER/REPO:NAME`. */
export function parseGithubSecretTarget(spec: string): Delivery {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+):([A-Za-z_][A-Za-z0-9_]*)$/.exec(spec);
  if (!m) throw new SpillkitError('USAGE', `--to-github-secret takes OWNER/REPO:NAME, not '${spec}'`);
  return { kind: 'github-secret', owner: m[1], repo: m[2], name: m[3] };
}
