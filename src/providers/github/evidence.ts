import type { Credential, Evidence, Outcome, ProviderContext } from '../contract.js';
import { ok } from '../contract.js';
import { apiBaseUrl, callGithub, makeOctokit, operatorToken, type GithubTuning } from './client.js';
import { parseRepoSlug } from './repo-ref.js';
import { canCallApi, githubTokenKind, KIND_TITLES } from './token-kind.js';
import { probeToken } from './user-probe.js';
import { hashedToken, orgAuditLogPage, securityLogPage, tokenSettingsPage, webBaseUrl } from './web-pages.js';

/**
 * GitHub has no "last used" API for tokens. What exists: the token's expiry (a header on any call it
 * makes), the settings page's "Last used within…" line, the owner's security log, and an organization's
 * audit log searchable by hashed token, which GitHub Enterprise Cloud also serves through the REST API
 * (`GET /orgs/{org}/audit-log`). Evidence gathers what the API gives and points at the rest.
 */
interface AuditEvent {
  '@timestamp'?: number;
  action?: string;
  actor?: string;
  repo?: string;
}

export async function gatherEvidence(cred: Credential, ctx: ProviderContext, tuning: GithubTuning): Promise<Outcome<Evidence>> {
  const kind = githubTokenKind(cred);
  const web = webBaseUrl(apiBaseUrl(ctx.env));
  const notes = [`GitHub has no API for a token's last use; the ${KIND_TITLES[kind]} page shows "Last used within…": ${tokenSettingsPage(kind, web)}`];
  const evidence: Evidence = { lastUsed: null, service: null, region: null, notes };

  if (canCallApi(kind)) {
    const probe = await probeToken(cred.secret, kind, ctx, tuning, [cred.secret]);
    if (probe.state === 'live') {
      notes.push(probe.expiration ? `token expires ${probe.expiration} (github-authentication-token-expiration)` : 'GitHub reports no expiration date for this token');
    } else if (probe.state === 'dead') {
      notes.push(`token no longer valid: ${probe.detail}`);
    } else {
      notes.push(`expiry not read (${probe.failure.code}: ${probe.failure.message})`);
    }
  }

  const org = ctx.env.SPILLKIT_GITHUB_ORG?.trim() || parseRepoSlug(ctx.env.SPILLKIT_GITHUB_REPO)?.owner;
  notes.push(`the owner's security log lists token events: ${securityLogPage(web)}`);
  if (!org) {
    notes.push('set SPILLKIT_GITHUB_ORG (or SPILLKIT_GITHUB_REPO) to search an organization audit log for this token');
    return ok(evidence);
  }
  notes.push(`organization audit log, filtered to this token: ${orgAuditLogPage(org, cred.secret, web)}`);
  const auth = operatorToken(ctx.env);
  if (!auth) return ok(evidence);

  const octokit = makeOctokit(apiBaseUrl(ctx.env), auth, tuning);
  const phrase = `hashed_token:"${hashedToken(cred.secret)}"`;
  const audit = await callGithub<AuditEvent[]>(ctx, 'GET /orgs/{org}/audit-log', [cred.secret, auth], () =>
    octokit.request('GET /orgs/{org}/audit-log', { org, phrase, order: 'desc', per_page: 1 }),
  { org });
  if (!audit.ok) {
    notes.push(`audit log API not available for ${org} (${audit.failure.code}; it needs GitHub Enterprise Cloud and an owner's token): use the page above`);
    return ok(evidence);
  }
  const latest = audit.response.data[0];
  if (!latest) {
    notes.push(`no event of this token in ${org}'s audit log`);
    return ok(evidence);
  }
  if (typeof latest['@timestamp'] === 'number') evidence.lastUsed = new Date(latest['@timestamp']).toISOString();
  evidence.service = latest.action ?? null;
  notes.push(`latest audit-log event in ${org}: ${latest.action ?? 'unknown action'}${latest.repo ? ` on ${latest.repo}` : ''}${latest.actor ? ` by ${latest.actor}` : ''}`);
  return ok(evidence);
}
