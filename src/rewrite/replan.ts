/**
 * A remote that moved since the scan: someone pushed, so the rewritten mirror no longer describes it and
 * a forced push would throw their commits away. spillkit never forces; it names each ref that moved
 * (what the scan saw, what the remote has now) and the exact commands that re-plan from a fresh fetch.
 * It does not fetch by itself: a fetch changes the user's clone, which only the user may decide.
 */
import type { Repository } from '../git/repo.js';
import { shellQuote } from '../report/shell-text.js';
import { gitRun } from './git-cli.js';

export interface MovedRef {
  ref: string;
  /** The id the scanned repository had for it; null when the scan never saw the ref. */
  expected: string | null;
  /** The id the remote has now; null when the remote deleted it. */
  found: string | null;
}

/** How to bring the clone up to date with the remote, by the kind of clone it is. */
function fetchCommands(repo: Repository, remote: string): string[] {
  const at = `git -C ${shellQuote(repo.worktree ?? repo.gitdir)}`;
  const mirror = gitRun(repo.gitdir, ['config', '--bool', '--get', `remote.${remote}.mirror`]).stdout.trim() === 'true';
  const fetches = gitRun(repo.gitdir, ['config', '--get-all', `remote.${remote}.fetch`]).stdout.trim() !== '';
  // A mirror's refspec (+refs/*:refs/*) already takes every ref as the remote has it.
  if (mirror) return [`${at} fetch --prune ${shellQuote(remote)}`];
  // A normal clone's fetch leaves a tag the remote moved (a partly pushed rewrite) as it was: take the
  // remote's tags by force, without pruning, so a tag that only this clone has survives.
  if (fetches) return [`${at} fetch --prune ${shellQuote(remote)}`, `${at} fetch --force ${shellQuote(remote)} '+refs/tags/*:refs/tags/*'`];
  // `git clone --bare` leaves no fetch refspec: its branches and tags are the remote's, under their own names.
  return [`${at} fetch --prune ${shellQuote(remote)} '+refs/heads/*:refs/heads/*' '+refs/tags/*:refs/tags/*'`];
}

/** The commands, in order, that re-plan the cleanup from what the remote has now. Every word quoted. */
export function replanCommands(repo: Repository, remote: string): string[] {
  const path = shellQuote(repo.worktree ?? repo.gitdir);
  return [
    ...fetchCommands(repo, remote),
    `spillkit scan ${path}`,
    `spillkit plan-rewrite ${path} --out DIR`,
    `spillkit rewrite ${path} --apply`,
    `spillkit rewrite ${path} --push${remote === 'origin' ? '' : ` --remote ${shellQuote(remote)}`}`,
  ];
}

function short(id: string | null, none: string): string {
  return id === null ? none : id.slice(0, 12);
}

/** `refs/heads/main (scanned at 1a2b3c4d5e6f, now 6f5e4d3c2b1a)`, one per moved ref. */
export function describeMoved(moved: MovedRef[]): string[] {
  return moved.map((m) => `${m.ref} (scanned at ${short(m.expected, 'nothing: new on the remote')}, now ${short(m.found, 'deleted')})`);
}
