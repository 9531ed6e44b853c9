import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { openRepository } from '../git/repo.js';

/**
 * Mirror clones for a remote sweep: `git clone --mirror` the first time (every ref, pull-request refs
 * included, which is where a leak often survives a force-push), then `git fetch --prune` on later runs,
 * which moves only what changed. A clone goes to a temporary sibling and is renamed into place, so a
 * crash never leaves a half clone that a later run would mistake for a mirror.
 *
 * The operator's token reaches git through GIT_CONFIG_* environment variables (an `http.<origin>.
 * extraHeader` scoped to the clone URL's origin), never through argv, which every local user can read,
 * and never into the mirror's config on disk.
 */

export interface MirrorOptions {
  token?: string;
  env: NodeJS.ProcessEnv;
}

/** Variables that would point git at another repository (e.g. when spillkit runs inside a hook). */
const GIT_LOCATION_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE'];

export type MirrorSync = 'cloned' | 'fetched' | 'recloned';

export async function syncMirror(cloneUrl: string, path: string, opts: MirrorOptions): Promise<MirrorSync> {
  const env = gitEnvironment(cloneUrl, opts);
  if (existsSync(path) && isMirror(path)) {
    try {
      const current = (await git(['-C', path, 'config', '--get', 'remote.origin.url'], env, opts.token).catch(() => '')).trim();
      if (current !== cloneUrl) await git(['-C', path, 'remote', 'set-url', 'origin', cloneUrl], env, opts.token);
      await git(['-C', path, 'fetch', '--prune', '--quiet', 'origin'], env, opts.token);
      return 'fetched';
    } catch (fetchError) {
      // A damaged mirror cannot fetch (git finds its own objects unreadable). A fresh clone replaces it,
      // but only once that clone succeeded: a network failure must not cost the mirror we have.
      try {
        await cloneFresh(cloneUrl, path, env, opts.token);
        return 'recloned';
      } catch {
        throw fetchError;
      }
    }
  }
  await cloneFresh(cloneUrl, path, env, opts.token);
  return 'cloned';
}

/** Clones into a temporary sibling, then puts it in place of whatever was at `path`. */
async function cloneFresh(cloneUrl: string, path: string, env: NodeJS.ProcessEnv, token: string | undefined): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  removeAbandonedClones(path);
  const temp = `${path}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await git(['clone', '--mirror', '--quiet', '--', cloneUrl, temp], env, token);
    // Not a mirror we can use (damaged, or a leftover of an older layout): our own cache, so replace it.
    rmSync(path, { recursive: true, force: true });
    renameSync(temp, path);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Half clones left by a process that died (kill -9, power loss): their pid is in the name. */
function removeAbandonedClones(path: string): void {
  const prefix = `${basename(path)}.partial-`;
  for (const entry of readdirSync(dirname(path))) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
      rmSync(join(dirname(path), entry), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isMirror(path: string): boolean {
  try {
    return openRepository(path).bare;
  } catch {
    return false;
  }
}

function gitEnvironment(cloneUrl: string, opts: MirrorOptions): NodeJS.ProcessEnv {
  // The clone URL comes from an API answer: git may use its network transports and local paths, never
  // a remote helper such as ext:: that runs commands (unless the operator set their own policy).
  const env: NodeJS.ProcessEnv = { GIT_ALLOW_PROTOCOL: 'https:http:ssh:git:file', ...opts.env, GIT_TERMINAL_PROMPT: '0' };
  for (const name of GIT_LOCATION_VARS) delete env[name];
  const origin = httpOrigin(cloneUrl);
  if (opts.token && origin) {
    const basic = Buffer.from(`x-access-token:${opts.token}`).toString('base64');
    const count = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
    env.GIT_CONFIG_COUNT = String(count + 1);
    env[`GIT_CONFIG_KEY_${count}`] = `http.${origin}/.extraHeader`;
    env[`GIT_CONFIG_VALUE_${count}`] = `Authorization: Basic ${basic}`;
  }
  return env;
}

/** `https://host[:port]` of an http(s) clone URL; null for paths, file://, ssh and anything else. */
function httpOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

function git(args: string[], env: NodeJS.ProcessEnv, token: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      const what = args.find((a) => a === 'clone' || a === 'fetch' || a === 'remote' || a === 'config') ?? 'git';
      reject(new SpillkitError('IO', `git ${what} failed: ${lastErrorLine(stderr, token) || error.message}`));
    });
  });
}

/** git's most telling line (its last fatal/error line), without the token, on one line. */
function lastErrorLine(stderr: string, token: string | undefined): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const telling = [...lines].reverse().find((l) => /^(fatal|error):/i.test(l)) ?? lines[lines.length - 1] ?? '';
  return token ? telling.split(token).join('***') : telling;
}
