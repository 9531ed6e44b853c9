import { describe, expect, it } from 'vitest';
import type { StepView } from '../../src/playbook/events.js';
import { loadPlaybook } from '../../src/playbook/load.js';
import { footerLines } from '../../src/tui/Footer.js';
import { footerKeys } from '../../src/tui/footer-keys.js';
import { mainHeight, sidebarWidth } from '../../src/tui/layout.js';
import { FakeRunner, snapshot } from './fake-runner.js';
import { mount } from './helpers.js';

/** The shipped emergency playbook's steps, as the screen gets them. */
function shippedSteps(): StepView[] {
  return loadPlaybook('committed-secret').steps.map((s) => ({ ...s, status: 'pending', detail: null, checklist: s.checklist.map((text) => ({ text, checked: false })) }));
}

describe('layout', () => {
  it('every title of the shipped playbooks is whole in the step list at 120 columns', async () => {
    for (const id of ['committed-secret', 'history-sweep', 'key-rotation', 'postmortem']) {
      const steps = loadPlaybook(id).steps.map((s) => ({ ...s, status: 'pending' as const, detail: null, checklist: [] }));
      const runner = new FakeRunner(snapshot(steps));
      const s = await mount(runner, {}, { columns: 120, rows: 40 });
      const frame = s.frame();
      steps.forEach((step, i) => expect(frame, `${id}: ${step.title}`).toContain(`${i + 1}. ${step.title}`));
      expect(frame).not.toMatch(/│[› ] \S \d+\. [^│]*…│/);
      s.instance.unmount();
    }
  });

  it('the sidebar fits its titles, up to a share of the terminal; narrow terminals give the room to the panel', () => {
    const steps = shippedSteps();
    expect(sidebarWidth(steps, 120)).toBe(Math.max(...steps.map((s, i) => `${i + 1}. ${s.title}`.length)) + 6);
    expect(sidebarWidth(steps, 200)).toBe(sidebarWidth(steps, 120));
    expect(sidebarWidth(steps, 80)).toBe(16);
  });

  it('the main area is as tall as its content, never taller than the terminal leaves', () => {
    expect(mainHeight(40, 3, 14)).toBe(14);
    expect(mainHeight(40, 3, 80)).toBe(36);
    expect(mainHeight(24, 3, 5)).toBe(12);
  });

  it('the footer never cuts an entry: at 80 columns it wraps whole keys, keeping help and quit', () => {
    for (const width of [60, 80, 120]) {
      const lines = footerLines(footerKeys('panel', { ...shippedSteps()[1]!, kind: 'triage' }), width);
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
      const all = lines.join('  ');
      expect(all).toMatch(/\? help.*q quit/);
      for (const entry of all.split('  ')) expect(entry).not.toMatch(/…$/);
    }
  });

  it('a short panel leaves no screen of empty rows under it', async () => {
    const steps = shippedSteps().map((s, i) => ({ ...s, status: i < 8 ? 'done' as const : 'pending' as const }));
    const runner = new FakeRunner(snapshot(steps));
    const s = await mount(runner, {}, { columns: 120, rows: 60 });
    const lines = s.frame().split('\n');
    // Header, a box as tall as the step list (9 steps + title + borders), the footer.
    expect(lines.length).toBeLessThan(20);
  });
});
