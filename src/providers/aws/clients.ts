import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { httpTuning } from '../http.js';
import type { AwsKey } from './key.js';

/**
 * SDK clients built from the context's environment rather than process.env, so a test (or a caller
 * holding another environment) decides endpoints and operator credentials. The SDK's standard retry
 * strategy stays; four attempts ride out a short throttling burst.
 */

type Env = NodeJS.ProcessEnv;
type Service = 'IAM' | 'STS' | 'CLOUDTRAIL' | 'SECRETS_MANAGER' | 'SSM';

const DEFAULT_MAX_ATTEMPTS = 4;

function region(env: Env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

function endpoint(env: Env, service: Service): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

function maxAttempts(env: Env): number {
  const configured = Number.parseInt(env.AWS_MAX_ATTEMPTS ?? '', 10);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_ATTEMPTS;
}

interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** fromEnv semantics over ctx.env; undefined leaves the SDK's default chain (profile, SSO, IMDS...). */
function operatorCredentials(env: Env): StaticCredentials | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

function leakedCredentials(key: AwsKey): StaticCredentials {
  if (key.secretKey === null) throw new Error('the leaked key has no secret half to sign with');
  return { accessKeyId: key.keyId, secretAccessKey: key.secretKey };
}

function config(env: Env, service: Service, credentials: StaticCredentials | undefined, regionName: string = region(env)) {
  return sdkConfig(env, service, credentials, regionName);
}

/** The operator's client settings for a service (a delivery target's store: Secrets Manager, SSM). */
export function operatorConfig(env: Env, service: Service, regionName: string = region(env)) {
  return sdkConfig(env, service, operatorCredentials(env), regionName);
}

function sdkConfig(env: Env, service: Service, credentials: StaticCredentials | undefined, regionName: string) {
  // The SDK warns on stderr, once, that its 2027 releases will need Node 22: noise in a CLI whose errors
  // are one line. Its own switch, unless the user set it either way.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const url = endpoint(env, service);
  const profile = credentials === undefined && env.AWS_PROFILE ? env.AWS_PROFILE : undefined;
  // The SDK waits forever for an answer by default; an incident step must not (SPILLKIT_HTTP_TIMEOUT_MS).
  const { timeoutMs } = httpTuning(env);
  return {
    region: regionName,
    maxAttempts: maxAttempts(env),
    requestHandler: { requestTimeout: timeoutMs, throwOnRequestTimeout: true, connectionTimeout: timeoutMs },
    ...(url ? { endpoint: url } : {}),
    ...(credentials ? { credentials } : {}),
    ...(profile ? { profile } : {}),
  };
}

export const operatorIam = (env: Env): IAMClient => new IAMClient(config(env, 'IAM', operatorCredentials(env)));
export const operatorSts = (env: Env): STSClient => new STSClient(config(env, 'STS', operatorCredentials(env)));
/** CloudTrail is regional: event history is read region by region, with the operator's credentials. */
export const operatorCloudTrail = (env: Env, regionName: string): CloudTrailClient => new CloudTrailClient(config(env, 'CLOUDTRAIL', operatorCredentials(env), regionName));
/** The regions whose CloudTrail event history is searched: SPILLKIT_CLOUDTRAIL_REGIONS, else the configured region and us-east-1 (global services). */
export function cloudTrailRegions(env: Env): string[] {
  const listed = (env.SPILLKIT_CLOUDTRAIL_REGIONS ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  return listed.length ? [...new Set(listed)] : [...new Set([region(env), 'us-east-1'])];
}
/** Clients signed by the leaked key itself: verification, and self-disable when the user chose it. */
export const leakedIam = (env: Env, key: AwsKey): IAMClient => new IAMClient(config(env, 'IAM', leakedCredentials(key)));
export const leakedSts = (env: Env, key: AwsKey): STSClient => new STSClient(config(env, 'STS', leakedCredentials(key)));
