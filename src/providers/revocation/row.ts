/**
 * A revocation row is one provider family's containment as data: where its API lives, whose
 * credential may revoke (the operator's, from the ecosystem's usual variable; the leaked one only when
 * the user chooses it), how the leaked key is found at the provider, and the call that ends it. The
 * engine (engine.ts) does the rest the same way for every family: refuse on ambiguity or an owner that
 * does not match, dry runs, journaling without secrets, retries and the three-state answers.
 *
 * A row may also rotate: create the replacement with the operator's credential, which the engine then
 * delivers, checks with the family's live check, and only then retires the old key with `revoke`.
 */
import type { Auth } from '../../verify/validator.js';
import type { Credential, Outcome } from '../contract.js';
import type { JsonResponse } from '../http.js';

/** Whose credential authenticates a call: the operator's, the leaked one, or nobody (GitHub's revoke). */
export type Authority = 'operator' | 'leaked' | 'none';

export interface RowRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path (and query) under the row's base; ids in it must come from `encodeURIComponent`. */
  path: string;
  /** The call as journaled, without ids or secrets (`DELETE /v3/api_keys/{id}`); default: the method and path. */
  label?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Who signs it; default: the authority the engine chose for this revocation. */
  as?: Authority;
  /** Changes state at the provider (never sent in a dry run). */
  write?: boolean;
  /** Safe to repeat after a 5xx or a lost connection (reads and deletions are; a creation is not). */
  idempotent?: boolean;
  /**
   * The leaked credential as a field of the body, where the provider revokes a token by its value
   * (Google's and Doppler's revoke endpoints): the row never holds the secret, the call puts it there.
   */
  leakedIn?: { json?: string; form?: string };
}

/**
 * Sends a request for a row: base URL (or its `<PROVIDER>_API_URL` override), the chosen credential
 * where the row's auth puts it, the journal entry, timeouts and retries. Answers any HTTP status as
 * `ok` for the row to read; `unknown` only when the provider could not be heard.
 */
export interface RowCall {
  (req: RowRequest): Promise<Outcome<JsonResponse>>;
  /**
   * One of the row's `settings` from the operator's environment (an account SID, a subscription id);
   * refused with the line that names its variables when none is set.
   */
  setting(name: string): Outcome<string>;
}

/**
 * A value the operator gives through the environment that is not a credential: where the key lives
 * (Twilio's account SID, an Azure subscription, a Google Cloud project, a Vault namespace).
 */
export interface RowSetting {
  /** Variables tried in order; the first set one is used. */
  env: readonly string[];
  /** What it is, for the refusal when it is needed and unset (`the Twilio account SID (AC…)`). */
  what: string;
}

/** The leaked key as the provider knows it, found before anything changes. Never the secret. */
export interface Located {
  /** The provider's id of the key: what the revoke call names. */
  id: string;
  /** How the journal and report name it (`API key …a1b2 "deploy"`): safe to print. */
  label: string;
  /** Who the key belongs to (a user, an email, a service account), when the provider says. */
  owner?: string | null;
  /** Where it lives (an organisation, a project, an account id). */
  account?: string | null;
  /** Other ids the revoke call needs (a project id, an account SID). */
  params?: Record<string, string>;
}

/** A replacement key, created by the operator's credential; `secret` is delivered, never printed. */
export interface Created {
  secret: string;
  id: string;
  label: string;
  /** More values to deliver beside the secret (an id that travels with it), by variable name. */
  extra?: Record<string, string>;
}

export interface OperatorCredential {
  /** Variables tried in order (`CLOUDFLARE_API_TOKEN`); the first set one is used. */
  env: readonly string[];
  auth: Auth;
  /**
   * For an operator credential that is a pair (Twilio's account SID and auth token): the user part.
   * With as many names as `env`, each secret variable goes with the user variable at its position
   * (TWILIO_API_SECRET with TWILIO_API_KEY, TWILIO_AUTH_TOKEN with TWILIO_ACCOUNT_SID).
   */
  userEnv?: readonly string[];
  /** What the operator's credential must be allowed, for the error when it is missing or denied. */
  needs: string;
}

/** One call the table test's emulator answers, with the answer a real provider gives. */
export interface SampleRoute {
  method: string;
  /** Exact path, no query. */
  path: string;
  auth: Authority;
  status?: number;
  body?: unknown;
  /** The call that ends the key: the table test scripts its faults there. */
  revokes?: boolean;
  /** The call that ends the key when it revokes itself, where that is another call (Okta's `api-tokens/current`). */
  selfRevokes?: boolean;
  /** The call that creates a replacement (rotation rows). */
  creates?: boolean;
}

export interface RowSample {
  /** A well-formed fake key of the row's first rule, made at run time from `seed`. */
  secret(seed: string): string;
  /** Values of the row's settings that the routes assume (`TWILIO_ACCOUNT_SID`), by variable name. */
  env?: Readonly<Record<string, string>>;
  /** The provider's answers for that key, for the table test's loopback emulator. */
  routes(secret: string): SampleRoute[];
}

export interface RotationSpec {
  /** Creates the replacement beside the old key, with the operator's credential. */
  create(call: RowCall, old: Located, cred: Credential): Promise<Outcome<Created>>;
  /** Removes a replacement that could not be delivered or does not work, so nothing is left behind. */
  discard(call: RowCall, created: Created, old: Located): Promise<Outcome<void>>;
  /** The answer to a creation that means the account holds as many keys as it may. */
  limitReached?(res: JsonResponse): boolean;
}

export interface RevocationRow {
  provider: string;
  title: string;
  /** Rule ids whose credential this row revokes; the family's other kinds keep the console steps. */
  rules: readonly string[];
  /** The provider's fixed API base: https, no trailing slash. Absent for a self-hosted family (`baseFrom`). */
  base?: string;
  /**
   * A self-hosted family's base, from the operator's environment (`VAULT_ADDR`, `OKTA_ORG_URL`): the
   * first set variable; required, so a call is refused with one line naming them when none is set.
   * `envVar` still overrides it.
   */
  baseFrom?: readonly string[];
  /** The endpoint override (`CLOUDFLARE_API_URL`), honoured for tests and private clouds. */
  envVar: string;
  /** Values the row's calls read from the operator's environment by name (`call.setting('account')`). */
  settings?: Readonly<Record<string, RowSetting>>;
  /** How the leaked key is presented where the row calls with it (locating it, or revoking itself). */
  leakedAuth?: Auth;
  /** The operator's credential; absent when the provider has no such API (only the key itself can). */
  operator?: OperatorCredential;
  /**
   * The leaked key may revoke itself (Vault's revoke-self, Okta's `current`): offered only when the user
   * chooses it (`--use-leaked-key`), never the default, and journaled as such.
   */
  selfRevoke?: boolean;
  /** Revoking needs no credential at all (GitHub's credential revocation endpoint). */
  unauthenticated?: boolean;
  /** Whether the revocation can be undone (a disabled key can; a deleted one cannot). */
  reversible: boolean;
  /** What the revocation does, in words for the confirmation and the dry run (`deletes the API key`). */
  effect: string;
  /** Extra fixed headers on every call (an API version). */
  headers?: Record<string, string>;
  /**
   * Finds the leaked key at the provider (read-only): its id and owner. `refused('ambiguous', …)` when
   * it cannot be told for certain which key it is: the engine then stops, never guesses.
   */
  locate(call: RowCall, cred: Credential, authority: Authority): Promise<Outcome<Located>>;
  /** Ends the key: the row reads the answer (200/204 done; 404 already gone; the rest refused). */
  revoke(call: RowCall, target: Located, authority: Authority): Promise<Outcome<JsonResponse>>;
  rotate?: RotationSpec;
  /** The table test's emulator script. */
  sample: RowSample;
}
