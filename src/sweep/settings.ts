import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SpillkitError } from '../errors.js';
import { loadBuiltinRules } from '../rules/load.js';

/**
 * Everything besides the repository itself that shapes a scan result, as one digest: spillkit's
 * version, the built-in rules, the `--config` file's bytes and the blob size limit. A saved result is
 * reused only under the same digest, so upgrading spillkit or changing a rule rescans everything.
 * (A `.spillkit.yaml` inside a worktree is not part of it: sweep scans mirrors, which have none.)
 */
export function sweepSettings(opts: { version: string; configPath?: string; maxBlobBytes?: number }): string {
  const hash = createHash('sha256');
  hash.update(`spillkit ${opts.version}\n`);
  hash.update(JSON.stringify(loadBuiltinRules()));
  hash.update(`\nmaxBlobBytes ${opts.maxBlobBytes ?? 'default'}\n`);
  if (opts.configPath !== undefined) {
    try {
      hash.update(readFileSync(opts.configPath));
    } catch (e) {
      throw new SpillkitError('BAD_CONFIG', `cannot read --config ${opts.configPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return hash.digest('hex').slice(0, 32);
}
