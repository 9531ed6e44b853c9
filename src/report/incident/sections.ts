import { code, strong, toned, type Block, type Inline, type ReportDocument } from './document.js';
import { formatDuration, formatOperator, formatTime, shortId } from './format.js';
import type { IncidentReport, ReportSecret, RewriteSummary } from './types.js';

const yesNo = (v: boolean | null, yes = 'yes', no = 'no'): string => (v === null ? 'unknown' : v ? yes : no);

/** What the report says, in order; the renderers turn it into Markdown or HTML. */
export function reportDocument(r: IncidentReport): ReportDocument {
  const title = r.incident ? `Incident report: ${r.incident.title}` : 'Leak report (scan only, no incident opened)';
  const blocks: Block[] = [];
  const h = (text: string, level: 2 | 3 = 2): void => void blocks.push({ kind: 'heading', level, text });

  const exposure = r.summary.exposure;
  blocks.push({
    kind: 'fields',
    rows: [
      ...(r.incident
        ? ([
            ['Incident', [code(r.incident.id), ` (${r.incident.status}, playbook ${r.incident.playbook})`]],
            ['Opened', [`${formatTime(r.incident.openedAt)} by ${formatOperator(r.incident.openedBy)}`]],
            ...(r.incident.closedAt ? [['Closed', [formatTime(r.incident.closedAt)]] as [string, Inline[]]] : []),
          ] as Array<[string, Inline[]]>)
        : []),
      ['Repository', [code(r.repository)]],
      ['Severity', [strong(r.summary.severity.toUpperCase(), r.summary.severity === 'critical' || r.summary.severity === 'high' ? 'bad' : 'warn'), ` (${r.summary.severityReason})`]],
      ['Exposure', exposure.start === null
        ? ['unknown']
        : [`from ${formatTime(exposure.start)} `, exposure.open ? strong(`still open (${formatDuration(exposure.durationMs)} so far)`, 'bad') : `to ${formatTime(exposure.end)} (${formatDuration(exposure.durationMs)})`]],
      ['Scan', [r.scan ? `${formatTime(r.scan.scannedAt)}, ${r.scan.findings} finding(s)` : 'no saved scan']],
      ['Generated', [`${formatTime(r.generatedAt)} by spillkit ${r.tool.version}`]],
    ],
  });
  blocks.push({ kind: 'paragraph', parts: [strong(r.summary.headline)], quote: true });

  h('Secrets');
  if (!r.secrets.length) blocks.push({ kind: 'paragraph', parts: ['None recorded.'] });
  r.secrets.forEach((s, i) => {
    h(`${i + 1}. ${s.redacted}: ${s.provider} / ${s.rule} (${s.severity})`, 3);
    blocks.push({ kind: 'fields', rows: secretRows(s) });
  });

  h('Timeline');
  blocks.push({
    kind: 'table',
    head: ['When (UTC)', 'Event', 'What', 'By'],
    rows: r.timeline.map((e) => [formatTime(e.at), e.kind, e.text, e.by ? formatOperator(e.by) : '']),
  });

  h('Affected commits');
  if (!r.commits.length) blocks.push({ kind: 'paragraph', parts: ['None (only dangling objects).'] });
  else blocks.push({
    kind: 'table',
    head: ['Commit', 'Author', 'Authored', 'Committed', 'First on a remote-tracking ref', 'Secrets'],
    rows: r.commits.map((c) => [code(c.id), c.author ?? 'unknown', formatTime(c.authoredAt), formatTime(c.committedAt), c.firstRemote ? `${formatTime(c.firstRemote.at)} (${c.firstRemote.ref}, ${c.firstRemote.how})` : 'no evidence', c.fingerprints.join(', ')]),
  });
  h('Affected refs');
  if (!r.refs.length) blocks.push({ kind: 'paragraph', parts: ['None.'] });
  else blocks.push({ kind: 'table', head: ['Ref', 'Secrets', 'Rewrite plan'], rows: r.refs.map((ref) => [code(ref.name), String(ref.fingerprints.length), ref.planned ?? 'not planned']) });

  if (r.rewrite) {
    h('History rewrite');
    const w = r.rewrite;
    blocks.push({
      kind: 'fields',
      rows: [
        ['Planned', [formatTime(w.plannedAt)]],
        ['Commits rewritten', [w.rewrittenCommits === null ? 'unknown' : String(w.rewrittenCommits)]],
        ['Files removed from history', w.removePaths.length ? w.removePaths.flatMap((p, i) => (i ? [', ', code(p)] : [code(p)])) : ['none']],
        ['Applied', [w.appliedAt ? formatTime(w.appliedAt) : toned('not yet', 'warn')]],
        ['Verified', [w.verified === null ? 'not yet' : w.verified ? toned('yes', 'good') : strong('FAILED', 'bad')]],
        ...(w.verification
          ? ([['Checks', [`content ${yesNo(w.verification.content, 'ok', 'failed')}, metadata ${yesNo(w.verification.metadata, 'ok', 'failed')}, re-scan ${yesNo(w.verification.rescan, 'ok', 'failed')} (${w.verification.remaining} secret(s) remaining)`]]] as Array<[string, Inline[]]>)
          : []),
        ['Pushed', [w.pushedAt ? `${formatTime(w.pushedAt)} to ${w.pushedTo ?? 'the remote'} (${w.movedRefs.length} ref(s))` : toned('not yet', 'warn')]],
        ['Remote verified', remoteVerified(w)],
      ],
    });
    if (w.verification?.problems.length) blocks.push({ kind: 'list', items: w.verification.problems.map((p) => [p]) });
    if (w.remote && !w.remote.clean) {
      const acknowledged = new Set(w.remote.acknowledgedRefs);
      blocks.push({
        kind: 'table',
        head: ['Secret still on the remote', 'Reachable through', 'Waiting on the host'],
        rows: w.remote.remaining.map((x) => [x.redacted ?? x.fingerprints.join(', '), code(x.refs.join(', ')), x.refs.every((ref) => acknowledged.has(ref)) ? 'acknowledged' : 'no']),
      });
    }
  }

  h('Actions');
  if (!r.actions.length) blocks.push({ kind: 'paragraph', parts: ['No action recorded.'] });
  else blocks.push({ kind: 'table', head: ['#', 'When (UTC)', 'Who', 'Step', 'What'], rows: r.actions.map((a) => [String(a.seq), formatTime(a.at), formatOperator(a.by), a.step ?? '', a.text]) });

  h('Open items');
  if (!r.openItems.length) blocks.push({ kind: 'paragraph', parts: [toned('Nothing left open.', 'good')] });
  else blocks.push({ kind: 'list', checklist: true, items: r.openItems.map((o) => [o.text, ...(o.command ? [': ', code(o.command)] : [])]) });

  h('Lessons learned');
  if (!r.lessons.length) blocks.push({ kind: 'paragraph', parts: ['No facts to start from.'] });
  else blocks.push({ kind: 'list', items: r.lessons.map((l) => [strong(l.fact), `. ${l.suggestion}`]) });

  if (r.dismissed.length) {
    h('Dismissed in triage');
    blocks.push({ kind: 'table', head: ['Finding', 'Where', 'Decision', 'Reason', 'By'], rows: r.dismissed.map((d) => [d.redacted ?? d.fingerprint, d.location ?? 'unknown', d.decision, d.reason ?? '', `${formatOperator(d.by)}, ${formatTime(d.at)}`]) });
  }
  if (r.warnings.length) {
    h('Warnings');
    blocks.push({ kind: 'list', items: r.warnings.map((w) => [w]) });
  }
  return { title, blocks };
}

/** The fresh-clone check of the remote, in one cell. */
function remoteVerified(w: RewriteSummary): Inline[] {
  const r = w.remote;
  if (!r) return [w.pushedAt ? toned('not yet (spillkit rewrite --verify-remote)', 'warn') : 'not yet'];
  if (r.clean) return [toned('clean', 'good'), ` (fresh clone of ${r.remote ?? 'the remote'}, ${formatTime(r.verifiedAt)})`];
  return [r.waitingOnHost ? toned('waiting on the host', 'warn') : strong('secrets still reachable', 'bad'), ` (${r.remaining.length} secret(s), fresh clone of ${r.remote ?? 'the remote'}, ${formatTime(r.verifiedAt)})`];
}

function secretRows(s: ReportSecret): Array<[string, Inline[]]> {
  const rows: Array<[string, Inline[]]> = [
    ['Fingerprint', [code(s.fingerprint)]],
    ['Where', [s.location]],
    ['Commit', s.commit ? [code(s.commit), ` by ${s.author ?? 'unknown'}${s.authorEmail ? ` <${s.authorEmail}>` : ''}`] : ['none (dangling object)']],
    ['Authored / committed', [`${formatTime(s.authoredAt)} / ${formatTime(s.committedAt)}`]],
    ['Refs', s.refs.length ? s.refs.flatMap((ref, i) => (i ? [', ', code(ref)] : [code(ref)])) : ['none (unreachable)']],
    ['Still at HEAD', [s.presentAtHead ? toned('yes', 'bad') : yesNo(s.presentAtHead)]],
  ];
  if (s.owner || s.account || s.scopes.length || s.keyId) {
    rows.push(['Owner', [[s.owner ?? 'unknown', s.account ? `account ${s.account}` : null, s.keyId ? `key ${s.keyId}` : null].filter(Boolean).join(', ')]]);
    rows.push(['Scopes', [s.scopes.length ? s.scopes.join(', ') : 'unknown']]);
  } else rows.push(['Owner', ['unknown (not identified)']]);
  if (s.blastRadius) {
    const b = s.blastRadius;
    const tone = b.risk === 'critical' || b.risk === 'high' ? 'bad' : b.risk === 'medium' ? 'warn' : 'muted';
    rows.push(['Blast radius', [
      strong(b.risk, tone),
      ` ${b.kind}${b.principal ? ` (${b.principal})` : ''}: ${b.summary.join('; ')}`,
      ...(b.gaps.length ? [toned(` (${b.gaps.join('; ')})`, 'muted')] : []),
      ` (analysed ${formatTime(b.analyzedAt)})`,
    ]]);
  }
  rows.push(['First on a remote-tracking ref', [s.firstRemote ? `${formatTime(s.firstRemote.at)} via ${s.firstRemote.ref} (${s.firstRemote.how})` : 'no reflog evidence']]);
  rows.push(['Detected', [formatTime(s.detectedAt)]]);
  rows.push(['Revoked', s.revoked
    ? [`${formatTime(s.revoked.at)} by ${formatOperator(s.revoked.by)}${s.revoked.action ? `: ${s.revoked.action}` : ''}`]
    : [strong(`NOT REVOKED${s.revokeProblem ? ` (last attempt: ${s.revokeProblem.code})` : ''}`, 'bad')]]);
  rows.push(['Rotated', s.rotated
    ? [`${formatTime(s.rotated.at)} by ${formatOperator(s.rotated.by)}${s.rotated.newKeyId ? `, new key ${s.rotated.newKeyId}` : ''}, old credential ${s.rotated.old ?? 'unknown'}`]
    : [toned(`not rotated${s.rotateProblem ? ` (${s.rotateProblem.code})` : ''}`, 'warn')]]);
  rows.push(['History', [s.rewrite
    ? `${s.rewrite.operation}; ${s.rewrite.rewrittenAt ? `rewritten ${formatTime(s.rewrite.rewrittenAt)}, ${s.rewrite.verified ? 'verified' : 'NOT verified'}, ${s.rewrite.pushedAt ? `pushed ${formatTime(s.rewrite.pushedAt)}` : 'not pushed'}` : 'planned, not applied'}`
    : s.reachable === false ? 'unreachable object: gc on every clone removes it' : 'no rewrite planned']]);
  const x = s.exposure;
  rows.push(['Exposure window', x.start === null ? ['unknown'] : [
    `from ${formatTime(x.start)} (${x.startBasis === 'push' ? 'push' : 'commit'}) `,
    x.open ? strong(`still open: ${formatDuration(x.durationMs)} so far`, 'bad') : `to ${formatTime(x.end)}: ${formatDuration(x.durationMs)}`,
  ]]);
  if (s.evidence) {
    const e = s.evidence;
    const use = e.usedAfterLeak === true ? strong('USED AFTER THE LEAK', 'bad') : e.usedAfterLeak === false ? toned('not used after the leak', 'good') : toned('use after the leak unknown', 'muted');
    rows.push(['Provider evidence', [
      `${e.lastUsed ? `last used ${formatTime(e.lastUsed)}` : 'no recorded use'}${e.service ? `, service ${e.service}` : ''}${e.region ? `, region ${e.region}` : ''}: `,
      use,
      ...(e.usedAfterRevocation ? [', ', strong('used after revocation', 'bad')] : []),
      ...(e.notes.length ? [` (${e.notes.join('; ')})`] : []),
    ]]);
  }
  return rows;
}
