/**
 * The adapter of last resort: a provider with no API spillkit can call. Every answer is honest about
 * that (identify, verify and evidence could not tell; revoke is refused and names the page) and the
 * console checklist does the rest.
 */
import { refused, unknown, type ProviderAdapter } from './contract.js';
import { consoleEntryFor, consolePage, manualStepFor, type ConsoleEntry } from './consoles.js';

const NO_API = 'no API: check in the console';

export function createManualAdapter(provider: string, consoleEntry: ConsoleEntry = consoleEntryFor(provider)): ProviderAdapter {
  return {
    id: provider,
    title: consoleEntry.name,
    identify: async () => unknown('manual', NO_API),
    verify: async () => unknown('manual', NO_API),
    evidence: async () => unknown('manual', NO_API),
    revoke: async (cred) => {
      const page = consolePage(consoleEntry, cred.finding.rule);
      const where = page.url ? `at ${page.url}` : `by hand (${page.noConsole ?? 'no console'})`;
      return refused('manual', `spillkit has no API to revoke a ${consoleEntry.name} credential: revoke it ${where}, following the manual steps`);
    },
    // The rule picks the page (a Slack webhook is not a Slack token), so the step is built per credential.
    manualSteps: (cred) => [manualStepFor(consoleEntry, cred)],
  };
}
