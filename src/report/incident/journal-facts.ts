import type { JournalEntry, Operator } from '../../incident/types.js';
import { maskKeyId } from './format.js';

/**
 * What the journal says, folded per secret and per stage. The vocabulary is the one revoke, rotate and
 * rewrite write today, plus a few events the playbook runner is expected to write (marked "expected");
 * unknown events still appear in the action list, they just shape nothing else.
 *
 *   revoke-started / revoked {fingerprint, provider, action} / revoke-failed {fingerprint, code}
 *   rotate-started / rotated {fingerprint, newKeyId, delivered, old} / rotate-failed / rotate-manual
 *   provider-identity {fingerprint, owner, account, scopes, keyId}      (expected; or `identity: Outcome`)
 *   provider-evidence {fingerprint, lastUsed, service, region, notes}   (expected; or `evidence: Outcome`)
 *   triage {fingerprint, decision: confirmed|false-positive|allowlisted, reason}   (expected)
 *   revoke-manual {fingerprint}: the console steps are left to a person
 *   provider-facts {fingerprint, identity: Outcome, evidence: Outcome}   (the playbook runner)
 *   analysis {fingerprint, provider, state, analysis?: {risk, kind, summary, gaps...}}   (spillkit analyze)
 *   triage-decision {fingerprint, decision, reason}                     (the playbook runner)
 *   checklist-items-added {items: [{text, fingerprint?}]} / checklist-ticked {text, checked}
 *   step-started / step-finished / step-done / step-skipped (step id in `step` or data.step)
 *   scan-finished / scan-saved {file}, incident-closed
 *   rewrite-planned, rewrite-apply-finished {verified}, rewrite-apply-failed, rewrite-verified,
 *   rewrite-pushed {remote, moves, hostRefs}, rewrite-push-failed
 *   rewrite-remote-verified {remote, clean, waitingOnHost, remaining: [{fingerprints, redacted, rule, refs}]},
 *   rewrite-host-refs-acknowledged {remote, refs}            (spillkit rewrite --verify-remote)
 */
export interface Stamp {
  at: string;
  by: Operator;
}

export interface IdentityFacts {
  owner: string | null;
  account: string | null;
  scopes: string[];
  keyId: string | null;
}

export interface EvidenceFacts {
  lastUsed: string | null;
  service: string | null;
  region: string | null;
  notes: string[];
  at: string;
}

/** A blast radius `spillkit analyze` journaled (`analysis` with state ok). */
export interface AnalysisFacts {
  risk: string;
  kind: string;
  principal: string | null;
  summary: string[];
  gaps: string[];
  at: string;
}

export interface SecretJournal {
  revoked: (Stamp & { action: string | null }) | null;
  revokeProblem: { at: string; code: string } | null;
  rotated: (Stamp & { newKeyId: string | null; old: string | null; delivered: string[] }) | null;
  rotateProblem: { at: string; code: string } | null;
  identity: IdentityFacts | null;
  evidence: EvidenceFacts | null;
  analysis: AnalysisFacts | null;
  triage: (Stamp & { decision: string; reason: string | null }) | null;
  /** Redacted hint and path when the journal names a secret (rewrite-planned lists them). */
  redacted: string | null;
  path: string | null;
}

export interface RewriteJournal {
  planned: (Stamp & { fingerprints: Map<string, string>; removePaths: string[]; rewrittenCommits: number | null }) | null;
  applied: (Stamp & { verified: boolean }) | null;
  applyFailed: (Stamp & { reason: string }) | null;
  pushed: (Stamp & { remote: string | null; moves: Array<{ ref: string; oldId: string; newId: string }>; hostRefs: string[] }) | null;
  pushFailed: (Stamp & { reason: string }) | null;
  /** The latest fresh-clone check of the remote (`rewrite --verify-remote`). */
  remote: (Stamp & RemoteCheck) | null;
  /** Pull-request refs acknowledged as waiting on the host, with when (since the latest plan). */
  acknowledged: Map<string, Stamp>;
}

export interface RemoteCheck {
  remote: string | null;
  clean: boolean;
  waitingOnHost: boolean;
  remaining: Array<{ fingerprints: string[]; redacted: string | null; rule: string | null; refs: string[] }>;
}

export interface JournalFacts {
  secrets: Map<string, SecretJournal>;
  rewrite: RewriteJournal;
  /** Steps started and never finished or skipped, with when they started. */
  unfinishedSteps: Array<{ step: string; at: string }>;
  /** Checklist items (provider console steps, playbook checklists) nobody ticked off. */
  uncheckedItems: Array<{ step: string | null; text: string; fingerprint: string | null }>;
  /** The texts of the items ticked (the respond screen's host, fork and collaborator steps among them). */
  checkedItems: string[];
  closed: Stamp | null;
  /** The scan file the journal last named, if any. */
  scanFile: string | null;
}

const DISMISSALS = new Set(['false-positive', 'allowlisted', 'allowlist', 'dismissed', 'ignored', 'not-a-secret']);

export function isDismissal(decision: string): boolean {
  return DISMISSALS.has(decision);
}

export function foldJournal(entries: JournalEntry[]): JournalFacts {
  const secrets = new Map<string, SecretJournal>();
  const secret = (fp: string): SecretJournal => {
    let s = secrets.get(fp);
    if (!s) {
      s = { revoked: null, revokeProblem: null, rotated: null, rotateProblem: null, identity: null, evidence: null, analysis: null, triage: null, redacted: null, path: null };
      secrets.set(fp, s);
    }
    return s;
  };
  const rewrite: RewriteJournal = { planned: null, applied: null, applyFailed: null, pushed: null, pushFailed: null, remote: null, acknowledged: new Map() };
  const started = new Map<string, string>();
  const finished = new Set<string>();
  let closed: Stamp | null = null;
  let scanFile: string | null = null;
  const checklist = new Map<string, { step: string | null; text: string; fingerprint: string | null; checked: boolean }>();

  for (const e of entries) {
    const data = e.data ?? {};
    const stamp: Stamp = { at: e.ts, by: e.operator ?? { name: null, email: null } };
    const fp = str(data.fingerprint);
    if (fp) {
      const identity = identityOf(data);
      if (identity) secret(fp).identity = identity;
      const evidence = evidenceOf(data, e.ts);
      if (evidence) secret(fp).evidence = evidence;
    }
    switch (e.type) {
      case 'analysis': {
        const a = data.analysis as Record<string, unknown> | undefined;
        if (fp && data.state === 'ok' && a && typeof a === 'object' && str(a.risk)) {
          secret(fp).analysis = { risk: str(a.risk)!, kind: str(a.kind) ?? 'credential', principal: str(a.principal), summary: strings(a.summary), gaps: strings(a.gaps), at: e.ts };
        }
        break;
      }
      case 'revoked':
        // Revoked by hand (the respond screen): the time the person gave is when the exposure ended.
        if (fp) secret(fp).revoked = { ...stamp, at: byHandAt(data) ?? stamp.at, action: str(data.action) };
        break;
      case 'revoke-failed':
      case 'revoke-manual':
        if (fp && !secret(fp).revoked) secret(fp).revokeProblem = { at: e.ts, code: e.type === 'revoke-manual' ? 'manual' : str(data.code) ?? str(data.state) ?? 'failed' };
        break;
      case 'checklist-items-added':
        for (const raw of Array.isArray(data.items) ? data.items : []) {
          const item = (raw ?? {}) as Record<string, unknown>;
          const text = str(item.text);
          if (text) checklist.set(`${e.step ?? ''}\0${text}`, { step: e.step ?? null, text, fingerprint: str(item.fingerprint), checked: false });
        }
        break;
      case 'checklist-ticked': {
        const text = str(data.text);
        if (!text) break;
        const key = `${e.step ?? ''}\0${text}`;
        const known = checklist.get(key) ?? { step: e.step ?? null, text, fingerprint: null, checked: false };
        checklist.set(key, { ...known, checked: data.checked === true });
        break;
      }
      case 'rotated':
        if (fp) secret(fp).rotated = { ...stamp, at: byHandAt(data) ?? stamp.at, newKeyId: maskKeyId(str(data.newKeyId)), old: str(data.old), delivered: strings(data.delivered) };
        break;
      case 'rotate-failed':
      case 'rotate-manual':
        if (fp && !secret(fp).rotated) secret(fp).rotateProblem = { at: e.ts, code: e.type === 'rotate-manual' ? 'manual' : str(data.code) ?? 'failed' };
        break;
      case 'triage':
      case 'triage-decision':
      case 'false-positive':
        if (fp) {
          const decision = e.type === 'false-positive' ? 'false-positive' : str(data.decision) ?? 'confirmed';
          secret(fp).triage = { ...stamp, decision, reason: str(data.reason) };
        }
        break;
      case 'rewrite-planned': {
        const fps = new Map<string, string>();
        for (const f of Array.isArray(data.findings) ? data.findings : []) {
          const item = (f ?? {}) as Record<string, unknown>;
          const id = str(item.fingerprint);
          if (!id) continue;
          fps.set(id, str(item.operation) ?? 'unknown');
          const s = secret(id);
          s.redacted ??= str(item.redacted);
          s.path ??= str(item.path);
        }
        const count = typeof data.rewrittenCommits === 'number' ? data.rewrittenCommits : Array.isArray(data.rewrittenCommits) ? data.rewrittenCommits.length : null;
        rewrite.planned = { ...stamp, fingerprints: fps, removePaths: strings(data.removePaths), rewrittenCommits: count };
        // A new plan starts a new attempt: what an older plan applied or pushed no longer describes it.
        rewrite.applied = null;
        rewrite.applyFailed = null;
        rewrite.pushed = null;
        rewrite.pushFailed = null;
        rewrite.remote = null;
        rewrite.acknowledged = new Map();
        break;
      }
      case 'rewrite-apply-finished':
        rewrite.applied = { ...stamp, verified: data.verified === true };
        rewrite.applyFailed = null;
        break;
      case 'rewrite-apply-failed':
        rewrite.applyFailed = { ...stamp, reason: str(data.reason) ?? 'failed' };
        break;
      case 'rewrite-pushed':
        rewrite.pushed = { ...stamp, remote: str(data.remote), moves: moves(data.moves), hostRefs: strings(data.hostRefs) };
        rewrite.pushFailed = null;
        break;
      case 'rewrite-push-failed':
        rewrite.pushFailed = { ...stamp, reason: str(data.reason) ?? 'failed' };
        break;
      case 'rewrite-remote-verified':
        rewrite.remote = {
          ...stamp, remote: str(data.remote), clean: data.clean === true, waitingOnHost: data.waitingOnHost === true,
          remaining: (Array.isArray(data.remaining) ? data.remaining : []).map((raw) => {
            const r = (raw ?? {}) as Record<string, unknown>;
            return { fingerprints: strings(r.fingerprints), redacted: str(r.redacted), rule: str(r.rule), refs: strings(r.refs) };
          }),
        };
        break;
      case 'rewrite-host-refs-acknowledged':
        for (const ref of strings(data.refs)) if (!rewrite.acknowledged.has(ref)) rewrite.acknowledged.set(ref, stamp);
        break;
      case 'step-started':
      case 'step-done':
      case 'step-finished':
      case 'step-skipped': {
        const step = e.step ?? str(data.step);
        if (!step) break;
        if (e.type === 'step-started') {
          started.set(step, e.ts);
          finished.delete(step);
        } else finished.add(step);
        break;
      }
      case 'incident-closed':
        closed = stamp;
        break;
      case 'scan-saved':
      case 'scan-finished':
        scanFile = str(data.file) ?? scanFile;
        break;
      default:
        break;
    }
  }
  const unfinishedSteps = [...started].filter(([step]) => !finished.has(step)).map(([step, at]) => ({ step, at }));
  const uncheckedItems = [...checklist.values()].filter((i) => !i.checked).map(({ step, text, fingerprint }) => ({ step, text, fingerprint }));
  const checkedItems = [...checklist.values()].filter((i) => i.checked).map((i) => i.text);
  return { secrets, rewrite, unfinishedSteps, uncheckedItems, checkedItems, closed, scanFile };
}

function byHandAt(data: Record<string, unknown>): string | null {
  const at = str((data.byHand as Record<string, unknown> | undefined)?.at);
  return at !== null && Number.isFinite(Date.parse(at)) ? at : null;
}

function identityOf(data: Record<string, unknown>): IdentityFacts | null {
  const nested = data.identity as Record<string, unknown> | undefined;
  const source = nested && typeof nested === 'object'
    ? (nested.state === 'ok' && nested.value && typeof nested.value === 'object' ? (nested.value as Record<string, unknown>) : 'state' in nested ? null : nested)
    : 'owner' in data || 'scopes' in data || 'account' in data
      ? data
      : null;
  if (!source) return null;
  return { owner: str(source.owner), account: str(source.account), scopes: strings(source.scopes), keyId: maskKeyId(str(source.keyId)) };
}

function evidenceOf(data: Record<string, unknown>, at: string): EvidenceFacts | null {
  const nested = data.evidence as Record<string, unknown> | undefined;
  const source = nested && typeof nested === 'object'
    ? (nested.state === 'ok' && nested.value && typeof nested.value === 'object' ? (nested.value as Record<string, unknown>) : 'state' in nested ? null : nested)
    : 'lastUsed' in data
      ? data
      : null;
  if (!source) return null;
  return { lastUsed: str(source.lastUsed), service: str(source.service), region: str(source.region), notes: strings(source.notes), at };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function moves(v: unknown): Array<{ ref: string; oldId: string; newId: string }> {
  if (!Array.isArray(v)) return [];
  return v
    .map((m) => (m ?? {}) as Record<string, unknown>)
    .filter((m) => typeof m.ref === 'string' && typeof m.oldId === 'string' && typeof m.newId === 'string')
    .map((m) => ({ ref: m.ref as string, oldId: m.oldId as string, newId: m.newId as string }));
}
