/**
 * npm deletes a token by its key, not by its value, and only lists tokens with a short prefix of each
 * value (`token`). A token of the account (the operator's, or the leaked one when chosen) lists them; the entry whose prefix starts the
 * leaked value, alone, is the one to delete. No match or several: a person picks it in the web UI.
 */
import { ok, refused, unknown, type Credential, type Outcome, type ProviderContext } from '../contract.js';
import { rejection } from '../http.js';
import { npmCall, wantsOtp } from './api.js';

export interface NpmTokenEntry {
  token: string;
  key: string;
  readonly?: boolean;
  created?: string;
  cidr_whitelist?: string[] | null;
}

const MAX_PAGES = 20;
/** A prefix shorter than this names too many tokens to be trusted. */
const MIN_PREFIX = 4;

function prefixOf(entry: NpmTokenEntry): string {
  return entry.token.replace(/(?:…|\.\.\.)$/, '');
}

export function matchingEntries(entries: NpmTokenEntry[], secret: string): NpmTokenEntry[] {
  return entries.filter((entry) => {
    const prefix = prefixOf(entry);
    return prefix.length >= MIN_PREFIX && secret.startsWith(prefix);
  });
}

/** The next page's path under the registry base: only its query changes (`?page=2`). */
function nextPage(next: string): string {
  return `/-/npm/v1/tokens${new URL(next, 'http://registry.invalid').search}`;
}

/** Lists every token of the account, following `urls.next` pages. */
async function listTokens(ctx: ProviderContext, cred: Credential, as: string): Promise<Outcome<NpmTokenEntry[]>> {
  const entries: NpmTokenEntry[] = [];
  let path: string | null = '/-/npm/v1/tokens';
  for (let page = 0; path !== null && page < MAX_PAGES; page++) {
    const answer = await npmCall(ctx, cred, { method: 'GET', path, label: '/-/npm/v1/tokens' }, as);
    if (answer.state !== 'ok') return answer;
    if (wantsOtp(answer.value)) return refused('otp-required', 'npm asks for a one-time password to list tokens (two-factor authentication)');
    if (answer.value.status !== 200) return rejection('npm', 'GET /-/npm/v1/tokens', answer.value, '', [cred.secret]);
    const body = answer.value.body as { objects?: unknown; urls?: { next?: unknown } } | null;
    if (!Array.isArray(body?.objects)) return unknown('unexpected-answer', 'npm GET /-/npm/v1/tokens answered without "objects"');
    entries.push(...(body.objects as NpmTokenEntry[]).filter((entry) => typeof entry?.token === 'string' && typeof entry?.key === 'string'));
    const next = body.urls?.next;
    path = typeof next === 'string' && next !== '' ? nextPage(next) : null;
  }
  return ok(entries);
}

/** The key of the leaked token's own entry, or why it cannot be told. */
export async function findTokenKey(ctx: ProviderContext, cred: Credential, as: string = cred.secret): Promise<Outcome<NpmTokenEntry>> {
  const listed = await listTokens(ctx, cred, as);
  if (listed.state !== 'ok') return listed;
  const matches = matchingEntries(listed.value, cred.secret);
  if (matches.length === 1) return ok(matches[0]);
  return refused('manual', matches.length === 0
    ? 'the token is not among the account\'s listed tokens'
    : `${matches.length} listed tokens share the leaked token's prefix: pick the right one by its creation date`);
}
