import { SpillkitError } from '../errors.js';
import { remoteUrl } from '../git/remote.js';
import { openRepository } from '../git/repo.js';
import { fetchAlertEntries, type AlertScope, type AlertState } from '../import/github-alerts.js';
import { readImportFile, runImport, type ImportOutcome } from '../import/run-import.js';
import { IMPORT_FORMATS, type ImportEntry, type ImportFormat } from '../import/types.js';
import { githubRepoFromRemote, parseRepoSlug } from '../providers/github/repo-ref.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { printJson, printText } from './output.js';

export const IMPORT_HELP = `Usage: spillkit import FILE --from gitleaks|trufflehog|kingfisher|sarif [--repo PATH] [options]
       spillkit import --github-alerts OWNER/REPO | --github-org ORG [--repo PATH] [options]

Brings another scanner's findings into the repository's incident store, so that revoke, rotate,
plan-rewrite, report and respond work on them like on spillkit's own. Each entry is placed in the object
database (the file at its commit, or at HEAD or any commit holding it when the report names none), and
its secret is read back from the git object at the reported line; where one of spillkit's rules matches
there, the finding takes that rule. It then gets spillkit's provenance (introducing commit, author,
refs, reachability, presence at HEAD, occurrences) and fingerprint, and is saved into the latest scan
(marked importedFrom). The report's own copy of a secret only confirms the place: it is never stored.
Entries that cannot be placed are listed with the reason.

Formats:
  gitleaks     gitleaks JSON report (--report-format json; --redact reports work too)
  trufflehog   TruffleHog --json output (one result per line)
  kingfisher   Kingfisher --format json or jsonl
  sarif        SARIF 2.1.0 from any tool (commit from partialFingerprints/properties or the run's
               versionControlProvenance)

Options:
  --from FORMAT              the format of FILE
  --repo PATH                the repository (default: .)
  --github-alerts OWNER/REPO import that repository's secret-scanning alerts (GITHUB_TOKEN or GH_TOKEN;
                             GITHUB_API_URL for GitHub Enterprise)
  --github-org ORG           import the organisation's alerts (those of other repositories than PATH's
                             origin are listed as not located)
  --state open|resolved|all  which alerts to import (default: open)
  --config FILE              scan config for spillkit's rules (default: the repository's own)
  --threads N                worker threads of the provenance scan (default: all cores)
  --dry-run                  place and list the entries, save nothing
  --json                     {"imported": [finding...], "unlocated": [{entry, tool, rule, path, commit, reason}]}
  --no-color                 no ANSI colour

Exit codes: 0 nothing imported, 1 findings imported, 2 usage error or bad input.`;

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      from: { type: 'string' },
      repo: { type: 'string' },
      'github-alerts': { type: 'string' },
      'github-org': { type: 'string' },
      state: { type: 'string' },
      config: { type: 'string' },
      threads: { type: 'string' },
    },
    'import',
  );
  if (values.help) {
    process.stdout.write(`${IMPORT_HELP}\n`);
    return 0;
  }
  const github = values['github-alerts'] !== undefined || values['github-org'] !== undefined;
  if (values['github-alerts'] !== undefined && values['github-org'] !== undefined) throw new SpillkitError('USAGE', 'give --github-alerts OWNER/REPO or --github-org ORG, not both');
  if (github && (positionals.length > 0 || values.from !== undefined)) throw new SpillkitError('USAGE', 'import reads either a report FILE (with --from) or GitHub alerts, not both');
  if (!github && positionals.length !== 1) throw new SpillkitError('USAGE', 'import takes one report FILE with --from FORMAT, or --github-alerts/--github-org (see `spillkit import --help`)');
  if (!github && values.from === undefined) throw new SpillkitError('USAGE', `--from is required: one of ${IMPORT_FORMATS.join(', ')}`);
  if (!github && !IMPORT_FORMATS.includes(values.from as ImportFormat)) throw new SpillkitError('USAGE', `--from must be one of ${IMPORT_FORMATS.join(', ')}, not '${values.from}'`);
  const state = values.state ?? 'open';
  if (!['open', 'resolved', 'all'].includes(state)) throw new SpillkitError('USAGE', `--state must be open, resolved or all, not '${state}'`);
  if (values.state !== undefined && !github) throw new SpillkitError('USAGE', '--state applies to GitHub alerts only');
  const repoPath = values.repo ?? '.';
  const threads = positiveInt(values.threads, '--threads');

  let entries: ImportEntry[];
  let source: string;
  if (github) {
    const scope = alertScope(values['github-alerts'], values['github-org']);
    const url = remoteUrl(openRepository(repoPath));
    entries = await fetchAlertEntries({ scope, env: process.env, state: state as AlertState, thisRepo: url ? githubRepoFromRemote(url) : null });
    source = scope.kind === 'repo' ? `GitHub secret-scanning alerts of ${scope.owner}/${scope.repo}` : `GitHub secret-scanning alerts of organisation ${scope.org}`;
  } else {
    entries = readImportFile(positionals[0], values.from as ImportFormat);
    source = `${values.from} report ${positionals[0]}`;
  }
  const outcome = await runImport({ repoPath, entries, threads, configPath: values.config, dryRun: values['dry-run'] === true });
  if (values.json) {
    printJson({
      repository: outcome.repository,
      source,
      entries: outcome.entries,
      imported: outcome.imported.map(({ finding, entries: from }) => ({ ...finding, entries: from })),
      unlocated: outcome.unlocated,
      saved: outcome.saved,
    }, 2);
  } else {
    printText(renderText(outcome, source, values['dry-run'] === true));
  }
  return outcome.imported.length > 0 ? 1 : 0;
}

function alertScope(repoSlug: string | undefined, org: string | undefined): AlertScope {
  if (repoSlug !== undefined) {
    const ref = parseRepoSlug(repoSlug);
    if (!ref) throw new SpillkitError('USAGE', `--github-alerts takes OWNER/REPO, not '${repoSlug}'`);
    return { kind: 'repo', owner: ref.owner, repo: ref.repo };
  }
  if (!org || !/^[A-Za-z0-9_.-]+$/.test(org)) throw new SpillkitError('USAGE', `--github-org takes an organisation name, not '${org ?? ''}'`);
  return { kind: 'org', org };
}

/** The text view: what was imported, then what was not and why. Untrusted values are escaped by printText. */
function renderText(o: ImportOutcome, source: string, dryRun: boolean): string {
  const lines: string[] = [];
  const verb = dryRun ? 'would import' : 'imported';
  lines.push(`${o.entries} entr${o.entries === 1 ? 'y' : 'ies'} in the ${source}: ${verb} ${o.imported.length} finding(s) into ${o.repository}, ${o.unlocated.length} not located.`);
  if (o.imported.length > 0) {
    lines.push('');
    lines.push(...table(
      ['FINGERPRINT', 'RULE', 'PROVIDER', 'WHERE', 'INTRODUCED', 'SECRET', 'FROM'],
      o.imported.map(({ finding: f, entries }) => [
        f.fingerprint, f.rule, f.provider, `${f.path ?? '-'}:${f.line}`, f.commit ? f.commit.slice(0, 12) : '-', f.redacted, `entr${entries.length === 1 ? 'y' : 'ies'} ${entries.join(', ')}`,
      ]),
    ));
    if (!dryRun && o.saved) lines.push('', 'Saved to the incident store: `spillkit revoke --finding FINGERPRINT` and `spillkit respond` now see these findings.');
  }
  if (o.unlocated.length > 0) {
    lines.push('', 'Not located:');
    lines.push(...table(['ENTRY', 'TOOL', 'RULE', 'PATH', 'COMMIT', 'REASON'], o.unlocated.map((u) => [String(u.entry), u.tool, u.rule, u.path ?? '-', u.commit ? u.commit.slice(0, 12) : '-', u.reason])));
  }
  return `${lines.join('\n')}\n`;
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fit = (v: string, i: number): string => (i === head.length - 1 ? v : (v.length > widths[i] ? `${v.slice(0, widths[i] - 1)}…` : v).padEnd(widths[i]));
  return [head, ...rows].map((r) => r.map(fit).join('  ').trimEnd());
}
