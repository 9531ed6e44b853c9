import { isSpillkitError } from '../errors.js';
import { terminalLines, terminalSafe } from '../report/safe-text.js';
import { auditCommand } from './audit.js';
import { hookCommand } from './hook.js';
import { protectCommand } from './protect.js';
import { reportCommand } from './report.js';
import { respondCommand } from './respond.js';
import { revokeCommand } from './revoke.js';
import { rotateCommand } from './rotate.js';
import { rulesCommand } from './rules.js';
import { planRewriteCommand } from './plan-rewrite.js';
import { rewriteCommand } from './rewrite.js';
import { mergeCommand } from './merge.js';
import { scanCommand } from './scan.js';
import { sweepCommand } from './sweep.js';
import { VERSION } from './version.js';

const HELP = `spillkit ${VERSION} — incident response for credentials leaked into git

Usage: spillkit <command> [options]

Commands:
  scan [PATH]        scan a repository's entire object database for secrets
  respond [PATH]     walk the incident playbook (committed-secret by default); resumes an open incident
  revoke             contain a finding's credential through its provider (AWS, GitHub, GitLab, Slack, npm, ...)
  rotate             create the replacement, deliver it (env file, GitHub secret), retire the old one
  plan-rewrite, rewrite   plan, apply and push the history cleanup
  report             the incident report (md, json, html): timeline, exposure window, evidence, open items
  protect --staged   block a commit that adds a secret (what is staged only; instant)
  hook install       install the pre-commit hook (keeps and chains an existing one)
  audit              repository hygiene checks with the fix for each
  sweep DIR | --github-org ORG | --github-user USER   scan many repositories (resumable, shardable)
  merge FILE...      combine sweep shards into one result
  rules list|show|check|test   the rule set: list, details, self-check, which rules fire on a file and why

Global options: --json, --yes, --dry-run, --no-color, --help
Run \`spillkit <command> --help\` for a command's options.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  scan: scanCommand,
  respond: respondCommand,
  'plan-rewrite': planRewriteCommand,
  rewrite: rewriteCommand,
  revoke: revokeCommand,
  report: reportCommand,
  protect: protectCommand,
  hook: hookCommand,
  audit: auditCommand,
  sweep: sweepCommand,
  merge: mergeCommand,
  rotate: rotateCommand,
  rules: rulesCommand,
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
    return await run(rest);
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
