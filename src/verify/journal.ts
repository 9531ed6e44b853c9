/**
 * Where `scan --verify` and `sweep --verify` journal their checks: `<gitdir>/spillkit/verify/journal.jsonl`
 * (a sweep: `<state dir>/verify/journal.jsonl`),
 * the same append-only, fsynced, secret-refusing journal an incident keeps (a scan belongs to no
 * incident yet). Each check is one `validation` entry and each HTTP attempt one `provider-call`.
 */
import { join } from 'node:path';
import { openJournal } from '../incident/journal.js';
import { operatorOf } from '../incident/operator.js';
import { ensurePrivateDir } from '../incident/private-fs.js';
import type { ProviderContext } from '../providers/contract.js';

export function verifyJournal(storeRoot: string, cwd: string): ProviderContext['record'] {
  const dir = join(storeRoot, 'verify');
  ensurePrivateDir(dir);
  const journal = openJournal(join(dir, 'journal.jsonl'), operatorOf(cwd));
  return (type, data) => {
    journal.append({ type, data });
  };
}
