import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { readRegularFile } from '../git/safe-fs.js';
import { REPO_CONFIG_LIMIT } from '../rules/config-origin.js';
import { loadBuiltinRules } from '../rules/load.js';

/**
 * Everything besides the repository itself that shapes a scan result, as one digest: spillkit's
 * version, the built-in rules, the `--config` file's bytes, the blob size limit and whether each
 * repository's own config applies. A saved result is reused only under the same digest, so upgrading
 * spillkit or changing a rule rescans everything. (With `--repo-config`, a repository's own config
 * files are part of its tip instead: see repoConfigDigest.)
 */
export function sweepSettings(opts: { version: string; configPath?: string; maxBlobBytes?: number; repoConfig?: boolean; verify?: boolean }): string {
  const hash = createHash('sha256');
  hash.update(`spillkit ${opts.version}\n`);
  hash.update(JSON.stringify(loadBuiltinRules()));
  hash.update(`\nmaxBlobBytes ${opts.maxBlobBytes ?? 'default'}\n`);
  if (opts.repoConfig) hash.update('repoConfig\n');
  // A result saved without live checks is not reused by a --verify run (nor the other way round).
  if (opts.verify) hash.update('verify\n');
  if (opts.configPath !== undefined) {
    try {
      hash.update(readFileSync(opts.configPath));
    } catch (e) {
      throw new SpillkitError('BAD_CONFIG', `cannot read --config ${opts.configPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * With `--repo-config`, a repository's own config files shape its result but are not in its tip (a
 * worktree's uncommitted `.spillkit.yaml` counts too): their bytes are added to the settings under
 * which its saved result may be reused. (A file they `[extend]` is not followed here.)
 */
export function repoConfigDigest(worktree: string | null): string {
  const hash = createHash('sha256');
  for (const name of ['.spillkit.yaml', '.spillkit.yml', '.gitleaks.toml']) {
    let bytes: Buffer | null;
    try {
      bytes = worktree === null ? null : readRegularFile(join(worktree, name), REPO_CONFIG_LIMIT);
    } catch {
      bytes = Buffer.from('unreadable');
    }
    hash.update(`${name} ${bytes === null ? 'none' : bytes.length}\n`);
    if (bytes) hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 16);
}
