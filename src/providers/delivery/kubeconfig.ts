import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { SpillkitError } from '../../errors.js';
import type { TlsMaterial } from './tls-fetch.js';

/**
 * The operator's kubeconfig, read the way kubectl reads it: the files in KUBECONFIG (the first to name
 * a cluster, user or context wins; the first current-context wins), else ~/.kube/config; the context
 * SPILLKIT_KUBE_CONTEXT names, else the current one. Supported credentials: a bearer token (inline or
 * tokenFile), a client certificate and key (inline data or files), and an exec credential plugin (run
 * with its argv, no shell, as kubectl would). The cluster's CA is trusted as the kubeconfig says;
 * `insecure-skip-tls-verify` is refused: a secret is not sent to a server nobody verified.
 */
export interface ClusterAccess {
  context: string;
  server: string;
  tls: TlsMaterial;
  /** Authorization header value (`Bearer …`), when the user authenticates with a token. */
  authorization?: string;
  /** Values that must never reach a message (the token, the client key). */
  secrets: string[];
}

interface Named<T> {
  name: string;
  value: T;
  /** Directory of the file it came from: relative paths are resolved against it. */
  base: string;
}

interface ClusterEntry {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}

interface ExecConfig {
  command?: string;
  args?: string[];
  env?: Array<{ name: string; value: string }> | null;
  apiVersion?: string;
}

interface UserEntry {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  exec?: ExecConfig;
  'auth-provider'?: unknown;
  username?: string;
}

interface ContextEntry {
  cluster?: string;
  user?: string;
}

interface Loaded {
  clusters: Named<ClusterEntry>[];
  users: Named<UserEntry>[];
  contexts: Named<ContextEntry>[];
  current: string | null;
}

export function kubeconfigFiles(env: NodeJS.ProcessEnv): string[] {
  const listed = (env.KUBECONFIG ?? '').split(delimiter).map((f) => f.trim()).filter(Boolean);
  if (listed.length) return listed;
  return [join(env.HOME || homedir(), '.kube', 'config')];
}

function load(env: NodeJS.ProcessEnv): Loaded {
  const out: Loaded = { clusters: [], users: [], contexts: [], current: null };
  const files = kubeconfigFiles(env).filter((f) => existsSync(f));
  if (!files.length) throw new SpillkitError('USAGE', `--to-k8s-secret needs a kubeconfig: none at ${kubeconfigFiles(env).join(', ')} (set KUBECONFIG)`);
  for (const file of files) {
    let doc: Record<string, unknown>;
    try {
      doc = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new SpillkitError('USAGE', `kubeconfig ${file} is not readable YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    const base = dirname(file);
    const take = <T>(list: unknown, field: string, into: Named<T>[]): void => {
      if (!Array.isArray(list)) return;
      for (const entry of list as Array<Record<string, unknown>>) {
        const name = typeof entry?.name === 'string' ? entry.name : null;
        if (name && !into.some((n) => n.name === name)) into.push({ name, value: (entry[field] ?? {}) as T, base });
      }
    };
    take(doc.clusters, 'cluster', out.clusters);
    take(doc.users, 'user', out.users);
    take(doc.contexts, 'context', out.contexts);
    if (!out.current && typeof doc['current-context'] === 'string' && doc['current-context']) out.current = doc['current-context'];
  }
  return out;
}

const resolvePath = (base: string, path: string): string => (isAbsolute(path) ? path : join(base, path));

function readPem(base: string, inline: string | undefined, file: string | undefined, what: string): Buffer | undefined {
  if (inline) return Buffer.from(inline, 'base64');
  if (!file) return undefined;
  try {
    return readFileSync(resolvePath(base, file));
  } catch (e) {
    throw new SpillkitError('USAGE', `kubeconfig ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The cluster, TLS material and credentials of the chosen context. */
export async function clusterAccess(env: NodeJS.ProcessEnv): Promise<ClusterAccess> {
  const config = load(env);
  const contextName = env.SPILLKIT_KUBE_CONTEXT?.trim() || config.current;
  if (!contextName) throw new SpillkitError('USAGE', 'the kubeconfig has no current-context: set SPILLKIT_KUBE_CONTEXT');
  const context = config.contexts.find((c) => c.name === contextName);
  if (!context) throw new SpillkitError('USAGE', `kubeconfig context '${contextName}' does not exist`);
  const cluster = config.clusters.find((c) => c.name === context.value.cluster);
  if (!cluster?.value.server) throw new SpillkitError('USAGE', `kubeconfig context '${contextName}' names cluster '${context.value.cluster ?? ''}', which has no server`);
  const c = cluster.value;
  if (c['insecure-skip-tls-verify']) {
    throw new SpillkitError('USAGE', `kubeconfig cluster '${cluster.name}' sets insecure-skip-tls-verify: spillkit will not send a secret to a server it cannot verify (give it its CA)`);
  }
  if (!c.server!.startsWith('https://')) throw new SpillkitError('USAGE', `kubeconfig cluster '${cluster.name}' is not served over https: spillkit will not send a secret in clear text`);
  const tls: TlsMaterial = {
    ca: readPem(cluster.base, c['certificate-authority-data'], c['certificate-authority'], 'certificate-authority'),
    ...(c['tls-server-name'] ? { servername: c['tls-server-name'] } : {}),
  };
  const user = config.users.find((u) => u.name === context.value.user);
  const access: ClusterAccess = { context: contextName, server: c.server!.replace(/\/+$/, ''), tls, secrets: [] };
  if (!user) return access;
  const u = user.value;
  if (u['auth-provider']) throw new SpillkitError('USAGE', `kubeconfig user '${user.name}' uses a legacy auth-provider, which spillkit does not run: use an exec plugin or a token`);
  tls.cert = readPem(user.base, u['client-certificate-data'], u['client-certificate'], 'client-certificate');
  tls.key = readPem(user.base, u['client-key-data'], u['client-key'], 'client-key');
  let token = u.token ?? (u.tokenFile ? readPem(user.base, undefined, u.tokenFile, 'tokenFile')?.toString('utf8').trim() : undefined);
  if (!token && !tls.cert && u.exec?.command) {
    const issued = await runExecPlugin(u.exec, user.base, env);
    token = issued.token;
    if (issued.cert) tls.cert = issued.cert;
    if (issued.key) tls.key = issued.key;
  }
  if (token) {
    access.authorization = `Bearer ${token}`;
    access.secrets.push(token);
  }
  if (tls.key) access.secrets.push(tls.key.toString('utf8'));
  return access;
}

/**
 * An exec credential plugin (`aws eks get-token`, `gke-gcloud-auth-plugin`): run with its argv and the
 * extra environment the kubeconfig gives, no shell; its ExecCredential answer holds a token or a client
 * certificate. Its stderr is dropped (it may echo what it was given).
 */
function runExecPlugin(exec: ExecConfig, base: string, env: NodeJS.ProcessEnv): Promise<{ token?: string; cert?: Buffer; key?: Buffer }> {
  const command = exec.command!.includes('/') ? resolvePath(base, exec.command!) : exec.command!;
  const info = { apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } };
  const extra = Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value]));
  return new Promise((resolve, reject) => {
    execFile(command, exec.args ?? [], { env: { ...env, ...extra, KUBERNETES_EXEC_INFO: JSON.stringify(info) }, timeout: 60_000, maxBuffer: 4 << 20, encoding: 'utf8' }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(new SpillkitError('USAGE', `kubeconfig exec plugin ${exec.command} ${code === 'ENOENT' ? 'is not installed' : `failed (${typeof code === 'number' ? `exit ${code}` : code ?? error.message.split('\n')[0]})`}`));
        return;
      }
      try {
        const status = (JSON.parse(stdout) as { status?: { token?: string; clientCertificateData?: string; clientKeyData?: string } }).status ?? {};
        resolve({
          token: status.token,
          cert: status.clientCertificateData ? Buffer.from(status.clientCertificateData, 'utf8') : undefined,
          key: status.clientKeyData ? Buffer.from(status.clientKeyData, 'utf8') : undefined,
        });
      } catch {
        reject(new SpillkitError('USAGE', `kubeconfig exec plugin ${exec.command} did not print an ExecCredential`));
      }
    });
  });
}
