/**
 * Discord webhook URLs: the URL is the credential, and Discord deletes a webhook through that same URL
 * (no bot or user token needed). It names its channel and server first (`GET` of the URL). Only the
 * leaked URL can do this, so it is offered when the user chooses it; a server admin can delete it in
 * the channel's Integrations otherwise.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused } from '../../contract.js';
import type { RevocationRow } from '../row.js';
import { alreadyInvalid, denialOf } from './shared.js';

const WEBHOOK = /\/api\/(?:v\d{1,2}\/)?webhooks\/(\d{17,20})\/([A-Za-z0-9_-]{60,68})$/;

/** The webhook's own path, from the leaked URL; the pieces are checked, so nothing else reaches the path. */
function webhookPath(secret: string): string | null {
  const m = WEBHOOK.exec(secret);
  return m ? `/api/webhooks/${m[1]}/${m[2]}` : null;
}

export const DISCORD_ROW: RevocationRow = {
  provider: 'discord',
  title: 'Discord',
  rules: ['discord-webhook-url'],
  base: 'https://discord.com',
  envVar: 'DISCORD_API_URL',
  // The URL itself authenticates: nothing goes in a header.
  leakedAuth: { kind: 'path' },
  selfRevoke: true,
  reversible: false,
  effect: 'delete the webhook',
  async locate(call, cred) {
    const path = webhookPath(cred.secret);
    if (!path) return refused('ambiguous', 'the webhook URL is not in the /api/webhooks/<id>/<token> form: delete it in the channel\'s Integrations');
    const hook = await call({ method: 'GET', path, label: 'GET /api/webhooks/{id}/{token}', as: 'leaked' });
    if (hook.state !== 'ok') return hook;
    if (hook.value.status === 401 || hook.value.status === 404) return alreadyInvalid('Discord', `the webhook answered ${hook.value.status}`);
    if (hook.value.status !== 200) return denialOf('Discord', 'GET /api/webhooks/{id}/{token}', hook.value);
    const name = field(hook.value.body, 'name');
    return ok({ id: field(hook.value.body, 'id') ?? 'webhook', label: `webhook${name ? ` "${name}"` : ''} of channel ${field(hook.value.body, 'channel_id') ?? '?'}`, owner: null, account: field(hook.value.body, 'guild_id'), params: { path } });
  },
  revoke: (call, target) => call({ method: 'DELETE', path: target.params?.path ?? '/', label: 'DELETE /api/webhooks/{id}/{token}', write: true, idempotent: true }),
  sample: {
    secret: (seed) => expandTemplate('https://discord.com/api/webhooks/$[1-9:1]$[digits:18]/$[b64url:68]', seed),
    routes(secret) {
      const path = webhookPath(secret)!;
      return [
        { method: 'GET', path, auth: 'leaked', body: { id: path.split('/')[3], name: 'deploys', channel_id: '4242', guild_id: '9090' } },
        { method: 'DELETE', path, auth: 'operator', status: 204, revokes: true },
      ];
    },
  },
};
