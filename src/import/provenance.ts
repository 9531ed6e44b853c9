import { createHash } from 'node:crypto';
import { fingerprintOf } from '../scan/assemble.js';
import type { Finding, ScanReport } from '../scan/finding.js';
import { runScan } from '../scan/run-scan.js';
import type { RuleSpec } from '../rules/types.js';
import { guessProvider, importRuleId } from './foreign-rule.js';
import { literalRule } from './literal-rule.js';
import type { Located } from './locate.js';
import type { ImportSource, Unlocated } from './types.js';

export interface ProvenanceResult {
  /** One finding per distinct (rule, secret, path), with every entry that led to it. */
  findings: Array<{ finding: Finding; entries: number[] }>;
  unlocated: Unlocated[];
  /** The provenance scan's report (null when every entry was already a finding of `base`). */
  scan: ScanReport | null;
}

interface Group {
  rule: RuleSpec;
  secret: Buffer;
  secretHash: string;
  /** Located entries by path. */
  byPath: Map<string, Located[]>;
}

/**
 * Gives placed entries our provenance and fingerprints. An entry whose secret is already a finding of
 * `base` (the latest saved scan: same rule, secret and path, hence the same fingerprint) is that
 * finding. The others go through one scan of the whole object database whose only rules are literal
 * rules for their secrets (literal-rule.ts): the scan's own passes then find every blob holding each
 * secret, the commits and paths holding those blobs, the introducing commit, refs, reachability,
 * presence at HEAD and occurrences, exactly as for a native finding, and the same fingerprint a native
 * scan gives (or would give, if our rule had matched). Only the finding at the path the report named
 * is kept; the same secret at other paths is the native scan's business.
 */
export async function provenanceOf(repoPath: string, located: Located[], base: ScanReport | null, threads?: number): Promise<ProvenanceResult> {
  const known = new Map((base?.findings ?? []).map((f) => [f.fingerprint, f]));
  const out = new Map<string, { finding: Finding; entries: number[] }>();
  const add = (finding: Finding, entries: Located[]): void => {
    const sources = entries.map((l) => sourceOf(l));
    const have = out.get(finding.fingerprint);
    if (have) {
      have.entries.push(...entries.map((l) => l.entry.index));
      have.finding.importedFrom = mergeSources(have.finding.importedFrom, sources);
      return;
    }
    out.set(finding.fingerprint, { finding: { ...finding, importedFrom: mergeSources(finding.importedFrom, sources) }, entries: entries.map((l) => l.entry.index) });
  };

  const groups = new Map<string, Group>();
  for (const l of located) {
    const rule = l.rule ?? foreignRule(l);
    const secretHash = createHash('sha256').update(l.secret).digest('hex');
    const native = known.get(fingerprintOf(rule.id, 'blob', l.path, secretHash));
    if (native) {
      add(native, [l]);
      continue;
    }
    const key = `${rule.id}\0${secretHash}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { rule, secret: l.secret, secretHash, byPath: new Map() }));
    g.byPath.set(l.path, [...(g.byPath.get(l.path) ?? []), l]);
  }

  const unlocated: Unlocated[] = [];
  let scan: ScanReport | null = null;
  if (groups.size > 0) {
    const list = [...groups.values()];
    const { report } = await runScan({ path: repoPath, threads, onlyRules: list.map((g) => literalRule(g.rule, g.secret)) });
    scan = report;
    const found = new Map(report.findings.filter((f) => f.source === 'blob').map((f) => [`${f.rule}\0${f.secretHash}\0${f.path}`, f]));
    for (const g of list) {
      for (const [path, entries] of g.byPath) {
        const f = found.get(`${g.rule.id}\0${g.secretHash}\0${path}`);
        if (!f) {
          for (const l of entries) unlocated.push({ ...unlocatedOf(l), reason: `placed at ${path} in commit ${l.commit.slice(0, 12)}, but the provenance scan did not find it there again (an inline allow comment on its line?)` });
          continue;
        }
        const why = [`imported from ${entries.map((l) => describeSource(sourceOf(l))).filter((v, i, a) => a.indexOf(v) === i).join(', ')}`];
        if (entries[0].rule) why.push(`spillkit rule ${g.rule.id} matches there`);
        else why.push('no spillkit rule matches there: filed under the other tool\'s rule');
        const finding: Finding = { ...f, why };
        if (!entries[0].rule) finding.secretBytes = g.secret.length;
        add(finding, entries);
      }
    }
  }
  return { findings: [...out.values()], unlocated, scan };
}

/** The rule an entry no rule of ours recognises is filed under. */
function foreignRule(l: Located): RuleSpec {
  return {
    id: importRuleId(l.entry.tool, l.entry.rule),
    provider: guessProvider(l.entry.rule),
    title: `${l.entry.rule} (imported from ${l.entry.tool})`,
    severity: 'high',
    confidence: 'medium',
    keywords: [],
    pattern: '',
    examples: [],
    negativeExamples: [],
  };
}

export function sourceOf(l: Located): ImportSource {
  const e = l.entry;
  return { tool: e.tool, rule: e.rule, ...(e.scanner ? { scanner: e.scanner } : {}), ...(e.alert ? { alert: e.alert } : {}) };
}

function describeSource(s: ImportSource): string {
  return `${s.scanner ? `${s.scanner} via SARIF` : s.tool} (${s.alert ? `alert ${s.alert}, ` : ''}rule ${s.rule})`;
}

export function mergeSources(a: ImportSource[] | undefined, b: ImportSource[]): ImportSource[] {
  const out = [...(a ?? [])];
  for (const s of b) if (!out.some((o) => o.tool === s.tool && o.rule === s.rule && o.scanner === s.scanner && o.alert === s.alert)) out.push(s);
  return out;
}

function unlocatedOf(l: Located): Omit<Unlocated, 'reason'> {
  return { entry: l.entry.index, tool: l.entry.tool, rule: l.entry.rule, path: l.entry.path, commit: l.entry.commit };
}
