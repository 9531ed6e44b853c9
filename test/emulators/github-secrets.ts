import sodium from 'libsodium-wrappers';
import { bearer, startLoopback, type EmuRequest, type EmuResponse, type Loopback } from './saas.js';

/**
 * A loopback GitHub REST API (Enterprise layout, under /api/v3) for the three sealed secret stores of a
 * repository: Actions secrets, an environment's secrets and Dependabot secrets. Each store has its own
 * libsodium key pair, as on GitHub; a PUT must carry a value sealed to that store's key and its key_id
 * (else 422), and answers 201 when it created the secret, 204 when it replaced one. A GET of a secret
 * shows its name and dates only. 401 for an unknown token, 404 for an unknown repository or
 * environment (and for a token without access, as GitHub hides private repositories).
 */
export interface StoredSecret {
  encrypted_value: string;
  key_id: string;
  created_at: string;
  updated_at: string;
}

interface Store {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  secrets: Map<string, StoredSecret>;
}

export interface GithubSecretsEmulator extends Loopback {
  apiUrl: string;
  /** token -> repositories (`owner/repo`) it administers. */
  tokens: Map<string, string[]>;
  /** `owner/repo` -> environment names. */
  repos: Map<string, string[]>;
  /** Opens a stored secret with the store's private key, as a runner would. */
  open(store: string, name: string): string | null;
  stored(store: string, name: string): StoredSecret | undefined;
}

const DOCS = 'https://docs.github.com/rest';

export async function startGithubSecretsEmulator(tokens: Map<string, string[]>, repos: Map<string, string[]>): Promise<GithubSecretsEmulator> {
  await sodium.ready;
  const stores = new Map<string, Store>();
  const storeFor = (id: string): Store => {
    let store = stores.get(id);
    if (!store) {
      const pair = sodium.crypto_box_keypair();
      store = { keyId: String(3380000000000000000n + BigInt(stores.size)), publicKey: pair.publicKey, privateKey: pair.privateKey, secrets: new Map() };
      stores.set(id, store);
    }
    return store;
  };
  const route = (req: EmuRequest): EmuResponse => {
    const token = bearer(req) ?? (typeof req.headers.authorization === 'string' ? req.headers.authorization.replace(/^token /, '') : null);
    const allowed = token ? tokens.get(token) : undefined;
    if (!allowed) return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS } };
    const m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/(?:(actions|dependabot)|environments\/([^/]+))\/secrets\/([^/]+)$/.exec(req.path);
    if (!m) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
    const repo = `${m[1]}/${m[2]}`;
    const environment = m[4] === undefined ? null : decodeURIComponent(m[4]);
    if (!repos.has(repo) || !allowed.includes(repo)) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
    if (environment !== null && !repos.get(repo)!.includes(environment)) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
    const store = storeFor(`${repo}:${m[3] ?? `env:${environment}`}`);
    const name = decodeURIComponent(m[5]);
    if (name === 'public-key' && req.method === 'GET') {
      return { status: 200, body: { key_id: store.keyId, key: sodium.to_base64(store.publicKey, sodium.base64_variants.ORIGINAL) } };
    }
    const upper = name.toUpperCase();
    if (req.method === 'GET') {
      const s = store.secrets.get(upper);
      return s ? { status: 200, body: { name: upper, created_at: s.created_at, updated_at: s.updated_at } } : { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
    }
    if (req.method === 'PUT') {
      const body = JSON.parse(req.body || '{}') as { encrypted_value?: string; key_id?: string };
      if (body.key_id !== store.keyId || typeof body.encrypted_value !== 'string') return { status: 422, body: { message: 'Invalid request.', documentation_url: DOCS } };
      try {
        sodium.crypto_box_seal_open(sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL), store.publicKey, store.privateKey);
      } catch {
        return { status: 422, body: { message: 'Bad encrypted value', documentation_url: DOCS } };
      }
      const now = new Date().toISOString();
      const existed = store.secrets.get(upper);
      store.secrets.set(upper, { encrypted_value: body.encrypted_value, key_id: body.key_id, created_at: existed?.created_at ?? now, updated_at: now });
      return existed ? { status: 204 } : { status: 201, body: {} };
    }
    return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
  };
  const loopback = await startLoopback(route);
  return {
    ...loopback,
    apiUrl: `${loopback.url}/api/v3`,
    tokens,
    repos,
    stored: (id, name) => stores.get(id)?.secrets.get(name),
    open(id, name) {
      const store = stores.get(id);
      const s = store?.secrets.get(name);
      if (!store || !s) return null;
      return sodium.to_string(sodium.crypto_box_seal_open(sodium.from_base64(s.encrypted_value, sodium.base64_variants.ORIGINAL), store.publicKey, store.privateKey));
    },
  };
}
