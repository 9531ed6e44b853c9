// The report agrees with the respond screen (issue 12): a credential revoked by hand is revoked, with
// who, when and how, and its exposure ends when the person said; the steps no push can do that were
// ticked on the screen are not open items any more.
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../../src/incident/index.js';
import { buildIncidentReport, renderIncidentReport } from '../../../src/report/incident/index.js';
import { coveredBy, topicsOf } from '../../../src/report/incident/host-topics.js';
import type { RewritePlan } from '../../../src/rewrite/types.js';
import { goldenInput } from './golden-input.js';

const RITA = { name: 'Rita Responder', email: 'rita@responder.test' };

/** The golden input with more journal entries (as the runner writes them). */
function withEntries(entries: Array<{ ts: string; type: string; step?: string; data?: Record<string, unknown> }>, plan: Partial<RewritePlan> | null = null) {
  const input = goldenInput();
  const extra = parseJournal(entries.map((e, i) => JSON.stringify({ seq: 100 + i, ...e, operator: RITA })).join('\n') + '\n').entries;
  input.journal = [...input.journal, ...extra];
  if (plan) input.rewritePlan = { findings: [], refs: [], gitignore: [], hostSteps: [], rewrittenCommits: [], removePaths: [], earliestCommits: [], ...plan } as unknown as RewritePlan;
  return input;
}

const HOST_STEPS = [
  'Ask the host to purge cached views and pull-request refs that still show the old commits: GitHub: contact GitHub Support with the repository and the old commit ids.',
  'Forks keep the old history: ask owners of forks to delete or re-sync them.',
  'Every collaborator must re-clone (safest) or rebase their unpushed work onto the rewritten branches.',
  'CI caches, artifacts, container images and mirrors built from old commits hold the secret too: purge them.',
];

describe('the report and the respond screen agree', () => {
  it('a credential revoked by hand is revoked, with who, when and how; its exposure ends when it was done', () => {
    const byHand = { who: 'Sam (Slack admin)', at: '2024-05-02T10:33:00.000Z', how: 'revoked the bot token in the Slack admin console' };
    const input = withEntries([
      { ts: '2024-05-02T10:45:00.000Z', type: 'revoked', step: 'revoke', data: { fingerprint: 'fp-slack-0004', provider: 'slack', action: 'revoked by hand (Sam (Slack admin), 2024-05-02T10:33Z, revoked the bot token in the Slack admin console)', byHand } },
    ]);
    const report = buildIncidentReport(input);
    const slack = report.secrets.find((s) => s.fingerprint === 'fp-slack-0004')!;
    expect(slack.revoked).toMatchObject({ at: byHand.at, action: expect.stringMatching(/^revoked by hand \(Sam \(Slack admin\), /) });
    expect(slack.exposure).toMatchObject({ end: byHand.at, open: false });
    expect(report.openItems.some((i) => i.kind === 'revoke' && i.fingerprint === 'fp-slack-0004')).toBe(false);
    const md = renderIncidentReport(report, 'md');
    expect(md).toContain('revoked by hand (Sam (Slack admin), 2024-05-02T10:33Z, revoked the bot token in the Slack admin console)');
    // Before the by-hand record, the same credential was NOT REVOKED.
    expect(renderIncidentReport(buildIncidentReport(goldenInput()), 'md')).toContain('NOT REVOKED (last attempt: network)');
  });

  it('host steps ticked on the screen are done; the others stay open items', () => {
    const ticked = (text: string) => ({ ts: '2024-05-02T12:00:00.000Z', type: 'checklist-ticked', step: 'push', data: { index: 0, text, checked: true } });
    const open = (input: ReturnType<typeof withEntries>) => buildIncidentReport(input).openItems.filter((i) => i.kind === 'host').map((i) => i.text);
    expect(open(withEntries([], { hostSteps: HOST_STEPS }))).toEqual(HOST_STEPS);
    const after = open(withEntries([
      ticked('Ask the host to purge cached views and pull-request refs (GitHub Support, GitLab housekeeping; SUPPORT-REQUEST.md is ready to send)'),
      ticked('Check forks of the repository; they keep the old commits'),
      ticked('Send every collaborator the commands in COLLABORATORS.md (re-clone, or rebase onto the new history) and have old clones deleted'),
    ], { hostSteps: HOST_STEPS }));
    expect(after).toEqual([HOST_STEPS[3]]); // CI caches: nobody ticked anything about them
    // Unticked again: open again.
    const unticked = open(withEntries([
      ticked('Check forks of the repository; they keep the old commits'),
      { ts: '2024-05-02T12:01:00.000Z', type: 'checklist-ticked', step: 'push', data: { index: 0, text: 'Check forks of the repository; they keep the old commits', checked: false } },
    ], { hostSteps: HOST_STEPS }));
    expect(unticked).toContain(HOST_STEPS[1]);
  });

  it('matches by topic, and a text with no topic is never taken as done', () => {
    expect([...topicsOf(HOST_STEPS[0]!)].sort()).toEqual(['host-purge', 'pull-requests']);
    expect([...topicsOf('CI caches, artifacts, container images and mirrors: purge them')]).toEqual(['ci-caches']);
    expect(coveredBy(HOST_STEPS[1]!, ['Check forks of the repository'])).toBe(true);
    expect(coveredBy(HOST_STEPS[0]!, ['Check forks of the repository'])).toBe(false);
    expect(coveredBy('Rotate the database password', ['Rotate the database password'])).toBe(false);
  });
});
