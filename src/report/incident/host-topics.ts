/**
 * The steps no push can do (purge the host's cached views, forks, collaborators' clones) appear twice:
 * as items a responder ticks on the respond screen, and as open items of the report taken from the
 * rewrite plan. They are worded differently, so they are matched by topic: a plan step is done when a
 * ticked item covers every topic it names. A step that names no topic is never taken as done.
 */
const TOPICS: ReadonlyArray<readonly [topic: string, pattern: RegExp]> = [
  ['host-purge', /cached views|support request|GitHub Support|housekeeping/i],
  ['pull-requests', /pull[- ]requests?\b|refs\/pull/i],
  ['forks', /\bforks?\b/i],
  ['collaborators', /collaborator|\bre-?clone/i],
  ['gc', /reflog expire|\bgc\b/i],
  ['ci-caches', /\bCI caches\b|\bartifacts\b|container images/i],
];

export function topicsOf(text: string): Set<string> {
  return new Set(TOPICS.filter(([, pattern]) => pattern.test(text)).map(([topic]) => topic));
}

/** Whether the ticked items cover every topic of `text`. */
export function coveredBy(text: string, ticked: readonly string[]): boolean {
  const topics = topicsOf(text);
  if (topics.size === 0) return false;
  const done = new Set(ticked.flatMap((t) => [...topicsOf(t)]));
  return [...topics].every((t) => done.has(t));
}
