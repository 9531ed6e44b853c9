import { redactAwsKeyIds } from '../../incident/aws-key-ids.js';

/**
 * Turns an SDK error into the contract's refused/unknown states. The provider "refused" when it answered
 * that it cannot (denied, not found, limit); anything else (throttling after the SDK's retries, network,
 * 5xx, an unexpected answer) is "unknown", so nobody mistakes an outage for a dead key.
 */

export interface AwsFailure {
  state: 'refused' | 'unknown';
  code: string;
  message: string;
}

const REFUSED = new Set([
  'AccessDenied', 'UnauthorizedOperation', 'NoSuchEntity', 'LimitExceeded', 'InvalidClientTokenId',
  'SignatureDoesNotMatch', 'ExpiredToken', 'UnrecognizedClient', 'EntityAlreadyExists', 'ValidationError',
  'InvalidInput', 'DeleteConflict', 'MissingAuthenticationToken', 'NoOperatorCredentials',
]);

const THROTTLED = new Set(['Throttling', 'TooManyRequests', 'RequestLimitExceeded', 'SlowDown']);

interface SdkErrorShape {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** The wire code: `Code` as IAM sent it, else the exception name without its `Exception` suffix. */
export function awsErrorCode(error: unknown): string {
  const shape = (error ?? {}) as SdkErrorShape;
  if (shape.name === 'CredentialsProviderError') return 'NoOperatorCredentials';
  const code = shape.Code ?? (shape.$metadata?.httpStatusCode !== undefined ? shape.name : shape.code ?? shape.name);
  if (!code) return 'Unknown';
  return code.endsWith('Exception') ? code.slice(0, -'Exception'.length) : code;
}

/** Replaces every secret in a text; SDK and delivery messages should never hold one, but a leak here would be a second leak. */
export function scrub(text: string, secrets: readonly (string | null | undefined)[]): string {
  let clean = text;
  for (const secret of secrets) if (secret) clean = clean.split(secret).join('[redacted]');
  // IAM names keys in full ("The Access Key with id AKIA... cannot be found"): shorten them like ours.
  return redactAwsKeyIds(clean);
}

export function classifyAwsError(error: unknown, secrets: readonly (string | null | undefined)[]): AwsFailure {
  const shape = (error ?? {}) as SdkErrorShape;
  const code = awsErrorCode(error);
  const raw = scrub(shape.message ?? String(error), secrets);
  const status = shape.$metadata?.httpStatusCode;
  if (code === 'NoOperatorCredentials') {
    return { state: 'refused', code, message: 'no AWS operator credentials found (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO or instance role); set some, or let the leaked key disable itself' };
  }
  if (THROTTLED.has(code)) {
    const attempts = shape.$metadata?.attempts;
    return { state: 'unknown', code: 'Throttling', message: `AWS kept throttling the request${attempts ? ` after ${attempts} attempts` : ''}: ${raw}` };
  }
  if (REFUSED.has(code)) return { state: 'refused', code, message: raw };
  if (shape.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'RequestTimeout') return { state: 'unknown', code: 'Timeout', message: `AWS did not answer in time: ${raw}` };
  if (status === undefined) return { state: 'unknown', code: 'Network', message: `could not reach AWS: ${raw}` };
  return { state: 'unknown', code, message: `AWS answered HTTP ${status}: ${raw}` };
}
