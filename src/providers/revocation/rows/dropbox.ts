/**
 * Dropbox: an access token names its account (`POST /2/users/get_current_account`) and revokes itself
 * (`POST /2/auth/token/revoke`). No operator API ends another's token, so this path is offered only when
 * the user chooses it; otherwise the app's page (disconnect the app) does it.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok } from '../../contract.js';
import type { RevocationRow } from '../row.js';
import { alreadyInvalid, denialOf } from './shared.js';

export const DROPBOX_ROW: RevocationRow = {
  provider: 'dropbox',
  title: 'Dropbox',
  rules: ['dropbox-long-lived-token', 'dropbox-short-lived-token'],
  base: 'https://api.dropboxapi.com',
  envVar: 'DROPBOX_API_URL',
  leakedAuth: { kind: 'bearer' },
  selfRevoke: true,
  reversible: false,
  effect: 'revoke the access token',
  async locate(call) {
    // Dropbox RPC endpoints take a JSON body of `null` for "no arguments".
    const account = await call({ method: 'POST', path: '/2/users/get_current_account', json: null, as: 'leaked', idempotent: true });
    if (account.state !== 'ok') return account;
    if (account.value.status === 401) return alreadyInvalid('Dropbox', 'get_current_account answered 401');
    if (account.value.status !== 200) return denialOf('Dropbox', 'POST /2/users/get_current_account', account.value);
    const id = field(account.value.body, 'account_id') ?? 'account';
    return ok({ id, label: 'access token', owner: field(account.value.body, 'email'), account: field(account.value.body, 'name', 'display_name') });
  },
  revoke: (call) => call({ method: 'POST', path: '/2/auth/token/revoke', json: null, write: true, idempotent: true }),
  sample: {
    secret: (seed) => expandTemplate('$[a-z0-9:11]AAAAAAAAAA$[a-z0-9:43]', seed),
    routes: () => [
      { method: 'POST', path: '/2/users/get_current_account', auth: 'leaked', body: { account_id: 'dbid:emu', email: 'ops@example.com', name: { display_name: 'Ops' } } },
      { method: 'POST', path: '/2/auth/token/revoke', auth: 'operator', revokes: true, body: null },
    ],
  },
};
