/**
 * Twilio API keys, through the Keys resource v1 (iam.twilio.com): the key's SID (SK…) names it, the
 * operator's main credential (account SID + auth token, or a Main API key; Standard keys may not touch
 * /v1/Keys) reads it (a 404 means another account's key, or one already deleted) and deletes it. A
 * leaked secret is only useful here when the scan found its SID beside it (the credential's pair):
 * without the SID the key cannot be told, so the row refuses.
 *
 * Rotation creates a key of the same kind: a restricted key with the old key's policy, a standard key
 * otherwise. Creating needs the account SID (TWILIO_ACCOUNT_SID). It starts from the SID's finding:
 * the new SID takes the old SID's place (its variable, else TWILIO_API_KEY) and the new secret travels
 * beside it as TWILIO_API_SECRET, the names Twilio's libraries read. From the secret's finding the
 * engine would name the secret's variable only, so the SID could land under the wrong name: refused.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import type { Credential } from '../../contract.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { RevocationRow, RowCall } from '../row.js';
import { denialOf, objectAt, tail } from './shared.js';

const SID = /^SK[0-9a-fA-F]{32}$/;

/** The key's SID: the leaked value itself, or the SID the scan found beside a leaked secret. */
function keySid(cred: Credential): string | null {
  if (cred.finding.rule === 'twilio-api-key') return SID.test(cred.secret) ? cred.secret : null;
  return cred.pair && cred.pair.finding.rule === 'twilio-api-key' && SID.test(cred.pair.secret) ? cred.pair.secret : null;
}

interface TwilioKey {
  name: string | null;
  /** A restricted key's permissions; null for a standard (or main) key. */
  policy: Record<string, unknown> | null;
}

async function readKey(call: RowCall, sid: string): Promise<Outcome<TwilioKey>> {
  const answer = await call({ method: 'GET', path: `/v1/Keys/${encodeURIComponent(sid)}`, label: 'GET /v1/Keys/{sid}' });
  if (answer.state !== 'ok') return answer;
  const res = answer.value;
  if (res.status === 404) return refused('not-owner', 'the key is not one of the operator account\'s keys (Twilio answers 404): it was deleted already, or its own account must delete it');
  if (res.status !== 200) return denialOf('Twilio', 'GET /v1/Keys/{sid}', res);
  return ok({ name: field(res.body, 'friendly_name'), policy: objectAt(res.body, 'policy') });
}

const deleteKey = (call: RowCall, sid: string) => call({ method: 'DELETE', path: `/v1/Keys/${encodeURIComponent(sid)}`, label: 'DELETE /v1/Keys/{sid}', write: true });

export const TWILIO_ROW: RevocationRow = {
  provider: 'twilio',
  title: 'Twilio',
  rules: ['twilio-api-key', 'twilio-api-key-secret'],
  base: 'https://iam.twilio.com',
  envVar: 'TWILIO_API_URL',
  // Paired by position: an API key SID with its secret, or the account SID with its auth token.
  operator: { env: ['TWILIO_API_SECRET', 'TWILIO_AUTH_TOKEN'], userEnv: ['TWILIO_API_KEY', 'TWILIO_ACCOUNT_SID'], auth: { kind: 'basic-pair' }, needs: 'is the account\'s auth token or a Main API key (Standard keys may not manage keys)' },
  settings: { account: { env: ['TWILIO_ACCOUNT_SID'], what: 'the SID (AC…) of the account that owns the key' } },
  reversible: false,
  effect: 'delete the API key',
  async locate(call, cred) {
    const sid = keySid(cred);
    if (!sid) {
      return refused('ambiguous', 'this Twilio secret was found without its API key SID (SK…) beside it, so the key cannot be told (it may also be an auth token): delete the key in the console by its SID');
    }
    const key = await readKey(call, sid);
    if (key.state !== 'ok') return key;
    const account = call.setting('account');
    return ok({ id: sid, label: `API key ${tail(sid)}${key.value.name ? ` "${key.value.name}"` : ''}${key.value.policy ? ' (restricted)' : ''}`, owner: null, account: account.state === 'ok' ? account.value : null });
  },
  revoke: (call, target) => deleteKey(call, target.id),
  rotate: {
    async create(call, old, cred) {
      if (cred.finding.rule !== 'twilio-api-key') return refused('rotate-from-sid', 'rotate a Twilio key from the finding of its SID (SK…, rule twilio-api-key): the SID names the key and the variable the new one goes to');
      const account = call.setting('account');
      if (account.state !== 'ok') return account;
      const key = await readKey(call, old.id);
      if (key.state !== 'ok') return key;
      // FriendlyName holds 64 characters at most.
      const name = `${(key.value.name ?? 'key').slice(0, 38)} (rotated by spillkit ${new Date().toISOString().slice(0, 10)})`;
      const form: Record<string, string> = { AccountSid: account.value, FriendlyName: name };
      if (key.value.policy) Object.assign(form, { KeyType: 'restricted', Policy: JSON.stringify(key.value.policy) });
      const answer = await call({ method: 'POST', path: '/v1/Keys', label: 'POST /v1/Keys', form, write: true });
      if (answer.state !== 'ok') return answer;
      const res = answer.value;
      if (res.status !== 201 && res.status !== 200) return denialOf('Twilio', 'POST /v1/Keys', res, /maximum|limit/i);
      const secret = field(res.body, 'secret');
      const sid = field(res.body, 'sid');
      if (!secret || !sid) return refused('unexpected-answer', 'Twilio created a key but did not return its SID and secret: delete the newest key in the console');
      // The new SID replaces the leaked SID; the new secret travels beside it.
      return ok({ secret: sid, id: sid, label: `API key ${tail(sid)} "${name}"`, extra: { TWILIO_API_SECRET: secret } });
    },
    discard: async (call, created) => {
      const answer = await deleteKey(call, created.id);
      return answer.state === 'ok' && answer.value.status < 300 ? ok(undefined) : refused('discard-failed', answer.state === 'ok' ? `HTTP ${answer.value.status}` : answer.message);
    },
  },
  sample: {
    secret: (seed) => expandTemplate('SK$[hex:32]', seed),
    env: { TWILIO_ACCOUNT_SID: expandTemplate('AC$[hex:32]', 'sample account') },
    routes(secret) {
      return [
        { method: 'GET', path: `/v1/Keys/${secret}`, auth: 'operator', body: { sid: secret, friendly_name: 'sms-sender', date_created: 'Mon, 13 Jun 2016 22:50:08 +0000', policy: { allow: ['/twilio/messaging/messages/create'] } } },
        { method: 'DELETE', path: `/v1/Keys/${secret}`, auth: 'operator', status: 204, revokes: true },
        { method: 'POST', path: '/v1/Keys', auth: 'operator', status: 201, creates: true, body: { sid: '{new-id}', friendly_name: 'sms-sender (rotated)', secret: '{new-secret}', policy: { allow: ['/twilio/messaging/messages/create'] } } },
        { method: 'DELETE', path: '/v1/Keys/{new-id}', auth: 'operator', status: 204 },
      ];
    },
  },
};
