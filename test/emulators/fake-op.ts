import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in `op` (1Password CLI 2) on PATH for the 1Password delivery target: a Node script that keeps
 * items in a JSON file and answers `op --version`, `op item get ITEM --vault V --format json [--reveal]`
 * (concealed values only with --reveal) and `op item edit ITEM --vault V --template FILE --format json`
 * with op's own error lines (`[ERROR] … isn't an item in the "V" vault`, not signed in). Every call's
 * argv, stdin and, for --template, the file's mode are logged, so a test can prove no value was ever
 * on the command line.
 */
export interface OpField {
  id: string;
  type: 'STRING' | 'CONCEALED' | 'URL';
  label: string;
  value: string;
  purpose?: string;
}

export interface OpItem {
  id: string;
  title: string;
  version: number;
  updated_at: string;
  fields: OpField[];
}

export interface FakeOp {
  /** Directory to put first on PATH. */
  binDir: string;
  state: { signedIn: boolean; failEdit: boolean; vaults: Record<string, OpItem[]> };
  save(): void;
  load(): FakeOp['state'];
  /** Calls made, in order. */
  log(): Array<{ argv: string[]; stdin: string; templateMode?: number }>;
}

const SCRIPT = String.raw`
const fs = require('node:fs');
const [stateFile, logFile] = [process.env.FAKE_OP_STATE, process.env.FAKE_OP_LOG];
const argv = process.argv.slice(2);
let stdin = '';
try { stdin = process.stdin.isTTY ? '' : fs.readFileSync(0, 'utf8'); } catch {}
const entry = { argv, stdin };
const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const fail = (msg) => { fs.appendFileSync(logFile, JSON.stringify(entry) + '\n'); process.stderr.write('[ERROR] 2025/01/01 00:00:00 ' + msg + '\n'); process.exit(1); };
if (argv[0] === '--version') { fs.appendFileSync(logFile, JSON.stringify(entry) + '\n'); process.stdout.write('2.30.0\n'); process.exit(0); }
if (!state.signedIn) fail('You are not currently signed in. Please run op signin --help for instructions');
const [noun, verb, name] = argv;
const vault = opt('--vault');
const items = state.vaults[vault];
if (!items) fail('"' + vault + '" isn' + "'" + 't a vault in this account. Specify the vault with its ID or name.');
const item = items.find((i) => i.title === name || i.id === name);
if (!item) fail('"' + name + '" isn' + "'" + 't an item in the "' + vault + '" vault. Specify the item with its UUID, name, or domain.');
const show = (reveal) => ({ ...item, vault: { name: vault }, fields: item.fields.map((f) => f.type === 'CONCEALED' && !reveal ? { ...f, value: undefined } : f) });
if (noun === 'item' && verb === 'get') {
  fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
  process.stdout.write(JSON.stringify(show(argv.includes('--reveal'))));
  process.exit(0);
}
if (noun === 'item' && verb === 'edit') {
  const file = opt('--template');
  if (file) entry.templateMode = fs.statSync(file).mode & 0o777;
  if (state.failEdit) fail('the server refused the change (403 Forbidden)');
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  item.fields = template.fields.map((f, i) => ({ ...f, id: f.id || 'field' + i }));
  item.version += 1;
  item.updated_at = new Date().toISOString();
  fs.writeFileSync(stateFile, JSON.stringify(state));
  fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
  process.stdout.write(JSON.stringify(show(false)));
  process.exit(0);
}
fail('unknown command');
`;

export function installFakeOp(initial: FakeOp['state']): FakeOp & { env: Record<string, string> } {
  const binDir = mkdtempSync(join(tmpdir(), 'spillkit-fake-op-'));
  const stateFile = join(binDir, 'state.json');
  const logFile = join(binDir, 'calls.jsonl');
  writeFileSync(join(binDir, 'op'), `#!${process.execPath}\n${SCRIPT}`);
  chmodSync(join(binDir, 'op'), 0o755);
  writeFileSync(logFile, '');
  const fake = {
    binDir,
    state: initial,
    save: () => writeFileSync(stateFile, JSON.stringify(fake.state)),
    load: () => JSON.parse(readFileSync(stateFile, 'utf8')) as FakeOp['state'],
    log: () => readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { argv: string[]; stdin: string; templateMode?: number }),
    env: { PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`, FAKE_OP_STATE: stateFile, FAKE_OP_LOG: logFile },
  };
  fake.save();
  return fake;
}
