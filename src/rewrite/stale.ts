import type { ScanReport } from '../scan/finding.js';
import { RewriteGraph } from './graph.js';
import type { RepoFacts } from './types.js';

/**
 * A plan built from a scan that no longer describes the repository would rewrite the wrong commits and
 * miss new leaks. The report carries no ref tips, so staleness is judged from what it does carry:
 * every finding's object must still exist, every ref that reached its introducing commit must still
 * exist and still reach it, and the database must hold no commit the scan did not count.
 * Returns one line per problem; empty means fresh.
 */
export function staleReasons(report: ScanReport, facts: RepoFacts): string[] {
  const reasons: string[] = [];
  const present = new Set(facts.presentObjects);
  const refs = new Map(facts.refs.map((r) => [r.name, r.oid]));
  const graph = new RewriteGraph(facts.commits);
  for (const f of report.findings) {
    if (!present.has(f.blob)) {
      reasons.push(`finding ${f.fingerprint}: object ${f.blob} is no longer in the repository`);
      continue;
    }
    if (!f.reachable || f.commit === null) continue;
    for (const ref of f.refs) {
      if (!refs.has(ref)) {
        reasons.push(`finding ${f.fingerprint}: ref ${ref} no longer exists`);
        continue;
      }
      const tip = facts.peeled[ref] ?? refs.get(ref)!;
      if (!graph.reaches(tip, f.commit)) reasons.push(`finding ${f.fingerprint}: ref ${ref} moved and no longer reaches ${f.commit.slice(0, 12)}`);
    }
  }
  if (facts.commitObjects > report.stats.commits) {
    reasons.push(`${facts.commitObjects - report.stats.commits} commit(s) were added since the scan`);
  }
  return reasons;
}
