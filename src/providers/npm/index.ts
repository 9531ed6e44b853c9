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
    async revoke(cred, ctx) {
      if (!hasRegistryApi(cred)) return noApi(cred, true);
      const user = await whoamiRemembered(cred, ctx);
      if (user.state !== 'ok') return user;
      const found = await findTokenKey(ctx, cred);
      if (found.state !== 'ok') return found.state === 'unknown' ? found : manualRevoke(found.message, user.value);
      const keyHint = `${found.value.key.slice(0, 6)}…`;
      if (ctx.dryRun) return ok({ action: `dry run: would delete npm token ${keyHint} of ${user.value}`, reversible: false });
      const answer = await npmCall(ctx, cred, { method: 'DELETE', path: `/-/npm/v1/tokens/token/${encodeURIComponent(found.value.key)}`, label: '/-/npm/v1/tokens/token/{key}', write: true });
      if (answer.state !== 'ok') return answer;
      if (answer.value.status === 204 || answer.value.status === 200) return ok({ action: `deleted npm token ${keyHint} of ${user.value}`, reversible: false });
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
