/**
 * The repositories the scan e2e tests run against, one builder per hard place of the scanner. Each
 * returns the repository plus what the tests must find there (secrets, commits, lines, columns), so the
 * expectations are computed from the same description that built the repository.
 *
 * Secrets sit in neutral contexts (`upstream = …`, not `token = …`) so only the provider rule matches
 * and "one finding" stays one finding whatever generic rules exist.
 */
import { createHash } from 'node:crypto';
import type { Finding, ScanReport } from '../../src/scan/finding.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, initRepo, type Person, type Repo } from '../helpers/repo-builder.js';

export const MALLORY: Person = { name: 'Mallory Leaker', email: 'mallory@corp.test' };

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The findings of one secret (by its hash: the report never holds the secret itself). */
export function findingsOf(report: ScanReport, secret: string): Finding[] {
  const hash = sha256(secret);
  return report.findings.filter((f) => f.secretHash === hash);
}

/** The single finding of `secret`; fails loudly with what was found instead. */
export function onlyFindingOf(report: ScanReport, secret: string): Finding {
  const found = findingsOf(report, secret);
  if (found.length !== 1) {
    const summary = report.findings.map((f) => `${f.rule} ${f.source} ${f.path ?? '-'} ${f.redacted}`).join('\n  ');
    throw new Error(`expected one finding of ${secret.slice(0, 4)}…, got ${found.length}; report holds:\n  ${summary}`);
  }
  return found[0];
}

const WORDS = ['amber', 'basil', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'harbor', 'islet', 'juniper',
  'kelp', 'lumen', 'maple', 'nectar', 'onyx', 'pepper', 'quartz', 'raven', 'sorrel', 'tundra', 'umber', 'violet',
  'willow', 'yarrow', 'zephyr', 'acorn', 'birch', 'clover', 'dune', 'elm', 'fern', 'gale'];

/** Deterministic prose-like filler that compresses poorly yet looks like no secret (no long random tokens). */
export function noise(seed: string, bytes: number): string {
  let out = '';
  for (let i = 0; out.length < bytes; i++) {
    const digest = createHash('sha256').update(`${seed}:${i}`).digest();
    out += `${Array.from(digest.subarray(0, 10), (b) => WORDS[b % WORDS.length]).join(' ')} ${digest[10]}\n`;
  }
  return out.slice(0, bytes);
}

/** A secret added in one commit, kept one more, then deleted: history-only. */
export function deletedFileFixture() {
  const secret = fakeSecret('github-pat', 'deleted-file');
  const repo = initRepo();
  repo.commit({ files: { 'README.md': '# service\n' }, message: 'init' });
  const date = repo.peekNextDate();
  const adding = repo.commit({
    files: { '.env': `# local settings\nDEBUG=1\nUPSTREAM=${secret}\n` }, message: 'add local settings', author: MALLORY,
  });
  const kept = repo.commit({ files: { 'src/app.js': 'console.log("up");\n' }, message: 'app' });
  const removing = repo.commit({ files: { '.env': null }, message: 'remove local settings' });
  repo.checkoutHead();
  return { repo, secret, adding, kept, removing, date, author: MALLORY, line: 3, column: 10 };
}

/**
 * Version `revision` of a config file: each revision rewrites one more option line (the earlier rewrites
 * stay), so a version is closest to its neighbours and git builds long delta chains instead of deltifying
 * every version against one base.
 */
function settingsVersion(revision: number, secret: string | null): string {
  const options = Array.from({ length: 120 }, (_, i) => `option_${i} = value ${i} of the billing service`);
  for (let r = 1; r <= revision; r++) options[(r * 37) % options.length] = `option_${(r * 37) % 120} = ${noise(`rev${r}`, 48)}`;
  const lines = ['[service]', 'name = billing', 'region = eu-west-1', '# upstream identity'];
  lines.push(secret ? `upstream = ${secret}` : 'upstream =');
  return `${[...lines, ...options].join('\n')}\n`;
}

export const DELTA_EDITS = 30;

/** A secret added, the file edited 30 more times around it, then repacked with deep delta chains. */
export function deltaChainFixture() {
  const secret = fakeSecret('aws-access-key-id', 'delta-chain');
  const repo = initRepo();
  repo.commit({ files: { 'settings.ini': settingsVersion(0, null) }, message: 'settings' });
  const adding = repo.commit({ files: { 'settings.ini': settingsVersion(1, secret) }, message: 'wire upstream' });
  for (let revision = 2; revision <= DELTA_EDITS + 1; revision++) {
    repo.commit({ files: { 'settings.ini': settingsVersion(revision, secret) }, message: `tune ${revision}` });
  }
  repo.packAll({ depth: 50, window: 50 });
  repo.checkoutHead();
  return { repo, secret, adding, occurrences: DELTA_EDITS + 1, line: 5, column: 12 };
}

/** A merge commit whose tree holds a secret that neither parent has. */
export function evilMergeFixture() {
  const secret = fakeSecret('github-pat', 'evil-merge');
  const repo = initRepo();
  repo.commit({ files: { 'README.md': '# app\n' }, message: 'init' });
  repo.commit({ branch: 'feature', from: 'main', files: { 'feature.txt': 'feature work\n' }, message: 'feature' });
  repo.commit({ files: { 'main.txt': 'main work\n' }, message: 'main work' });
  const merge = repo.commit({
    merge: 'feature', files: { 'deploy/ci.cfg': `ci_upstream = ${secret}\n` }, message: "Merge branch 'feature'",
  });
  repo.checkoutHead();
  return { repo, secret, merge };
}

/** One repository with a secret in every place that is not a branch's tree. */
export function specialRefsFixture() {
  const s = (seed: string) => fakeSecret('github-pat', `special-${seed}`);
  const secrets = {
    message: s('message'), tag: s('tag'), note: s('note'), remote: s('remote'),
    danglingCommit: s('dangling-commit'), danglingBlob: s('dangling-blob'), stash: s('stash'),
  };
  const repo = initRepo();
  repo.commit({ files: { 'README.md': '# app\n' }, message: 'init' });
  const messageCommit = repo.commit({
    files: { 'src/log.js': 'export const log = () => {};\n' },
    message: `fix: drop debug output\n\nthe old value was ${secrets.message}\n`,
  });
  const tagObject = repo.tag('v1.0', 'HEAD', `release 1.0\n\nupstream ${secrets.tag}\n`);
  repo.addNote(messageCommit, `reviewed with ${secrets.note}\n`);
  const remoteCommit = repo.commit({
    ref: 'refs/remotes/origin/feature', from: 'main',
    files: { 'remote.cfg': `upstream = ${secrets.remote}\n` }, message: 'remote only work',
  });
  const danglingCommit = repo.danglingCommit({
    files: { 'lost.cfg': `upstream = ${secrets.danglingCommit}\n` }, message: 'lost work',
  });
  const danglingBlob = repo.danglingBlob(`line one\nupstream = ${secrets.danglingBlob}\n`);
  const stash = repo.stash({ 'config/local.cfg': `upstream = ${secrets.stash}\n` });
  const stashIndex = repo.rev('refs/stash^2');
  return { repo, secrets, messageCommit, tagObject, remoteCommit, danglingCommit, danglingBlob, stash, stashIndex };
}

export const MINIFIED_HALF = 250_000;

/** Unicode path, CRLF file, a ~500 KB one-line file and a binary blob, each holding a secret. */
export function contentFixture() {
  const s = (seed: string) => fakeSecret('github-pat', `content-${seed}`);
  const secrets = { unicode: s('unicode'), crlf: s('crlf'), minified: s('minified'), binary: s('binary') };
  const unicodePath = 'docs/café/ключ.env';

  let prefix = '';
  for (let i = 0; prefix.length < MINIFIED_HALF; i++) prefix += `function f${i}(a){return a*${i}+${i % 7}};`;
  const minifiedPrefix = `${prefix}var u="`;
  const minified = `${minifiedPrefix}${secrets.minified}";${prefix.split('').reverse().join('')}`;

  const binary = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    Buffer.from(noise('binary-head', 2048), 'latin1').map((b, i) => (i % 5 === 0 ? 0 : b)),
    Buffer.from(`\0upstream=${secrets.binary}\0`),
    Buffer.alloc(512, 0),
  ]);

  const repo = buildRepo([
    { files: { 'README.md': '# app\n' }, message: 'init' },
    { files: { [unicodePath]: `# ключ\nключ = "${secrets.unicode}"\n` }, message: 'unicode' },
    { files: { 'windows/settings.ini': `[main]\r\nname = app\r\nupstream = ${secrets.crlf}\r\n` }, message: 'crlf' },
    { files: { 'dist/app.min.js': minified }, message: 'minified bundle' },
    { files: { 'assets/logo.bin': binary }, message: 'binary' },
  ]);
  return {
    repo, secrets, unicodePath,
    expect: {
      // 'ключ = "' is 8 characters (13 bytes): the column counts characters.
      unicode: { line: 2, column: 9 },
      crlf: { line: 3, column: 12 },
      minified: { line: 1, column: minifiedPrefix.length + 1, size: minified.length },
    },
  };
}

export const REPEATED_COMMITS = 100;

/** The same secret kept at one path for 100 commits, and one secret at two paths. */
export function repeatedFixture() {
  const kept = fakeSecret('slack-bot-token', 'repeated-kept');
  const twin = fakeSecret('github-pat', 'repeated-twin');
  const repo = initRepo();
  repo.commit({
    files: {
      'config/app.cfg': `upstream = ${kept}\n`, 'counter.txt': '0\n',
      'a/one.cfg': `mirror = ${twin}\n`, 'b/two.cfg': `# copy\nmirror = ${twin}\n`,
    },
    message: 'commit 0',
  });
  for (let i = 1; i < REPEATED_COMMITS; i++) repo.commit({ files: { 'counter.txt': `${i}\n` }, message: `commit ${i}` });
  repo.checkoutHead();
  return { repo, kept, twin, first: repo.commits[0] };
}

/** Two packs from incremental repacks plus loose objects, a secret in each. */
export function multiPackFixture() {
  const s = (seed: string) => fakeSecret('aws-access-key-id', `multipack-${seed}`);
  const secrets = { first: s('first'), second: s('second'), loose: s('loose') };
  const repo = initRepo();
  repo.commit({ files: { 'one.cfg': `upstream = ${secrets.first}\n` }, message: 'one' });
  repo.packIncremental();
  repo.commit({ files: { 'two.cfg': `upstream = ${secrets.second}\n` }, message: 'two' });
  repo.packIncremental();
  repo.commit({ files: { 'three.cfg': `upstream = ${secrets.loose}\n` }, message: 'three' });
  repo.checkoutHead();
  return { repo, secrets };
}

/** Every built-in precision filter's favourite inputs: nothing here may be reported. */
export function placeholderFixture() {
  return buildRepo([{
    files: {
      'aws.cfg': 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n',
      'env.sh': 'export AWS_SECRET_ACCESS_KEY=${AWS_SECRET}\naws_secret_access_key = "${AWS_SECRET}"\n',
      'client.yaml': 'api_key: <your-api-key>\ngithub_token: "<your-api-key>"\n',
    },
    message: 'config templates',
  }]);
}

/** Three secrets each with an inline allow comment, and one control secret without. */
export function allowCommentFixture() {
  const s = (seed: string) => fakeSecret('github-pat', `allow-${seed}`);
  const secrets = { spillkit: s('spillkit'), gitleaks: s('gitleaks'), pragma: s('pragma'), control: s('control') };
  const repo = buildRepo([{
    files: {
      'test/a.cfg': `upstream = ${secrets.spillkit} # spillkit:allow\n`,
      'test/b.js': `const upstream = "${secrets.gitleaks}"; // gitleaks:allow\n`,
      'test/c.py': `UPSTREAM = "${secrets.pragma}"  # pragma: allowlist secret\n`,
      'src/real.cfg': `upstream = ${secrets.control}\n`,
    },
    message: 'tests',
  }]);
  return { repo, secrets };
}

/** A small clean history for layouts (bare, .git, alternates, shallow): a secret at HEAD and one deleted. */
export function layoutFixture() {
  const head = fakeSecret('github-pat', 'layout-head');
  const old = fakeSecret('aws-access-key-id', 'layout-old');
  const repo = buildRepo([
    { files: { 'old.cfg': `upstream = ${old}\n` }, message: 'old' },
    { files: { 'old.cfg': null, 'app.cfg': `upstream = ${head}\n` }, message: 'new' },
    { files: { 'README.md': '# app\n' }, message: 'readme' },
  ]);
  return { repo, head, old };
}

/** One pack whose largest object is a big incompressible blob, for corruption tests. */
export function packedForCorruption() {
  const secret = fakeSecret('github-pat', 'corrupt');
  const repo = buildRepo([
    { files: { 'data/blob.txt': noise('corrupt', 200_000) }, message: 'data' },
    { files: { 'app.cfg': `upstream = ${secret}\n` }, message: 'cfg' },
  ]);
  repo.packAll();
  return { repo, secret };
}

/** Every fixture, by name, for the tests that must hold on all of them (mode equivalence). */
export const ALL_FIXTURES: Record<string, () => { repo: Repo }> = {
  deletedFile: deletedFileFixture,
  deltaChain: deltaChainFixture,
  evilMerge: evilMergeFixture,
  specialRefs: specialRefsFixture,
  content: contentFixture,
  repeated: repeatedFixture,
  multiPack: multiPackFixture,
  placeholders: () => ({ repo: placeholderFixture() }),
  allowComments: allowCommentFixture,
  layout: layoutFixture,
};
