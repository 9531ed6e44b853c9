/**
 * What the TUI needs of the headless runner: exactly the public surface of PlaybookRunner that a front
 * end drives. Tests pass a fake with the same surface.
 */
import type { PlaybookRunner } from '../playbook/runner.js';

export type RunnerSurface = Pick<
  PlaybookRunner,
  | 'subscribe' | 'start' | 'snapshot' | 'next' | 'runStep' | 'run' | 'decide' | 'decideAll' | 'decideMany' | 'tick' | 'skip' | 'answer' | 'quit' | 'release'
  | 'takeByHand' | 'markByHand' | 'useLeakedKey' | 'setDelivery'
>;
