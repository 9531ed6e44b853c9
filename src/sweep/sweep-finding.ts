import type { Finding } from '../scan/finding.js';
import type { SweepFinding } from './types.js';

/**
 * A sweep finding is the scan's Finding plus `repository`, copied from an explicit list of fields in the
 * scan JSON's order: a field added to Finding later (or a raw `secret`) cannot slip into a sweep result,
 * its state files or a merged result without a change here. A sweep never asks for raw secrets.
 */
const FIELDS: readonly (keyof Finding)[] = [
  'fingerprint', 'rule', 'provider', 'severity', 'confidence', 'source', 'path', 'line', 'column', 'commit',
  'author', 'authorEmail', 'date', 'tag', 'blob', 'refs', 'reachable', 'presentAtHead', 'validation', 'redacted',
  'secretHash', 'occurrences', 'pairedWith',
];

export function toSweepFinding(finding: Finding, repository: string): SweepFinding {
  const out: Record<string, unknown> = { repository };
  for (const key of FIELDS) if (finding[key] !== undefined) out[key] = finding[key];
  return out as unknown as SweepFinding;
}
