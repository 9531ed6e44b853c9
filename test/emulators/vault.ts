import { startLoopback, type EmuRequest, type EmuResponse, type Loopback } from './saas.js';

/**
 * A loopback HashiCorp Vault for the KV delivery target: KV v2 (data and metadata endpoints, versions,
 * check-and-set, JSON merge patch with Vault's own content type) and KV v1 mounts, mount discovery
 * (`sys/internal/ui/mounts/PATH`) and `sys/capabilities-self`. Tokens carry the capabilities they have;
 * an unknown token answers 403 `permission denied` as Vault does. Errors come as `{"errors": [...]}`.
 * `beforeWrite` lets a test slip a concurrent writer in between spillkit's read and its write.
 */
export interface VaultToken {
  token: string;
  capabilities: string[];
}

interface Version {
  data: Record<string, unknown>;
  created_time: string;
}

export interface VaultEmulator extends Loopback {
  tokens: VaultToken[];
  /** Mount path (with trailing slash) -> KV version. */
  mounts: Record<string, 1 | 2>;
  /** KV v2: `mount/rest` -> versions, oldest first. */
  v2: Map<string, Version[]>;
  /** KV v1: `mount/rest` -> data. */
  v1: Map<string, Record<string, unknown>>;
  /** Answer 404 on the ui mounts endpoint, as a Vault too old to have it does. */
  noMountDiscovery: boolean;
  /** Namespace each call named (X-Vault-Namespace), in order. */
  namespaces: Array<string | null>;
  beforeWrite: ((path: string) => void) | null;
  /** The current data of a secret, as a test reads it to check a delivery. */
  current(path: string): Record<string, unknown> | null;
}

const DENIED: EmuResponse = { status: 403, body: { errors: ['permission denied'] } };

export async function startVaultEmulator(tokens: VaultToken[]): Promise<VaultEmulator> {
  const mounts: Record<string, 1 | 2> = { 'secret/': 2, 'kv1/': 1 };
  const v2 = new Map<string, Version[]>();
  const v1 = new Map<string, Record<string, unknown>>();
  const mountOf = (path: string): string | null => Object.keys(mounts).sort((a, b) => b.length - a.length).find((m) => path.startsWith(m)) ?? null;
  const route = (req: EmuRequest): EmuResponse => {
    emulator.namespaces.push(typeof req.headers['x-vault-namespace'] === 'string' ? req.headers['x-vault-namespace'] : null);
    const token = tokens.find((t) => t.token === req.headers['x-vault-token']);
    if (!token) return DENIED;
    if (!req.path.startsWith('/v1/')) return { status: 404, body: { errors: [] } };
    const path = decodeURIComponent(req.path.slice(4));
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    const can = (cap: string): boolean => token.capabilities.includes(cap) || token.capabilities.includes('root');
    if (path.startsWith('sys/internal/ui/mounts/')) {
      if (emulator.noMountDiscovery) return { status: 404, body: { errors: [] } };
      const mount = mountOf(path.slice('sys/internal/ui/mounts/'.length));
      if (!mount) return { status: 400, body: { errors: ['no mount found'] } };
      return { status: 200, body: { data: { path: mount, type: 'kv', options: mounts[mount] === 2 ? { version: '2' } : null } } };
    }
    if (path === 'sys/capabilities-self' && req.method === 'POST') {
      const paths = (body.paths as string[]) ?? [];
      return { status: 200, body: { capabilities: token.capabilities, ...Object.fromEntries(paths.map((p) => [p, token.capabilities])) } };
    }
    const mount = mountOf(path);
    if (!mount) return { status: 404, body: { errors: ['no handler for route'] } };
    const inner = path.slice(mount.length);
    if (mounts[mount] === 1) {
      const key = `${mount}${inner}`;
      if (req.method === 'GET') {
        if (!can('read')) return DENIED;
        const data = v1.get(key);
        return data ? { status: 200, body: { data } } : { status: 404, body: { errors: [] } };
      }
      if (req.method === 'POST' || req.method === 'PUT') {
        if (!can('update') && !can('create')) return DENIED;
        emulator.beforeWrite?.(key);
        v1.set(key, body);
        return { status: 204 };
      }
      return { status: 405, body: { errors: ['unsupported operation'] } };
    }
    const [kind, ...restParts] = inner.split('/');
    const key = `${mount}${restParts.join('/')}`;
    const versions = v2.get(key);
    if (kind === 'metadata' && req.method === 'GET') {
      if (!can('read') && !can('list')) return DENIED;
      if (!versions?.length) return { status: 404, body: { errors: [] } };
      return { status: 200, body: { data: { current_version: versions.length, oldest_version: 1, cas_required: false, versions: Object.fromEntries(versions.map((v, i) => [String(i + 1), { created_time: v.created_time, deletion_time: '', destroyed: false }])) } } };
    }
    if (kind !== 'data') return { status: 404, body: { errors: [] } };
    if (req.method === 'GET') {
      if (!can('read')) return DENIED;
      const last = versions?.at(-1);
      return last ? { status: 200, body: { data: { data: last.data, metadata: { version: versions!.length, created_time: last.created_time } } } } : { status: 404, body: { errors: [] } };
    }
    if (req.method === 'POST' || req.method === 'PATCH') {
      const patch = req.method === 'PATCH';
      if (patch && !can('patch')) return DENIED;
      if (!patch && !can('create') && !can('update')) return DENIED;
      if (patch && !String(req.headers['content-type']).startsWith('application/merge-patch+json')) {
        return { status: 415, body: { errors: ['PATCH requires Content-Type application/merge-patch+json'] } };
      }
      emulator.beforeWrite?.(key);
      const now = v2.get(key) ?? [];
      const cas = (body.options as { cas?: number } | undefined)?.cas;
      if (patch && now.length === 0) return { status: 404, body: { errors: [] } };
      if (cas !== undefined && cas !== now.length) return { status: 400, body: { errors: ['check-and-set parameter did not match the current version'] } };
      const incoming = (body.data ?? {}) as Record<string, unknown>;
      const base = patch ? { ...now.at(-1)!.data } : {};
      for (const [k, v] of Object.entries(incoming)) {
        if (patch && v === null) delete base[k];
        else base[k] = v;
      }
      const version: Version = { data: base, created_time: new Date().toISOString() };
      v2.set(key, [...now, version]);
      return { status: 200, body: { data: { version: now.length + 1, created_time: version.created_time, deletion_time: '', destroyed: false } } };
    }
    return { status: 405, body: { errors: ['unsupported operation'] } };
  };
  const loopback = await startLoopback(route);
  const emulator: VaultEmulator = {
    ...loopback,
    tokens,
    mounts,
    v2,
    v1,
    noMountDiscovery: false,
    namespaces: [],
    beforeWrite: null,
    current(path) {
      const mount = mountOf(path);
      if (!mount) return null;
      return mounts[mount] === 2 ? v2.get(path)?.at(-1)?.data ?? null : v1.get(path) ?? null;
    },
  };
  return emulator;
}
