import type { Finding } from '../../scan/finding.js';

/** Short object ids: 10 hex digits stay unambiguous in repositories far larger than git's default 7 covers. */
export const SHORT_ID_LENGTH = 10;

export function shortId(id: string): string {
  return id.slice(0, SHORT_ID_LENGTH);
}

/** `YYYY-MM-DD` of an ISO date, or the value unchanged when it is not one. */
export function isoDay(date: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : date;
}

/**
 * Where a finding sits, in words a responder can act on: `path:line:column` for a file, otherwise the
 * commit or tag message, or the dangling blob, that holds it.
 */
export function describeLocation(finding: Finding): string {
  switch (finding.source) {
    case 'commit-message':
      return `commit message of ${finding.commit ? shortId(finding.commit) : 'an unknown commit'}, line ${finding.line}`;
    case 'tag-message':
      return `tag ${finding.tag ?? shortId(finding.blob)} message, line ${finding.line}`;
    case 'blob':
      return finding.path !== null
        ? `${finding.path}:${finding.line}:${finding.column}`
        : `blob ${shortId(finding.blob)} (no path), line ${finding.line}, column ${finding.column}`;
  }
}
