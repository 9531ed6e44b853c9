/**
 * The remote a cleanup talks to: its URL from the repository's own config (never from a user's
 * shell), and the two questions asked of it, `git ls-remote` and a fresh clone. Every URL and every
 * ref name goes to git as one argv word after `--`, so none can be read as an option; a URL with
 * credentials in it is shown and journaled without them.
 */
import { isAbsolute, resolve } from 'node:path';
import { SpillkitError } from '../errors.js';
import type { Repository } from '../git/repo.js';
import { firstLine, gitRun } from './git-cli.js';

export interface ResolvedRemote {
  name: string;
  url: string;
  /** The URL with any credentials replaced by `***`. */
  shownUrl: string;
}

/**
 * `remote.<name>.url` (default origin), made absolute when it is a relative path. A bare repository
 * with no remote at all is its own remote (it is what others push to and clone from).
 */
export function resolveRemote(repo: Repository, remote: string | undefined): ResolvedRemote {
  const name = remote ?? 'origin';
  const configured = gitRun(repo.gitdir, ['config', '--get', `remote.${name}.url`]);
  let url: string;
  if (configured.status === 0 && configured.stdout.trim()) url = absoluteUrl(configured.stdout.trim(), repo.worktree ?? repo.gitdir);
  else if (repo.bare && remote === undefined && !gitRun(repo.gitdir, ['remote']).stdout.trim()) url = repo.gitdir;
  else throw new SpillkitError('USAGE', `the repository has no remote named ${name} (use --remote NAME)`);
  return { name, url, shownUrl: redactUrl(url) };
}

/** Credentials in any URL inside `text` (a git error line quotes the URL it failed on) replaced by `***`. */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@/\s]+@/gi, '$1***@');
}

/** `git ls-remote -- URL PATTERNS...`: name and id of every matching ref the remote serves (peeled `^{}` lines dropped). */
export function lsRemote(dir: string, remote: ResolvedRemote, patterns: string[] = []): Array<{ name: string; oid: string }> {
  const r = gitRun(dir, ['ls-remote', '--', remote.url, ...patterns]);
  if (r.status !== 0) throw new SpillkitError('IO', `cannot list the refs of ${remote.shownUrl}: ${redactUrls(firstLine(r.stderr)) || `exit ${r.status}`}`);
  const out: Array<{ name: string; oid: string }> = [];
  for (const line of r.stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const name = line.slice(tab + 1);
    if (name.endsWith('^{}')) continue;
    out.push({ name, oid: line.slice(0, tab) });
  }
  return out;
}

/** A relative local path in a remote URL is relative to the repository, not to wherever we run git. */
export function absoluteUrl(url: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]+@[^/:]+:/.test(url) || isAbsolute(url)) return url;
  return resolve(base, url);
}

/** A URL with credentials in it (https://user:token@host) is shown and journaled without them. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]+@/i, '$1***@');
}
