#!/usr/bin/env node
// Builds the benchmark repository: a bare repo under .bench/ made deterministically by git fast-import,
// then repacked with deep deltas (--depth=50 --window=250) like a long-lived project after `gc --aggressive`.
// A stamp file holds the parameters; the same parameters reuse the repo instead of rebuilding it.
//
//   node scripts/bench/make-history.mjs [--commits N] [--large] [--seed TEXT] [--force]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from './args.mjs';
import { loadCorpus } from './corpus.mjs';
import { mb, objectSizes, packBytes } from './git-stats.mjs';
import { writeHistory } from './history.mjs';
import { createRng } from './prng.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BENCH_DIR = join(ROOT, '.bench');
const GENERATOR_VERSION = 1;
const DEFAULT_COMMITS = 30000;
/**
 * The large preset aims at a pack of about 500 MB, as repos that big get there: a longer history plus
 * binary images (stored whole: `-delta`) and generated data files that compress but barely delta.
 */
const LARGE = { commits: 40000, assetRate: 0.025 };

export function historyParams({ commits, large = false, seed = 'spillkit-bench' } = {}) {
  const count = commits ?? (large ? LARGE.commits : DEFAULT_COMMITS);
  return {
    name: `${large ? 'large' : 'history'}-c${count}${seed === 'spillkit-bench' ? '' : `-${seed}`}`,
    commits: count,
    large: large ? { assetRate: LARGE.assetRate } : false,
    seed,
  };
}

function git(gitDir, args, options = {}) {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', ...options });
}

/** Returns the repository for these parameters, building it first unless a matching one exists. */
export async function ensureHistory(options = {}, log = (line) => process.stderr.write(`${line}\n`)) {
  const params = historyParams(options);
  const gitDir = join(BENCH_DIR, `${params.name}.git`);
  const stampPath = join(gitDir, 'bench-stamp.json');
  const planPath = join(gitDir, 'bench-plan.json');
  const corpus = loadCorpus(ROOT);
  const wanted = { generator: GENERATOR_VERSION, ...params, corpus: corpus.signature };

  if (!options.force && existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    if (JSON.stringify(stamp.params) === JSON.stringify(wanted)) {
      log(`reusing ${gitDir} (built ${stamp.builtAt})`);
      return { gitDir, params, plan: JSON.parse(readFileSync(planPath, 'utf8')), summary: stamp.summary };
    }
  }

  const started = Date.now();
  rmSync(gitDir, { recursive: true, force: true });
  mkdirSync(BENCH_DIR, { recursive: true });
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', gitDir]);
  git(gitDir, ['config', 'gc.auto', '0']);
  writeFileSync(join(gitDir, 'info', 'attributes'), '*.png binary -delta\n');
  log(`building ${params.name}: ${params.commits} commits from ${corpus.files.length} corpus files`);

  const rng = createRng(`${params.seed}:${params.commits}:${params.large ? 'large' : 'default'}`);
  const history = await writeHistory({ gitDir, corpus, rng, commits: params.commits, large: params.large, log });
  if (history.deadRefs.length) {
    git(gitDir, ['update-ref', '--stdin'], { input: history.deadRefs.map((ref) => `delete ${ref}\n`).join('') });
  }
  const imported = Date.now();
  log(`  fast-import done in ${((imported - started) / 1000).toFixed(1)}s; repacking (depth 50, window 250)`);
  git(gitDir, ['repack', '-adf', '--quiet', '--depth=50', '--window=250']);
  git(gitDir, ['prune-packed']);

  const sizes = await objectSizes(gitDir);
  const summary = {
    corpus: { files: corpus.files.length, signature: corpus.signature },
    commits: history.stats.commits,
    featureBranches: history.stats.features,
    tags: history.stats.tags,
    assets: history.stats.assets,
    refs: git(gitDir, ['for-each-ref', '--format=%(refname)']).trim().split('\n').length,
    packBytes: packBytes(gitDir),
    objects: sizes.objects,
    byType: sizes.byType,
    blobBytes: sizes.byType.blob?.bytes ?? 0,
    buildSeconds: Math.round((Date.now() - started) / 100) / 10,
    repackSeconds: Math.round((Date.now() - imported) / 100) / 10,
  };
  const plan = { repository: gitDir, secrets: history.planted };
  writeFileSync(planPath, `${JSON.stringify(plan, null, 2)}\n`);
  // Written last: an interrupted build leaves no stamp and is rebuilt next time.
  writeFileSync(stampPath, `${JSON.stringify({ params: wanted, builtAt: new Date().toISOString(), summary }, null, 2)}\n`);
  return { gitDir, params, plan, summary };
}

export function describeHistory({ gitDir, summary, plan }) {
  const types = Object.entries(summary.byType)
    .map(([type, { count }]) => `${count} ${type}s`)
    .join(', ');
  return [
    `repository     ${gitDir}`,
    `commits        ${summary.commits} (${summary.featureBranches} feature branches, ${summary.tags} tags, ${summary.refs} refs)`,
    `pack           ${mb(summary.packBytes)} MB on disk`,
    `objects        ${summary.objects} (${types})`,
    `inflated blobs ${mb(summary.blobBytes)} MB`,
    `planted        ${plan.secrets.length} secrets (${plan.secrets.map((s) => s.kind).join(', ')})`,
    `built in       ${summary.buildSeconds}s (repack ${summary.repackSeconds}s)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const options = parseArgs(process.argv.slice(2), { commits: 'number', large: 'boolean', seed: 'string', force: 'boolean' });
    const history = await ensureHistory(options);
    console.log(describeHistory(history));
  } catch (error) {
    console.error(`make-history: ${error.message}`);
    process.exitCode = 2;
  }
}
