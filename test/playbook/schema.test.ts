import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpillkitError } from '../../src/errors.js';
import { builtinPlaybookIds, loadPlaybook } from '../../src/playbook/load.js';
import { parsePlaybook } from '../../src/playbook/schema.js';
import { STEP_KINDS } from '../../src/playbook/types.js';
import { TEST_PLAYBOOK } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'spillkit-playbook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(text: string): SpillkitError {
  try {
    parsePlaybook(text, 'my.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SpillkitError);
    return e as SpillkitError;
  }
  throw new Error('the playbook was accepted');
}

describe('built-in playbooks', () => {
  it('ships the four jobs of the contract', () => {
    expect(builtinPlaybookIds()).toEqual(['committed-secret', 'history-sweep', 'key-rotation', 'postmortem']);
  });

  it.each(['committed-secret', 'history-sweep', 'key-rotation', 'postmortem'])('%s loads, with guidance on every step', (id) => {
    const playbook = loadPlaybook(id);
    expect(playbook.id).toBe(id);
    expect(playbook.builtin).toBe(true);
    expect(playbook.steps.length).toBeGreaterThan(2);
    for (const step of playbook.steps) {
      expect(STEP_KINDS).toContain(step.kind);
      expect(step.guidance.length).toBeGreaterThan(30);
    }
  });

  it('committed-secret is the emergency in order: contain before cleaning up', () => {
    const kinds = loadPlaybook('committed-secret').steps.map((s) => s.kind);
    expect(kinds).toEqual(['scan', 'triage', 'revoke', 'rotate', 'plan-rewrite', 'apply-rewrite', 'push', 'reset-clone', 'report']);
    expect(loadPlaybook('committed-secret').steps[2].guidance).toMatch(/revoke before you rewrite/i);
  });

  it('an unknown id is a usage error naming the built-ins', () => {
    expect(() => loadPlaybook('no-such-playbook')).toThrow(/committed-secret, history-sweep/);
  });
});

describe('a user playbook file', () => {
  it('loads from a path', () => {
    const file = join(dir, 'walk.yaml');
    writeFileSync(file, TEST_PLAYBOOK);
    const playbook = loadPlaybook(file);
    expect(playbook).toMatchObject({ id: 'test-walk', builtin: false, source: file });
    expect(playbook.steps.map((s) => s.id)).toEqual(['scan', 'triage', 'revoke', 'plan', 'report']);
    expect(playbook.steps.every((s) => s.optional === false && Array.isArray(s.checklist))).toBe(true);
  });

  it('a missing file is a usage error', () => {
    expect(() => loadPlaybook(join(dir, 'absent.yaml'))).toThrow(/no such file/);
  });
});

describe('a malformed playbook is refused with file:line: what is wrong', () => {
  const head = 'id: mine\ntitle: Mine\ndescription: d\nsteps:\n';
  const cases: Array<[string, string, RegExp]> = [
    ['invalid YAML (a duplicate key)', `${head}  - id: scan\n    title: Scan\n    title: Again\n`, /^my\.yaml:7: invalid YAML/],
    ['an unknown step kind', `${head}  - id: scan\n    title: Scan\n    kind: scna\n    guidance: g\n`, /^my\.yaml:7: step scan: kind must be one of scan, triage/],
    ['a missing guidance', `${head}  - id: scan\n    title: Scan\n    kind: scan\n`, /^my\.yaml:5: step scan: guidance \(why the step matters\) must be a non-empty string/],
    ['an unknown step field', `${head}  - id: scan\n    title: Scan\n    kind: scan\n    guidance: g\n    guidence: typo\n`, /^my\.yaml:9: step 1: unknown field "guidence"/],
    ['a duplicate step id', `${head}  - id: scan\n    title: Scan\n    kind: scan\n    guidance: g\n  - id: scan\n    title: Again\n    kind: checklist\n    guidance: g\n    checklist: [x]\n`, /^my\.yaml:9: step scan: duplicate step id/],
    ['a revoke before any triage', `${head}  - id: scan\n    title: Scan\n    kind: scan\n    guidance: g\n  - id: rv\n    title: Revoke\n    kind: revoke\n    guidance: g\n`, /^my\.yaml:11: step rv: a revoke step needs a triage step before it/],
    ['a checklist step without items', `${head}  - id: todo\n    title: Todo\n    kind: checklist\n    guidance: g\n`, /^my\.yaml:5: step todo: a checklist step needs at least one checklist item/],
    ['a non-boolean optional', `${head}  - id: scan\n    title: Scan\n    kind: scan\n    guidance: g\n    optional: maybe\n`, /^my\.yaml:9: step scan: optional must be true or false/],
    ['a bad id', 'id: My Playbook\ntitle: t\ndescription: d\nsteps: []\n', /^my\.yaml:1: id must be kebab-case/],
    ['no steps', 'id: mine\ntitle: t\ndescription: d\nsteps: []\n', /^my\.yaml:4: "steps" must be a non-empty list/],
    ['an unknown top-level field', 'id: mine\ntitle: t\ndescription: d\nstep: []\n', /^my\.yaml:4: unknown field "step"/],
    ['not a mapping', '- just\n- a list\n', /^my\.yaml:1: a playbook is a mapping/],
  ];
  it.each(cases)('%s', (_what, text, message) => {
    const error = refusal(text);
    expect(error.code).toBe('BAD_CONFIG');
    expect(error.message).toMatch(message);
    expect(error.data).toMatchObject({ file: 'my.yaml' });
  });

  it('through loadPlaybook, the message names the user\'s file', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, `${head}  - id: scan\n    title: Scan\n    kind: nope\n    guidance: g\n`);
    expect(() => loadPlaybook(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7: `));
  });
});
