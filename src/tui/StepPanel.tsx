import { join } from 'node:path';
import { Box, Text } from 'ink';
import type { FoundItem, RunnerSnapshot, ScanProgress, StepView, Unrevoked } from '../playbook/events.js';
import { Checklist } from './Checklist.js';
import { FindingDetail } from './FindingDetail.js';
import { FindingsTable } from './FindingsTable.js';
import { fit, STATUS_COLOR, STATUS_LABEL, wrap } from './format.js';
import { panelHint } from './panel-hint.js';
import { credentialRows, type PanelRow } from './panel-rows.js';
import { CredentialDetail, ProviderStatus } from './ProviderStatus.js';
import { ScanMeter } from './ScanMeter.js';
import { StepLog } from './StepLog.js';
import { triageRows, type RowView } from './triage-rows.js';
import type { LogLine } from './use-runner.js';

export interface StepPanelProps {
  step: StepView;
  index: number;
  snapshot: RunnerSnapshot;
  progress: ScanProgress | undefined;
  found: FoundItem[];
  logs: LogLine[];
  /** The panel row under the cursor, and its index. */
  cursor: number;
  row: PanelRow | undefined;
  /** The row under the cursor in full instead of the table. */
  detail: boolean;
  view: RowView & { fullPaths: boolean };
  focused: boolean;
  finished: boolean;
  unrevoked: Unrevoked[];
  width: number;
  height: number;
}

const DETAIL_PREFIX: Record<string, string> = { done: 'done: ', 'needs-user': 'needs you: ', failed: 'failed: ', skipped: 'skipped: ', interrupted: 'was: ' };

/** The journal of the incident, named where something failed (the log a responder is sent to). */
export function journalPath(snapshot: RunnerSnapshot): string | null {
  return snapshot.incident.dir ? join(snapshot.incident.dir, 'journal.jsonl') : null;
}

/** Lines the panel's own text takes around its body: borders, title, why, detail, hint. */
export function panelChrome(step: StepView, snapshot: RunnerSnapshot, width: number, finished: boolean, unrevoked: Unrevoked[]): number {
  return 2 + 1 + headerLines(step, snapshot, width - 4, finished, unrevoked).length + 1;
}

function headerLines(step: StepView, snapshot: RunnerSnapshot, inner: number, finished: boolean, unrevoked: Unrevoked[]): Array<{ text: string; color?: string; dim?: boolean }> {
  const why = wrap(`why: ${step.guidance}`, inner, 3).map((text) => ({ text, dim: true }));
  // A failure is shown whole (it says what to do), and names the journal that has every call.
  const detailLines = step.status === 'failed' ? 8 : 3;
  const detail = step.detail ? wrap(`${DETAIL_PREFIX[step.status] ?? ''}${step.detail}`, inner, detailLines).map((text) => ({ text, color: STATUS_COLOR[step.status] })) : [];
  const journal = step.status === 'failed' && journalPath(snapshot) ? [{ text: fit(`journal (every call and answer): ${journalPath(snapshot)}`, inner), dim: true }] : [];
  const warning = finished && unrevoked.length
    ? wrap(`Playbook complete, but ${unrevoked.length} confirmed credential(s) are NOT revoked: ${unrevoked.map((u) => `${u.redacted} (${u.provider}, ${u.status})`).join(', ')}`, inner, 4).map((text) => ({ text, color: 'red' }))
    : [];
  return [...warning, ...why, ...detail, ...journal];
}

/** The selected step: why it matters, where it stands, and its kind's own view. */
export function StepPanel(props: StepPanelProps) {
  const { step, index, snapshot, width, height, finished, unrevoked } = props;
  const inner = width - 4;
  const status = `[${snapshot.running === step.id ? STATUS_LABEL.running : STATUS_LABEL[step.status]}]`;
  const title = fit(`${index + 1}. ${step.title}`, Math.max(inner - status.length - 1, 8));
  const header = headerLines(step, snapshot, inner, finished, unrevoked);
  const bodyRows = Math.max(height - 2 - 1 - header.length - 1, MIN_BODY);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={props.focused ? 'cyan' : 'gray'} paddingX={1} overflowY="hidden">
      <Text>
        <Text bold>{title}</Text> <Text color={STATUS_COLOR[step.status]}>{status}</Text>
        <Text dimColor>{fit(` ${step.kind}`, Math.max(inner - title.length - status.length - 1, 0))}</Text>
      </Text>
      {header.map((line, i) => <Text key={i} color={line.color} dimColor={line.dim}>{line.text}</Text>)}
      <Box flexDirection="column" height={bodyRows} overflowY="hidden">
        <PanelBody {...props} inner={inner} rows={bodyRows} />
      </Box>
      <Text color="cyan">{fit(panelHint(step, snapshot, finished, props.row), inner)}</Text>
    </Box>
  );
}

/** Rows the body would like (the layout gives the panel no more than that, and no less than it can). */
export function bodyNeeds(step: StepView, snapshot: RunnerSnapshot, found: FoundItem[], logs: LogLine[], view: RowView & { detail: boolean }): number {
  return Math.max(wantedRows(step, snapshot, found, logs, view), MIN_BODY);
}

/** The panel body is never smaller than this (StepPanel gives it at least as much). */
const MIN_BODY = 3;

function wantedRows(step: StepView, snapshot: RunnerSnapshot, found: FoundItem[], logs: LogLine[], view: RowView & { detail: boolean }): number {
  const logRows = Math.min(logs.length, 6);
  // A details view: two lines a value where the terminal has them.
  if (view.detail && (step.kind === 'triage' || step.kind === 'revoke' || step.kind === 'rotate')) return 30;
  // The checklist's title, its items, and two more lines for the item under the cursor shown whole.
  const items = step.checklist.length ? step.checklist.length + 3 : 0;
  switch (step.kind) {
    case 'scan':
      return 3 + Math.min(found.length, 8) + (found.length ? 1 : 0) + items + logRows;
    case 'triage':
      return snapshot.findings.length === 0 ? 1 : triageRows(snapshot.findings, view).length + 3;
    case 'revoke':
    case 'rotate':
      return credentialRows(snapshot).length + 1 + items + logRows;
    default:
      return Math.max(items + logRows, 1);
  }
}

function PanelBody(props: StepPanelProps & { inner: number; rows: number }) {
  const { step, snapshot, inner, rows, logs } = props;
  const itemCursor = props.row?.kind === 'item' ? props.row.index : -1;
  const checklist = (room: number) => step.checklist.length > 0 && room > 1
    ? <Checklist items={step.checklist} cursor={itemCursor} focused={props.focused} width={inner} rows={room} />
    : null;
  const listRows = (room: number) => (step.checklist.length ? Math.min(step.checklist.length + 1, room) : 0);
  switch (step.kind) {
    case 'scan': {
      const running = snapshot.running === step.id;
      const found = props.found;
      const foundRows = found.length ? Math.min(found.length, Math.max(rows - 4, 1)) : 0;
      return (
        <Box flexDirection="column">
          {props.progress ? <ScanMeter progress={props.progress} width={inner} /> : running ? <Text>reading the object database…</Text> : null}
          {snapshot.scannedAt && !running ? <Text>{fit(`last scan ${snapshot.scannedAt}: ${snapshot.findings.length} finding(s)`, inner)}</Text> : null}
          {running && found.length ? <Text bold>{fit(`found so far: ${found.length} (before de-duplication and provenance)`, inner)}</Text> : null}
          {running ? found.slice(-foundRows).map((f, i) => <Text key={i} color="yellow">{fit(`  ${f.provider} · ${f.rule} · ${f.redacted}`, inner)}</Text>) : null}
          {checklist(rows - 3)}
          <StepLog lines={logs} width={inner} rows={rows - 3 - (running ? foundRows + 1 : 0) - listRows(rows - 3)} />
        </Box>
      );
    }
    case 'triage': {
      if (snapshot.findings.length === 0) {
        return <Text dimColor>{snapshot.scannedAt ? 'the scan found nothing to triage' : 'no findings yet: the scan step comes first'}</Text>;
      }
      if (props.detail && props.row?.kind === 'finding') return <FindingDetail row={props.row.row} width={inner} height={rows} />;
      return (
        <FindingsTable findings={snapshot.findings} rows={triageRows(snapshot.findings, props.view)} cursor={props.cursor} focused={props.focused}
          width={inner} height={rows} filter={props.view.filter} sort={props.view.sort} fullPaths={props.view.fullPaths} />
      );
    }
    case 'revoke':
    case 'rotate': {
      if (props.detail && props.row?.kind === 'credential') {
        return <CredentialDetail row={props.row.row} action={step.kind} journal={journalPath(snapshot)} width={inner} />;
      }
      // The credentials first (what the step is about), the checklist next, the log in what is left.
      const credentials = credentialRows(snapshot);
      const forList = step.checklist.length ? Math.min(step.checklist.length + 1, Math.max(Math.floor(rows / 2), 2)) : 0;
      const tableRows = Math.min(credentials.length + 1, Math.max(rows - forList, 2));
      const list = listRows(rows - tableRows);
      const credentialCursor = props.row?.kind === 'credential' ? props.cursor : -1;
      return (
        <Box flexDirection="column">
          <ProviderStatus rows={credentials} action={step.kind} cursor={credentialCursor} focused={props.focused} width={inner} height={tableRows} />
          {checklist(list)}
          <StepLog lines={logs} width={inner} rows={rows - tableRows - list} />
        </Box>
      );
    }
    default: {
      const list = listRows(rows);
      return (
        <Box flexDirection="column">
          {step.checklist.length === 0 && step.kind === 'checklist' ? <Text dimColor>this checklist has no items</Text> : checklist(list)}
          <StepLog lines={logs} width={inner} rows={rows - list} />
        </Box>
      );
    }
  }
}
