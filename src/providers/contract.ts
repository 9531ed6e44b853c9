import type { Finding } from '../scan/finding.js';
import type { OpenIntent } from './intent.js';

/**
 * One contract for every provider (TruffleHog's detector model): identify the credential's owner,
 * verify whether it is live, revoke it, rotate it, and gather evidence of its use. Every call answers
 * in three states, keeping the error when the provider could not tell, so a responder never mistakes
 * "the API was down" for "the key is dead".
 */

/** A leaked credential, read back from git by fingerprint. `secret` never leaves the process. */
export interface Credential {
  finding: Finding;
  secret: string;
  /** The other half when the scan paired it (an AWS key id with its secret access key). */
  pair?: { finding: Finding; secret: string };
  /**
   * The text around the secret in git (a window of its line) and where the secret starts in it, for an
   * adapter that needs more than the secret: a database URI's role, host, port and database. Absent for
   * messages and imports. Stays in the process like the secret.
   */
  context?: { text: string; at: number };
}

export type Outcome<T> =
  | { state: 'ok'; value: T }
  /** The provider answered that it cannot: access denied, not found, limit reached. */
  | { state: 'refused'; code: string; message: string }
  /** Could not tell: network error, throttling after retries, unexpected answer. */
  | { state: 'unknown'; code: string; message: string };

export interface Identity {
  /** Who owns the credential: an IAM user ARN, a GitHub login, a Slack team/user... */
  owner: string | null;
  account: string | null;
  /** Scopes or permissions, where the provider exposes them. */
  scopes: string[];
  /** The credential's own id, safe to print (an AWS access key id, a token's prefix). */
  keyId: string | null;
  details: Record<string, string>;
}

export interface Liveness {
  live: boolean;
  detail: string;
}

export interface Evidence {
  /** ISO date of the last use the provider reports, or null when never used. */
  lastUsed: string | null;
  service: string | null;
  region: string | null;
  notes: string[];
  /** What the credential did since the leak, where the provider keeps a log (AWS CloudTrail). */
  activity?: Activity;
}

/** A provider's log of one credential's calls since a date, summarised for the postmortem. */
export interface Activity {
  /** Where it comes from: `CloudTrail event history (us-east-1, eu-west-1)`. */
  source: string;
  /** ISO start of the search: the leak (the commit date). */
  since: string;
  events: number;
  /** More events exist than were read. */
  truncated: boolean;
  first: string | null;
  last: string | null;
  /** Most frequent first. */
  eventNames: { name: string; count: number }[];
  sourceIps: string[];
  regions: string[];
  /** Calls that failed (an error code in the event): attempts the key was not allowed. */
  failed: number;
}

export interface RevokeResult {
  /** What was done, in words for the journal and report (`deactivated key AKIA…XYZ of user alice`). */
  action: string;
  /** Whether the step can be undone (AWS Inactive can; a GitHub token revocation cannot). */
  reversible: boolean;
}

/**
 * Where a rotated secret goes; delivery never prints it. Each kind names one entry in one store and
 * changes only that entry (src/providers/delivery/table.ts has a row per kind).
 */
export type Delivery =
  | { kind: 'env-file'; file: string }
  | { kind: 'github-secret'; owner: string; repo: string; name: string }
  | { kind: 'github-env-secret'; owner: string; repo: string; environment: string; name: string }
  | { kind: 'dependabot-secret'; owner: string; repo: string; name: string }
  /** `project`: a numeric id or the full path (`group/sub/app`); `scope`: the variable's environment scope. */
  | { kind: 'gitlab-variable'; project: string; name: string; scope: string | null }
  /** `key`: a key of the secret's JSON object; null: the whole SecretString. */
  | { kind: 'aws-secret'; secretId: string; key: string | null }
  | { kind: 'ssm-parameter'; name: string }
  /** `path` includes the mount (`secret/app/prod`); the mount and its KV version are asked of Vault. */
  | { kind: 'vault-kv'; path: string; key: string }
  | { kind: 'k8s-secret'; namespace: string; name: string; key: string }
  | { kind: 'doppler'; project: string; config: string; name: string }
  | { kind: 'onepassword'; vault: string; item: string; field: string };

export type DeliveryKind = Delivery['kind'];

/** A delivery kind as a user picks it: its `rotate` flag, the flag's argument, and what it writes. */
export interface DeliveryKindInfo {
  kind: DeliveryKind;
  flag: string;
  argument: string;
  description: string;
  /** Where the operator's credentials for it come from. */
  credentials: string;
  /** The provider family (rule `provider` id) whose store it is; null for a file. */
  provider: string | null;
}

/** Every delivery kind, in the order `rotate --help`, the README and a chooser list them. */
export const DELIVERY_KINDS: readonly DeliveryKindInfo[] = [
  { kind: 'env-file', flag: '--to-env-file', argument: 'FILE', description: 'update (or add) just the variables in a dotenv file, atomically, mode 0600', credentials: 'none', provider: null },
  { kind: 'github-secret', flag: '--to-github-secret', argument: 'OWNER/REPO:NAME', description: 'GitHub Actions repository secret (sealed box)', credentials: 'GITHUB_TOKEN or GH_TOKEN; GITHUB_API_URL', provider: 'github' },
  { kind: 'github-env-secret', flag: '--to-github-env-secret', argument: 'OWNER/REPO/ENVIRONMENT:NAME', description: 'GitHub Actions environment secret (sealed box)', credentials: 'GITHUB_TOKEN or GH_TOKEN; GITHUB_API_URL', provider: 'github' },
  { kind: 'dependabot-secret', flag: '--to-dependabot-secret', argument: 'OWNER/REPO:NAME', description: 'GitHub Dependabot repository secret (sealed box)', credentials: 'GITHUB_TOKEN or GH_TOKEN; GITHUB_API_URL', provider: 'github' },
  { kind: 'gitlab-variable', flag: '--to-gitlab-variable', argument: 'PROJECT:KEY[@SCOPE]', description: 'GitLab project CI/CD variable; masked and protected kept as they were', credentials: 'GITLAB_TOKEN; GITLAB_API_URL', provider: 'gitlab' },
  { kind: 'aws-secret', flag: '--to-aws-secret', argument: 'SECRET_ID[#KEY]', description: 'AWS Secrets Manager secret (a new version), or one key of its JSON', credentials: 'AWS credential chain; AWS_REGION; AWS_ENDPOINT_URL_SECRETS_MANAGER', provider: 'aws' },
  { kind: 'ssm-parameter', flag: '--to-ssm-parameter', argument: 'NAME', description: 'AWS SSM Parameter Store SecureString (overwritten, KMS key kept)', credentials: 'AWS credential chain; AWS_REGION; AWS_ENDPOINT_URL_SSM', provider: 'aws' },
  { kind: 'vault-kv', flag: '--to-vault-kv', argument: 'MOUNT/PATH:KEY', description: 'HashiCorp Vault KV v2 (patch with check-and-set) or v1 secret, one key', credentials: 'VAULT_ADDR, VAULT_TOKEN, VAULT_NAMESPACE', provider: 'vault' },
  { kind: 'k8s-secret', flag: '--to-k8s-secret', argument: 'NAMESPACE/NAME:KEY', description: 'Kubernetes Secret, one data key (JSON merge patch through the cluster API)', credentials: 'KUBECONFIG or ~/.kube/config; SPILLKIT_KUBE_CONTEXT', provider: 'kubernetes' },
  { kind: 'doppler', flag: '--to-doppler', argument: 'PROJECT/CONFIG:NAME', description: 'Doppler config secret', credentials: 'DOPPLER_TOKEN; DOPPLER_API_URL', provider: 'doppler' },
  { kind: 'onepassword', flag: '--to-1password', argument: 'VAULT/ITEM:FIELD', description: '1Password item field, through the op CLI (value never in argv)', credentials: 'op CLI signed in (OP_SERVICE_ACCOUNT_TOKEN or a session)', provider: 'onepassword' },
];

export interface RotateResult {
  action: string;
  /** Safe-to-print id of the new credential (an access key id), when it has one. */
  newKeyId: string | null;
  /** The variables written, by name: the new secret values themselves are never returned to callers. */
  delivered: string[];
  /** What happened to the old credential: `deactivated`, `deleted`, or `left active` on failure. */
  old: 'deactivated' | 'deleted' | 'left active';
}

/** How much harm a credential can do, for ranking: the sweep and the TUI put `critical` first. */
export type Risk = 'critical' | 'high' | 'medium' | 'low';

/**
 * The blast radius of a credential, read with the credential itself through read-only calls: who it
 * acts as, what it may do and what it reaches. Lists rather than maps, so names the provider chose (a
 * scope, a policy) are values, never journal keys. `summary` holds one line per finding, most telling
 * first (`admin: yes`, `wildcard actions: s3:*`, `services: s3, ec2`), for the report, the TUI detail
 * and a terminal; `gaps` says what could not be read and why (`could not read inline policies (denied)`).
 */
export interface Analysis {
  /** Who the credential acts as: an IAM ARN, a login, a bot, a workspace user. */
  principal: string | null;
  /** Where that principal lives: an AWS account, a Slack workspace, an organisation, an instance. */
  account: string | null;
  /** What the credential is, in words: `IAM user access key`, `classic personal access token`. */
  kind: string;
  summary: string[];
  permissions: {
    /** Full control of the account, organisation or workspace; null when it could not be read. */
    admin: boolean | null;
    /** May change things (push, publish, write), not only read; null when unknown. */
    write: boolean | null;
    /** Scopes, roles, policy names or permission strings, as the provider names them. */
    grants: string[];
    /** Actions granted by a wildcard (`s3:*`, `iam:Get*`). */
    wildcards: string[];
    /** Services or areas the grants touch (`s3`, `ec2`; `repo`, `packages`). */
    services: string[];
  };
  resources: {
    /** Names of what it reaches (organisations, projects, packages, roles it may assume); capped. */
    items: string[];
    /** How many of each kind (`repositories`, `private repositories`, `packages it can publish`). */
    counts: { kind: string; count: number }[];
  };
  /** ISO date or the provider's words; null when it does not expire or the provider does not say. */
  expiresAt: string | null;
  risk: Risk;
  gaps: string[];
  /** What the provider's logs say of its use (last use; AWS: CloudTrail activity since the leak). */
  evidence?: Evidence;
}

/** A step a person must do where no API exists: the exact console page and a checklist. */
export interface ManualStep {
  title: string;
  url: string;
  checklist: string[];
}

/** Everything an adapter may touch, injected so tests point it at loopback emulators. */
export interface ProviderContext {
  env: NodeJS.ProcessEnv;
  /** No change anywhere: adapters make read calls only and say what they would do. */
  dryRun: boolean;
  /** Journal an event (provider calls and their outcomes). Never pass a secret. */
  record: (type: string, data: Record<string, unknown>) => void;
  /** Asks the user for a value without echoing it (a pasted new token); absent when not a TTY. */
  promptHidden?: (question: string) => Promise<string>;
  /** Delivers a rotated secret: `values` maps variable names to new secret values. */
  deliver: (delivery: Delivery, values: Record<string, string>) => Promise<void>;
  /**
   * Checks, without writing, that a delivery can succeed (the store answers, the entry's container
   * exists, the operator may write it), and says what it found. For rotations that cannot keep two
   * secrets alive at once (a database password): they check before they change anything.
   */
  checkDelivery?: (delivery: Delivery) => Promise<string>;
  /**
   * Keeps a value nobody else holds in a private (0600) file of the incident and returns its path: the
   * last resort when a new password is set but could neither be delivered nor undone.
   */
  saveRecovery?: (name: string, content: string) => string;
  /**
   * Intents that an earlier run of this incident began and never ended (intent.ts): what a
   * non-idempotent call reconciles before it is retried. Absent outside an incident.
   */
  openIntents?: (call: string, subject: string) => OpenIntent[];
}

export interface EvidenceOptions {
  /**
   * Also read the provider's activity log for the credential (AWS CloudTrail): slower, paged and rate
   * limited, so `analyze` asks for it and `revoke`, where minutes matter, does not.
   */
  activity?: boolean;
}

export interface RevokeOptions {
  /** AWS: also attach the AWSCompromisedKeyQuarantineV2 policy to the owner. */
  quarantine?: boolean;
  /** Use the leaked credential itself when the operator has no admin access (AWS: self-disable). */
  useLeakedCredential?: boolean;
  /** The owner or account the operator expects (`--expect-owner`): anything else is refused. */
  expectOwner?: string;
}

export interface RotateOptions {
  delivery: Delivery;
  /** Delete the old credential instead of deactivating it. */
  deleteOld: boolean;
  /** Create the replacement with the leaked credential itself (only when the user chose it). */
  useLeakedCredential?: boolean;
  /** The owner or account the operator expects (`--expect-owner`): anything else is refused. */
  expectOwner?: string;
}

export interface ProviderAdapter {
  /** Provider id, as in rules (`aws`, `github`, ...). */
  readonly id: string;
  readonly title: string;
  identify(cred: Credential, ctx: ProviderContext): Promise<Outcome<Identity>>;
  /** Calls the provider with the leaked credential: only when the user asks. */
  verify(cred: Credential, ctx: ProviderContext): Promise<Outcome<Liveness>>;
  evidence(cred: Credential, ctx: ProviderContext, opts?: EvidenceOptions): Promise<Outcome<Evidence>>;
  revoke(cred: Credential, ctx: ProviderContext, opts: RevokeOptions): Promise<Outcome<RevokeResult>>;
  /**
   * Read-only blast radius, calling the provider with the leaked credential. Absent when spillkit has
   * no analyzer for the provider: `analyze` then names its console page.
   */
  analyze?(cred: Credential, ctx: ProviderContext): Promise<Outcome<Analysis>>;
  /** Absent when the provider has no rotation API: the manual steps say how. */
  rotate?(cred: Credential, ctx: ProviderContext, opts: RotateOptions): Promise<Outcome<RotateResult>>;
  /** The console steps for what the API cannot do (or everything, for a manual provider). */
  manualSteps(cred: Credential): ManualStep[];
}

export const ok = <T>(value: T): Outcome<T> => ({ state: 'ok', value });
export const refused = <T>(code: string, message: string): Outcome<T> => ({ state: 'refused', code, message });
export const unknown = <T>(code: string, message: string): Outcome<T> => ({ state: 'unknown', code, message });
