/**
 * Pull requests a rewrite breaks. Hosts keep a read-only ref per pull request (GitHub
 * `refs/pull/N/head` and `/merge`, GitLab `refs/merge-requests/N/head`, Bitbucket Server
 * `refs/pull-requests/N/from` and `/merge`); a push cannot move them, so a pull request whose head
 * holds a rewritten commit keeps showing (and serving) the old history until the host's support
 * dereferences it. Pure: the caller says which ids are rewritten.
 */
import type { PullRequestEntry, PullRequestFacts } from './types.js';

/** The shapes of pull-request refs, with the part that names the pull request's own head. */
const PULL_REQUEST_REF = /^refs\/(pull|merge-requests|pull-requests)\/(\d+)\/([^/]+)$/;
const HEAD_PARTS = new Set(['head', 'from']);

/** The pull request's number from its ref, or null for any other ref. */
export function pullRequestNumber(ref: string): number | null {
  const m = PULL_REQUEST_REF.exec(ref);
  return m ? Number(m[2]) : null;
}

/** The ls-remote patterns that list every pull-request ref a host serves. */
export const PULL_REQUEST_PATTERNS = ['refs/pull/*', 'refs/merge-requests/*', 'refs/pull-requests/*'];

/**
 * Sorts pull requests into affected (a ref holds a rewritten commit), unknown (its head is a commit
 * this clone never had: it may well descend from a rewritten one) and clean. A host-made merge ref
 * (`refs/pull/N/merge`) is judged only when there is no head ref: its commit is the host's own.
 * `rewritten(oid)`: true when the rewrite changes it, false when it does not, null when it is unknown.
 */
export function classifyPullRequests(
  refs: Array<{ name: string; oid: string }>,
  rewritten: (oid: string) => boolean | null,
  base: Pick<PullRequestFacts, 'source' | 'remote'>,
): PullRequestFacts {
  const byNumber = new Map<number, Array<{ name: string; verdict: boolean | null; head: boolean }>>();
  for (const r of refs) {
    const m = PULL_REQUEST_REF.exec(r.name);
    if (!m) continue;
    const n = Number(m[2]);
    const list = byNumber.get(n) ?? [];
    list.push({ name: r.name, verdict: rewritten(r.oid), head: HEAD_PARTS.has(m[3]!) });
    byNumber.set(n, list);
  }
  const affected: PullRequestEntry[] = [];
  const unknown: PullRequestEntry[] = [];
  for (const [number, list] of [...byNumber].sort((a, b) => a[0] - b[0])) {
    const judged = list.some((x) => x.head) ? list.filter((x) => x.head || x.verdict === true) : list;
    if (judged.some((x) => x.verdict === true)) affected.push({ number, refs: list.filter((x) => x.verdict === true).map((x) => x.name).sort() });
    else if (judged.some((x) => x.verdict === null)) unknown.push({ number, refs: judged.filter((x) => x.verdict === null).map((x) => x.name).sort() });
  }
  return { ...base, total: byNumber.size, affected, unknown };
}

/** `#1, #4, #9` (the first `limit`, then how many more). */
export function pullRequestList(entries: PullRequestEntry[], limit = 50): string {
  const shown = entries.slice(0, limit).map((e) => `#${e.number}`).join(', ');
  return entries.length > limit ? `${shown} and ${entries.length - limit} more` : shown;
}
