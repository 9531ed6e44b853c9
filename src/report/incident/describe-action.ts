import type { JournalEntry } from '../../incident/types.js';
import { maskKeyId } from './format.js';
type Data = Record<string, unknown>;

/** Each journal entry in words for the action list. Built from plain facts: the journal holds no secret. */
const DESCRIBE: Record<string, (d: Data) => string> = {
  'revoke-started': (d) => `started revoking ${fp(d)} (${s(d.provider)})`,
  revoked: (d) => `revoked ${fp(d)}${d.action ? `: ${s(d.action)}` : ''}`,
  'revoke-failed': (d) => `revocation of ${fp(d)} did not complete (${s(d.state)}: ${s(d.code)})`,
  'revoke-declined': (d) => `declined to revoke ${fp(d)}`,
  'rotate-started': (d) => `started rotating ${fp(d)}${d.delivery ? `, delivering to ${s(d.delivery)}` : ''}`,
  rotated: (d) => `rotated ${fp(d)}: new key ${typeof d.newKeyId === 'string' ? maskKeyId(d.newKeyId) : 'without an id'}, old one ${s(d.old)}${list(d.delivered) ? `, delivered ${list(d.delivered)}` : ''}`,
  'rotate-failed': (d) => `rotation of ${fp(d)} did not complete (${s(d.state)}: ${s(d.code)})`,
  'rotate-manual': (d) => `${fp(d)} has no rotation API (${s(d.provider)}): console steps left to a person`,
  'rotate-declined': (d) => `declined to rotate ${fp(d)}`,
  'provider-call': (d) =>
    `${s(d.provider)} ${s(d.call)}${typeof d.keyId === 'string' ? ` for key ${maskKeyId(d.keyId)}` : ''}${d.signedBy ? ` (signed by ${s(d.signedBy)})` : ''}: ${s(d.outcome ?? d.status)}${d.code ? ` ${s(d.code)}` : ''}`,
  'provider-identity': (d) => {
    const v = outcomeValue(d, 'identity');
    return v ? `identified ${fp(d)}: owner ${s(v.owner ?? 'unknown')}` : `could not identify ${fp(d)} (${s(nestedCode(d, 'identity'))})`;
  },
  'provider-evidence': (d) => {
    const v = outcomeValue(d, 'evidence');
    return v ? `evidence for ${fp(d)}: ${v.lastUsed ? `last used ${s(v.lastUsed)}` : 'no recorded use'}` : `no evidence for ${fp(d)} (${s(nestedCode(d, 'evidence'))})`;
  },
  'analyze-started': (d) => `started analysing ${fp(d)} (${s(d.provider)})`,
  analysis: (d) => {
    const a = d.analysis as Data | undefined;
    return a ? `analysed ${fp(d)}: risk ${s(a.risk)} (${s(a.kind)})` : `analysis of ${fp(d)}: ${s(d.state)} (${s(d.code)})`;
  },
  triage: (d) => `triage of ${fp(d)}: ${s(d.decision)}${d.reason ? ` (${s(d.reason)})` : ''}`,
  'rewrite-planned': (d) => `planned the history rewrite: ${count(d.findings)} finding(s), ${typeof d.rewrittenCommits === 'number' ? d.rewrittenCommits : '?'} commit(s) to rewrite`,
  'rewrite-apply-started': () => 'started the rewrite on a fresh mirror',
  'rewrite-backup-created': (d) => `backup bundle created (${s(d.bytes)} bytes)`,
  'rewrite-expressions-written': (d) => `replacement list written (mode ${s(d.mode)}, ${s(d.entries)} entries)`,
  'rewrite-expressions-removed': (d) => `replacement list removed: ${d.removed === true ? 'yes' : 'NO'}`,
  'rewrite-filter-repo-done': () => 'git-filter-repo finished',
  'rewrite-apply-failed': (d) => `rewrite failed: ${s(d.reason)}`,
  'rewrite-verified': (d) => `verification ${d.ok === true ? 'passed' : 'FAILED'} (content ${ok(d.content)}, metadata ${ok(d.metadata)}, re-scan ${ok(d.rescan)})`,
  'rewrite-apply-finished': (d) => `rewrite finished${d.verified === true ? ', verified' : ', NOT verified'}; ${s(d.refsChanged)} ref(s) changed`,
  'rewrite-push-started': (d) => `started the force-push to ${s(d.remote)} (${count(d.moves)} ref(s))`,
  'rewrite-pushed': (d) => `force-pushed ${count(d.moves)} ref(s) to ${s(d.remote)}`,
  'rewrite-push-failed': (d) => `force-push to ${s(d.remote)} refused: ${s(d.reason)}`,
  'rewrite-push-skipped': (d) => `push skipped: ${s(d.reason)}`,
  'rewrite-sensitive-data': (d) => `sensitive-data facts (${s(d.computedBy)}): ${count(d.firstChangedCommits)} first changed commit(s), ${s(d.changedRefs)} changed ref(s), ${count(d.lfsOrphans)} orphaned LFS object(s)`,
  'rewrite-remote-verify-started': (d) => `started a fresh clone of ${s(d.remote)} to verify it`,
  'rewrite-remote-verify-failed': (d) => `remote verification failed: ${s(d.reason)}`,
  'rewrite-remote-verified': (d) => `fresh clone of ${s(d.remote)} scanned: ${d.clean === true ? 'clean' : `${count(d.remaining)} planned secret(s) still reachable${d.waitingOnHost === true ? ' (acknowledged: waiting on the host)' : ''}`}`,
  'rewrite-host-refs-acknowledged': (d) => `${count(d.refs)} pull-request ref(s) acknowledged as waiting on the host: ${Array.isArray(d.refs) ? d.refs.slice(0, 10).map(s).join(', ') : ''}`,
  'lock-taken-over': (d) => `took over a stale lock (pid ${s(d.pid)} on ${s(d.host)}, ${s(d.purpose)})`,
  'revoke-manual': (d) => `${fp(d)} has no revocation API (${s(d.provider)}): console steps left to a person`,
  'revoke-attempt': (d) => `attempting to revoke ${fp(d)} (${s(d.provider)})`,
  'revoke-dry-run': (d) => `dry run of revoking ${fp(d)}`,
  'rotate-dry-run': (d) => `dry run of rotating ${fp(d)}`,
  'provider-facts': (d) => {
    const who = outcomeValue(d, 'identity');
    const use = outcomeValue(d, 'evidence');
    return `provider facts for ${fp(d)}: owner ${s(who?.owner ?? 'unknown')}; ${use ? (use.lastUsed ? `last used ${s(use.lastUsed)}` : 'no recorded use') : 'no evidence'}`;
  },
  'triage-decision': (d) => `triage of ${fp(d)}: ${s(d.decision)}${d.reason ? ` (${s(d.reason)})` : ''}`,
  'checklist-items-added': (d) => `${count(d.items)} checklist item(s) added`,
  'checklist-ticked': (d) => `${d.checked === true ? 'ticked' : 'unticked'}: ${s(d.text)}`,
  'respond-started': (d) => `respond started (playbook ${s(d.playbook)})`,
  'respond-resumed': (d) => `respond resumed${d.at ? ` at step ${s(d.at)}` : ''}`,
  'respond-quit': () => 'respond quit (state kept)',
  'step-needs-user': (d) => `step needs a person: ${s(d.reason)}`,
  'step-failed': (d) => `step failed (${s(d.code)}): ${s(d.message)}`,
  'step-finished': () => 'step finished',
  'scan-finished': (d) => `scan finished (${s(d.count ?? '?')} finding(s))`,
  'report-written': () => 'report written',
  'step-started': () => 'step started',
  'step-done': () => 'step done',
  'step-skipped': (d) => `step skipped${d.reason ? `: ${s(d.reason)}` : ''}`,
  'incident-closed': () => 'incident closed',
  'scan-saved': (d) => `scan saved (${s(d.findings ?? '?')} finding(s))`,
};

export function describeEntry(entry: JournalEntry): string {
  const describe = DESCRIBE[entry.type];
  const data = entry.data ?? {};
  if (describe) return describe(data);
  const facts = Object.entries(data)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}=${s(v)}`)
    .join(', ');
  return facts ? `${entry.type}: ${facts}` : entry.type;
}

function s(v: unknown): string {
  if (v === null || v === undefined) return 'unknown';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function fp(d: Data): string {
  return typeof d.fingerprint === 'string' ? d.fingerprint : 'a finding';
}

function count(v: unknown): number {
  return Array.isArray(v) ? v.length : 0;
}

function list(v: unknown): string {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(', ') : '';
}

function ok(v: unknown): string {
  return v === true ? 'ok' : 'failed';
}

/** The facts of an `identity`/`evidence` entry: flat in data, or the value of a nested ok outcome. */
function outcomeValue(d: Data, key: string): Data | null {
  const nested = d[key] as Data | undefined;
  if (!nested || typeof nested !== 'object') return d;
  if (nested.state === 'ok' && nested.value && typeof nested.value === 'object') return nested.value as Data;
  return 'state' in nested ? null : nested;
}

function nestedCode(d: Data, key: string): unknown {
  return (d[key] as Data | undefined)?.code;
}
