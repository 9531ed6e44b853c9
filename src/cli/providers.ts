import { SpillkitError } from '../errors.js';
import { providerCapabilities } from '../providers/capabilities.js';
import { loadBuiltinProviders, loadBuiltinRules } from '../rules/load.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs } from './args.js';
import { printJson, printText } from './output.js';

export const PROVIDERS_HELP = `Usage: spillkit providers [--json]

Every provider family spillkit knows, with what it can do through the provider's API: identify (owner,
scopes), verify (live check, per credential kind), analyze (blast radius), revoke, rotate, deliver (a
rotated secret into the provider's store), evidence (last use). A family with none gets a console
checklist with the exact page.

  --json    {"providers": [{"id", "name", "capabilities": [...], "rules": [...]}]}`;

export async function providersCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 'providers');
  if (values.help) {
    printText(`${PROVIDERS_HELP}\n`);
    return 0;
  }
  if (positionals.length) throw new SpillkitError('USAGE', 'providers takes no arguments (see `spillkit providers --help`)');
  const rules = loadBuiltinRules();
  const names = new Map(loadBuiltinProviders().map((p) => [p.id, p.name]));
  const byProvider = new Map<string, string[]>();
  for (const r of rules) {
    const list = byProvider.get(r.provider);
    if (list) list.push(r.id);
    else byProvider.set(r.provider, [r.id]);
  }
  const providers = [...byProvider.keys()].sort().map((id) => ({
    id,
    name: names.get(id) ?? id,
    capabilities: providerCapabilities(id, rules.filter((r) => r.provider === id)),
    rules: byProvider.get(id)!.slice().sort(),
  }));
  if (values.json) {
    printJson({ providers }, 2);
    return 0;
  }
  const width = Math.max(...providers.map((p) => p.id.length), 8);
  printText(`${'PROVIDER'.padEnd(width)}  ${'RULES'.padStart(5)}  API\n`);
  for (const p of providers) printText(`${terminalSafe(p.id).padEnd(width)}  ${String(p.rules.length).padStart(5)}  ${p.capabilities.length ? p.capabilities.join(', ') : 'console checklist'}\n`);
  const withApi = providers.filter((p) => p.capabilities.length).length;
  printText(`\n${providers.length} providers; ${withApi} with an API step, the rest with a console checklist.\n`);
  return 0;
}
