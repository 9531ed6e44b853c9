/**
 * npm: a registry token identifies and verifies itself with `GET /-/whoami`, and revokes itself by
 * finding its own key in the account's token list and deleting it. Where npm will not (a granular
 * token that may not manage tokens, two-factor authentication, an ambiguous prefix) the token is
 * deleted by its owner in the web UI, whose exact page needs the user name whoami gave.
 */
import { ok, refused, unknown, type Credential, type ManualStep, type Outcome, type ProviderAdapter, type ProviderContext } from '../contract.js';
import { consoleEntryFor, manualStepFor } from '../consoles.js';
import { rejection } from '../http.js';
import { analyzeNpmToken } from './analyze.js';
import { npmCall, wantsOtp, whoami } from './api.js';
import { findTokenKey } from './token-key.js';

/** npmjs.org tokens: `npm_` granular/automation tokens and legacy UUID tokens. */
const REGISTRY_TOKEN = /^(?:npm_[A-Za-z0-9]{36}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function hasRegistryApi(cred: Credential): boolean {
  return REGISTRY_TOKEN.test(cred.secret);
}

/**
 * Whose token deletes the leaked one: the operator's (`NPM_TOKEN`, as npm's own tooling reads it), or
 * the leaked token itself only when the user chose that.
 */
function actingToken(cred: Credential, env: NodeJS.ProcessEnv, useLeaked: boolean): Outcome<{ token: string; variable: string }> {
  if (useLeaked) return ok({ token: cred.secret, variable: 'the leaked token' });
  const variable = ['NPM_TOKEN', 'NODE_AUTH_TOKEN'].find((name) => (env[name] ?? '').trim() !== '');
  const hint = 'set NPM_TOKEN to a token of the same npm user that may manage tokens, or choose --use-leaked-key to have the leaked token delete itself';
  if (!variable) return refused('no-operator-credential', hint);
  const token = env[variable]!.trim();
  if (token === cred.secret) return refused('operator-is-leaked', `${variable} holds the leaked token itself: ${hint}`);
  return ok({ token, variable });
}

export function tokensPage(user: string): string {
  return `https://www.npmjs.com/settings/${encodeURIComponent(user)}/tokens`;
}

export function createNpmAdapter(): ProviderAdapter {
  const entry = consoleEntryFor('npm');
  // whoami's answers, kept so the manual step can name the exact page (by secret hash, never the secret).
  const users = new Map<string, string>();
  const whoamiRemembered = async (cred: Credential, ctx: ProviderContext): Promise<Outcome<string>> => {
    const user = await whoami(ctx, cred);
    if (user.state === 'ok') users.set(cred.finding.secretHash, user.value);
    return user;
  };
  const noApi = <T>(cred: Credential, refuse = false): Outcome<T> => {
    const message = `spillkit cannot call the registry with an npm ${cred.finding.rule} credential: see the manual steps`;
    return refuse ? refused('manual', message) : unknown('manual', message);
  };
  const manualRevoke = <T>(reason: string, user: string): Outcome<T> =>
    refused('manual', `${reason}: delete the token at ${tokensPage(user)} (signed in as ${user})`);

  return {
    id: 'npm',
    title: 'npm',
    async identify(cred, ctx) {
      if (!hasRegistryApi(cred)) return noApi(cred);
      const user = await whoamiRemembered(cred, ctx);
      if (user.state !== 'ok') return user;
      return ok({ owner: user.value, account: null, scopes: [], keyId: cred.finding.redacted, details: { registry: 'npm' } });
    },
    async verify(cred, ctx) {
      if (!hasRegistryApi(cred)) return noApi(cred);
      const user = await whoamiRemembered(cred, ctx);
      if (user.state === 'ok') return ok({ live: true, detail: `whoami: ${user.value}` });
      if (user.code === 'invalid-credential') return ok({ live: false, detail: 'the registry answers 401 to whoami' });
      return user;
    },
    async analyze(cred, ctx) {
      if (!hasRegistryApi(cred)) return noApi(cred);
      return analyzeNpmToken(cred, ctx);
    },
    async evidence() {
      return unknown('no-api', 'npm reports no last use of a token: check your packages for versions you did not publish');
    },
    async revoke(cred, ctx, opts) {
      if (!hasRegistryApi(cred)) return noApi(cred, true);
      const acting = actingToken(cred, ctx.env, opts.useLeakedCredential === true);
      if (acting.state !== 'ok') return acting;
      const user = await whoamiRemembered(cred, ctx);
      if (user.state !== 'ok') return user;
      const as = acting.value.token;
      if (as !== cred.secret) {
        const operator = await whoami(ctx, { ...cred, secret: as });
        if (operator.state !== 'ok') return refused('operator-rejected', `npm does not accept the operator token in ${acting.value.variable} (${operator.message})`);
        if (operator.value !== user.value) return manualRevoke(`the leaked token belongs to ${user.value}, the operator token in ${acting.value.variable} to ${operator.value}: only ${user.value}'s tokens can delete it`, user.value);
      } else {
        ctx.record('revoke-with-leaked-key', { provider: 'npm', chosen: 'by the user (--use-leaked-key)' });
      }
      const found = await findTokenKey(ctx, cred, as);
      if (found.state !== 'ok') return found.state === 'unknown' ? found : manualRevoke(found.message, user.value);
      const keyHint = `${found.value.key.slice(0, 6)}…`;
      const by = as === cred.secret ? 'with the leaked token itself, as you chose' : `with the operator token in ${acting.value.variable}`;
      if (ctx.dryRun) return ok({ action: `dry run: would delete npm token ${keyHint} of ${user.value} (${by})`, reversible: false });
      const answer = await npmCall(ctx, cred, { method: 'DELETE', path: `/-/npm/v1/tokens/token/${encodeURIComponent(found.value.key)}`, label: '/-/npm/v1/tokens/token/{key}', write: true }, as);
      if (answer.state !== 'ok') return answer;
      if (answer.value.status === 204 || answer.value.status === 200) return ok({ action: `deleted npm token ${keyHint} of ${user.value} (${by})`, reversible: false });
      if (wantsOtp(answer.value)) return manualRevoke('npm asks for a one-time password to delete tokens', user.value);
      if (answer.value.status === 403) return manualRevoke('npm does not let this token delete tokens', user.value);
      return rejection('npm', 'DELETE /-/npm/v1/tokens/token/{key}', answer.value, `delete it at ${tokensPage(user.value)}`, [cred.secret]);
    },
    // Always offered: granular tokens and 2FA often keep the API from deleting the token.
    manualSteps(cred): ManualStep[] {
      const step = manualStepFor(entry, cred);
      const user = users.get(cred.finding.secretHash);
      return [user && hasRegistryApi(cred) ? { ...step, url: tokensPage(user) } : step];
    },
  };
}
