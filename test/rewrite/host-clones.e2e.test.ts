// Issue 16, from the clones users start with: a normal clone and a linked worktree of one.
import { hostScenario } from './host-scenario.js';

hostScenario('normal clone');
hostScenario('linked worktree');
