#!/usr/bin/env node
// `npm run bench`: builds (or reuses) the synthetic history, then times, in the same run, C git
// inflating every object once, `git log -p` (what diff-based scanners consume first) and spillkit's scan
// in three configurations; prints wall time, ratios and peak RSS, checks the issue's targets, and
// checks that the scan reported every planted secret.
//
//   node scripts/bench/run.mjs [--commits N] [--large] [--runs K] [--only scan|baselines] [--seed TEXT]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from './args.mjs';
import { mb } from './git-stats.mjs';
import { BENCH_DIR, describeHistory, ensureHistory, ROOT } from './make-history.mjs';
import { measure } from './measure.mjs';
import { checkFindings } from './secret-check.mjs';

const GIB = 1 << 30;
const CLI = join(ROOT, 'bin', 'spillkit.js');

function commandsFor(gitDir, outDir) {
  const scan = (id, extra) => ({
    id,
    group: 'scan',
    label: `spillkit scan${extra.length ? ` ${extra.join(' ')}` : ''}`,
    report: join(outDir, `${id}.json`),
    okCodes: [0, 1], // 1 = secrets found, which is what this repository must give
    argv: (report) => [process.execPath, CLI, 'scan', gitDir, '--format', 'json', '--no-progress', '--output', report, ...extra],
  });
  return [
    { id: 'cat-file', group: 'baselines', label: 'git cat-file --batch-all-objects --batch', okCodes: [0],
      argv: () => ['git', '--git-dir', gitDir, 'cat-file', '--batch-all-objects', '--batch'] },
    // Pack order instead of hash order: each delta chain is walked once, the fairest "inflate everything".
    { id: 'cat-file-unordered', group: 'baselines', label: 'git cat-file --batch-all-objects --batch --unordered',
      okCodes: [0], argv: () => ['git', '--git-dir', gitDir, 'cat-file', '--batch-all-objects', '--batch', '--unordered'] },
    { id: 'log-p', group: 'baselines', label: 'git log -p -U0 --full-history --all', okCodes: [0],
      argv: () => ['git', '--git-dir', gitDir, '--no-pager', 'log', '-p', '-U0', '--full-history', '--all'] },
    scan('scan', []),
    scan('scan-no-delta-reuse', ['--no-delta-reuse']),
    scan('scan-threads-1', ['--threads', '1']),
  ];
}

/** Baselines from the latest earlier results of the same dataset, for `--only scan`. */
function previousRows(name) {
  if (!existsSync(BENCH_DIR)) return {};
  const files = readdirSync(BENCH_DIR).filter((f) => /^results-.*\.json$/.test(f)).sort().reverse();
  for (const file of files) {
    const results = JSON.parse(readFileSync(join(BENCH_DIR, file), 'utf8'));
    if (results.dataset?.name === name) return Object.fromEntries(results.rows.map((row) => [row.id, { ...row, from: file }]));
  }
  return {};
}

function ensureBuilt() {
  if (existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) return true;
  console.error('dist/ has no CLI yet; running npm run build');
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    return false;
  }
  return existsSync(join(ROOT, 'dist', 'cli', 'main.js'));
}

const pad = (text, width) => String(text).padEnd(width);
const lpad = (text, width) => String(text).padStart(width);

function printTable(rows, base) {
  const ratio = (row, ref) => (ref ? `${(row.seconds / ref.seconds).toFixed(2)}x` : '-');
  console.log(`\n${pad('command', 56)}${lpad('wall s', 8)}${lpad('/cat-file', 11)}${lpad('/unordered', 11)}${lpad('/log -p', 9)}${lpad('peak RSS MB', 13)}`);
  for (const row of rows) {
    const note = row.from ? `  (from ${row.from})` : '';
    console.log(
      `${pad(row.label, 56)}${lpad(row.seconds.toFixed(2), 8)}${lpad(ratio(row, base['cat-file']), 11)}` +
        `${lpad(ratio(row, base['cat-file-unordered']), 11)}${lpad(ratio(row, base['log-p']), 9)}${lpad(mb(row.peakRssBytes), 13)}${note}`,
    );
  }
}

function judgeTargets(byId, large) {
  const scan = byId.scan;
  const catFile = byId['cat-file'];
  const logP = byId['log-p'];
  const targets = [];
  const add = (name, ok, detail) => targets.push({ name, status: ok === null ? 'n/a' : ok ? 'PASS' : 'FAIL', detail });
  add('scan within 1.5x of cat-file', scan && catFile ? scan.seconds <= 1.5 * catFile.seconds : null,
    scan && catFile ? `${(scan.seconds / catFile.seconds).toFixed(2)}x` : 'not measured');
  const unordered = byId['cat-file-unordered'];
  add('(stricter) scan within 1.5x of cat-file --unordered', scan && unordered ? scan.seconds <= 1.5 * unordered.seconds : null,
    scan && unordered ? `${(scan.seconds / unordered.seconds).toFixed(2)}x` : 'not measured');
  add('scan faster than log -p', scan && logP ? scan.seconds < logP.seconds : null,
    scan && logP ? `${(scan.seconds / logP.seconds).toFixed(2)}x` : 'not measured');
  const peak = Math.max(...Object.values(byId).filter((r) => r.group === 'scan').map((r) => r.peakRssBytes));
  add(`peak memory under 1 GiB${large ? '' : ' (target is for --large)'}`, Number.isFinite(peak) ? peak < GIB : null,
    Number.isFinite(peak) ? `${mb(peak)} MB` : 'not measured');
  return targets;
}

/** Threads and delta reuse are speed knobs: every configuration must report the same findings. */
function compareVariants(checks) {
  const entries = Object.entries(checks);
  if (entries.length < 2) return null;
  const [firstId, first] = entries[0];
  const differences = [];
  for (const [id, check] of entries.slice(1)) {
    const missingHere = [...first.keys].filter((k) => !check.keys.includes(k)).length;
    const extraHere = check.keys.filter((k) => !first.keys.includes(k)).length;
    if (missingHere || extraHere) differences.push(`${id} has ${extraHere} findings ${firstId} lacks and lacks ${missingHere} of its`);
  }
  return differences.length ? differences.join('; ') : null;
}

/** The scan's speed depends on how many rules it carries: the results say which rule set was timed. */
async function describeRuleSet() {
  const { loadBuiltinRules } = await import(pathToFileURL(join(ROOT, 'dist', 'rules', 'load.js')).href);
  const { compileRules } = await import(pathToFileURL(join(ROOT, 'dist', 'scan', 'matcher.js')).href);
  const rules = loadBuiltinRules();
  return { rules: rules.length, providers: new Set(rules.map((r) => r.provider)).size, keywords: compileRules(rules).keywords.size };
}

async function main() {
  const options = parseArgs(process.argv.slice(2), {
    commits: 'number', large: 'boolean', runs: 'number', only: 'string', seed: 'string', force: 'boolean',
  });
  if (options.only && !['scan', 'baselines'].includes(options.only)) throw new Error('--only takes scan or baselines');
  const runs = options.runs ?? 3;
  const history = await ensureHistory(options);
  console.log(describeHistory(history));

  const outDir = join(BENCH_DIR, 'out');
  mkdirSync(outDir, { recursive: true });
  let commands = commandsFor(history.gitDir, outDir).filter((c) => !options.only || c.group === options.only);
  const scannerReady = commands.some((c) => c.group === 'scan') ? ensureBuilt() : true;
  const ruleSet = scannerReady && existsSync(join(ROOT, 'dist', 'rules', 'load.js')) ? await describeRuleSet() : null;
  if (ruleSet) console.log(`rule set       ${ruleSet.rules} rules over ${ruleSet.providers} providers, ${ruleSet.keywords} keywords`);
  if (!scannerReady) {
    console.error('spillkit is not built: measuring the baselines only');
    commands = commands.filter((c) => c.group !== 'scan');
  }

  const rows = [];
  const checks = {};
  let failed = !scannerReady;
  for (const command of commands) {
    process.stderr.write(`measuring ${command.label} (${runs} runs + warm-up)...\n`);
    try {
      const result = measure(command.argv(command.report), { runs, okCodes: command.okCodes });
      rows.push({ id: command.id, group: command.group, label: command.label, ...result });
      if (command.report) checks[command.id] = checkFindings(command.report, history.plan);
    } catch (error) {
      console.error(`FAIL: ${command.label}: ${error.message}`);
      failed = true;
    }
  }

  const byId = { ...previousRows(history.params.name), ...Object.fromEntries(rows.map((r) => [r.id, r])) };
  const order = commandsFor('', '').map((c) => c.id);
  const shown = Object.values(byId)
    .filter((r) => r.from === undefined || options.only)
    .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  printTable(shown, byId);

  const targets = judgeTargets(byId, Boolean(options.large));
  console.log('\ntargets');
  for (const t of targets) console.log(`  ${pad(t.status, 5)} ${pad(t.name, 52)} ${t.detail}`);

  console.log('\nplanted secrets');
  for (const [id, check] of Object.entries(checks)) {
    const perKind = Object.entries(check.kinds)
      .map(([kind, k]) => `${kind} ${k.found}/${k.planted}${k.rules.length ? ` [${k.rules.join(',')}]` : ''}`)
      .join('; ');
    const others = Object.values(check.otherFindingsByRule).reduce((a, b) => a + b, 0);
    console.log(`  ${check.ok ? 'ok  ' : 'FAIL'} ${pad(id, 22)} ${perKind}; ${others} other findings`);
    if (!check.ok) {
      failed = true;
      console.log(`\n  !!!!! FAIL: ${id} missed ${check.missing.length} planted secret(s) !!!!!`);
      for (const m of check.missing) console.log(`        ${m.plan} ${m.kind} ${m.path ?? '(commit message)'} at commit #${m.commitIndex}`);
      console.log('');
    }
    for (const m of check.misplaced) console.log(`  warn ${id}: ${m.plan} ${m.kind} reported at ${m.reported.join(', ')}`);
  }
  if (Object.keys(checks).length === 0) console.log('  (no scan measured)');
  const consistency = compareVariants(checks);
  if (consistency) {
    failed = true;
    console.log(`\n  !!!!! FAIL: scan configurations disagree: ${consistency} !!!!!`);
  }

  const stamp = new Date().toISOString().replace(/:\d\d\.\d+Z$/, 'Z').replace(/:/g, '-');
  const resultsPath = join(BENCH_DIR, `results-${stamp}.json`);
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, git: execFileSync('git', ['--version'], { encoding: 'utf8' }).trim() },
    dataset: { name: history.params.name, ...history.summary },
    ruleSet,
    runs,
    rows,
    targets,
    secretChecks: Object.fromEntries(Object.entries(checks).map(([id, { keys, ...check }]) => [id, check])),
    consistency: consistency ?? 'all scan configurations reported the same findings',
  };
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults written to ${resultsPath}`);
  if (failed || targets.some((t) => t.status === 'FAIL' && !t.name.startsWith('(stricter)'))) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 2;
});
