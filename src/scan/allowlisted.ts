import { compileAllowlists } from '../rules/allowlist.js';
import { finalizeMatches, type Matcher, type RawMatch } from './matcher.js';

/**
 * Which matches of a text the config allowlists removed, so that `stats.suppressed` counts them: the
 * matches the text gives without the allowlists (inline allow comments still apply) less those it
 * gives with them, by rule and secret span. An allowlist of `.*` must show as everything suppressed,
 * never as a clean scan.
 */
export function withoutAllowlists(m: Matcher): Matcher {
  return { ...m, allowlists: compileAllowlists([]) };
}

export function allowlistedMatches(unlisted: Matcher, buf: Buffer, raw: RawMatch[], kept: RawMatch[]): RawMatch[] {
  const key = (r: RawMatch): string => `${r.rule}:${r.ss}:${r.se}`;
  const reported = new Set(kept.map(key));
  return finalizeMatches(unlisted, buf, raw).filter((r) => !reported.has(key(r)));
}
