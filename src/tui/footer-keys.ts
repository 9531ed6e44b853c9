import type { StepView } from '../playbook/events.js';
import type { PanelRow } from './panel-rows.js';

export type ScreenMode = 'confirm' | 'input' | 'help' | 'steps' | 'panel' | 'filter' | 'form' | 'choose';

/** The keys that work right now, for the footer (most useful first; `? help` and `q quit` last). */
export function footerKeys(mode: ScreenMode, step: StepView | undefined, row?: PanelRow): Array<[string, string]> {
  const tail: Array<[string, string]> = [['n', 'next step'], ['?', 'help'], ['q', 'quit']];
  switch (mode) {
    case 'confirm':
      return [['y', 'yes'], ['n/enter/esc', 'no (default)']];
    case 'input':
      return [['enter', 'save'], ['esc', 'cancel']];
    case 'filter':
      return [['type', 'rule, path, provider, status, where (or field:value; path:GLOB)'], ['enter', 'keep'], ['esc', 'clear']];
    case 'form':
      return [['enter/tab', 'next field (enter on the last saves)'], ['esc', 'cancel']];
    case 'choose':
      return [['the letter or number', 'choose'], ['esc', 'cancel']];
    case 'help':
      return [['esc/?', 'close the help']];
    case 'panel':
      if (step?.kind === 'triage') {
        return [['↑↓/jk', 'move'], ['enter', 'details'], ['c', 'confirm'], ['f', 'false positive'], ['a', 'allowlist'], ['C', 'confirm all'],
          ['b', 'bulk'], ['/', 'filter'], ['o', 'sort'], ['p', 'paths'], ['esc', 'back'], ...tail];
      }
      if ((step?.kind === 'revoke' || step?.kind === 'rotate') && row?.kind === 'credential') {
        return [['↑↓/jk', 'move'], ['enter', 'details'], ['m', 'console steps'], ['b', 'done by hand'],
          ...(step.kind === 'revoke' && row.row.finding.canUseLeakedKey ? [['u', 'use the leaked key'] as [string, string]] : []),
          ...(step.kind === 'rotate' ? [['d/D', 'destination'] as [string, string]] : []), ['esc', 'back'], ...tail];
      }
      return [['↑↓/jk', 'move'], ['space', 'tick'], ['esc', 'back'], ['s', 'skip step'], ...tail];
    default:
      return [['↑↓/jk', 'move'], ['enter', 'open/run'], ['r', 'run again'], ['s', 'skip'], ...tail];
  }
}
