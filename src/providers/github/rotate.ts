import type { Credential, Outcome, ProviderContext, RotateOptions, RotateResult } from '../contract.js';
import { ok, refused, unknown } from '../contract.js';
import { apiBaseUrl, scrub, type GithubTuning } from './client.js';
import { resolveMatchingAlerts } from './alerts.js';
import { deliveryVariable, describeDelivery } from '../delivery-name.js';
import { sendToRevocationEndpoint } from './revocation.js';
import { githubTokenKind, isPasteRotatable, KIND_TITLES, tokenKindFromPrefix } from './token-kind.js';
import { probeToken, type TokenProbe } from './user-probe.js';
import { tokenSettingsPage, webBaseUrl } from './web-pages.js';

/**
 * Rotation of a GitHub token is a guided step: only its owner can mint a replacement, on github.com.
 * spillkit asks for the new token in a hidden prompt, proves it is live and has the same owner, delivers
 * it, and only then revokes the leaked one, so nothing that used the token is left without one.
 *
 * GitHub has no "deactivate": revocation is the only way to retire a token, and it is final, so
 * `deleteOld` changes nothing here. A revoked token is reported as old: 'deleted'.
 */
export const PASTE_PROMPT = 'Paste the new token (input hidden): ';

export async function rotateGithubToken(cred: Credential, ctx: ProviderContext, opts: RotateOptions, tuning: GithubTuning): Promise<Outcome<RotateResult>> {
  const kind = githubTokenKind(cred);
  const page = tokenSettingsPage(kind, webBaseUrl(apiBaseUrl(ctx.env)));
  if (!isPasteRotatable(kind)) {
    return refused('manual-only', `a leaked ${KIND_TITLES[kind]} is replaced through its app, not by pasting a token: see ${page} and the manual steps`);
  }
  const secrets = [cred.secret];
  const old = await probeToken(cred.secret, kind, ctx, tuning, secrets);
  if (old.state === 'failed') return { state: old.failure.state, code: old.failure.code, message: `could not check who owns the leaked token: ${old.failure.message}` };
  const owner = old.state === 'live' ? old.owner : null;
  const variable = deliveryVariable(opts.delivery, cred.secret, ctx.env.SPILLKIT_GITHUB_TOKEN_VAR?.trim() || 'GITHUB_TOKEN');
  const target = describeDelivery(opts.delivery);
  const create = `Create the replacement ${KIND_TITLES[kind]} at ${page}${owner ? ` signed in as ${owner}` : ''}${old.state === 'live' && old.scopes.length ? ` with scopes ${old.scopes.join(', ')}` : ''}`;

  if (ctx.dryRun) {
    const alerts = await resolveMatchingAlerts(cred.secret, ctx, tuning);
    const retire = old.state === 'live' ? `then revoke ${cred.finding.redacted} through POST /credentials/revoke (cannot be undone)` : 'the leaked token is already invalid, so nothing to revoke';
    return ok({
      action: `dry run: would ask you to ${lowerFirst(create)}, check it answers as ${owner ?? 'a live user'}, deliver it as ${variable} to ${target}, ${retire}; ${alerts.summary}`,
      newKeyId: null,
      delivered: [],
      old: 'left active',
    });
  }
  if (!ctx.promptHidden) {
    return refused('non-interactive', `rotating a GitHub token needs the new token pasted into a hidden prompt: run spillkit rotate on a terminal (${create})`);
  }

  const pasted = (await ctx.promptHidden(`${create}.\n${PASTE_PROMPT}`)).trim();
  if (!pasted) return refused('no-token', 'no token was pasted: nothing changed');
  if (pasted === cred.secret) return refused('same-token', 'the pasted token is the leaked one: create a new token; nothing changed');
  secrets.push(pasted);
  const fresh = await probeToken(pasted, tokenKindFromPrefix(pasted) ?? 'classic-pat', ctx, tuning, secrets);
  if (fresh.state === 'dead') return refused('new-token-invalid', `the pasted token is not valid (${fresh.detail}): nothing changed`);
  if (fresh.state === 'failed') return { state: fresh.failure.state, code: fresh.failure.code, message: `could not check the pasted token: ${fresh.failure.message}; nothing changed` };
  if (owner !== null && fresh.owner !== owner) {
    return refused('owner-mismatch', `the pasted token belongs to ${fresh.owner}, the leaked one to ${owner}: nothing changed`);
  }

  try {
    await ctx.deliver(opts.delivery, { [variable]: pasted });
  } catch (error) {
    ctx.record('provider-call', { provider: 'github', call: 'deliver new token', status: 'failed', target });
    const why = scrub(error instanceof Error ? error.message : String(error), secrets);
    return unknown('delivery-failed', `the new token could not be delivered to ${target} (${why}); the leaked token was left active so nothing breaks: deliver the new token, then run spillkit revoke`);
  }
  ctx.record('provider-call', { provider: 'github', call: 'deliver new token', status: 'ok', target, variable });
  const delivered = `new ${KIND_TITLES[kind]} of ${fresh.owner} delivered as ${variable} to ${target}`;
  const noDeactivate = 'GitHub has no deactivate step: revocation is the only way to retire a token, with or without --delete-old';

  if (old.state === 'dead') {
    return ok({ action: `${delivered}; the leaked token was already invalid (${old.detail})`, newKeyId: null, delivered: [variable], old: 'deleted' });
  }
  const revoked = await sendToRevocationEndpoint(cred.secret, ctx, tuning);
  if (!revoked.ok) {
    return ok({ action: `${delivered}; revoking the leaked token failed (${revoked.failure.code}: ${revoked.failure.message}): run spillkit revoke`, newKeyId: null, delivered: [variable], old: 'left active' });
  }
  const after = await confirmDead(cred.secret, kind, ctx, tuning);
  if (after.state === 'live') {
    return ok({
      action: `${delivered}; GitHub accepted the revocation (202) but the leaked token still answers GET /user: check again with spillkit revoke --verify`,
      newKeyId: null,
      delivered: [variable],
      old: 'left active',
    });
  }
  const confirmed = after.state === 'dead' ? 'revoked (confirmed: it now gets 401)' : `revocation accepted (202), not confirmed: ${after.failure.message}`;
  const alerts = await resolveMatchingAlerts(cred.secret, ctx, tuning);
  return ok({
    action: `${delivered}; leaked token ${cred.finding.redacted} ${confirmed} via POST /credentials/revoke (cannot be undone; GitHub notifies the owner); ${noDeactivate}; ${alerts.summary}`,
    newKeyId: null,
    delivered: [variable],
    old: 'deleted',
  });
}

/** GitHub revokes asynchronously after its 202: look a few times before calling the token still live. */
async function confirmDead(token: string, kind: ReturnType<typeof githubTokenKind>, ctx: ProviderContext, tuning: GithubTuning): Promise<TokenProbe> {
  let probe = await probeToken(token, kind, ctx, tuning, [token]);
  for (let attempt = 1; attempt < 3 && probe.state === 'live'; attempt++) {
    await new Promise((done) => setTimeout(done, tuning.retryBaseMs ?? 1000));
    probe = await probeToken(token, kind, ctx, tuning, [token]);
  }
  return probe;
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
