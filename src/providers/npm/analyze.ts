/**
 * The blast radius of an npm registry token, read with the token itself: its user (`GET /-/whoami`),
 * the packages that user may publish (`GET /-/user/{name}/package`, the listing `npm access list
 * packages` reads: package -> `read-write`/`write` or `read-only`/`read`), and the token's own entry in
 * the account's token list (read-only or not, CIDR restriction), which may be denied to a granular token.
 */
import { emptyAnalysis, gapLine, listed, MAX_LISTED } from '../analysis.js';
import { refused, unknown, type Analysis, type Credential, type Outcome, type ProviderContext, type Risk } from '../contract.js';
import { rejection } from '../http.js';
import { npmCall, whoami } from './api.js';
import { findTokenKey } from './token-key.js';

const PUBLISH = new Set(['write', 'read-write']);

async function packagesOf(ctx: ProviderContext, cred: Credential, user: string, gaps: string[]): Promise<Record<string, string> | null> {
  const answer = await npmCall(ctx, cred, { method: 'GET', path: `/-/user/${encodeURIComponent(user)}/package`, label: '/-/user/{name}/package' });
  if (answer.state !== 'ok') {
    gaps.push(gapLine('packages', answer));
    return null;
  }
  const body = answer.value.body;
  if (answer.value.status === 200 && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  const failure = answer.value.status === 200 ? unknown('unexpected-answer', 'not a package map') : rejection('npm', 'GET /-/user/{name}/package', answer.value, '', [cred.secret]);
  if (failure.state !== 'ok') gaps.push(gapLine('packages', failure));
  return null;
}

function riskOf(publishable: number, readonly: boolean | null, packages: Record<string, string> | null): Risk {
  if (readonly === true) return packages && Object.keys(packages).length ? 'medium' : 'low';
  if (publishable > 0) return 'critical';
  return packages === null ? 'high' : 'medium';
}

export async function analyzeNpmToken(cred: Credential, ctx: ProviderContext): Promise<Outcome<Analysis>> {
  const user = await whoami(ctx, cred);
  if (user.state !== 'ok') return user.code === 'invalid-credential' ? refused(user.code, `not live: ${user.message}`) : user;
  const gaps: string[] = [];
  const packages = await packagesOf(ctx, cred, user.value, gaps);
  const entry = await findTokenKey(ctx, cred);
  if (entry.state !== 'ok') gaps.push(gapLine('the token\'s own settings', entry));
  const readonly = entry.state === 'ok' ? entry.value.readonly === true : null;
  const cidr = entry.state === 'ok' ? (entry.value.cidr_whitelist ?? []) : [];
  const publishable = Object.entries(packages ?? {}).filter(([, access]) => PUBLISH.has(access)).map(([name]) => name).sort();
  const summary = [
    `user: ${user.value}`,
    `token: ${readonly === null ? 'read-only or not: unknown' : readonly ? 'read-only' : 'can publish'}${cidr.length ? `, limited to ${cidr.join(', ')}` : ''}`,
    ...(packages ? [`packages it can publish: ${publishable.length ? `${publishable.length} (${listed(publishable)})` : 'none'}`] : []),
  ];
  const value: Analysis = {
    ...emptyAnalysis(cred.secret.startsWith('npm_') ? 'npm access token' : 'npm legacy token'),
    principal: user.value,
    account: 'registry.npmjs.org',
    summary,
    permissions: { admin: null, write: readonly === null ? null : !readonly, grants: readonly === null ? [] : [readonly ? 'read-only' : 'publish'], wildcards: [], services: [] },
    resources: {
      items: publishable.map((name) => `package ${name}`).slice(0, MAX_LISTED),
      counts: packages ? [{ kind: 'packages it can publish', count: readonly ? 0 : publishable.length }] : [],
    },
    risk: riskOf(publishable.length, readonly, packages),
    gaps,
  };
  return { state: 'ok', value };
}
