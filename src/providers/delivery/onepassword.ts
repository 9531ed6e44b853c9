import { execFile } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpillkitError } from '../../errors.js';
import { removeSecretFile, writeSecretFile } from '../../incident/secret-file.js';
import type { Delivery } from '../contract.js';
import { scrub } from '../http.js';
import { entriesFor, type DeliveryIO, type DeliveryTarget } from './target.js';

/**
 * A field of a 1Password item, through the operator's own `op` CLI (signed in as they are: a session,
 * the desktop app, or OP_SERVICE_ACCOUNT_TOKEN). A value never goes on op's command line, where other
 * processes and shell history could see it: the item is read as JSON, the field is changed in memory,
 * and the whole item goes back through `op item edit --template FILE`, FILE being a 0600 file in a
 * private temporary directory, scrubbed and removed as soon as op returns. A field that does not exist
 * is added as a concealed field. The read-back is the item's version and the field's presence.
 */
type OpDelivery = Extract<Delivery, { kind: 'onepassword' }>;

const FLAG = '--to-1password';

interface OpField {
  id?: string;
  label?: string;
  type?: string;
  purpose?: string;
  value?: unknown;
  section?: unknown;
}

interface OpItem {
  id?: string;
  version?: number;
  updated_at?: string;
  fields?: OpField[];
  [other: string]: unknown;
}

function runOp(io: DeliveryIO, args: string[], secrets: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('op', args, { env: io.env, timeout: 60_000, maxBuffer: 16 << 20, encoding: 'utf8' }, (error, stdout, stderr) => {
      const call = `op ${args.slice(0, 2).join(' ')}`;
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          io.record('provider-call', { provider: '1password', call, status: 'op not found' });
          reject(new SpillkitError('USAGE', `${FLAG} needs the 1Password CLI: no 'op' on PATH (install it and sign in, or pick another target)`));
          return;
        }
        const said = scrub(stderr.split('\n').find((l) => l.trim()) ?? '', secrets).replace(/^\[ERROR\]\s*(?:\S+\s+\S+\s+)?/, '');
        io.record('provider-call', { provider: '1password', call, status: typeof code === 'number' ? `exit ${code}` : String(code ?? 'failed') });
        reject(new SpillkitError('IO', `${call} failed${said ? `: ${said}` : ''}`));
        return;
      }
      io.record('provider-call', { provider: '1password', call, status: 'ok' });
      resolve(stdout);
    });
  });
}

async function getItem(io: DeliveryIO, d: OpDelivery, reveal: boolean): Promise<OpItem> {
  const out = await runOp(io, ['item', 'get', d.item, '--vault', d.vault, '--format', 'json', ...(reveal ? ['--reveal'] : [])]);
  try {
    return JSON.parse(out) as OpItem;
  } catch {
    throw new SpillkitError('IO', `op item get ${d.item} did not answer JSON`);
  }
}

const fieldNamed = (item: OpItem, name: string): OpField | undefined => item.fields?.find((f) => f.label === name || f.id === name);

export const onePasswordTarget: DeliveryTarget<'onepassword'> = {
  kind: 'onepassword',
  parse(spec) {
    // VAULT and ITEM are names or ids; an item title may hold '/', so the first '/' ends the vault and the last ':' starts the field.
    const m = /^([^/:]+)\/(.+):([^:]+)$/.exec(spec);
    if (!m || m[1].startsWith('-') || m[2].startsWith('-')) throw new SpillkitError('USAGE', `${FLAG} takes VAULT/ITEM:FIELD, not '${spec}'`);
    return { kind: 'onepassword', vault: m[1], item: m[2], field: m[3] };
  },
  async check(d, io) {
    await runOp(io, ['--version']);
    const item = await getItem(io, d, false);
    return `${this.describe(d)}: item version ${item.version ?? '?'}, field ${fieldNamed(item, d.field) ? 'exists' : 'will be added'}`;
  },
  async deliver(d, values, io) {
    const item = await getItem(io, d, true);
    const pairs = entriesFor(d.field, values);
    const created: string[] = [];
    item.fields ??= [];
    for (const { entry, value } of pairs) {
      const field = fieldNamed(item, entry);
      if (field) field.value = value;
      else {
        item.fields.push({ id: '', type: 'CONCEALED', label: entry, value });
        created.push(entry);
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'spillkit-op-'));
    const file = join(dir, 'item.json');
    const secrets = Object.values(values);
    let out: string;
    try {
      writeSecretFile(file, JSON.stringify(item));
      out = await runOp(io, ['item', 'edit', d.item, '--vault', d.vault, '--template', file, '--format', 'json'], secrets);
    } finally {
      removeSecretFile(file);
      try {
        rmdirSync(dir);
      } catch {
        // Best effort: an empty private directory left in the temp dir holds nothing.
      }
    }
    let version = '';
    try {
      version = String((JSON.parse(out) as OpItem).version ?? '');
    } catch {
      // op printed no JSON: the read-back still checks the item.
    }
    return { entries: pairs.map((p) => p.entry), created, versions: { [d.item]: version } };
  },
  async readBack(d, receipt, io) {
    const item = await getItem(io, d, false);
    const missing = receipt.entries.filter((e) => !fieldNamed(item, e));
    if (missing.length) throw new SpillkitError('IO', `1Password item ${d.item} lacks ${missing.join(', ')} after the edit`);
    return `item version ${item.version ?? '?'}${item.updated_at ? `, updated ${item.updated_at}` : ''}; ${receipt.entries.join(', ')} present`;
  },
  describe: (d) => `1Password ${d.vault}/${d.item}:${d.field}`,
  entryName: (d) => d.field,
};
