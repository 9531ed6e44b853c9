import type { StepView } from '../playbook/events.js';

export type ScreenMode = 'confirm' | 'input' | 'help' | 'steps' | 'panel';

/** The keys that work right now, for the footer. */
export function footerKeys(mode: ScreenMode, step: StepView | undefined): Array<[string, string]> {
  const tail: Array<[string, string]> = [['n', 'next step'], ['?', 'help'], ['q', 'quit']];
  switch (mode) {
    case 'confirm':
      return [['y', 'yes'], ['n/enter/esc', 'no (default)']];
    case 'input':
      return [['enter', 'save'], ['esc', 'cancel']];
    case 'help':
      return [['esc/?', 'close the help']];
    case 'panel':
      if (step?.kind === 'triage') {
        return [['↑↓/jk', 'move'], ['enter', 'details'], ['c', 'confirm'], ['f', 'false positive'], ['a', 'allowlist'], ['C', 'confirm all'], ['esc', 'back'], ...tail];
      }
      return [['↑↓/jk', 'move'], ['space', 'tick'], ['esc', 'back'], ['s', 'skip step'], ...tail];
    default:
      return [['↑↓/jk', 'move'], ['enter', 'open/run'], ['r', 'run again'], ['s', 'skip'], ...tail];
  }
}
