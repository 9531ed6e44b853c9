/** What part of the history a run reports: what is new since `since`, or everything. */
export interface ScanScope {
  /** A revision for `spillkit scan --since`; null scans and reports everything. */
  since: string | null;
  /** For the summary: `the commits pushed to refs/heads/main (1a2b3c4d5e..6f7a8b9c0d)`. */
  description: string;
}

const ZERO = /^0+$/;
const short = (sha: string): string => (/^[0-9a-f]{40,64}$/.test(sha) ? sha.slice(0, 10) : sha);

/** A string (or number) at `path` in the event JSON; undefined for anything else. */
function field(event: unknown, ...path: string[]): string | undefined {
  let at: unknown = event;
  for (const key of path) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return typeof at === 'string' ? at : typeof at === 'number' ? String(at) : undefined;
}

/**
 * The scope from the event GitHub sends (GITHUB_EVENT_NAME, the JSON at GITHUB_EVENT_PATH): a push
 * reports what `before..after` adds; a new branch or tag what is not on the default branch; a pull
 * request (or a merge queue group) what its commits add over the base. Anything else (schedule,
 * dispatch) reports the whole history. The `since` input wins over all of them.
 */
export function scanScope(eventName: string | undefined, event: unknown, sinceInput: string | null): ScanScope {
  if (sinceInput) return { since: sinceInput, description: `what is new since ${short(sinceInput)} (input since)` };
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const base = field(event, 'pull_request', 'base', 'sha');
    if (base) {
      const head = field(event, 'pull_request', 'head', 'sha');
      return { since: base, description: `the commits of pull request #${field(event, 'pull_request', 'number') ?? '?'} (${short(base)}..${head ? short(head) : 'HEAD'})` };
    }
  }
  if (eventName === 'merge_group') {
    const base = field(event, 'merge_group', 'base_sha');
    if (base) return { since: base, description: `the merge group over ${short(base)}` };
  }
  if (eventName === 'push') {
    const ref = field(event, 'ref') ?? 'a ref';
    const before = field(event, 'before');
    const after = field(event, 'after');
    if (before && !ZERO.test(before)) {
      return { since: before, description: `the commits pushed to ${ref} (${short(before)}..${after ? short(after) : 'HEAD'})` };
    }
    // A new branch or tag: what it adds over the default branch, as actions/checkout fetched it.
    const main = field(event, 'repository', 'default_branch');
    if (main && ref !== `refs/heads/${main}`) {
      return { since: `refs/remotes/origin/${main}`, description: `what the new ${ref} adds over ${main}` };
    }
    return { since: null, description: `the whole history (first push of ${ref})` };
  }
  return { since: null, description: `the whole history (${eventName ?? 'no'} event)` };
}
