import type { RuleSpec } from '../rules/types.js';
import type { Finding } from './finding.js';
import type { ObjectMatch } from './worker-protocol.js';

/**
 * Credentials that come in halves: an AWS key id is harmless without its secret key, and revoking needs
 * the id; an OAuth client id names the app whose secret leaked. When both halves sit within a few lines
 * of each other in one object, their findings point at each other through `pairedWith`, and every later
 * step (triage, revoke, rotate, the report) treats them as one credential. A test checks that both rules
 * of each row exist and belong to the same provider.
 */
export const PAIRS: ReadonlyArray<readonly [idRule: string, secretRule: string]> = [
  ['aws-access-key-id', 'aws-secret-access-key'],
  ['aws-temporary-access-key-id', 'aws-secret-access-key'],
  ['alibaba-access-key-id', 'alibaba-access-key-secret'],
  ['alibaba-sts-access-key-id', 'alibaba-access-key-secret'],
  ['huawei-cloud-access-key', 'huawei-cloud-secret-key'],
  ['tencent-cloud-secret-id', 'tencent-cloud-secret-key'],
  ['confluent-api-key-id', 'confluent-api-secret'],
  ['adobe-client-id', 'adobe-client-secret'],
  ['adobe-client-id-context', 'adobe-client-secret'],
  ['aikido-client-id', 'aikido-client-secret'],
  ['asana-client-id', 'asana-client-secret'],
  ['discord-client-id', 'discord-client-secret'],
  ['linkedin-client-id', 'linkedin-client-secret'],
  ['woocommerce-consumer-key', 'woocommerce-consumer-secret'],
];
const MAX_LINES_APART = 5;

export function pairFindings(findings: Finding[], matches: ObjectMatch[], rules: RuleSpec[]): void {
  const byObject = new Map<string, ObjectMatch[]>();
  for (const m of matches) {
    const list = byObject.get(m.oid);
    if (list) list.push(m);
    else byObject.set(m.oid, [m]);
  }
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = `${f.rule}\0${f.secretHash}`;
    const list = byKey.get(k);
    if (list) list.push(f);
    else byKey.set(k, [f]);
  }
  for (const list of byObject.values()) {
    for (const [idRule, secretRule] of PAIRS) {
      const ids = list.filter((m) => rules[m.rule].id === idRule);
      const secrets = list.filter((m) => rules[m.rule].id === secretRule);
      for (const a of ids) {
        let best: ObjectMatch | null = null;
        for (const b of secrets) {
          const d = Math.abs(a.line - b.line);
          if (d <= MAX_LINES_APART && (!best || d < Math.abs(a.line - best.line))) best = b;
        }
        if (!best) continue;
        const fa = byKey.get(`${idRule}\0${a.secretHash}`) ?? [];
        const fb = byKey.get(`${secretRule}\0${best.secretHash}`) ?? [];
        for (const x of fa) {
          const y = fb.find((f) => f.path === x.path && f.source === x.source);
          if (y) {
            x.pairedWith = y.fingerprint;
            y.pairedWith = x.fingerprint;
          }
        }
      }
    }
  }
}
