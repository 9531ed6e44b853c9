import { Box, Text } from 'ink';
import type { RunnerSnapshot, ScanProgress, StepView } from '../playbook/events.js';
import { Checklist } from './Checklist.js';
import { FindingDetail } from './FindingDetail.js';
import { FindingsTable } from './FindingsTable.js';
import { fit, STATUS_COLOR, STATUS_LABEL, wrap } from './format.js';
import { panelHint } from './panel-hint.js';
import { ProviderStatus } from './ProviderStatus.js';
import { ScanMeter } from './ScanMeter.js';
import { StepLog } from './StepLog.js';
import type { LogLine } from './use-runner.js';

export interface StepPanelProps {
  step: StepView;
  index: number;
  snapshot: RunnerSnapshot;
  progress: ScanProgress | undefined;
  logs: LogLine[];
  /** Row of the findings table (triage) or of the checklist (other steps). */
  cursor: number;
  /** Triage: the finding under the cursor in full instead of the table. */
  detail: boolean;
  focused: boolean;
  finished: boolean;
  width: number;
  height: number;
}

const DETAIL_PREFIX: Record<string, string> = { done: 'done: ', 'needs-user': 'needs you: ', failed: 'failed: ', skipped: 'skipped: ', interrupted: 'was: ' };

/** The selected step: why it matters, where it stands, and its kind's own view. */
export function StepPanel(props: StepPanelProps) {
  const { step, index, snapshot, width, height, finished } = props;
  const inner = width - 4;
  const status = `[${STATUS_LABEL[step.status]}]`;
  const title = fit(`${index + 1}. ${step.title}`, Math.max(inner - status.length - 1, 8));
  const why = wrap(`why: ${step.guidance}`, inner, 3);
  const detail = step.detail ? wrap(`${DETAIL_PREFIX[step.status] ?? ''}${step.detail}`, inner, 3) : [];
  const bodyRows = Math.max(height - 2 - 1 - why.length - detail.length - 1, 3);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={props.focused ? 'cyan' : 'gray'} paddingX={1} overflowY="hidden">
      <Text>
        <Text bold>{title}</Text> <Text color={STATUS_COLOR[step.status]}>{status}</Text>
        <Text dimColor>{fit(` ${step.kind}`, Math.max(inner - title.length - status.length - 1, 0))}</Text>
      </Text>
      {why.map((line, i) => <Text key={`why${i}`} dimColor>{line}</Text>)}
      {detail.map((line, i) => <Text key={`detail${i}`} color={STATUS_COLOR[step.status]}>{line}</Text>)}
      <Box flexDirection="column" height={bodyRows} overflowY="hidden">
        <PanelBody {...props} inner={inner} rows={bodyRows} />
      </Box>
      <Text color="cyan">{fit(panelHint(step, snapshot, finished), inner)}</Text>
    </Box>
  );
}

function PanelBody(props: StepPanelProps & { inner: number; rows: number }) {
  const { step, snapshot, inner, rows, logs } = props;
  const checklist = (room: number) => step.checklist.length > 0 && room > 1
    ? <Checklist items={step.checklist} cursor={props.cursor} focused={props.focused} width={inner} rows={room} />
    : null;
  switch (step.kind) {
    case 'scan': {
      const running = snapshot.running === step.id;
      return (
        <Box flexDirection="column">
          {props.progress ? <ScanMeter progress={props.progress} width={inner} /> : running ? <Text>reading the object database…</Text> : null}
          {snapshot.scannedAt && !running ? <Text>{fit(`last scan ${snapshot.scannedAt}: ${snapshot.findings.length} finding(s)`, inner)}</Text> : null}
          {checklist(rows - 3)}
          <StepLog lines={logs} width={inner} rows={rows - 3 - (step.checklist.length ? Math.min(step.checklist.length + 1, rows - 3) : 0)} />
        </Box>
      );
    }
    case 'triage':
      if (snapshot.findings.length === 0) {
        return <Text dimColor>{snapshot.scannedAt ? 'the scan found nothing to triage' : 'no findings yet: the scan step comes first'}</Text>;
      }
      if (props.detail) {
        const finding = snapshot.findings[Math.min(props.cursor, snapshot.findings.length - 1)];
        return <FindingDetail finding={finding} width={inner} />;
      }
      return <FindingsTable findings={snapshot.findings} cursor={props.cursor} focused={props.focused} width={inner} rows={rows} />;
    case 'revoke':
    case 'rotate': {
      const confirmed = snapshot.findings.filter((f) => f.decision === 'confirmed').length;
      const tableRows = Math.min(confirmed + 1, Math.max(Math.floor(rows / 2), 2));
      const listRows = Math.min(step.checklist.length + 1, rows - tableRows);
      return (
        <Box flexDirection="column">
          <ProviderStatus findings={snapshot.findings} action={step.kind} width={inner} rows={tableRows} />
          {checklist(listRows)}
          <StepLog lines={logs} width={inner} rows={rows - tableRows - (step.checklist.length ? listRows : 0)} />
        </Box>
      );
    }
    default: {
      const listRows = Math.min(step.checklist.length + 1, rows);
      return (
        <Box flexDirection="column">
          {step.checklist.length === 0 && step.kind === 'checklist' ? <Text dimColor>this checklist has no items</Text> : checklist(listRows)}
          <StepLog lines={logs} width={inner} rows={rows - (step.checklist.length ? listRows : 0)} />
        </Box>
      );
    }
  }
}
