#!/usr/bin/env node
// Times `spillkit protect --staged` (the pre-commit path) on a typical commit in the large synthetic
// repository, against the floor of any node CLI (`node -e 0`), git's own `diff --cached`, and the scan of
// the whole history. protect must cost about what one commit changed, not what the history holds.
//
//   node scripts/bench/protect.mjs [--repo DIR.git] [--runs K] [--no-scan]
//
// The repository (default .bench/history-c30000.git, built by `npm run bench -- --commits 30000`) is
// cloned with --shared into a temp worktree, where a commit-sized change is staged. Nothing in .bench/
// is modified; the results are written to .bench/protect-results-<time>.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './args.mjs';
import { BENCH_DIR, ROOT } from './make-history.mjs';
import { measure } from './measure.mjs';

const CLI = join(ROOT, 'bin', 'spillkit.js');
const git = (cwd, args, input) => execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd, input, encoding: 'utf8', maxBuffer: 1 << 28 });

/** bin/spillkit.js once it dispatches protect; until then a one-line entry point into dist/. */
function protectEntry(tmp) {
  if (spawnSync(process.execPath, [CLI, 'protect', '--help']).status === 0) return [CLI];
  const shim = join(tmp, 'protect-entry.mjs');
  writeFileSync(shim, `import { protectCommand } from ${JSON.stringify(join(ROOT, 'dist', 'cli', 'protect.js'))};\nprocess.exitCode = await protectCommand(process.argv.slice(3)); // argv: protect --staged\n`);
  return [shim];
}

/** A commit-sized change: a few lines appended to three tracked text files, one new source file. */
function stageTypicalChange(wt) {
  const tracked = git(wt, ['ls-files', '-z']).split('\0').filter((p) => /\.(?:ts|js|py|go|md|txt|ya?ml|json)$/.test(p));
  const picked = [0.1, 0.5, 0.9].map((f) => tracked[Math.floor(f * (tracked.length - 1))]);
  for (const [i, path] of picked.entries()) appendFileSync(join(wt, path), `\n// bench edit ${i}: retry with backoff\n// and log the attempt\n`);
  const lines = Array.from({ length: 60 }, (_, i) => `export function step${i}(input) { return input.map((x) => x + ${i}); }`);
  writeFileSync(join(wt, 'src-bench-new-module.js'), `${lines.join('\n')}\n`);
  git(wt, ['add', '--', ...picked, 'src-bench-new-module.js']);
  return [...picked, 'src-bench-new-module.js'];
}

async function main() {
  const options = parseArgs(process.argv.slice(2), { repo: 'string', runs: 'number', 'no-scan': 'boolean' });
  const gitDir = options.repo ?? join(BENCH_DIR, 'history-c30000.git');
  if (!existsSync(gitDir)) throw new Error(`${gitDir} does not exist: build it with \`npm run bench -- --commits 30000\``);
  if (!existsSync(join(ROOT, 'dist', 'cli', 'protect.js'))) throw new Error('dist/ has no protect command: run `npm run build` first');
  const runs = options.runs ?? 5;

  const tmp = mkdtempSync(join(tmpdir(), 'spillkit-bench-protect-'));
  try {
    const wt = join(tmp, 'wt');
    execFileSync('git', ['clone', '-q', '--shared', gitDir, wt]);
    const files = stageTypicalChange(wt);
    const commits = git(wt, ['rev-list', '--count', '--all']).trim();
    const headFiles = git(wt, ['ls-tree', '-r', '--name-only', 'HEAD']).split('\n').filter(Boolean).length;
    console.log(`repository: ${gitDir} (${commits} commits, ${headFiles} files at HEAD)`);
    console.log(`staged: ${files.length} files (${files.join(', ')})`);

    const entry = protectEntry(tmp);
    const rows = [];
    const run = (id, label, argv, okCodes = [0], k = runs) => {
      const m = measure(argv, { runs: k, okCodes, cwd: wt });
      rows.push({ id, label, ...m });
      return m;
    };
    run('node', 'node -e 0 (start-up floor)', [process.execPath, '-e', '0']);
    run('git-diff', 'git diff --cached -U0', ['git', 'diff', '--cached', '-U0']);
    run('protect', 'spillkit protect --staged (clean)', [process.execPath, ...entry, 'protect', '--staged']);

    // The same commit plus one new file with a (generated) secret: protect must block it, as fast.
    const { fakeSecret } = await import(join(ROOT, 'dist', 'rules', 'fake-secret.js'));
    writeFileSync(join(wt, 'config-bench.env'), `UPSTREAM=${fakeSecret('github-pat', 'bench-protect')}\n`);
    git(wt, ['add', 'config-bench.env']);
    run('protect-blocked', 'spillkit protect --staged (blocks a secret)', [process.execPath, ...entry, 'protect', '--staged'], [1]);

    if (!options['no-scan']) {
      run('scan', 'spillkit scan (whole history)', [process.execPath, CLI, 'scan', wt, '--format', 'json', '--no-progress', '--output', join(tmp, 'scan.json')], [0, 1], 1);
    }

    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    console.log(`\n${'command'.padEnd(46)}${'best ms'.padStart(9)}${'median ms'.padStart(11)}${'/ scan'.padStart(10)}`);
    for (const r of rows) {
      const ratio = by.scan ? `${((r.seconds / by.scan.seconds) * 100).toFixed(2)}%` : '-';
      console.log(`${r.label.padEnd(46)}${(r.seconds * 1000).toFixed(0).padStart(9)}${(r.medianSeconds * 1000).toFixed(0).padStart(11)}${ratio.padStart(10)}`);
    }
    if (by.scan) console.log(`\nprotect --staged is ${(by.scan.seconds / by.protect.seconds).toFixed(0)}x faster than scanning the history; ${((by.protect.seconds - by.node.seconds) * 1000).toFixed(0)} ms above node's own start-up.`);

    const stamp = new Date().toISOString().replace(/:\d\d\.\d+Z$/, 'Z').replace(/:/g, '-');
    const out = join(BENCH_DIR, `protect-results-${stamp}.json`);
    writeFileSync(out, `${JSON.stringify({ repository: gitDir, commits: Number(commits), headFiles, staged: files, runs, rows }, null, 2)}\n`);
    console.log(`results: ${out}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench/protect: ${e.message}`);
  process.exitCode = 2;
});
