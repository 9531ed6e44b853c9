import type { Credential, Identity, Liveness, Outcome, ProviderAdapter, ProviderContext, RevokeResult } from '../contract.js';
import { ok, refused, unknown } from '../contract.js';
import { resolveMatchingAlerts } from './alerts.js';
import { analyzeGithubToken } from './analyze.js';
import { apiBaseUrl, recordSkipped, type GithubTuning } from './client.js';
import { gatherEvidence } from './evidence.js';
import { githubManualSteps } from './manual-steps.js';
import { sendToRevocationEndpoint } from './revocation.js';
import { rotateGithubToken } from './rotate.js';
import { canCallApi, githubTokenKind, isRevocableToken, KIND_TITLES } from './token-kind.js';
import { probeToken } from './user-probe.js';
import { tokenSettingsPage, webBaseUrl } from './web-pages.js';

export { putActionsSecret, sealForGithub } from './actions-secret.js';
export { githubRepoFromRemote, parseRepoSlug } from './repo-ref.js';
export type { GithubTuning } from './client.js';

/**
 * GitHub tokens of every kind (classic and fine-grained PATs, OAuth, GitHub App user, installation and
 * refresh tokens; an OAuth client secret gets manual steps). Environment it reads:
 *   GITHUB_API_URL            API base (GitHub Enterprise: http://host/api/v3), default api.github.com
 *   GITHUB_TOKEN / GH_TOKEN   the operator's token: Actions secrets, secret-scanning alerts, audit log
 *   SPILLKIT_GITHUB_REPO      owner/repo whose secret-scanning alerts are resolved after a revocation
 *   SPILLKIT_GITHUB_ORG       organization whose audit log is searched for the token (default: the
 *                             owner in SPILLKIT_GITHUB_REPO)
 *   SPILLKIT_GITHUB_TOKEN_VAR env-file variable for a rotated token when the file does not hold the old one
 */
export function createGithubAdapter(tuning: GithubTuning = {}): ProviderAdapter {
  return {
    id: 'github',
    title: 'GitHub',
    identify: (cred, ctx) => identify(cred, ctx, tuning),
    verify: (cred, ctx) => verify(cred, ctx, tuning),
    evidence: (cred, ctx) => gatherEvidence(cred, ctx, tuning),
    analyze: (cred, ctx) => analyzeGithubToken(cred, ctx, tuning),
    revoke: (cred, ctx) => revoke(cred, ctx, tuning),
    rotate: (cred, ctx, opts) => rotateGithubToken(cred, ctx, opts, tuning),
    manualSteps: githubManualSteps,
  };
}

/** Owner, type and scopes, from the leaked token's own `GET /user` (the only way to learn them). */
async function identify(cred: Credential, ctx: ProviderContext, tuning: GithubTuning): Promise<Outcome<Identity>> {
  const kind = githubTokenKind(cred);
  if (!canCallApi(kind)) return unknown('not-checkable', notCheckable(kind));
  const probe = await probeToken(cred.secret, kind, ctx, tuning, [cred.secret]);
  if (probe.state === 'failed') return { state: probe.failure.state, code: probe.failure.code, message: probe.failure.message };
  if (probe.state === 'dead') return refused('bad-credentials', `the token is not valid, so GitHub will not say whose it was (${probe.detail})`);
  const details: Record<string, string> = { kind: KIND_TITLES[kind], type: probe.ownerType, via: probe.via };
  if (probe.expiration) details.expires = probe.expiration;
  if (kind === 'fine-grained-pat') details.permissions = 'fine-grained: per-repository permissions, listed on the token page';
  return ok({ owner: probe.owner, account: new URL(webBaseUrl(apiBaseUrl(ctx.env))).host, scopes: probe.scopes, keyId: cred.finding.redacted, details });
}

/** Live when GitHub accepts the token (200, or a 403 for a route an app token may not use); 401 is dead. */
async function verify(cred: Credential, ctx: ProviderContext, tuning: GithubTuning): Promise<Outcome<Liveness>> {
  const kind = githubTokenKind(cred);
  if (!canCallApi(kind)) return unknown('not-checkable', notCheckable(kind));
  const probe = await probeToken(cred.secret, kind, ctx, tuning, [cred.secret]);
  if (probe.state === 'failed') return { state: probe.failure.state, code: probe.failure.code, message: probe.failure.message };
  return ok({ live: probe.state === 'live', detail: probe.detail });
}

async function revoke(cred: Credential, ctx: ProviderContext, tuning: GithubTuning): Promise<Outcome<RevokeResult>> {
  const kind = githubTokenKind(cred);
  if (!isRevocableToken(kind)) {
    return refused('manual-only', `an OAuth app client secret is not a token GitHub's revocation endpoint takes: reset it at ${tokenSettingsPage(kind)} (see the manual steps)`);
  }
  const what = `${KIND_TITLES[kind]} ${cred.finding.redacted}`;
  if (ctx.dryRun) {
    recordSkipped(ctx, 'POST /credentials/revoke', 'dry run');
    const alerts = await resolveMatchingAlerts(cred.secret, ctx, tuning);
    return ok({ action: `dry run: would send ${what} to GitHub's revocation endpoint (POST /credentials/revoke, unauthenticated): GitHub revokes it and notifies its owner; this cannot be undone; ${alerts.summary}`, reversible: false });
  }
  const sent = await sendToRevocationEndpoint(cred.secret, ctx, tuning);
  if (!sent.ok) return { state: sent.failure.state, code: sent.failure.code, message: `GitHub did not accept the revocation: ${sent.failure.message}` };
  const alerts = await resolveMatchingAlerts(cred.secret, ctx, tuning);
  return ok({
    action: `sent ${what} to GitHub's revocation endpoint (${sent.response.status} Accepted): GitHub revokes it and notifies its owner, without confirming; verify shows whether it is dead; ${alerts.summary}`,
    reversible: false,
  });
}

function notCheckable(kind: ReturnType<typeof githubTokenKind>): string {
  return kind === 'refresh'
    ? 'a refresh token only works at the OAuth token exchange with the app\'s client secret: spillkit cannot check it'
    : 'an OAuth app client secret cannot be checked without its app\'s client id: see the manual steps';
}
