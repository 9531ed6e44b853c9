import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sodium from 'libsodium-wrappers';
import { expandTemplate } from '../../src/rules/fake-secret.js';

/**
 * A loopback emulator of the GitHub REST API (GitHub Enterprise layout: everything under /api/v3), with
 * GitHub's JSON shapes, status codes and headers, for the parts spillkit uses: `GET /user`, the public
 * credential revocation endpoint, Actions secrets (sealed with a real libsodium key pair), secret-scanning
 * alerts (per repository and per organization, with their locations), organization/user repository listings with Link-header pagination, the organization audit log,
 * and scripted faults (primary and secondary rate limits, 429s, 5xx). Tokens are fake, generated at run
 * time. Every request lands in `calls` so tests can assert exactly what was (not) sent.
 */

export interface EmulatedUser {
  login: string;
  id: number;
  type: 'User' | 'Organization' | 'Bot';
}

export interface EmulatedToken {
  value: string;
  /** Owner login; for an installation token, the account the app is installed on. */
  login: string;
  scopes?: string[];
  /** `github-authentication-token-expiration` header value, e.g. `2030-01-01 00:00:00 UTC`. */
  expiration?: string;
  revoked?: boolean;
  /** Set for a GitHub App installation token: the repositories (owner/name) it may access. */
  installationRepos?: string[];
}

export interface EmulatedRepo {
  owner: string;
  name: string;
  private?: boolean;
  /** `clone_url` to answer instead of the emulator's own (which serves no git): a local path or file:// URL. */
  cloneUrl?: string;
  /** `size` in KiB, as GitHub reports it; omitted from the JSON when unset. */
  size?: number;
}

export interface EmulatedAlert {
  repo: string;
  number: number;
  secret: string;
  secretType?: string;
  state: 'open' | 'resolved';
  resolution: string | null;
  resolutionComment?: string | null;
  resolvedBy?: string | null;
  resolvedAt?: string | null;
  createdAt?: string;
  /** What `.../alerts/{n}/locations` lists: a file in a commit, or another kind of place (an issue comment). */
  locations?: EmulatedAlertLocation[];
}

export type EmulatedAlertLocation =
  | { type: 'commit'; path: string; startLine: number; endLine?: number; startColumn: number; endColumn: number; blobSha: string; commitSha: string }
  | { type: 'issue_comment' | 'pull_request_body' | 'wiki_commit' };

export interface StoredActionsSecret {
  encrypted_value: string;
  key_id: string;
  created_at: string;
  updated_at: string;
}

export interface AuditEvent {
  '@timestamp': number;
  action: string;
  actor: string;
  hashed_token?: string;
  repo?: string;
}

export type FaultKind = 'rate-limit' | 'secondary-rate-limit' | 'too-many-requests' | 'server-error' | 'not-found' | 'unprocessable';

export interface Fault {
  kind: FaultKind;
  /** How many more requests get this fault. */
  remaining: number;
  /** Seconds, sent as Retry-After (and, for a primary limit, as the x-ratelimit-reset distance). */
  retryAfter: number;
  /** Only requests whose `METHOD /path` matches (default: all). */
  match?: RegExp;
}

export interface GithubEmulatorState {
  users: EmulatedUser[];
  tokens: EmulatedToken[];
  repos: EmulatedRepo[];
  alerts: EmulatedAlert[];
  /** `owner/repo` -> secret name -> what GitHub stores (sealed value only). */
  actionsSecrets: Record<string, Record<string, StoredActionsSecret>>;
  /** Organizations with an audit log (GitHub Enterprise Cloud); others answer 404. */
  auditLog: Record<string, AuditEvent[]>;
  faults: Fault[];
  keyPair: { keyId: string; publicKey: Uint8Array; privateKey: Uint8Array };
}

export interface EmulatedCall {
  method: string;
  /** Path without the /api/v3 prefix and without the query. */
  path: string;
  query: Record<string, string>;
  /** The Authorization header, parsed; null when none was sent. */
  auth: { scheme: string; credential: string } | null;
  body: unknown;
  status: number;
}

export interface GithubEmulator {
  /** API base, e.g. http://127.0.0.1:PORT/api/v3 (pass as GITHUB_API_URL). */
  url: string;
  state: GithubEmulatorState;
  calls: EmulatedCall[];
  /** Mints a fake token of `kind` for `login` (creating the user if needed) and returns it. */
  issueToken(login: string, opts?: { kind?: 'classic' | 'fine-grained' | 'oauth' | 'user-to-server' | 'installation'; scopes?: string[]; expiration?: string; installationRepos?: string[] }): string;
  /** The next `count` matching requests fail with `kind`. */
  failNext(count: number, kind: FaultKind, opts?: { retryAfter?: number; match?: RegExp }): void;
  /** Opens a stored Actions secret with the emulator's private key, as GitHub's runner would. */
  openActionsSecret(repo: string, name: string): string | null;
  isRevoked(value: string): boolean;
  close(): Promise<void>;
}

const PREFIX = '/api/v3';
const DOCS = 'https://docs.github.com/rest';
const TOKEN_TEMPLATES = {
  classic: 'ghp_$[alnum:36]',
  'fine-grained': 'github_pat_$[alnum:22]_$[alnum:59]',
  oauth: 'gho_$[alnum:36]',
  'user-to-server': 'ghu_$[alnum:36]',
  installation: 'ghs_$[alnum:36]',
} as const;
const RESOLUTIONS = ['false_positive', 'wont_fix', 'revoked', 'used_in_tests', 'pattern_deleted', 'pattern_edited'];
const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

const notFound = () => new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
const badCredentials = () => new HttpError(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
const requiresAuth = () => new HttpError(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
const validationFailed = (resource: string, field: string, code = 'invalid') =>
  new HttpError(422, { message: 'Validation Failed', errors: [{ resource, field, code }], documentation_url: DOCS, status: '422' });

export async function startGithubEmulator(initial: Partial<Omit<GithubEmulatorState, 'keyPair'>> = {}): Promise<GithubEmulator> {
  await sodium.ready;
  const pair = sodium.crypto_box_keypair();
  const state: GithubEmulatorState = {
    users: initial.users ?? [],
    tokens: initial.tokens ?? [],
    repos: initial.repos ?? [],
    alerts: initial.alerts ?? [],
    actionsSecrets: initial.actionsSecrets ?? {},
    auditLog: initial.auditLog ?? {},
    faults: initial.faults ?? [],
    keyPair: { keyId: '568250167242549743', publicKey: pair.publicKey, privateKey: pair.privateKey },
  };
  const calls: EmulatedCall[] = [];
  let minted = 0;

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function userNamed(login: string): EmulatedUser {
    let user = state.users.find((u) => u.login.toLowerCase() === login.toLowerCase());
    if (!user) {
      user = { login, id: 1000 + state.users.length, type: 'User' };
      state.users.push(user);
    }
    return user;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) || '/' : url.pathname;
    const query = Object.fromEntries(url.searchParams.entries());
    const auth = parseAuthorization(req.headers.authorization);
    const raw = await readBody(req);
    let body: unknown = undefined;
    const call: EmulatedCall = { method: req.method ?? 'GET', path, query, auth, body, status: 0 };
    calls.push(call);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': randomUUID().toUpperCase().slice(0, 23),
      'x-ratelimit-limit': auth ? '5000' : '60',
      'x-ratelimit-remaining': auth ? '4999' : '59',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
    };
    try {
      if (!url.pathname.startsWith(PREFIX)) throw notFound();
      if (raw.length) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new HttpError(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
        }
        call.body = body;
      }
      injectFault(`${call.method} ${path}`);
      const answer = route(call.method, path, query, auth, body, headers, url);
      send(res, call, answer.status, headers, answer.body);
    } catch (error) {
      if (error instanceof HttpError) send(res, call, error.status, { ...headers, ...error.headers }, error.body);
      else send(res, call, 500, headers, { message: 'Server Error', detail: String(error) });
    }
  }

  function injectFault(request: string): void {
    const fault = state.faults.find((f) => f.remaining > 0 && (!f.match || f.match.test(request)));
    if (!fault) return;
    fault.remaining--;
    const retryAfter = String(fault.retryAfter);
    const reset = String(Math.floor(Date.now() / 1000) + fault.retryAfter);
    switch (fault.kind) {
      case 'rate-limit':
        throw new HttpError(
          403,
          { message: 'API rate limit exceeded for user ID 1001. If you reach out to GitHub Support for help, please include the request ID.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`, status: '403' },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': reset, 'retry-after': retryAfter },
        );
      case 'secondary-rate-limit':
        throw new HttpError(403, { message: SECONDARY_MESSAGE, documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`, status: '403' }, { 'retry-after': retryAfter });
      case 'too-many-requests':
        throw new HttpError(429, { message: SECONDARY_MESSAGE, documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`, status: '429' }, { 'retry-after': retryAfter });
      case 'server-error':
        throw new HttpError(502, { message: 'Server Error' });
      case 'not-found':
        throw notFound();
      case 'unprocessable':
        throw validationFailed('Request', 'body');
    }
  }

  /** The token behind an Authorization header; 401 for a missing, unknown or revoked token. */
  function authenticate(auth: EmulatedCall['auth']): EmulatedToken {
    if (!auth) throw requiresAuth();
    const found = state.tokens.find((t) => t.value === auth.credential);
    if (!found || found.revoked) throw badCredentials();
    return found;
  }

  function tokenHeaders(found: EmulatedToken, headers: Record<string, string>, accepted = ''): void {
    // Fine-grained and app tokens carry permissions, not OAuth scopes: GitHub sends no X-OAuth-Scopes.
    if (found.scopes !== undefined && !found.value.startsWith('github_pat_') && !found.installationRepos) {
      headers['x-oauth-scopes'] = found.scopes.join(', ');
      headers['x-accepted-oauth-scopes'] = accepted;
    }
    if (found.expiration) headers['github-authentication-token-expiration'] = found.expiration;
  }

  function repoNamed(owner: string, name: string): EmulatedRepo {
    const repo = state.repos.find((r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase());
    if (!repo) throw notFound();
    return repo;
  }

  function route(
    method: string,
    path: string,
    query: Record<string, string>,
    auth: EmulatedCall['auth'],
    body: unknown,
    headers: Record<string, string>,
    url: URL,
  ): { status: number; body: unknown } {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/user') {
      const found = authenticate(auth);
      if (found.installationRepos) {
        throw new HttpError(403, { message: 'Resource not accessible by integration', documentation_url: `${DOCS}/users/users#get-the-authenticated-user`, status: '403' });
      }
      tokenHeaders(found, headers);
      return { status: 200, body: userJson(userNamed(found.login), true) };
    }
    if (method === 'GET' && path === '/installation/repositories') {
      const found = authenticate(auth);
      if (!found.installationRepos) {
        throw new HttpError(403, { message: 'You must authenticate with an installation access token in order to list repositories for an installation.', documentation_url: DOCS, status: '403' });
      }
      tokenHeaders(found, headers);
      const repos = found.installationRepos.map((full) => repoNamed(full.split('/')[0], full.split('/')[1]));
      const page = paginate(repos, query, url, headers);
      return { status: 200, body: { total_count: repos.length, repository_selection: 'selected', repositories: page.map(repoJson) } };
    }
    if (method === 'POST' && path === '/credentials/revoke') {
      const list = (body as { credentials?: unknown } | undefined)?.credentials;
      if (!Array.isArray(list) || list.length === 0 || list.length > 1000 || !list.every((c) => typeof c === 'string')) {
        throw validationFailed('Credentials', 'credentials');
      }
      // Like GitHub: 202 whatever the tokens were; unknown ones are silently ignored.
      for (const value of list) for (const t of state.tokens) if (t.value === value) t.revoked = true;
      return { status: 202, body: {} };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/secrets\/public-key$/.exec(path)) && method === 'GET') {
      authenticate(auth);
      repoNamed(m[1], m[2]);
      return { status: 200, body: { key_id: state.keyPair.keyId, key: sodium.to_base64(state.keyPair.publicKey, sodium.base64_variants.ORIGINAL) } };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/secrets\/([^/]+)$/.exec(path))) {
      authenticate(auth);
      const repo = repoNamed(m[1], m[2]);
      const key = `${repo.owner}/${repo.name}`;
      const name = decodeURIComponent(m[3]).toUpperCase();
      const store = (state.actionsSecrets[key] ??= {});
      if (method === 'GET') {
        const stored = store[name];
        if (!stored) throw notFound();
        return { status: 200, body: { name, created_at: stored.created_at, updated_at: stored.updated_at } };
      }
      if (method === 'PUT') {
        const input = (body ?? {}) as { encrypted_value?: unknown; key_id?: unknown };
        if (typeof input.encrypted_value !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(input.encrypted_value)) throw validationFailed('Secret', 'encrypted_value');
        if (input.key_id !== state.keyPair.keyId) throw validationFailed('Secret', 'key_id');
        const now = new Date().toISOString();
        const existed = store[name];
        store[name] = { encrypted_value: input.encrypted_value, key_id: input.key_id, created_at: existed?.created_at ?? now, updated_at: now };
        return existed ? { status: 204, body: undefined } : { status: 201, body: {} };
      }
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/secret-scanning\/alerts$/.exec(path)) && method === 'GET') {
      authenticate(auth);
      const repo = repoNamed(m[1], m[2]);
      const full = `${repo.owner}/${repo.name}`;
      const states = query.state ? query.state.split(',') : null;
      const matching = state.alerts.filter((a) => a.repo === full && (!states || states.includes(a.state))).sort((a, b) => b.number - a.number);
      return { status: 200, body: paginate(matching, query, url, headers).map((a) => alertJson(a, query.hide_secret === 'true')) };
    }
    if ((m = /^\/orgs\/([^/]+)\/secret-scanning\/alerts$/.exec(path)) && method === 'GET') {
      authenticate(auth);
      const org = m[1].toLowerCase();
      if (!state.users.some((u) => u.login.toLowerCase() === org && u.type === 'Organization')) throw notFound();
      const states = query.state ? query.state.split(',') : null;
      const matching = state.alerts
        .filter((a) => a.repo.split('/')[0].toLowerCase() === org && (!states || states.includes(a.state)))
        .sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : b.number - a.number));
      return { status: 200, body: paginate(matching, query, url, headers).map((a) => ({ ...alertJson(a, query.hide_secret === 'true'), repository: alertRepoJson(a.repo) })) };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/secret-scanning\/alerts\/(\d+)\/locations$/.exec(path)) && method === 'GET') {
      authenticate(auth);
      const repo = repoNamed(m[1], m[2]);
      const alert = state.alerts.find((a) => a.repo === `${repo.owner}/${repo.name}` && a.number === Number(m![3]));
      if (!alert) throw notFound();
      return { status: 200, body: paginate(alert.locations ?? [], query, url, headers).map((l) => locationJson(alert, l)) };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/secret-scanning\/alerts\/(\d+)$/.exec(path))) {
      const found = authenticate(auth);
      const repo = repoNamed(m[1], m[2]);
      const alert = state.alerts.find((a) => a.repo === `${repo.owner}/${repo.name}` && a.number === Number(m![3]));
      if (!alert) throw notFound();
      if (method === 'GET') return { status: 200, body: alertJson(alert, false) };
      if (method === 'PATCH') {
        const input = (body ?? {}) as { state?: unknown; resolution?: unknown; resolution_comment?: unknown };
        if (input.state !== 'open' && input.state !== 'resolved') throw validationFailed('SecretScanningAlert', 'state');
        if (input.state === 'resolved' && (typeof input.resolution !== 'string' || !RESOLUTIONS.includes(input.resolution))) {
          throw validationFailed('SecretScanningAlert', 'resolution', 'missing_field');
        }
        alert.state = input.state;
        alert.resolution = input.state === 'resolved' ? (input.resolution as string) : null;
        alert.resolutionComment = typeof input.resolution_comment === 'string' ? input.resolution_comment : null;
        alert.resolvedBy = input.state === 'resolved' ? found.login : null;
        alert.resolvedAt = input.state === 'resolved' ? new Date().toISOString() : null;
        return { status: 200, body: alertJson(alert, false) };
      }
    }
    if ((m = /^\/(orgs|users)\/([^/]+)\/repos$/.exec(path)) && method === 'GET') {
      const viewer = auth ? authenticate(auth) : null;
      const owner = m[2].toLowerCase();
      if (m[1] === 'orgs' && !state.users.some((u) => u.login.toLowerCase() === owner && u.type === 'Organization')) throw notFound();
      if (m[1] === 'users' && !state.users.some((u) => u.login.toLowerCase() === owner)) throw notFound();
      const visible = state.repos.filter((r) => r.owner.toLowerCase() === owner && (!r.private || viewer !== null));
      return { status: 200, body: paginate(visible, query, url, headers).map(repoJson) };
    }
    if ((m = /^\/orgs\/([^/]+)\/audit-log$/.exec(path)) && method === 'GET') {
      authenticate(auth);
      const events = state.auditLog[m[1]];
      if (!events) throw notFound();
      const wanted = /hashed_token:"([^"]+)"/.exec(query.phrase ?? '')?.[1];
      const selected = events.filter((e) => !wanted || e.hashed_token === wanted).sort((a, b) => (query.order === 'asc' ? a['@timestamp'] - b['@timestamp'] : b['@timestamp'] - a['@timestamp']));
      return { status: 200, body: paginate(selected, query, url, headers) };
    }
    throw notFound();
  }

  function userJson(user: EmulatedUser, full: boolean): Record<string, unknown> {
    const base = {
      login: user.login,
      id: user.id,
      node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      url: `${origin}${PREFIX}/users/${user.login}`,
      html_url: `${origin}/${user.login}`,
      repos_url: `${origin}${PREFIX}/users/${user.login}/repos`,
      type: user.type,
      site_admin: false,
    };
    return full ? { ...base, name: null, company: null, email: null, created_at: '2020-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z' } : base;
  }

  function repoJson(repo: EmulatedRepo): Record<string, unknown> {
    const owner = userNamed(repo.owner);
    const id = 5000 + state.repos.indexOf(repo);
    const full = `${repo.owner}/${repo.name}`;
    return {
      id,
      node_id: Buffer.from(`010:Repository${id}`).toString('base64'),
      name: repo.name,
      full_name: full,
      private: repo.private === true,
      owner: userJson(owner, false),
      html_url: `${origin}/${full}`,
      fork: false,
      url: `${origin}${PREFIX}/repos/${full}`,
      clone_url: repo.cloneUrl ?? `${origin}/${full}.git`,
      ssh_url: `git@127.0.0.1:${full}.git`,
      default_branch: 'main',
      visibility: repo.private ? 'private' : 'public',
      archived: false,
      pushed_at: '2024-01-01T00:00:00Z',
      ...(repo.size !== undefined ? { size: repo.size } : {}),
    };
  }

  function alertJson(alert: EmulatedAlert, hideSecret: boolean): Record<string, unknown> {
    const base = `${origin}${PREFIX}/repos/${alert.repo}/secret-scanning/alerts/${alert.number}`;
    const revoked = state.tokens.find((t) => t.value === alert.secret)?.revoked;
    return {
      number: alert.number,
      created_at: alert.createdAt ?? '2024-01-01T00:00:00Z',
      updated_at: alert.resolvedAt ?? alert.createdAt ?? '2024-01-01T00:00:00Z',
      url: base,
      html_url: `${origin}/${alert.repo}/security/secret-scanning/${alert.number}`,
      locations_url: `${base}/locations`,
      state: alert.state,
      secret_type: alert.secretType ?? 'github_personal_access_token',
      secret_type_display_name: 'GitHub Personal Access Token',
      ...(hideSecret ? {} : { secret: alert.secret }),
      validity: revoked ? 'inactive' : 'active',
      resolution: alert.resolution,
      resolved_at: alert.resolvedAt ?? null,
      resolved_by: alert.resolvedBy ? userJson(userNamed(alert.resolvedBy), false) : null,
      resolution_comment: alert.resolutionComment ?? null,
      push_protection_bypassed: false,
      publicly_leaked: false,
      multi_repo: false,
    };
  }

  /** A repository as an organization's alert list embeds it. */
  function alertRepoJson(full: string): Record<string, unknown> {
    const repo = state.repos.find((r) => `${r.owner}/${r.name}` === full);
    if (repo) return repoJson(repo);
    const [owner, name] = full.split('/');
    return { name, full_name: full, owner: userJson(userNamed(owner), false) };
  }

  function locationJson(alert: EmulatedAlert, l: EmulatedAlertLocation): Record<string, unknown> {
    if (l.type !== 'commit') return { type: l.type, details: { [`${l.type}_url`]: `${origin}${PREFIX}/repos/${alert.repo}/issues/comments/1` } };
    return {
      type: 'commit',
      details: {
        path: l.path,
        start_line: l.startLine,
        end_line: l.endLine ?? l.startLine,
        start_column: l.startColumn,
        end_column: l.endColumn,
        blob_sha: l.blobSha,
        blob_url: `${origin}${PREFIX}/repos/${alert.repo}/git/blobs/${l.blobSha}`,
        commit_sha: l.commitSha,
        commit_url: `${origin}${PREFIX}/repos/${alert.repo}/git/commits/${l.commitSha}`,
      },
    };
  }

  return {
    url: `${origin}${PREFIX}`,
    state,
    calls,
    issueToken(login, opts = {}) {
      userNamed(login);
      const kind = opts.kind ?? 'classic';
      const value = expandTemplate(TOKEN_TEMPLATES[kind], `github-emulator:${login}:${kind}:${minted++}:${origin}`);
      state.tokens.push({ value, login, scopes: opts.scopes ?? (kind === 'classic' || kind === 'oauth' ? ['repo'] : undefined), expiration: opts.expiration, installationRepos: opts.installationRepos ?? (kind === 'installation' ? [] : undefined) });
      return value;
    },
    failNext(count, kind, opts = {}) {
      state.faults.push({ kind, remaining: count, retryAfter: opts.retryAfter ?? 1, match: opts.match });
    },
    openActionsSecret(repo, name) {
      const stored = state.actionsSecrets[repo]?.[name.toUpperCase()];
      if (!stored) return null;
      const sealed = sodium.from_base64(stored.encrypted_value, sodium.base64_variants.ORIGINAL);
      return sodium.to_string(sodium.crypto_box_seal_open(sealed, state.keyPair.publicKey, state.keyPair.privateKey));
    },
    isRevoked(value) {
      return state.tokens.find((t) => t.value === value)?.revoked === true;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}

/** per_page (default 30, at most 100) and page (from 1), with GitHub's Link header. */
function paginate<T>(items: T[], query: Record<string, string>, url: URL, headers: Record<string, string>): T[] {
  const perPage = Math.min(Math.max(Number(query.per_page) || 30, 1), 100);
  const page = Math.max(Number(query.page) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string): string => {
    const next = new URL(url);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(n));
    return `<${next.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  if (links.length) headers.link = links.join(', ');
  return items.slice((page - 1) * perPage, page * perPage);
}

function parseAuthorization(header: string | undefined): EmulatedCall['auth'] {
  if (!header) return null;
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return { scheme: 'basic', credential: decoded.slice(decoded.indexOf(':') + 1) };
  }
  return { scheme: scheme.toLowerCase(), credential: value };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function send(res: ServerResponse, call: EmulatedCall, status: number, headers: Record<string, string>, body: unknown): void {
  call.status = status;
  const text = body === undefined || status === 204 ? '' : JSON.stringify(body);
  if (!text) delete headers['content-type'];
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
