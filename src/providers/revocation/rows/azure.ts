/**
 * Azure storage account keys, through Azure Resource Manager with the operator's token
 * (AZURE_ACCESS_TOKEN, from `az account get-access-token`). The scan keeps only the key, not the
 * connection string's AccountName, so the key is found by its value: the storage accounts of the
 * subscription (AZURE_SUBSCRIPTION_ID, else every enabled subscription the token sees) are listed,
 * their keys read (`listKeys`) and compared in this process, never printed; the account and key name
 * (key1 or key2) whose value is the leaked one is then regenerated (`regenerateKey`), which ends the
 * leaked value and every SAS or connection string signed with it. Clients on that key break until
 * they take the new value: the usual rotation moves them to the other key first.
 */
import { timingSafeEqual } from 'node:crypto';
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { RevocationRow, RowCall } from '../row.js';
import { arrayAt, denialOf } from './shared.js';

const STORAGE_API = 'api-version=2023-05-01';
const SUBSCRIPTIONS_API = 'api-version=2022-12-01';
/** Storage accounts whose keys are read at most: more is answered in the portal. */
const MAX_ACCOUNTS = 500;
const MAX_PAGES = 50;
/** An account's resource id, as ARM gives it; anything else is not called. */
const ACCOUNT_ID = /^\/subscriptions\/([^/?#]+)\/resourceGroups\/([^/?#]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([a-z0-9]{3,24})$/i;

interface Account {
  subscription: string;
  group: string;
  name: string;
}

const accountPath = (a: Account): string =>
  `/subscriptions/${encodeURIComponent(a.subscription)}/resourceGroups/${encodeURIComponent(a.group)}/providers/Microsoft.Storage/storageAccounts/${encodeURIComponent(a.name)}`;

/** Every item of an ARM list, following `nextLink` (an absolute URL on the same API: its path is kept). */
async function listAll(call: RowCall, path: string, label: string): Promise<Outcome<unknown[]>> {
  const items: unknown[] = [];
  let next: string | null = path;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const answer = await call({ method: 'GET', path: next, label });
    if (answer.state !== 'ok') return answer;
    if (answer.value.status !== 200) return denialOf('Azure', label, answer.value);
    items.push(...arrayAt(answer.value.body, 'value'));
    const link = field(answer.value.body, 'nextLink');
    next = null;
    if (link) {
      try {
        const url = new URL(link);
        next = `${url.pathname}${url.search}`;
      } catch {
        next = null;
      }
    }
  }
  return ok(items);
}

async function subscriptions(call: RowCall): Promise<Outcome<string[]>> {
  const named = call.setting('subscription');
  if (named.state === 'ok') return ok([named.value]);
  const list = await listAll(call, `/subscriptions?${SUBSCRIPTIONS_API}`, 'GET /subscriptions');
  if (list.state !== 'ok') return list;
  const ids = list.value.filter((s) => (field(s, 'state') ?? 'Enabled') === 'Enabled').map((s) => field(s, 'subscriptionId')).filter((s): s is string => Boolean(s));
  return ids.length ? ok(ids) : refused('not-found', 'the operator\'s token sees no enabled subscription: set AZURE_SUBSCRIPTION_ID to the one that holds the storage account');
}

/** Equal values, compared without leaking their position through timing. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const AZURE_ROW: RevocationRow = {
  provider: 'azure',
  title: 'Azure Storage',
  rules: ['azure-storage-connection-string-key', 'azure-storage-account-key', 'azure-storage-identifiable-key', 'azure-storage-key-context'],
  base: 'https://management.azure.com',
  envVar: 'AZURE_API_URL',
  operator: { env: ['AZURE_ACCESS_TOKEN'], auth: { kind: 'bearer' }, needs: 'may list storage accounts, list their keys and regenerate them (Storage Account Key Operator Service Role, or Contributor)' },
  settings: { subscription: { env: ['AZURE_SUBSCRIPTION_ID'], what: 'the subscription that holds the storage account' } },
  reversible: false,
  effect: 'regenerate',
  async locate(call, cred) {
    const subs = await subscriptions(call);
    if (subs.state !== 'ok') return subs;
    const accounts: Account[] = [];
    for (const subscription of subs.value) {
      const list = await listAll(call, `/subscriptions/${encodeURIComponent(subscription)}/providers/Microsoft.Storage/storageAccounts?${STORAGE_API}`, 'GET /subscriptions/{id}/providers/Microsoft.Storage/storageAccounts');
      if (list.state !== 'ok') return list;
      for (const item of list.value) {
        const id = ACCOUNT_ID.exec(field(item, 'id') ?? '');
        if (id) accounts.push({ subscription: id[1]!, group: id[2]!, name: id[3]! });
      }
    }
    if (accounts.length > MAX_ACCOUNTS) return refused('ambiguous', `the operator sees ${accounts.length} storage accounts: set AZURE_SUBSCRIPTION_ID to the one that holds this key, or regenerate it in the portal`);
    const matches: Array<{ account: Account; keyName: string }> = [];
    for (const account of accounts) {
      const keys = await call({ method: 'POST', path: `${accountPath(account)}/listKeys?${STORAGE_API}`, label: 'POST …/storageAccounts/{name}/listKeys', idempotent: true });
      if (keys.state !== 'ok') return keys;
      // An account the token may see but not read keys of is skipped; a denial everywhere ends in "no account holds it".
      if (keys.value.status !== 200) continue;
      for (const key of arrayAt(keys.value.body, 'keys')) {
        const keyName = field(key, 'keyName');
        const value = field(key, 'value');
        if (keyName && /^key[12]$/.test(keyName) && value && same(value, cred.secret)) matches.push({ account, keyName });
      }
    }
    if (matches.length !== 1) {
      return refused('ambiguous', matches.length === 0
        ? `no storage account whose keys the operator may read (${accounts.length} seen) holds this key: it was regenerated already, lives in another subscription (set AZURE_SUBSCRIPTION_ID), or belongs to another service (Cosmos DB…)`
        : `${matches.length} storage keys hold this value, so the leaked one cannot be told: regenerate them in the portal`);
    }
    const { account, keyName } = matches[0]!;
    return ok({ id: keyName, label: `${keyName} of storage account ${account.name}`, owner: null, account: account.name, params: { subscription: account.subscription, resourceGroup: account.group } });
  },
  revoke: (call, target) =>
    call({
      method: 'POST',
      path: `${accountPath({ subscription: target.params!.subscription!, group: target.params!.resourceGroup!, name: target.account! })}/regenerateKey?${STORAGE_API}`,
      label: 'POST …/storageAccounts/{name}/regenerateKey',
      json: { keyName: target.id },
      write: true,
    }),
  sample: {
    secret: (seed) => expandTemplate('$[b64bytes:64]', seed),
    env: { AZURE_SUBSCRIPTION_ID: expandTemplate('$[uuid]', 'sample subscription') },
    routes(secret) {
      const subscription = expandTemplate('$[uuid]', 'sample subscription');
      const account = (name: string) => `/subscriptions/${subscription}/resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/${name}`;
      const keys = (key1: string, key2: string) => ({ keys: [{ keyName: 'key1', value: key1, permissions: 'FULL', creationTime: '2025-01-10T09:00:00Z' }, { keyName: 'key2', value: key2, permissions: 'FULL', creationTime: '2025-01-10T09:00:00Z' }] });
      const other = (tag: string) => expandTemplate('$[b64bytes:64]', `${tag} ${secret}`);
      return [
        { method: 'GET', path: `/subscriptions/${subscription}/providers/Microsoft.Storage/storageAccounts`, auth: 'operator', body: { value: [{ id: account('acmelogs'), name: 'acmelogs', location: 'westeurope' }, { id: account('acmeprod'), name: 'acmeprod', location: 'westeurope' }] } },
        { method: 'POST', path: `${account('acmelogs')}/listKeys`, auth: 'operator', body: keys(other('logs1'), other('logs2')) },
        { method: 'POST', path: `${account('acmeprod')}/listKeys`, auth: 'operator', body: keys(other('prod1'), secret) },
        { method: 'POST', path: `${account('acmeprod')}/regenerateKey`, auth: 'operator', revokes: true, body: keys(other('prod1'), other('prod2 new')) },
      ];
    },
  },
};
