// Child process of the reader fuzz target: for each case, copies the base repository, mutates its
// object database (fuzz-mutate.mjs) and runs everything a scan's workers run on it, in process and on
// the built code: refs, the object database, the object pass (ObjectScanner over every pack range and
// the loose objects, with the built-in rules), the tree pass, and random access by id (ObjectReader).
// A SpillkitError is an accepted outcome (the CLI prints it as one line, exit 2); anything else is a
// crash. One JSON line per case on stdout; the peak resident memory at the end.
//
//   node fuzz-driver.mjs '{"dist": "...", "base": "<repo>", "work": "<dir>", "seed": 1, "from": 0, "to": 50}'
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { caseSeed, mutateRepository, prng } from './fuzz-mutate.mjs';

const job = JSON.parse(process.argv[2]);
const load = (path) => import(pathToFileURL(join(job.dist, path)).href);
const { openRepository } = await load('git/repo.js');
// Optional imports keep the driver runnable against an older build, to check it finds what it should.
const refsModule = await load('git/refs.js');
const readRefs = refsModule.readRefs ?? refsModule.listRefs;
const { loadObjectDatabase } = await load('git/object-database.js');
const { ObjectReader } = await load('git/object-reader.js');
const { objectLimits } = await load('git/object-limits.js').catch(() => ({ objectLimits: () => undefined }));
const { ObjectResolver } = await load('scan/object-resolver.js');
const { ObjectScanner } = await load('scan/object-scanner.js');
const { TreePass } = await load('scan/tree-pass.js');
const { loadBuiltinRules } = await load('rules/load.js');
const { SpillkitError } = await load('errors.js');

const rules = loadBuiltinRules();

/** Runs one stage; a SpillkitError ends it as the CLI would, anything else is rethrown as a crash. */
function stage(outcomes, name, fn) {
  try {
    fn();
    outcomes.push(`${name}:ok`);
  } catch (e) {
    if (!(e instanceof SpillkitError)) throw e;
    outcomes.push(`${name}:${e.code}`);
  }
}

function exercise(dir) {
  const outcomes = [];
  let repo;
  let db;
  stage(outcomes, 'open', () => {
    repo = openRepository(dir);
    readRefs(repo);
    db = loadObjectDatabase(repo);
  });
  if (!db) return outcomes;
  const setup = { packs: db.packs, loose: db.loose, rules, allowlists: [], deltaReuse: true, showSecrets: false, maxBlobBytes: 256 << 20, cacheBytes: 16 << 20 };
  const resolver = new ObjectResolver(db.packs, db.loose, setup.cacheBytes, true, objectLimits(setup.maxBlobBytes));
  try {
    const objects = new ObjectScanner(resolver, setup);
    db.packs.forEach((p, k) => stage(outcomes, `objects${k}`, () => objects.packRange(0, k, 0, p.count, () => {})));
    stage(outcomes, 'loose', () => objects.loose(0, db.loose));
    const trees = new TreePass(resolver, setup);
    db.packs.forEach((p, k) => stage(outcomes, `trees${k}`, () => trees.packRange(0, k, 0, p.count)));
    stage(outcomes, 'loose-trees', () => trees.loose(0, db.loose));
  } finally {
    resolver.close();
  }
  const reader = new ObjectReader(db, 16 << 20);
  try {
    const ids = [...db.packs.flatMap((p) => Array.from({ length: p.count }, (_, i) => Buffer.from(p.oids.subarray(i * 20, i * 20 + 20)).toString('hex'))), ...db.loose.map((l) => l.oid)];
    let failed = 0;
    for (const id of ids) {
      try {
        reader.tryRead(id);
      } catch (e) {
        if (!(e instanceof SpillkitError)) throw e;
        failed++;
      }
    }
    outcomes.push(`read:${ids.length - failed}/${ids.length}`);
  } finally {
    reader.close();
  }
  return outcomes;
}

mkdirSync(job.work, { recursive: true });
for (let i = job.from; i < job.to; i++) {
  const dir = join(job.work, `case-${i}`);
  cpSync(job.base, dir, { recursive: true });
  const rng = prng(caseSeed(job.seed, i));
  const mutation = mutateRepository(join(dir, '.git'), rng);
  const started = Date.now();
  let line;
  try {
    line = { case: i, mutation, outcomes: exercise(dir) };
  } catch (e) {
    line = { case: i, mutation, crash: e instanceof Error ? e.stack : String(e) };
  }
  line.ms = Date.now() - started;
  process.stdout.write(`${JSON.stringify(line)}\n`);
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
