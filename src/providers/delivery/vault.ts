import { SpillkitError } from '../../errors.js';
import type { Delivery } from '../contract.js';
import { callJson, scrub, type JsonResponse } from '../http.js';
import { entriesFor, ioContext, needEnv, type DeliveryIO, type DeliveryTarget } from './target.js';

/**
 * A HashiCorp Vault KV secret, one key of it, with the operator's VAULT_TOKEN at VAULT_ADDR (and
 * VAULT_NAMESPACE on Enterprise). The mount and its KV version are asked of Vault, as its own CLI does
 * (`sys/internal/ui/mounts/PATH`); a Vault too old to say is treated as KV v1 under the first segment.
 *
 * KV v2: a JSON merge patch of the one key with check-and-set on the version read just before, so the
 * other keys stay and a concurrent writer makes the write fail instead of being overwritten; a secret
 * that does not exist yet is created with cas=0 (only if still absent). The read-back is the metadata
 * endpoint: the current version must be the one the write made. KV v1 has neither patch nor versions:
 * the secret is read, merged and written whole (a concurrent writer could interleave; said in the docs),
 * and the read-back lists its keys.
 */
type VaultDelivery = Extract<Delivery, { kind: 'vault-kv' }>;

interface Mount {
  /** With its trailing slash: `secret/`. */
  mount: string;
  version: 1 | 2;
  /** The path inside the mount. */
  rest: string;
}

const FLAG = '--to-vault-kv';

function addr(io: DeliveryIO): string {
  return needEnv(io.env, ['VAULT_ADDR'], FLAG, 'the Vault address').replace(/\/+$/, '');
}

function vaultErrors(body: unknown): string {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors.filter((e) => typeof e === 'string').join('; ').replace(/\s+/g, ' ').trim() : '';
}

async function vault(io: DeliveryIO, call: string, method: 'GET' | 'POST' | 'PATCH', path: string, opts: { json?: unknown; write?: boolean; contentType?: string; secrets?: string[] } = {}): Promise<JsonResponse> {
  const token = needEnv(io.env, ['VAULT_TOKEN'], FLAG, 'an operator token');
  const namespace = io.env.VAULT_NAMESPACE?.trim();
  const secrets = [token, ...(opts.secrets ?? [])];
  const outcome = await callJson(ioContext(io), {
    provider: 'vault',
    call,
    method,
    url: `${addr(io)}/v1/${path}`,
    headers: { 'X-Vault-Token': token, ...(namespace ? { 'X-Vault-Namespace': namespace } : {}), ...(opts.contentType ? { 'content-type': opts.contentType } : {}) },
    json: opts.json,
    write: opts.write,
    // Every write here is safe to repeat: a check-and-set or a whole-secret write lands once or fails.
    idempotent: true,
    secrets,
  });
  if (outcome.state !== 'ok') throw new SpillkitError('IO', outcome.message, { code: outcome.code });
  return outcome.value;
}

function refusal(what: string, res: JsonResponse, secrets: string[] = []): SpillkitError {
  const said = scrub(vaultErrors(res.body), secrets);
  const why = res.status === 403 ? 'permission denied (the token or its policy)' : res.status === 404 ? 'not found' : res.status === 400 ? 'rejected' : 'unexpected answer';
  return new SpillkitError('IO', `${what}: HTTP ${res.status} ${why}${said ? ` (${said})` : ''}`, { status: res.status });
}

const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

async function mountOf(io: DeliveryIO, path: string): Promise<Mount> {
  const res = await vault(io, 'GET sys/internal/ui/mounts/:path', 'GET', `sys/internal/ui/mounts/${encodePath(path)}`);
  if (res.status === 404) {
    const slash = path.indexOf('/');
    return { mount: `${path.slice(0, slash)}/`, version: 1, rest: path.slice(slash + 1) };
  }
  if (res.status !== 200) throw refusal(`could not find the Vault mount of ${path}`, res);
  const data = (res.body as { data?: { path?: string; type?: string; options?: { version?: string } | null } }).data ?? {};
  if (!data.path || (data.type !== 'kv' && data.type !== 'generic')) throw new SpillkitError('IO', `${path} is not under a KV mount in Vault (mount ${data.path ?? '?'} is ${data.type ?? 'unknown'})`);
  const rest = path.slice(data.path.length);
  if (!rest) throw new SpillkitError('USAGE', `${FLAG}: ${path} is the mount itself; name a secret under it`);
  return { mount: data.path, version: data.options?.version === '2' ? 2 : 1, rest };
}

/** KV v2 metadata: the current version, or 0 when the secret does not exist (or all its versions are destroyed). */
async function currentVersion(io: DeliveryIO, m: Mount): Promise<number> {
  const res = await vault(io, 'GET :mount/metadata/:path', 'GET', `${m.mount}metadata/${encodePath(m.rest)}`);
  if (res.status === 404) return 0;
  if (res.status !== 200) throw refusal(`could not read the Vault metadata of ${m.mount}${m.rest}`, res);
  return Number((res.body as { data?: { current_version?: number } }).data?.current_version ?? 0);
}

async function capabilities(io: DeliveryIO, path: string): Promise<string[]> {
  const res = await vault(io, 'POST sys/capabilities-self', 'POST', 'sys/capabilities-self', { json: { paths: [path] } });
  if (res.status !== 200) throw refusal('could not ask Vault what the token may do', res);
  const body = res.body as Record<string, unknown> & { data?: Record<string, unknown> };
  const list = body[path] ?? body.capabilities ?? body.data?.[path] ?? body.data?.capabilities;
  return Array.isArray(list) ? list.map(String) : [];
}

export const vaultKvTarget: DeliveryTarget<'vault-kv'> = {
  kind: 'vault-kv',
  parse(spec) {
    const m = /^([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.@-]+)+):([^:\s]{1,256})$/.exec(spec);
    if (!m) throw new SpillkitError('USAGE', `${FLAG} takes MOUNT/PATH:KEY (e.g. secret/app/prod:DATABASE_URL), not '${spec}'`);
    return { kind: 'vault-kv', path: m[1], key: m[2] };
  },
  async check(d, io) {
    const m = await mountOf(io, d.path);
    const version = m.version === 2 ? await currentVersion(io, m) : null;
    const exists = m.version === 2 ? version! > 0 : (await vault(io, 'GET :mount/:path', 'GET', `${m.mount}${encodePath(m.rest)}`)).status === 200;
    const apiPath = m.version === 2 ? `${m.mount}data/${m.rest}` : `${m.mount}${m.rest}`;
    const caps = await capabilities(io, apiPath);
    const needs = exists ? (m.version === 2 ? ['patch', 'update'] : ['update']) : ['create'];
    if (!caps.includes('root') && !needs.some((c) => caps.includes(c))) {
      throw new SpillkitError('IO', `the Vault token may not ${needs.join(' or ')} ${apiPath} (it has: ${caps.join(', ') || 'nothing'})`);
    }
    return `${this.describe(d)}: KV v${m.version} at mount ${m.mount}, ${exists ? `exists${version ? ` (version ${version})` : ''}` : 'will be created'}`;
  },
  async deliver(d, values, io) {
    const m = await mountOf(io, d.path);
    const pairs = entriesFor(d.key, values);
    const data = Object.fromEntries(pairs.map((p) => [p.entry, p.value]));
    const secrets = Object.values(values);
    const where = `${m.mount}${m.rest}`;
    if (m.version === 2) {
      const cas = await currentVersion(io, m);
      const path = `${m.mount}data/${encodePath(m.rest)}`;
      const res = cas === 0
        ? await vault(io, 'POST :mount/data/:path', 'POST', path, { json: { options: { cas: 0 }, data }, write: true, secrets })
        : await vault(io, 'PATCH :mount/data/:path', 'PATCH', path, { json: { options: { cas }, data }, write: true, contentType: 'application/merge-patch+json', secrets });
      if (res.status !== 200) throw refusal(`could not write ${pairs.map((p) => p.entry).join(', ')} to Vault ${where} (check-and-set on version ${cas})`, res, secrets);
      const version = String((res.body as { data?: { version?: number } }).data?.version ?? '');
      return { entries: pairs.map((p) => p.entry), created: cas === 0 ? pairs.map((p) => p.entry) : [], versions: { [d.path]: version } };
    }
    const path = `${m.mount}${encodePath(m.rest)}`;
    const current = await vault(io, 'GET :mount/:path', 'GET', path);
    if (current.status !== 200 && current.status !== 404) throw refusal(`could not read Vault ${where} to merge one key`, current);
    const existing = current.status === 200 ? ((current.body as { data?: Record<string, unknown> }).data ?? {}) : {};
    const created = pairs.map((p) => p.entry).filter((k) => !(k in existing));
    const res = await vault(io, 'POST :mount/:path', 'POST', path, { json: { ...existing, ...data }, write: true, secrets });
    if (res.status !== 204 && res.status !== 200) throw refusal(`could not write ${pairs.map((p) => p.entry).join(', ')} to Vault ${where}`, res, secrets);
    return { entries: pairs.map((p) => p.entry), created };
  },
  async readBack(d, receipt, io) {
    const m = await mountOf(io, d.path);
    if (m.version === 2) {
      const version = await currentVersion(io, m);
      const wrote = receipt.versions?.[d.path];
      if (String(version) !== wrote) throw new SpillkitError('IO', `Vault ${d.path}: current version is ${version}, not the ${wrote} this write made (another writer?)`);
      return `KV v2 version ${version} is current`;
    }
    // KV v1 keeps no metadata: the key names are what can be shown without a value.
    const res = await vault(io, 'GET :mount/:path', 'GET', `${m.mount}${encodePath(m.rest)}`);
    const keys = res.status === 200 ? Object.keys((res.body as { data?: Record<string, unknown> }).data ?? {}) : [];
    const missing = receipt.entries.filter((k) => !keys.includes(k));
    if (missing.length) throw new SpillkitError('IO', `Vault ${d.path} lacks ${missing.join(', ')} after the write`);
    return `KV v1 keys present: ${receipt.entries.join(', ')}`;
  },
  describe: (d) => `Vault KV ${d.path}:${d.key}`,
  entryName: (d) => d.key,
};
