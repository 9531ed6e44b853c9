import { createHash } from 'node:crypto';
import type { ObjectDatabase } from '../git/object-database.js';
import { ObjectReader } from '../git/object-reader.js';
import { compileAllowlistRegex } from '../rules/allowlist.js';
import type { GitleaksPathRule } from '../rules/gitleaks-rule.js';
import type { RuleSpec } from '../rules/types.js';
import type { PathMatch, PathTest } from './place-blobs.js';
import type { ObjectMatch } from './worker-protocol.js';

/**
 * Path-only rules (a `.gitleaks.toml` rule with a `path` and no `regex`: "a `.p12` file is a finding
 * wherever it is") flag a file by where it lives. They never run on content: the tree pass records
 * every blob's paths, each distinct path is tested once, and a matching file becomes a finding whose
 * secret is the whole file (hashed, never shown).
 */
export function pathOnlySpecs(rules: GitleaksPathRule[]): RuleSpec[] {
  return rules.map((r) => ({
    id: r.id,
    provider: 'custom',
    title: r.description || `file matching ${r.path}`,
    severity: 'high',
    confidence: 'medium',
    keywords: [],
    // Never compiled for content: the spec only carries the rule's identity and its path to assembly.
    pattern: '(?!)',
    path: r.path,
    examples: [],
    negativeExamples: [],
    origin: 'gitleaks',
  }));
}

/** The path tests, on the linear-time engine: a repository's config must not be able to stall a scan. */
export function pathOnlyTests(rules: GitleaksPathRule[]): PathTest[] {
  return rules.map((r) => compileAllowlistRegex(r.path));
}

/** One match per (rule, file): `ruleBase` is the index of the first path-only spec among all rules. */
export function pathOnlyMatches(db: ObjectDatabase, matches: PathMatch[], ruleBase: number): ObjectMatch[] {
  if (matches.length === 0) return [];
  const reader = new ObjectReader(db, 16 << 20);
  try {
    const out: ObjectMatch[] = [];
    for (const m of matches) {
      const o = reader.tryRead(m.blob);
      if (!o) continue;
      out.push({
        oid: m.blob,
        source: 'blob',
        rule: ruleBase + m.rule,
        line: 1,
        column: 1,
        offset: 0,
        secretHash: createHash('sha256').update(o.data).digest('hex'),
        redacted: `(the whole file, ${o.data.length} bytes)`,
        why: ['a file at a path the rule names'],
      });
    }
    return out;
  } finally {
    reader.close();
  }
}
