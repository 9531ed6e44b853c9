/**
 * How the screen is divided: a step list as wide as its titles need (up to about a third of the
 * terminal), a panel as tall as its content needs (up to the terminal), and the footer always whole.
 */
import type { StepView } from '../playbook/events.js';

const MIN_SIDEBAR = 22;
const NARROW_SIDEBAR = 16;

/** The step list's width: every title whole when the terminal has room (120 columns does). */
export function sidebarWidth(steps: readonly StepView[], columns: number): number {
  const longest = Math.max(0, ...steps.map((s, i) => `${i + 1}. ${s.title}${s.optional ? ' (opt.)' : ''}`.length));
  // Border (2), then `› ✓ ` before each title (4).
  const wanted = longest + 6;
  // Below 100 columns the panel's tables need the room more than the titles do.
  if (columns < 100) return Math.min(wanted, Math.max(NARROW_SIDEBAR, Math.floor(columns * 0.2)));
  const most = Math.max(MIN_SIDEBAR, Math.floor(columns * 0.36));
  return Math.min(Math.max(wanted, MIN_SIDEBAR), most);
}

/**
 * Rows for the step list and the panel: what the content needs, at least the step list, never more
 * than the terminal leaves after the header (1 row) and the footer, so nothing scrolls and no screen
 * of empty rows is drawn under a short panel.
 */
export function mainHeight(rows: number, footerRows: number, needed: number): number {
  const available = Math.max(rows - 1 - footerRows, 6);
  return Math.min(available, Math.max(needed, Math.min(12, available)));
}
