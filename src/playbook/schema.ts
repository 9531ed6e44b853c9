/**
 * Validates a playbook document. Every problem is SpillkitError('BAD_CONFIG') `file:line: what is wrong`,
 * the line found through the YAML document's node positions (the same locator as the scan config).
 */
import { badConfig, parseYamlText, type Locate, type Path } from '../rules/config-locate.js';
import { STEP_KINDS, type Playbook, type PlaybookStep, type StepKind } from './types.js';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PLAYBOOK_FIELDS = new Set(['version', 'id', 'title', 'description', 'steps']);
const STEP_FIELDS = new Set(['id', 'title', 'kind', 'guidance', 'checklist', 'optional']);

/**
 * Kinds that work on the findings of this incident's scan, and what must come before each. One step per
 * kind (except checklist and report): the runner keeps one scan, one triage, one outcome per finding.
 */
const NEEDS_BEFORE: Partial<Record<StepKind, StepKind>> = {
  triage: 'scan',
  revoke: 'triage',
  rotate: 'triage',
  'plan-rewrite': 'triage',
  'apply-rewrite': 'plan-rewrite',
  push: 'apply-rewrite',
  'reset-clone': 'push',
};
const REPEATABLE: ReadonlySet<StepKind> = new Set(['checklist', 'report']);

export function parsePlaybook(text: string, file: string, builtin = false): Playbook {
  const { value, locate, locateKey } = parseYamlText(text, file);
  const fail = (path: Path, what: string, byKey = false): never => {
    throw badConfig(file, (byKey ? locateKey : locate)(path), what);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail([], 'a playbook is a mapping with id, title, description and steps');
  }
  const doc = value as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!PLAYBOOK_FIELDS.has(key)) fail([key], `unknown field "${key}" (known: ${[...PLAYBOOK_FIELDS].join(', ')})`, true);
  }
  if (doc.version !== undefined && doc.version !== 1) fail(['version'], `version must be 1 (got ${JSON.stringify(doc.version)})`);
  const id = requireId(doc.id, ['id'], fail);
  const title = requireText(doc.title, ['title'], 'title', fail);
  const description = requireText(doc.description, ['description'], 'description', fail);
  if (!Array.isArray(doc.steps) || doc.steps.length === 0) fail(['steps'], '"steps" must be a non-empty list');
  const steps = (doc.steps as unknown[]).map((raw, index) => parseStep(raw, index, fail));
  checkOrder(steps, fail);
  return { id, title, description, steps, source: file, builtin };
}

type Fail = (path: Path, what: string, byKey?: boolean) => never;

function parseStep(raw: unknown, index: number, fail: Fail): PlaybookStep {
  const at: Path = ['steps', index];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail(at, `step ${index + 1} must be a mapping with id, title, kind and guidance`);
  }
  const step = raw as Record<string, unknown>;
  for (const key of Object.keys(step)) {
    if (!STEP_FIELDS.has(key)) fail([...at, key], `step ${index + 1}: unknown field "${key}" (known: ${[...STEP_FIELDS].join(', ')})`, true);
  }
  const id = requireId(step.id, [...at, 'id'], fail, `step ${index + 1}: `);
  const title = requireText(step.title, [...at, 'title'], `step ${id}: title`, fail);
  if (typeof step.kind !== 'string' || !(STEP_KINDS as readonly string[]).includes(step.kind)) {
    fail([...at, 'kind'], `step ${id}: kind must be one of ${STEP_KINDS.join(', ')} (got ${JSON.stringify(step.kind ?? null)})`);
  }
  const kind = step.kind as StepKind;
  const guidance = requireText(step.guidance, [...at, 'guidance'], `step ${id}: guidance (why the step matters)`, fail);
  let checklist: string[] = [];
  if (step.checklist !== undefined) {
    if (!Array.isArray(step.checklist)) fail([...at, 'checklist'], `step ${id}: checklist must be a list of strings`);
    checklist = (step.checklist as unknown[]).map((item, n) => {
      if (typeof item !== 'string' || item.trim() === '') fail([...at, 'checklist', n], `step ${id}: checklist item ${n + 1} must be a non-empty string`);
      return (item as string).trim();
    });
  }
  if (kind === 'checklist' && checklist.length === 0) fail(at, `step ${id}: a checklist step needs at least one checklist item`);
  if (step.optional !== undefined && typeof step.optional !== 'boolean') fail([...at, 'optional'], `step ${id}: optional must be true or false`);
  return { id, title, kind, guidance, checklist, optional: step.optional === true };
}

function checkOrder(steps: PlaybookStep[], fail: Fail): void {
  const seenIds = new Set<string>();
  const seenKinds = new Set<StepKind>();
  steps.forEach((step, index) => {
    const at: Path = ['steps', index];
    if (seenIds.has(step.id)) fail([...at, 'id'], `step ${step.id}: duplicate step id`);
    seenIds.add(step.id);
    if (seenKinds.has(step.kind) && !REPEATABLE.has(step.kind)) fail([...at, 'kind'], `step ${step.id}: only one ${step.kind} step per playbook`);
    const before = NEEDS_BEFORE[step.kind];
    if (before && !seenKinds.has(before)) fail([...at, 'kind'], `step ${step.id}: a ${step.kind} step needs a ${before} step before it`);
    seenKinds.add(step.kind);
  });
}

function requireId(value: unknown, path: Path, fail: Fail, prefix = ''): string {
  if (typeof value !== 'string' || !ID.test(value)) {
    fail(path, `${prefix}id must be kebab-case (a-z, 0-9, -), got ${JSON.stringify(value ?? null)}`);
  }
  return value as string;
}

function requireText(value: unknown, path: Path, what: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') fail(path, `${what} must be a non-empty string`);
  return (value as string).trim();
}

export type { Locate };
