import type { Key } from 'ink';
import type { ScreenActions } from './screen-actions.js';
import type { Modal } from './use-screen-state.js';

export interface KeyContext {
  focus: 'steps' | 'panel';
  /** Kind of the selected step. */
  kind: string;
  modal: Modal | null;
}

/**
 * The whole key map. One handler for the screen and its modals, reading the latest state, so a key
 * typed right after another (or a paste) always lands where the previous key left the screen.
 */
export function handleKey(input: string, key: Key, a: ScreenActions, at: KeyContext): void {
  if (key.ctrl && input === 'c') return a.quit();
  if (at.modal) return modalKey(input, key, a, at.modal);
  a.clearMessage();
  if (input === 'q') return a.quit();
  if (input === '?') return a.help();
  if (input === 'n') return a.runNext();
  if (input === 'r') return a.runSelected(true);
  if (input === 's') return a.startSkip();
  if (input === ' ') return a.tick();
  if (at.kind === 'triage' && (input === 'c' || input === 'f' || input === 'a' || input === 'C')) return a.triage(input);
  const up = key.upArrow || input === 'k';
  const down = key.downArrow || input === 'j';
  if (at.focus === 'steps') {
    if (up || down) a.moveStep(up ? -1 : 1);
    else if (key.return) a.openOrAct();
    else if (key.rightArrow || input === 'l') a.openPanel();
    return;
  }
  if (up || down) a.moveCursor(up ? -1 : 1);
  else if (key.escape || key.leftArrow || input === 'h') a.back();
  else if (key.return) {
    if (at.kind === 'triage') a.toggleDetail();
    else a.tick();
  }
}

function modalKey(input: string, key: Key, a: ScreenActions, modal: Modal): void {
  switch (modal.kind) {
    case 'confirm': {
      const yes = yesNo(input, key);
      if (yes !== null) a.answer(modal.request.id, yes);
      return;
    }
    case 'baseline': {
      const yes = yesNo(input, key);
      if (yes !== null) a.dismiss(modal, modal.reason, yes);
      return;
    }
    case 'help':
      if (key.escape || key.return || input === '?' || input === 'q') a.closeOverlay();
      return;
    case 'hidden':
      if (key.return) a.submitHidden(modal.question);
      else if (key.escape) a.submitHidden(modal.question, true);
      else edit(input, key, a, 'secretTyped');
      return;
    case 'reason':
      if (key.return) a.submitReason(modal);
      else if (key.escape) a.closeOverlay();
      else edit(input, key, a, 'typed');
      return;
    case 'skip':
      if (key.return) a.submitSkip(modal.step);
      else if (key.escape) a.closeOverlay();
      else edit(input, key, a, 'typed');
      return;
  }
}

/** y is yes; n, enter and esc are no (the default); anything else is not an answer. */
function yesNo(input: string, key: Key): boolean | null {
  if (input === 'y' || input === 'Y') return true;
  if (input === 'n' || input === 'N' || key.return || key.escape) return false;
  return null;
}

function edit(input: string, key: Key, a: ScreenActions, field: 'typed' | 'secretTyped'): void {
  if (key.backspace || key.delete) a.erase(field);
  else if (input && !key.ctrl && !key.meta) a.type(field, input);
}
