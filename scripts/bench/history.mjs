// The synthetic history itself: a monorepo whose files come from the corpus, churned commit by commit on
// main and on short-lived feature branches (merged back, or left open), with release tags, file adds,
// deletes and renames, the planted secrets, and (for the large preset) binary and data assets.
import { editLines, snippet } from './edits.mjs';
import { openFastImport } from './fast-import.mjs';
import { drawSecrets, inlineTokenLine, plantedFileText, SECRET_PLAN, sha256, tokenCommitMessage } from './secret-plan.mjs';

const FIRST = ['Ada', 'Ben', 'Chen', 'Dana', 'Emil', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemi', 'Lars'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Silva', 'Novak', 'Haddad', 'Kowalski'];
const TYPES = ['fix', 'feat', 'chore', 'refactor', 'docs', 'test', 'perf', 'build'];
const VERBS = ['handle', 'update', 'simplify', 'rename', 'tidy', 'speed up', 'guard', 'document', 'split'];
const START_TIME = 1546300800; // 2019-01-01T00:00:00Z
const HISTORY_SECONDS = 5 * 365 * 86400;
const MAX_FEATURES = 3;

function makeAuthors(rng) {
  const authors = [];
  for (const first of FIRST) {
    const last = rng.pick(LAST);
    authors.push({ name: `${first} ${last}`, email: `${first}.${last}@example.com`.toLowerCase() });
  }
  return authors;
}

function newBranch(name, base) {
  return {
    name,
    ref: `refs/heads/${name}`,
    files: new Map(base ? base.files : []),
    order: base ? base.order.slice() : [],
    tip: base ? base.tip : null,
    changed: new Set(),
    length: 0,
    target: 0,
  };
}

export async function writeHistory({ gitDir, corpus, rng, commits, large, log }) {
  const fi = openFastImport(gitDir);
  const authors = makeAuthors(rng);
  const avgStep = HISTORY_SECONDS / commits;
  let time = START_TIME;
  let made = 0;
  let mainCommits = 0;
  let featureCount = 0;
  let tagCount = 0;
  let assetCount = 0;
  const protectedPaths = new Set();
  const protectedSecrets = [];
  const isProtected = (line) => protectedSecrets.some((secret) => line.includes(secret));
  const features = [];
  const deadRefs = [];
  const planted = [];
  const main = newBranch('main');

  const corpusQueue = rng.shuffle(corpus.files.slice());
  let corpusRound = 0;
  let corpusNext = 0;
  function nextCorpusFile() {
    if (corpusNext >= corpusQueue.length) {
      corpusNext = 0;
      corpusRound++;
    }
    const file = corpusQueue[corpusNext++];
    const path = corpusRound === 0 ? `packages/${file.path}` : `vendor/copy-${corpusRound}/${file.path}`;
    return { path, lines: file.lines };
  }

  const tick = () => (time += rng.range(1, Math.max(2, Math.round(2 * avgStep))));

  async function setFile(branch, path, lines, changes, mode = '100644') {
    const mark = await fi.blob(lines.join('\n'));
    const existing = branch.files.get(path);
    if (!existing) branch.order.push(path);
    branch.files.set(path, { mark, lines, originalLength: existing ? existing.originalLength : lines.length, mode });
    branch.changed.add(path);
    changes.push(`M ${mode} ${mark} ${path}`);
  }

  function removeFile(branch, path, changes) {
    branch.files.delete(path);
    branch.order.splice(branch.order.indexOf(path), 1);
    branch.changed.add(path);
    changes.push(`D ${path}`);
  }

  async function commit(branch, changes, message, merge) {
    tick();
    const author = rng.pick(authors);
    branch.tip = await fi.commit({ ref: branch.ref, author, time, message, from: branch.tip, merge, changes });
    branch.length++;
    made++;
    if (branch === main) mainCommits++;
    if (made % 5000 === 0) log(`  ${made} commits`);
    return branch.tip;
  }

  /** Hot files first: older files get most of the edits, as in real projects, so their chains grow long. */
  function pickHot(branch) {
    const r = rng.next();
    return branch.order[Math.floor(branch.order.length * r * r)];
  }

  function messageFor(paths) {
    const first = paths[0] ?? 'repo';
    const scope = first.split('/')[1] ?? first.split('/')[0];
    const noun = first.split('/').pop().replace(/\.[a-z]+$/, '');
    return `${rng.pick(TYPES)}(${scope}): ${rng.pick(VERBS)} ${noun}\n`;
  }

  async function addAsset(changes) {
    const replace = assetCount > 0 && rng.chance(0.4);
    const index = replace ? rng.int(assetCount) : assetCount++;
    if (index % 2 === 0) {
      const path = `assets/images/img-${String(index).padStart(4, '0')}.png`;
      const body = rng.bytes(rng.range(64 << 10, 2 << 20));
      body.write('\x89PNG\r\n\x1a\n', 0, 'latin1');
      const mark = await fi.blob(body);
      changes.push(`M 100644 ${mark} ${path}`);
    } else {
      const path = `data/fixtures/records-${String(index).padStart(4, '0')}.jsonl`;
      const rows = [];
      const target = rng.range(100 << 10, 1 << 20);
      let size = 0;
      while (size < target) {
        const words = snippet(rng, corpus, 1)[0].match(/[A-Za-z]{3,}/g) ?? ['item'];
        const row = JSON.stringify({
          id: rng.chars('0123456789abcdef', 24),
          name: rng.pick(words),
          score: rng.int(1e6) / 100,
          tags: [rng.pick(words), rng.pick(words)],
          at: START_TIME + rng.int(HISTORY_SECONDS),
        });
        rows.push(row);
        size += row.length + 1;
      }
      const mark = await fi.blob(rows.join('\n'));
      changes.push(`M 100644 ${mark} ${path}`);
    }
  }

  async function churn(branch, { message, extraChanges = [] } = {}) {
    const changes = [...extraChanges];
    const touched = [];
    const edits = rng.range(1, 5);
    for (let e = 0; e < edits; e++) {
      const path = pickHot(branch);
      if (!path || touched.includes(path) || path === '.gitattributes') continue;
      if (branch !== main && protectedPaths.has(path)) continue;
      const file = branch.files.get(path);
      const lines = editLines(rng, corpus, file.lines, file.originalLength, isProtected);
      await setFile(branch, path, lines, changes, file.mode);
      touched.push(path);
    }
    if (branch === main) {
      if (rng.chance(0.02)) {
        const added = nextCorpusFile();
        if (!main.files.has(added.path)) await setFile(main, added.path, added.lines, changes);
      }
      const victim = main.order[main.order.length - 1 - rng.int(Math.min(200, main.order.length))];
      if (rng.chance(0.006) && !protectedPaths.has(victim) && !touched.includes(victim)) {
        removeFile(main, victim, changes);
      } else if (rng.chance(0.006) && !protectedPaths.has(victim) && !touched.includes(victim)) {
        const dir = rng.pick(main.order).split('/').slice(0, -1).join('/');
        const to = `${dir}/${victim.split('/').pop()}`;
        if (dir && !main.files.has(to)) {
          const file = main.files.get(victim);
          removeFile(main, victim, changes);
          main.order.push(to);
          main.files.set(to, file);
          changes.push(`M ${file.mode} ${file.mark} ${to}`);
        }
      }
      if (large && rng.chance(large.assetRate)) await addAsset(changes);
    } else if (rng.chance(0.03)) {
      const added = nextCorpusFile();
      const suffix = branch.name.split('/').pop();
      const path = added.path.replace(/(\.[a-z]+)?$/, (ext) => `.${suffix}${ext}`);
      if (!branch.files.has(path)) await setFile(branch, path, added.lines, changes);
    }
    if (changes.length === 0) return null;
    return commit(branch, changes, message ?? messageFor(touched));
  }

  async function mergeFeature(feature) {
    const changes = [];
    for (const path of feature.changed) {
      const file = feature.files.get(path);
      if (file) {
        if (!main.files.has(path)) main.order.push(path);
        main.files.set(path, file);
        main.changed.add(path);
        changes.push(`M ${file.mode} ${file.mark} ${path}`);
      } else if (main.files.has(path)) {
        removeFile(main, path, changes);
      }
    }
    await commit(main, changes, `Merge branch '${feature.name}'\n`, feature.tip);
    if (rng.chance(0.8)) deadRefs.push(feature.ref);
  }

  function recordPlant(entry, secret, extra) {
    protectedSecrets.push(secret.value);
    planted.push({
      plan: entry.id,
      kind: secret.kind,
      secretHash: sha256(secret.value),
      length: secret.value.length,
      commitIndex: made, // the commit about to be written, 0-based
      ...extra,
    });
  }

  async function plantSecret(entry) {
    const secrets = drawSecrets(rng, entry);
    if (entry.how === 'new-file') {
      secrets.forEach((s) => recordPlant(entry, s, { source: 'blob', path: entry.path, branch: 'main' }));
      protectedPaths.add(entry.path);
      const changes = [];
      await setFile(main, entry.path, plantedFileText(entry, secrets).split('\n'), changes);
      await commit(main, changes, `chore: add ${entry.path}\n`);
    } else if (entry.how === 'insert-line') {
      const path = main.order.find((p) => /\.(?:m?js|ts)$/.test(p) && !protectedPaths.has(p));
      entry.path = path;
      secrets.forEach((s) => recordPlant(entry, s, { source: 'blob', path, branch: 'main' }));
      protectedPaths.add(path);
      const file = main.files.get(path);
      const lines = file.lines.slice();
      lines.splice(rng.int(lines.length), 0, inlineTokenLine(secrets[0].value));
      const changes = [];
      await setFile(main, path, lines, changes, file.mode);
      await commit(main, changes, messageFor([path]));
    } else if (entry.how === 'side-branch') {
      const branch = newBranch(entry.branch, main);
      secrets.forEach((s) => recordPlant(entry, s, { source: 'blob', path: entry.path, branch: entry.branch }));
      protectedPaths.add(entry.path);
      const changes = [];
      await setFile(branch, entry.path, plantedFileText(entry, secrets).split('\n'), changes, '100755');
      await commit(branch, changes, 'wip: upload script\n');
      await churn(branch);
      await churn(branch);
    } else if (entry.how === 'commit-message') {
      secrets.forEach((s) => recordPlant(entry, s, { source: 'commit-message', path: null, branch: 'main' }));
      await churn(main, { message: tokenCommitMessage(secrets[0].value) });
    }
    return secrets;
  }

  async function unplantSecret(entry, secrets) {
    const changes = [];
    if (entry.how === 'new-file') {
      removeFile(main, entry.path, changes);
      await commit(main, changes, `chore: remove ${entry.path}\n`);
    } else if (entry.how === 'insert-line') {
      const file = main.files.get(entry.path);
      const lines = file.lines.filter((line) => !line.includes(secrets[0].value));
      await setFile(main, entry.path, lines, changes, file.mode);
      await commit(main, changes, `fix: read the token from the environment\n`);
    }
    for (const p of planted) if (p.plan === entry.id) p.removedAtCommit = made - 1;
  }

  // Events at fixed commit indexes: plants and their removals.
  const events = [];
  for (const entry of SECRET_PLAN) {
    const plantEvent = { at: Math.max(2, Math.floor(entry.at * commits)), entry, kind: 'plant' };
    events.push(plantEvent);
    if (entry.until) events.push({ at: Math.floor(entry.until * commits), entry, kind: 'unplant', plantEvent });
  }
  events.sort((a, b) => a.at - b.at);

  // Initial import: most of the corpus, plus a .gitattributes that keeps binary assets out of delta search.
  const initial = [];
  const initialCount = Math.floor(corpusQueue.length * 0.6);
  for (let i = 0; i < initialCount; i++) {
    const file = nextCorpusFile();
    await setFile(main, file.path, file.lines, initial);
  }
  await setFile(main, '.gitattributes', ['*.png binary -delta', ''], initial);
  protectedPaths.add('.gitattributes');
  await commit(main, initial, 'Initial import\n');

  const tagEvery = Math.max(50, Math.floor(commits / 40));
  while (made < commits) {
    if (events.length && made >= events[0].at) {
      const event = events.shift();
      if (event.kind === 'plant') event.secrets = await plantSecret(event.entry);
      else await unplantSecret(event.entry, event.plantEvent.secrets);
      continue;
    }
    if (features.length < MAX_FEATURES && rng.chance(0.02)) {
      const feature = newBranch(`feature/${String(++featureCount).padStart(4, '0')}-${rng.pick(VERBS).replace(' ', '-')}`, main);
      feature.target = rng.range(2, 30);
      features.push(feature);
    }
    const branch = features.length && rng.chance(0.3) ? rng.pick(features) : main;
    if (branch !== main && branch.length >= branch.target) {
      features.splice(features.indexOf(branch), 1);
      if (rng.chance(0.9)) await mergeFeature(branch);
      continue;
    }
    const before = mainCommits;
    await churn(branch);
    if (branch === main && mainCommits !== before && mainCommits % tagEvery === 0) {
      tagCount++;
      const name = `v${1 + Math.floor(tagCount / 10)}.${tagCount % 10}.0`;
      if (rng.chance(0.8)) {
        await fi.tag({ name, from: main.tip, tagger: rng.pick(authors), time, message: `Release ${name}\n` });
      } else {
        await fi.reset(`refs/tags/${name}`, main.tip);
      }
    }
  }
  await fi.close();
  return { planted, deadRefs, stats: { commits: made, features: featureCount, tags: tagCount, assets: assetCount } };
}
