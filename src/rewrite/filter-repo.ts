import { SpillkitError } from '../errors.js';
import { gitRun } from './git-cli.js';
import { EXPRESSIONS_PLACEHOLDER } from './types.js';

export interface FilterRepoSupport {
  available: boolean;
  version: string | null;
  /** `--sensitive-data-removal` (git-filter-repo >= 2.47): also reports first changed commits and refs. */
  sensitiveDataRemoval: boolean;
  /** `--no-fetch`, which comes with it: our mirror already holds every ref, there is nothing to fetch. */
  noFetch: boolean;
}

export const INSTALL_HINT = 'install it with `apt-get install git-filter-repo` (Debian/Ubuntu), `brew install git-filter-repo` or `pip install git-filter-repo`';

/** Asks the installed git-filter-repo what it is and which flags its `-h` lists. */
export function detectFilterRepo(cwd: string): FilterRepoSupport {
  const version = gitRun(cwd, ['filter-repo', '--version']);
  if (version.status !== 0) return { available: false, version: null, sensitiveDataRemoval: false, noFetch: false };
  const help = gitRun(cwd, ['filter-repo', '-h']).stdout;
  return {
    available: true,
    version: version.stdout.trim() || null,
    sensitiveDataRemoval: help.includes('--sensitive-data-removal'),
    noFetch: help.includes('--no-fetch'),
  };
}

export function requireFilterRepo(support: FilterRepoSupport): void {
  if (!support.available) throw new SpillkitError('USAGE', `git-filter-repo is not installed (git filter-repo failed); ${INSTALL_HINT}`);
}

/**
 * The git-filter-repo arguments of a plan. Why each flag:
 *  --force                 it runs on the mirror spillkit just cloned; the fresh-clone check would
 *                          refuse a mirror that carries refs/stash
 *  --partial               keep refs/remotes/* as they are (not folded into refs/heads/*) so every
 *                          remote-tracking ref maps to its remote branch, and keep the old objects until
 *                          verification has compared old and new; spillkit expires and prunes after
 *  --prune-empty never     a commit that only added the removed file stays (empty): commit count,
 *  --prune-degenerate never  authors, dates and messages are preserved one to one
 *  --sensitive-data-removal  when the installed version has it, except on a repository that uses Git
 *                          LFS: with --partial, its LFS check walks `rev-list --objects` and asserts
 *                          every entry with a path is a blob, so it dies on the first tree (2.47.0, and
 *                          its main branch as of mid-2025); spillkit then computes the same facts itself
 */
export function filterRepoArgs(opts: {
  removePaths: string[];
  replaceText: boolean;
  replaceMessages: boolean;
  support: Pick<FilterRepoSupport, 'sensitiveDataRemoval' | 'noFetch'>;
  expressions?: string;
  /** A `.gitattributes` routes files through Git LFS (see --sensitive-data-removal above). */
  lfsInUse?: boolean;
}): string[] {
  const expressions = opts.expressions ?? EXPRESSIONS_PLACEHOLDER;
  const args = ['--force', '--partial', '--prune-empty', 'never', '--prune-degenerate', 'never'];
  const sdr = opts.support.sensitiveDataRemoval && !opts.lfsInUse;
  if (sdr) args.push('--sensitive-data-removal');
  if (sdr && opts.support.noFetch) args.push('--no-fetch');
  if (opts.removePaths.length) {
    args.push('--invert-paths');
    for (const p of opts.removePaths) args.push('--path', p);
  }
  if (opts.replaceText) args.push('--replace-text', expressions);
  if (opts.replaceMessages) args.push('--replace-message', expressions);
  return args;
}
