/**
 * The repository: an `.env` leak in an old commit, a token inline in a source file on two
 * branches and a tag, a merge, an untouched branch, and a bare "origin" it was pushed to.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { initRepo, type Repo } from '../helpers/repo-builder.js';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface LeakFixture {
  repo: Repo;
  origin: Repo;
  envSecret: string;
  token: string;
  envCommit: string;
}

export function leakFixture(seed = 'rewrite'): LeakFixture {
  const envSecret = fakeSecret('github-pat', `${seed}-env`);
  const token = fakeSecret('slack-bot-token', `${seed}-inline`);
  const repo = initRepo();
  repo.commit({ files: { 'README.md': '# billing\n', 'src/app.js': 'export const app = 1;\n' }, message: 'init' });
  repo.commit({ branch: 'clean', from: 'main', files: { 'docs/notes.md': 'nothing here\n' }, message: 'notes' });
  const envCommit = repo.commit({ files: { '.env': `DEBUG=1\nUPSTREAM=${envSecret}\n` }, message: 'local settings' });
  repo.commit({ files: { 'src/config.js': `// upstream\nexport const upstream = "${token}";\nexport const retries = 3;\n` }, message: 'wire upstream' });
  repo.commit({ files: { '.env': null }, message: 'drop local settings (see ' + envCommit.slice(0, 10) + ')' });
  repo.commit({ branch: 'feature', from: 'main', files: { 'src/feature.js': 'export const feature = true;\n' }, message: 'feature' });
  repo.commit({ files: { 'README.md': '# billing\n\nrelease notes\n' }, message: 'release', tag: { name: 'v1', message: 'release 1\n' } });
  repo.commit({ merge: 'feature', message: "Merge branch 'feature'" });
  repo.checkoutHead();
  const origin = repo.cloneBare('origin.git');
  repo.git(['remote', 'add', 'origin', origin.dir]);
  repo.git(['fetch', '-q', '--tags', 'origin']);
  return { repo, origin, envSecret, token, envCommit };
}

/** name -> id of every ref (for "nothing changed" checks). */
export function refTips(repo: Repo): string {
  return repo.git(['for-each-ref', '--format=%(objectname) %(refname)']);
}

/** Every file under `dir` with its size and mode: a before/after listing of the incident store. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      const full = join(d, n);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else out.push(`${full} ${st.size} ${(st.mode & 0o777).toString(8)}`);
    }
  };
  walk(dir);
  return out;
}

/** Every regular file below `dir` (skipping git object stores), for secret greps. */
export function filesBelow(dir: string, skip: (path: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const full = join(d, n);
      if (skip(full)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out;
}
