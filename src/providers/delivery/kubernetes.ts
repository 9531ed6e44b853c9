import { SpillkitError } from '../../errors.js';
import type { Delivery } from '../contract.js';
import { callJson, errorText, scrub, type JsonResponse } from '../http.js';
import { clusterAccess, type ClusterAccess } from './kubeconfig.js';
import { entriesFor, ioContext, type DeliveryIO, type DeliveryTarget } from './target.js';
import { tlsFetch } from './tls-fetch.js';

/**
 * One data key of an existing Kubernetes Secret, through the cluster's API with the operator's
 * kubeconfig (kubeconfig.ts; never kubectl). The write is a JSON merge patch of `data.KEY` alone, so
 * every other key stays as it is. Before anything is written, the same patch is sent as a server-side
 * dry run (`dryRun=All`, with a placeholder value): authorization, admission and an immutable Secret
 * answer then, while nothing changes. Reads ask for the object's metadata only
 * (PartialObjectMetadata), so no value is fetched; the read-back is the resourceVersion the patch made.
 */
type K8sDelivery = Extract<Delivery, { kind: 'k8s-secret' }>;

const FLAG = '--to-k8s-secret';
const METADATA_ONLY = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
const PLACEHOLDER = Buffer.from('spillkit-dry-run').toString('base64');

function secretPath(d: K8sDelivery): string {
  return `/api/v1/namespaces/${encodeURIComponent(d.namespace)}/secrets/${encodeURIComponent(d.name)}`;
}

async function kube(io: DeliveryIO, access: ClusterAccess, call: string, method: 'GET' | 'PATCH', path: string, opts: { json?: unknown; write?: boolean; accept?: string; secrets?: string[] } = {}): Promise<JsonResponse> {
  const outcome = await callJson(ioContext(io), {
    provider: 'kubernetes',
    call,
    method,
    url: `${access.server}${path}`,
    headers: {
      ...(access.authorization ? { authorization: access.authorization } : {}),
      ...(opts.accept ? { accept: opts.accept } : {}),
      ...(method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {}),
    },
    json: opts.json,
    write: opts.write,
    // A merge patch setting one key to one value lands the same however often it is sent.
    idempotent: true,
    secrets: [...access.secrets, ...(opts.secrets ?? [])],
    transport: tlsFetch(access.tls),
  });
  if (outcome.state !== 'ok') throw new SpillkitError('IO', outcome.message, { code: outcome.code });
  return outcome.value;
}

function refusal(what: string, res: JsonResponse, secrets: string[]): SpillkitError {
  const said = scrub(errorText(res.body), secrets);
  const why = res.status === 401 ? 'the kubeconfig credential was rejected' : res.status === 403 ? 'forbidden (RBAC)' : res.status === 404 ? 'not found' : res.status === 422 ? 'invalid (an immutable Secret?)' : 'unexpected answer';
  return new SpillkitError('IO', `${what}: HTTP ${res.status} ${why}${said ? ` (${said})` : ''}`, { status: res.status });
}

async function metadata(io: DeliveryIO, access: ClusterAccess, d: K8sDelivery): Promise<{ resourceVersion: string }> {
  const res = await kube(io, access, 'GET secret metadata', 'GET', secretPath(d), { accept: METADATA_ONLY });
  if (res.status === 404) throw new SpillkitError('IO', `Kubernetes Secret ${d.namespace}/${d.name} does not exist in context ${access.context} (spillkit changes one key of an existing Secret)`, { status: 404 });
  if (res.status !== 200) throw refusal(`could not read Kubernetes Secret ${d.namespace}/${d.name}`, res, access.secrets);
  const meta = (res.body as { metadata?: { resourceVersion?: string } }).metadata;
  return { resourceVersion: String(meta?.resourceVersion ?? '') };
}

const validKey = (key: string): boolean => /^[-._a-zA-Z0-9]{1,253}$/.test(key);

export const k8sSecretTarget: DeliveryTarget<'k8s-secret'> = {
  kind: 'k8s-secret',
  parse(spec) {
    const m = /^([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?):([-._a-zA-Z0-9]{1,253})$/.exec(spec);
    if (!m) throw new SpillkitError('USAGE', `${FLAG} takes NAMESPACE/NAME:KEY (Kubernetes names, a data key), not '${spec}'`);
    return { kind: 'k8s-secret', namespace: m[1], name: m[2], key: m[3] };
  },
  async check(d, io) {
    const access = await clusterAccess(io.env);
    const meta = await metadata(io, access, d);
    const dry = await kube(io, access, 'PATCH secret (server-side dry run)', 'PATCH', `${secretPath(d)}?dryRun=All`, { json: { data: { [d.key]: PLACEHOLDER } }, write: true });
    if (dry.status !== 200) throw refusal(`Kubernetes refuses to change ${d.namespace}/${d.name} (dry run)`, dry, access.secrets);
    return `${this.describe(d)} exists in context ${access.context} (resourceVersion ${meta.resourceVersion}); a dry-run patch is accepted`;
  },
  async deliver(d, values, io) {
    const access = await clusterAccess(io.env);
    const pairs = entriesFor(d.key, values);
    for (const p of pairs) if (!validKey(p.entry)) throw new SpillkitError('USAGE', `${FLAG}: '${p.entry}' is not a valid Secret data key`);
    const secrets = Object.values(values);
    const data = Object.fromEntries(pairs.map((p) => [p.entry, Buffer.from(p.value, 'utf8').toString('base64')]));
    // The encoded values are secrets too: a message echoing the request must not show them either.
    const encoded = Object.values(data);
    const res = await kube(io, access, 'PATCH secret', 'PATCH', secretPath(d), { json: { data }, write: true, secrets: [...secrets, ...encoded] });
    if (res.status !== 200) throw refusal(`could not patch Kubernetes Secret ${d.namespace}/${d.name}`, res, [...access.secrets, ...secrets, ...encoded]);
    // The answer is the whole Secret: only its resourceVersion is kept.
    const version = String((res.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion ?? '');
    return { entries: pairs.map((p) => p.entry), created: [], versions: { [`${d.namespace}/${d.name}`]: version } };
  },
  async readBack(d, receipt, io) {
    const access = await clusterAccess(io.env);
    const meta = await metadata(io, access, d);
    const wrote = receipt.versions?.[`${d.namespace}/${d.name}`];
    if (meta.resourceVersion !== wrote) return `resourceVersion is now ${meta.resourceVersion} (the patch made ${wrote}: changed again since)`;
    return `resourceVersion ${meta.resourceVersion} (the patch's)`;
  },
  describe: (d) => `Kubernetes Secret ${d.namespace}/${d.name}:${d.key}`,
  entryName: (d) => d.key,
};
