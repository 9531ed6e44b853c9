import type { Credential } from '../contract.js';

/**
 * GitHub credentials differ in who can replace them and where: a classic PAT on the user's token page,
 * a fine-grained PAT on its own page, app tokens through the app that minted them. The kind is taken
 * from the rule id and, for rules that do not say, from the token's documented prefix.
 */
export type GithubTokenKind =
  | 'classic-pat'
  | 'fine-grained-pat'
  | 'oauth'
  | 'user-to-server'
  | 'installation'
  | 'refresh'
  | 'client-secret';

const BY_RULE: Record<string, GithubTokenKind> = {
  'github-pat': 'classic-pat',
  'github-fine-grained-pat': 'fine-grained-pat',
  'github-oauth-token': 'oauth',
  'github-user-to-server-token': 'user-to-server',
  'github-app-installation-token': 'installation',
  'github-refresh-token': 'refresh',
  'github-oauth-client-secret': 'client-secret',
};

const BY_PREFIX: [string, GithubTokenKind][] = [
  ['github_pat_', 'fine-grained-pat'],
  ['ghp_', 'classic-pat'],
  ['gho_', 'oauth'],
  ['ghu_', 'user-to-server'],
  ['ghs_', 'installation'],
  ['ghr_', 'refresh'],
];

export function githubTokenKind(cred: Credential): GithubTokenKind {
  // An unprefixed value under a github rule can only be an OAuth app's client secret.
  return BY_RULE[cred.finding.rule] ?? tokenKindFromPrefix(cred.secret) ?? 'client-secret';
}

/** The kind a token's documented prefix announces, or null for an unprefixed value. */
export function tokenKindFromPrefix(token: string): GithubTokenKind | null {
  return BY_PREFIX.find(([prefix]) => token.startsWith(prefix))?.[1] ?? null;
}

/** Words for messages: "classic personal access token". */
export const KIND_TITLES: Record<GithubTokenKind, string> = {
  'classic-pat': 'classic personal access token',
  'fine-grained-pat': 'fine-grained personal access token',
  oauth: 'OAuth app access token',
  'user-to-server': 'GitHub App user access token',
  installation: 'GitHub App installation access token',
  refresh: 'GitHub App refresh token',
  'client-secret': 'OAuth app client secret',
};

/** Whether `POST /credentials/revoke` takes it: every token kind; a client secret is not a token. */
export function isRevocableToken(kind: GithubTokenKind): boolean {
  return kind !== 'client-secret';
}

/** Kinds a person can replace and paste back: an app's short-lived or exchange-only tokens are not. */
export function isPasteRotatable(kind: GithubTokenKind): boolean {
  return kind === 'classic-pat' || kind === 'fine-grained-pat' || kind === 'oauth' || kind === 'user-to-server';
}

/** Whether `GET /user` can tell anything about it (a refresh token only works at the token exchange). */
export function canCallApi(kind: GithubTokenKind): boolean {
  return kind !== 'client-secret' && kind !== 'refresh';
}
