/**
 * Did a finding leave the machine? A blob that `git add` wrote and a pre-commit hook then blocked sits in
 * the object database with no commit: nobody else has it, and `git gc` removes it. A commit on a local
 * branch that no remote-tracking ref reaches was not pushed from this clone. Anything a remote-tracking
 * ref reaches was pushed (or fetched) and counts as public. Triage shows the difference, so a responder
 * does not revoke and rewrite for a secret that never left the laptop, and never mistakes a pushed one
 * for local.
 */
import type { Finding } from '../scan/finding.js';

export type Exposure = 'pushed' | 'local-branch' | 'local-only' | 'dangling' | 'unknown';

export const EXPOSURE_LABEL: Record<Exposure, string> = {
  pushed: 'pushed',
  'local-branch': 'not pushed',
  'local-only': 'local only',
  dangling: 'dangling',
  unknown: '?',
};

/** What each means, for the finding details and the triage hint. */
export const EXPOSURE_MEANING: Record<Exposure, string> = {
  pushed: 'a remote-tracking ref reaches it: it left this machine; treat it as public',
  'local-branch': 'only local refs reach it and none of this clone\'s remote-tracking refs do: not pushed from here (amend or reset before any push)',
  'local-only': 'local only; `git gc` is enough: no commit holds it (a staged blob a hook blocked), so it never left this machine',
  dangling: 'no ref reaches its commit any more (amended, reset or rewritten); it may have been pushed before: `git reflog expire` + `git gc` on every clone',
  unknown: 'the refs could not all be read, or this repository has no remote-tracking refs to tell pushed from local',
};

type Place = Pick<Finding, 'refs' | 'reachable' | 'commit' | 'source'>;

/** `tracksRemotes`: the repository has remote-tracking refs at all (a clone); without them it cannot be told. */
export function exposureOf(f: Place, tracksRemotes: boolean): Exposure {
  if (f.reachable === null) return 'unknown';
  if (f.refs.some((r) => r.startsWith('refs/remotes/'))) return 'pushed';
  if (f.reachable === false) return f.commit === null && f.source === 'blob' ? 'local-only' : 'dangling';
  return tracksRemotes ? 'local-branch' : 'unknown';
}
