import { isSpillkitError } from '../errors.js';
import { terminalLines, terminalSafe } from '../report/safe-text.js';
import { VERSION } from './version.js';

const HELP = `spillkit ${VERSION} — incident response for credentials leaked into git

Usage: spillkit <command> [options]

Just pushed a secret? Start with \`spillkit respond\` in the repository: it scans at once, then walks
you through revoking, rotating, cleaning history and the report.

Commands:
  scan [PATH]        scan a repository's entire object database for secrets
  respond [PATH]     walk the incident playbook (committed-secret by default); resumes an open incident
  analyze            read-only blast radius of a finding's credential: who it acts as, what it can reach
  revoke             contain a finding's credential through its provider (AWS, GitHub, GitLab, Slack, npm, ...)
  rotate             create the replacement, deliver it (env file, GitHub secret), retire the old one
  plan-rewrite, rewrite   plan, apply and push the history cleanup
  report             the incident report (md, json, html): timeline, exposure window, evidence, open items
  protect --staged   block a commit that adds a secret (what is staged only; instant)
  hook install       install the pre-commit hook (keeps and chains an existing one)
  audit              repository hygiene checks with the fix for each
  sweep DIR | --github-org ORG | --github-user USER   scan many repositories (resumable, shardable)
  merge FILE...      combine sweep shards into one result
  import FILE --from FORMAT | --github-alerts OWNER/REPO   gitleaks, TruffleHog, Kingfisher, SARIF or GitHub alerts into the incident store
  rules list|show|check|test   the rule set: list, details, self-check, which rules fire on a file and why
  providers          every provider family and what spillkit does through its API (verify, revoke, ...)

Global options: --json, --yes, --dry-run, --no-color, --help
Run \`spillkit <command> --help\` for a command's options.`;

/**
 * Each command is imported when it runs: a pre-commit hook running `protect --staged` must not pay for
 * loading the TUI, the AWS SDK and the rewrite planner on every commit.
 */
const COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  scan: async () => (await import('./scan.js')).scanCommand,
  respond: async () => (await import('./respond.js')).respondCommand,
  'plan-rewrite': async () => (await import('./plan-rewrite.js')).planRewriteCommand,
  rewrite: async () => (await import('./rewrite.js')).rewriteCommand,
  revoke: async () => (await import('./revoke.js')).revokeCommand,
  analyze: async () => (await import('./analyze.js')).analyzeCommand,
  report: async () => (await import('./report.js')).reportCommand,
  protect: async () => (await import('./protect.js')).protectCommand,
  hook: async () => (await import('./hook.js')).hookCommand,
  audit: async () => (await import('./audit.js')).auditCommand,
  sweep: async () => (await import('./sweep.js')).sweepCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
  import: async () => (await import('./import.js')).importCommand,
  rotate: async () => (await import('./rotate.js')).rotateCommand,
  rules: async () => (await import('./rules.js')).rulesCommand,
  providers: async () => (await import('./providers.js')).providersCommand,
};

const PLANNED = new Set<string>();

/** Runs one command; returns the exit code. Errors become one line on stderr and exit code 2. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${HELP}\n`);
      return command ? 0 : 2;
    }
    if (command === '--version' || command === 'version') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) {
      const why = PLANNED.has(command) ? 'is not available in this version yet' : 'is not a spillkit command';
      process.stderr.write(`spillkit: '${terminalSafe(command)}' ${why} (see \`spillkit --help\`)\n`);
      return 2;
    }
    return await (await run())(rest);
  } catch (e) {
    if (isSpillkitError(e)) {
      process.stderr.write(`spillkit: ${terminalSafe(e.message)}\n`);
      if (process.env.SPILLKIT_DEBUG === '1' && e.stack) process.stderr.write(`${terminalLines(e.stack)}\n`);
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`spillkit: internal error: ${terminalSafe(err?.message ?? String(e))} (set SPILLKIT_DEBUG=1 for details)\n`);
    if (process.env.SPILLKIT_DEBUG === '1' && err?.stack) process.stderr.write(`${terminalLines(err.stack)}\n`);
    return 2;
  }
}
