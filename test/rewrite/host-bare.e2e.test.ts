// Issue 16, from the clones runbooks start with: `git clone --mirror` and `git clone --bare`.
import { hostScenario } from './host-scenario.js';

hostScenario('bare mirror');
hostScenario('bare clone');
