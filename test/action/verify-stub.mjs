// Stands in for `spillkit scan --verify` in the action's tests (live checks need providers): records its
// argv, runs the real CLI without --verify, then marks every finding with STUB_STATE (live by default)
// and exits as the real command does: 3 when one is live, else 1.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'spillkit.js');
const args = process.argv.slice(2);
if (process.env.STUB_ARGS_FILE) writeFileSync(process.env.STUB_ARGS_FILE, JSON.stringify(args));
const run = spawnSync(process.execPath, [BIN, ...args.filter((a) => a !== '--verify')], { stdio: 'inherit' });
if (!args.includes('--verify') || run.status !== 1) process.exit(run.status ?? 2);
const out = args[args.indexOf('--output') + 1];
const report = JSON.parse(readFileSync(out, 'utf8'));
const state = process.env.STUB_STATE ?? 'live';
for (const f of report.findings) f.validation = { state, checkedAt: new Date().toISOString(), detail: 'stub answer' };
writeFileSync(out, JSON.stringify(report, null, 2));
process.exit(state === 'live' ? 3 : 1);
