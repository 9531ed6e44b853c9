import type { Key } from 'ink';
import type { ScreenActions } from './screen-actions.js';
import type { Modal } from './use-screen-state.js';

export interface KeyContext {
  focus: 'steps' | 'panel';
  /** Kind of the selected step. */
  kind: string;
  modal: Modal | null;
  /** Entries of the open chooser (the delivery targets). */
  choices: number;
}

/**
 * The whole key map. One handler for the screen and its modals, reading the latest state, so a key
 * typed right after another (or a paste) always lands where the previous key left the screen.
 */
export function handleKey(input: string, key: Key, a: ScreenActions, at: KeyContext): void {
  if (key.ctrl && input === 'c') return a.quit();
  if (at.modal) return modalKey(input, key, a, at.modal, at.choices);
  a.clearMessage();
  if (input === 'q') return a.quit();
  if (input === '?') return a.help();
  if (input === 'n') return a.runNext();
  if (input === 'r') return a.runSelected(true);
  if (input === 's') return a.startSkip();
  if (input === ' ') return a.tick();
  if (at.kind === 'triage' && triageKey(input, a)) return;
  if ((at.kind === 'revoke' || at.kind === 'rotate') && providerKey(input, a)) return;
  const up = key.upArrow || input === 'k';
  const down = key.downArrow || input === 'j';
  if (at.focus === 'steps') {
    if (up || down) a.moveStep(up ? -1 : 1);
    else if (key.return) a.openOrAct();
    else if (key.rightArrow || input === 'l') a.openPanel();
    return;
  }
  if (up || down) a.moveCursor(up ? -1 : 1);
  else if (key.pageUp || key.pageDown) a.moveCursor(key.pageUp ? -10 : 10);
  else if (key.escape || key.leftArrow || input === 'h') a.back();
  else if (key.return) {
    if (at.kind === 'triage' || at.kind === 'revoke' || at.kind === 'rotate') a.toggleDetail();
    else a.tick();
  }
}

function triageKey(input: string, a: ScreenActions): boolean {
  switch (input) {
    case 'c':
    case 'f':
    case 'a':
    case 'C':
      a.triage(input);
      return true;
    case '/':
      a.startFilter();
      return true;
    case 'o':
      a.cycleSort();
      return true;
    case 'p':
      a.togglePaths();
      return true;
    case 'b':
      a.startBulk();
      return true;
    default:
      return false;
  }
}

function providerKey(input: string, a: ScreenActions): boolean {
  switch (input) {
    case 'm':
      a.takeByHand();
      return true;
    case 'b':
      a.startByHand();
      return true;
    case 'u':
      a.useLeakedKey();
      return true;
    case 'd':
    case 'D':
      a.startDelivery(input === 'D');
      return true;
    default:
      return false;
  }
}

function modalKey(input: string, key: Key, a: ScreenActions, modal: Modal, choices: number): void {
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
    case 'filter':
      if (key.return) a.endFilter(true);
      else if (key.escape) a.endFilter(false);
      else edit(input, key, a, 'filter');
      return;
    case 'bulk-scope':
      if (input === 'r' || input === 'g' || input === 'v') a.bulkScope(input);
      else if (key.escape) a.closeOverlay();
      return;
    case 'bulk-glob':
      if (key.return) a.submitGlob();
      else if (key.escape) a.closeOverlay();
      else edit(input, key, a, 'typed');
      return;
    case 'bulk-decision':
      if (input === 'c' || input === 'f' || input === 'a') a.bulkDecide(modal, input);
      else if (key.escape) a.closeOverlay();
      return;
    case 'by-hand':
      if (key.return || key.tab) a.nextField(modal);
      else if (key.escape) a.closeOverlay();
      else edit(input, key, a, modal.field);
      return;
    case 'delivery':
      if (key.upArrow || input === 'k' || key.downArrow || input === 'j') a.moveChoice(key.upArrow || input === 'k' ? -1 : 1, choices);
      else if (/^[1-9]$/.test(input)) a.pickDelivery(modal, Number(input) - 1);
      else if (key.return) a.pickDelivery(modal, -1);
      else if (key.escape) a.closeOverlay();
      return;
    case 'delivery-target':
      if (key.return) a.submitDelivery(modal);
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

function edit(input: string, key: Key, a: ScreenActions, field: 'typed' | 'secretTyped' | 'filter' | number): void {
  if (key.backspace || key.delete) a.erase(field);
  else if (input && !key.ctrl && !key.meta && !key.tab) a.type(field, input);
}
