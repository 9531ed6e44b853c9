/**
 * The triage table's rows: one per credential (a paired key id and secret are one row), filtered by the
 * `/` line and sorted by scan order, risk or path. Pure functions of the runner's findings, so the keys,
 * the table and the bulk actions all see the same rows.
 */
import { credentialGroups } from '../playbook/credentials.js';
import type { FindingView } from '../playbook/events.js';
import { EXPOSURE_LABEL } from '../playbook/exposure.js';
import { DECISION_LABEL, location } from './format.js';

export type SortOrder = 'scan' | 'risk' | 'path';
export const SORT_ORDERS: readonly SortOrder[] = ['scan', 'risk', 'path'];
export const SORT_LABEL: Record<SortOrder, string> = { scan: 'scan order', risk: 'risk, highest first', path: 'path' };

export interface TriageRow {
  finding: FindingView;
  /** The other half of the credential (an AWS secret key with its key id). */
  partner: FindingView | null;
}

export interface RowView {
  filter: string;
  sort: SortOrder;
}

/** Filter fields: `rule:aws`, `path:src/*.js` (a glob), `provider:slack`, `status:open`, `where:pushed`. */
export const FILTER_FIELDS = ['rule', 'path', 'provider', 'status', 'where'] as const;
type Field = (typeof FILTER_FIELDS)[number];

export function triageRows(findings: readonly FindingView[], view: RowView): TriageRow[] {
  const rows = credentialGroups(findings).map(({ primary, partner }) => ({ finding: primary, partner }));
  const terms = parseFilter(view.filter);
  const kept = rows.filter((r) => terms.every((t) => termMatches(r, t)));
  if (view.sort === 'risk') return stable(kept, (a, b) => riskScore(b) - riskScore(a));
  if (view.sort === 'path') return stable(kept, (a, b) => location(a.finding).localeCompare(location(b.finding)));
  return kept;
}

/** Every fingerprint of the rows (both halves of a pair): what a bulk action decides. */
export function rowFingerprints(rows: readonly TriageRow[]): string[] {
  return rows.flatMap((r) => (r.partner ? [r.finding.fingerprint, r.partner.fingerprint] : [r.finding.fingerprint]));
}

interface Term {
  field: Field | null;
  value: string;
}

export function parseFilter(text: string): Term[] {
  return text.trim().split(/\s+/).filter(Boolean).map((word) => {
    const m = /^([a-z]+):(.*)$/i.exec(word);
    const field = m && (FILTER_FIELDS as readonly string[]).includes(m[1]!.toLowerCase()) ? (m[1]!.toLowerCase() as Field) : null;
    return { field, value: (field ? m![2]! : word).toLowerCase() };
  });
}

function fieldValues(row: TriageRow, field: Field): string[] {
  const halves = row.partner ? [row.finding, row.partner] : [row.finding];
  switch (field) {
    case 'rule':
      return halves.map((f) => f.rule);
    case 'path':
      return halves.map((f) => f.path ?? location(f));
    case 'provider':
      return [row.finding.provider];
    case 'status':
      return [row.finding.decision ? DECISION_LABEL[row.finding.decision] : 'open', row.finding.decision ?? 'open'];
    case 'where':
      return [EXPOSURE_LABEL[row.finding.exposure], row.finding.exposure];
  }
}

function termMatches(row: TriageRow, term: Term): boolean {
  if (term.value === '') return true;
  const fields = term.field ? [term.field] : FILTER_FIELDS;
  return fields.some((field) => fieldValues(row, field).some((v) => valueMatches(v.toLowerCase(), term.value, field === 'path' && term.field === 'path')));
}

function valueMatches(value: string, wanted: string, glob: boolean): boolean {
  if (glob && /[*?]/.test(wanted)) return globToRegExp(wanted).test(value);
  return value.includes(wanted);
}

/** A path glob: `*` within a path segment, `**` across segments, `?` one character; anchored. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A glob without a slash matches a file name anywhere (as .gitignore does).
  return new RegExp(glob.includes('/') ? `^${out}$` : `(^|/)${out}$`, 'i');
}

const RISK_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };
const EXPOSURE_RANK: Record<string, number> = { pushed: 3, unknown: 2, dangling: 2, 'local-branch': 1, 'local-only': 0 };

/**
 * How urgent a credential is, for sorting: live beats everything, then the analysed risk (or the rule's
 * severity), then how far it travelled (pushed before local), then whether HEAD still has it.
 */
export function riskScore(row: TriageRow): number {
  const f = row.finding;
  const live = [f, row.partner].some((h) => h?.validation?.state === 'live') ? 1 : 0;
  const risk = RISK_RANK[f.blastRadius?.risk ?? f.severity] ?? 0;
  return live * 1000 + risk * 100 + (EXPOSURE_RANK[f.exposure] ?? 0) * 10 + (f.presentAtHead ? 1 : 0);
}

function stable<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  return list.map((item, i) => ({ item, i })).sort((a, b) => compare(a.item, b.item) || a.i - b.i).map((x) => x.item);
}
