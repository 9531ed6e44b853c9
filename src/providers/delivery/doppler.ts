import { SpillkitError } from '../../errors.js';
import type { Delivery } from '../contract.js';
import { callJson, scrub, type JsonResponse } from '../http.js';
import { entriesFor, ioContext, needEnv, type DeliveryIO, type DeliveryTarget } from './target.js';

/**
 * A secret of a Doppler config, with the operator's DOPPLER_TOKEN (a personal or service-account token
 * with write access to the config; DOPPLER_API_URL points elsewhere than api.doppler.com). The write
 * names only the secrets being set, so the config's other secrets are left as they are. Doppler answers
 * a write with the config's values; spillkit drops that answer unread. The read-back is the config's
 * list of secret names (`secrets/names`), which holds no values.
 */
type DopplerDelivery = Extract<Delivery, { kind: 'doppler' }>;

const FLAG = '--to-doppler';
const DEFAULT_API = 'https://api.doppler.com';

function dopplerMessages(body: unknown): string {
  const messages = (body as { messages?: unknown } | null)?.messages;
  return Array.isArray(messages) ? messages.filter((m) => typeof m === 'string').join('; ') : '';
}

async function doppler(io: DeliveryIO, call: string, method: 'GET' | 'POST', path: string, query: Record<string, string>, opts: { json?: unknown; write?: boolean; secrets?: string[] } = {}): Promise<JsonResponse> {
  const token = needEnv(io.env, ['DOPPLER_TOKEN'], FLAG, 'an operator token');
  const base = (io.env.DOPPLER_API_URL?.trim() || DEFAULT_API).replace(/\/+$/, '');
  const outcome = await callJson(ioContext(io), {
    provider: 'doppler',
    call,
    method,
    url: `${base}${path}?${new URLSearchParams(query)}`,
    headers: { authorization: `Bearer ${token}` },
    json: opts.json,
    write: opts.write,
    // Setting a secret to a value twice leaves the same state: safe to repeat after a 5xx.
    idempotent: true,
    secrets: [token, ...(opts.secrets ?? [])],
  });
  if (outcome.state !== 'ok') throw new SpillkitError('IO', outcome.message, { code: outcome.code });
  return outcome.value;
}

function refusal(what: string, res: JsonResponse, secrets: string[] = []): SpillkitError {
  const said = scrub(dopplerMessages(res.body), secrets);
  const why = res.status === 401 ? 'the token was rejected' : res.status === 403 ? 'permission denied (a read-only token?)' : res.status === 404 ? 'not found' : 'unexpected answer';
  return new SpillkitError('IO', `${what}: HTTP ${res.status} ${why}${said ? ` (${said})` : ''}`, { status: res.status });
}

async function names(io: DeliveryIO, d: DopplerDelivery): Promise<string[]> {
  const res = await doppler(io, 'GET /v3/configs/config/secrets/names', 'GET', '/v3/configs/config/secrets/names', { project: d.project, config: d.config });
  if (res.status !== 200) throw refusal(`could not list the secrets of Doppler ${d.project}/${d.config}`, res);
  const list = (res.body as { names?: unknown }).names;
  return Array.isArray(list) ? list.map(String) : [];
}

export const dopplerTarget: DeliveryTarget<'doppler'> = {
  kind: 'doppler',
  parse(spec) {
    const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+):([A-Z_][A-Z0-9_]*)$/.exec(spec);
    if (!m) throw new SpillkitError('USAGE', `${FLAG} takes PROJECT/CONFIG:NAME (NAME in capitals, digits and _), not '${spec}'`);
    return { kind: 'doppler', project: m[1], config: m[2], name: m[3] };
  },
  async check(d, io) {
    const res = await doppler(io, 'GET /v3/configs/config', 'GET', '/v3/configs/config', { project: d.project, config: d.config });
    if (res.status !== 200) throw refusal(`could not read Doppler config ${d.project}/${d.config}`, res);
    const config = (res.body as { config?: { locked?: boolean } }).config;
    const present = (await names(io, d)).includes(d.name);
    return `${this.describe(d)} ${present ? 'exists' : 'will be created'}${config?.locked ? ' (the config is locked against deletion, not writes)' : ''}`;
  },
  async deliver(d, values, io) {
    const before = new Set(await names(io, d));
    const pairs = entriesFor(d.name, values);
    for (const p of pairs) if (!/^[A-Z_][A-Z0-9_]*$/.test(p.entry)) throw new SpillkitError('USAGE', `${FLAG}: '${p.entry}' is not a Doppler secret name`);
    const secrets = Object.values(values);
    const res = await doppler(io, 'POST /v3/configs/config/secrets', 'POST', '/v3/configs/config/secrets', {}, {
      json: { project: d.project, config: d.config, secrets: Object.fromEntries(pairs.map((p) => [p.entry, p.value])) },
      write: true,
      secrets,
    });
    if (res.status !== 200) throw refusal(`could not set ${pairs.map((p) => p.entry).join(', ')} in Doppler ${d.project}/${d.config}`, res, secrets);
    return { entries: pairs.map((p) => p.entry), created: pairs.map((p) => p.entry).filter((n) => !before.has(n)) };
  },
  async readBack(d, receipt, io) {
    const present = await names(io, d);
    const missing = receipt.entries.filter((n) => !present.includes(n));
    if (missing.length) throw new SpillkitError('IO', `Doppler ${d.project}/${d.config} does not list ${missing.join(', ')} after the write`);
    return `${receipt.entries.join(', ')} listed in ${d.project}/${d.config}`;
  },
  describe: (d) => `Doppler secret ${d.project}/${d.config}:${d.name}`,
  entryName: (d) => d.name,
};
