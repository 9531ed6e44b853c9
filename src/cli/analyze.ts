import { joinIncident } from '../incident/session.js';
import { consoleEntryFor, consolePage } from '../providers/consoles.js';
import type { Analysis, Credential, Outcome } from '../providers/contract.js';
import { adapterFor } from '../providers/registry.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs } from './args.js';
import { describeOutcome, loadCredential, providerContext, providerEnv, showEvidence } from './credential.js';
import { printJson, printNote, printText } from './output.js';

export const ANALYZE_HELP = `Usage: spillkit analyze --finding FP [--repo PATH] [--report FILE] [--json]

The blast radius of one finding's credential: who it acts as, what it may do, what it reaches, when it
expires, and a risk (critical, high, medium, low). Read-only: it calls the provider with the leaked
credential itself, and only with requests that change nothing; then the provider's evidence of use
(last use; for AWS, the key's CloudTrail events since the leak, read with your own credentials). Every
call is journaled without the secret. The secret is read back from the git object, never from the
command line.

Options:
  --finding FP        fingerprint from \`spillkit scan\`
  --repo PATH         repository (default: .)
  --report FILE       scan report to take the finding from (default: the latest saved scan)
  --dry-run           journal nothing (the calls are read-only either way)
  --json              {"finding", "provider", "analysis", "state", "detail"}

Exit codes: 0 analysed, or the provider answered (a dead key), or no analyzer exists for the provider
or for this kind of credential; 2 the provider could not be heard (timeout, throttling, 5xx) or bad input.`;

/**
 * "Could not tell" answers that are not failures: this kind of credential cannot be analysed (a GitHub
 * refresh token, a Stripe webhook secret, an AWS key id found without its secret). Exit 0, like a
 * provider without an analyzer; the rest (timeout, throttling, 5xx, network) exit 2.
 */
const CANNOT_ANALYZE = new Set(['not-checkable', 'manual', 'no-analyzer', 'NoSecretHalf', 'NoSessionToken']);

/** The line for a provider without an analyzer: where a person looks instead. */
function noAnalyzer(cred: Credential, provider: string): string {
  const entry = consoleEntryFor(provider);
  const page = consolePage(entry, cred.finding.rule);
  return `no analyzer for ${provider}: ${page.url ?? page.noConsole ?? 'no console known'}`;
}

/** The analysis as text lines; every value came from the provider, so each is escaped. */
export function formatAnalysis(a: Analysis): string[] {
  const safe = terminalSafe;
  const lines = [
    `  risk: ${a.risk}`,
    `  kind: ${safe(a.kind)}`,
    `  principal: ${safe(a.principal ?? 'unknown')}`,
    ...(a.account ? [`  account: ${safe(a.account)}`] : []),
    `  expires: ${safe(a.expiresAt ?? 'never or not reported')}`,
    ...a.summary.map((line) => `  - ${safe(line)}`),
    ...a.resources.counts.map((c) => `  ${safe(c.kind)}: ${c.count}`),
    ...a.gaps.map((gap) => `  ! ${safe(gap)}`),
  ];
  return lines;
}

export async function analyzeCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { finding: { type: 'string' }, repo: { type: 'string' }, report: { type: 'string' } }, 'analyze');
  if (values.help) {
    process.stdout.write(`${ANALYZE_HELP}\n`);
    return 0;
  }
  const { repo, credential } = loadCredential(values.repo ?? '.', values.report, values.finding);
  const fingerprint = credential.finding.fingerprint;
  const env = providerEnv(repo);
  const adapter = adapterFor(credential.finding.provider, env);
  const header = `${adapter.title} credential ${terminalSafe(`${credential.finding.redacted} (${credential.finding.rule}, ${credential.finding.path ?? credential.finding.source})`)}`;
  if (!adapter.analyze) {
    const detail = noAnalyzer(credential, adapter.id);
    if (values.json) printJson({ finding: fingerprint, provider: adapter.id, analysis: null, state: 'unknown', detail }, 2);
    else printText(`${header}\n  ${terminalSafe(detail)}\n`);
    return 0;
  }
  const session = values['dry-run'] ? null : joinIncident(repo, 'analyze');
  try {
    const ctx = providerContext(session, true, env);
    session?.journal.append({ type: 'analyze-started', data: { fingerprint, provider: adapter.id } });
    const outcome: Outcome<Analysis> = await adapter.analyze(credential, ctx);
    // Evidence of use, for the postmortem: journaled as the report reads it, even for a dead credential.
    const evidence = await adapter.evidence(credential, ctx, { activity: true });
    session?.journal.append({ type: 'provider-evidence', data: { fingerprint, provider: adapter.id, evidence } });
    if (outcome.state === 'ok' && evidence.state === 'ok') outcome.value.evidence = evidence.value;
    const evidenceLine = describeOutcome('  evidence', evidence, showEvidence);
    const detail = outcome.state === 'ok' ? `${outcome.value.kind}: risk ${outcome.value.risk}` : `${outcome.code}: ${outcome.message}`;
    // What the report, the TUI and the sweep show later: the verdict and its lines, never a secret.
    session?.journal.append({
      type: 'analysis',
      data: { fingerprint, provider: adapter.id, state: outcome.state, ...(outcome.state === 'ok' ? { analysis: outcome.value } : { code: outcome.code, detail }) },
    });
    if (values.json) {
      printJson({ finding: fingerprint, provider: adapter.id, analysis: outcome.state === 'ok' ? outcome.value : null, state: outcome.state, detail }, 2);
    } else if (outcome.state === 'ok') {
      printText(`${[header, ...formatAnalysis(outcome.value), evidenceLine].join('\n')}\n`);
    } else {
      const said = outcome.state === 'refused' ? 'refused' : 'could not tell';
      printText(`${header}\n  ${said} (${terminalSafe(outcome.code)}): ${terminalSafe(outcome.message)}\n${evidenceLine}\n`);
    }
    if (outcome.state !== 'unknown' || CANNOT_ANALYZE.has(outcome.code)) return 0;
    printNote(`spillkit: analysis did not complete: ${terminalSafe(outcome.message)}\n`);
    return 2;
  } finally {
    session?.release();
  }
}
