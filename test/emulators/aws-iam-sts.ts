import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expandTemplate, fakeSecret } from '../../src/rules/fake-secret.js';

/**
 * A loopback emulator of the slice of IAM and STS that the AWS adapter uses, speaking the AWS query
 * protocol (form-encoded POST, XML answers shaped like the real services' answers, `ErrorResponse` with
 * the real HTTP statuses), so tests run the real SDK clients against it through AWS_ENDPOINT_URL_IAM/_STS.
 *
 * Callers are authenticated from the SigV4 Authorization header: the access key must exist and be Active
 * (else InvalidClientTokenId), and the signature is checked against the key's secret (SignatureDoesNotMatch),
 * so a wrong pair behaves as it would on AWS. Each key may carry an `allow` list of actions it may call,
 * to script AccessDenied. `throttle[action] = n` throttles the next n calls of an action (Infinity: always).
 *
 * Policies: users and groups carry attached managed policy ARNs and inline documents; managed documents
 * come from `policies` or a few AWS managed ones built in (AdministratorAccess, AmazonS3FullAccess,
 * IAMReadOnlyAccess), and are answered URL-encoded, as IAM does. `faults[action]` scripts an HTTP error
 * (a 5xx) or a delay past the client's timeout for the next calls of an action.
 *
 * CloudTrail's LookupEvents speaks the JSON protocol (`x-amz-target: CloudTrail_20131101.LookupEvents`,
 * epoch-second times, `__type` errors): events of `trail` filtered by access key id and time, newest
 * first, paged by NextToken.
 *
 * Simplification: IAM answers GetAccessKeyLastUsed on a key it does not hold (deleted, or of another account)
 * with AccessDenied, as AWS does; `unknownKeyAnswer: 'NoSuchEntity'` switches that to NoSuchEntity.
 */

export interface EmulatedKey {
  id: string;
  secret: string;
  user: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsed?: { date: string; service: string; region: string };
  /** Actions this key may call as a caller (`iam:UpdateAccessKey`, `sts:GetAccessKeyInfo`); absent: all. */
  allow?: string[];
}

export interface EmulatedUser {
  name: string;
  attachedPolicies: string[];
  /** Inline policy name -> document. */
  inlinePolicies?: Record<string, object>;
  groups?: string[];
}

export interface EmulatedGroup {
  name: string;
  attachedPolicies: string[];
  inlinePolicies?: Record<string, object>;
}

/** A customer managed policy (its default version's document). */
export interface EmulatedPolicy {
  arn: string;
  document: object;
}

/** One CloudTrail event signed by a key. */
export interface EmulatedEvent {
  keyId: string;
  name: string;
  source: string;
  time: string;
  sourceIp: string;
  region: string;
  errorCode?: string;
}

export interface EmulatedFault {
  /** HTTP status to answer (e.g. 503), with `code`; absent: answer normally after `delayMs`. */
  status?: number;
  code?: string;
  /** Hold the answer this long (a timeout test). */
  delayMs?: number;
  /** How many calls it affects (Infinity: all). */
  times: number;
}

export interface AwsEmulatorState {
  account: string;
  users: EmulatedUser[];
  keys: EmulatedKey[];
  /** Next n calls of an action answer Throttling (Infinity: every call). */
  throttle: Record<string, number>;
  unknownKeyAnswer: 'AccessDenied' | 'NoSuchEntity';
  groups: EmulatedGroup[];
  policies: EmulatedPolicy[];
  /** Scripted faults by action name (`GetUserPolicy`). */
  faults: Record<string, EmulatedFault>;
  /** CloudTrail event history. */
  trail: EmulatedEvent[];
  /** How many keys CreateAccessKey has made, to seed the next one. */
  created: number;
}

export interface EmulatedCall {
  service: 'iam' | 'sts' | 'cloudtrail';
  action: string;
  /** Access key id that signed the request (null when unsigned). */
  caller: string | null;
  params: Record<string, string>;
  status: number;
  /** Error code when the call failed. */
  code: string | null;
}

export interface AwsEmulator {
  url: string;
  state: AwsEmulatorState;
  calls: EmulatedCall[];
  /**
   * Called once an answer has been handed to the socket: a test can kill the caller right there (the
   * provider acted, the caller may never learn it), to check what a resume does.
   */
  onAnswered: ((call: EmulatedCall) => void) | null;
  close(): Promise<void>;
}

/** A key for the emulator's state with a generated fake id and secret (never a literal). */
export function emulatedKey(seed: string, user: string, extra: Partial<EmulatedKey> = {}): EmulatedKey {
  return {
    id: fakeSecret('aws-access-key-id', seed),
    secret: fakeSecret('aws-secret-access-key', seed),
    user,
    status: 'Active',
    createDate: '2024-01-02T03:04:05Z',
    ...extra,
  };
}

/** The environment that points the real CLI (and the AWS SDK in it) at the emulator as `operator`. */
export function cliEnv(aws: AwsEmulator, operator: EmulatedKey): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_IAM: aws.url,
    AWS_ENDPOINT_URL_STS: aws.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: aws.url,
    AWS_ACCESS_KEY_ID: operator.id,
    AWS_SECRET_ACCESS_KEY: operator.secret,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export function emulatorState(partial: Partial<AwsEmulatorState> = {}): AwsEmulatorState {
  return { account: '123456789012', users: [], keys: [], throttle: {}, unknownKeyAnswer: 'AccessDenied', created: 0, groups: [], policies: [], faults: {}, trail: [], ...partial };
}

const IAM_ACTIONS = new Set([
  'GetAccessKeyLastUsed', 'UpdateAccessKey', 'CreateAccessKey', 'DeleteAccessKey', 'ListAccessKeys', 'AttachUserPolicy',
  'ListAttachedUserPolicies', 'ListUserPolicies', 'GetUserPolicy', 'ListGroupsForUser', 'ListAttachedGroupPolicies',
  'ListGroupPolicies', 'GetGroupPolicy', 'GetPolicy', 'GetPolicyVersion',
]);

/** AWS managed policies the emulator knows, with the gist of their real documents. */
const AWS_MANAGED: Record<string, object> = {
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  AmazonS3FullAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }] },
  IAMReadOnlyAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*'], Resource: '*' }] },
};
const STS_ACTIONS = new Set(['GetCallerIdentity', 'GetAccessKeyInfo']);
const XMLNS = { iam: 'https://iam.amazonaws.com/doc/2010-05-08/', sts: 'https://sts.amazonaws.com/doc/2011-06-15/' };

class AwsError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly type: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
  }
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `{a: 'x', b: {c: 'y'}}` -> `<a>x</a><b><c>y</c></b>`; arrays become `<member>` lists, as the query protocol does. */
type Xml = string | Xml[] | { [name: string]: Xml | undefined };
function toXml(value: Xml): string {
  if (typeof value === 'string') return escapeXml(value);
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  return Object.entries(value)
    .filter((entry): entry is [string, Xml] => entry[1] !== undefined)
    .map(([name, inner]) => `<${name}>${toXml(inner)}</${name}>`)
    .join('');
}

function successXml(service: 'iam' | 'sts', action: string, result: Xml | null): string {
  const body = result === null ? '' : `<${action}Result>${toXml(result)}</${action}Result>`;
  return `<${action}Response xmlns="${XMLNS[service]}">${body}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
}

function errorXml(service: 'iam' | 'sts', error: AwsError): string {
  return `<ErrorResponse xmlns="${XMLNS[service]}"><Error><Type>${error.type}</Type><Code>${error.code}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

interface SignedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Authorization {
  keyId: string;
  scope: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string | undefined): Authorization | null {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(header ?? '');
  if (!match) return null;
  return { keyId: match[1], scope: match[2], signedHeaders: match[3].split(';'), signature: match[4] };
}

/** Recomputes the SigV4 signature the way AWS does, from the caller's secret. */
function expectedSignature(request: SignedRequest, auth: Authorization, secret: string): string {
  const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${String(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? sha256(request.body));
  const canonicalRequest = [request.method, request.path, '', canonicalHeaders, auth.signedHeaders.join(';'), payloadHash].join('\n');
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, auth.scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer | string = `AWS4${secret}`;
  for (const part of auth.scope.split('/')) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

function userArn(state: AwsEmulatorState, user: string): string {
  return `arn:aws:iam::${state.account}:user/${user}`;
}

function authenticate(state: AwsEmulatorState, request: SignedRequest): EmulatedKey {
  const auth = parseAuthorization(request.headers.authorization);
  if (!auth) throw new AwsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  const key = state.keys.find((candidate) => candidate.id === auth.keyId);
  if (!key || key.status !== 'Active') {
    throw new AwsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  }
  if (expectedSignature(request, auth, key.secret) !== auth.signature) {
    throw new AwsError(403, 'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
  }
  return key;
}

function authorize(state: AwsEmulatorState, caller: EmulatedKey, service: string, action: string, resource: string): void {
  if (action === 'GetCallerIdentity') return; // AWS never denies it
  if (caller.allow === undefined || caller.allow.includes(`${service}:${action}`)) return;
  throw new AwsError(403, 'AccessDenied',
    `User: ${userArn(state, caller.user)} is not authorized to perform: ${service}:${action} on resource: ${resource}`);
}

function requireParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    throw new AwsError(400, 'ValidationError', `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function findUser(state: AwsEmulatorState, name: string): EmulatedUser {
  const user = state.users.find((candidate) => candidate.name === name);
  if (!user) throw new AwsError(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`);
  return user;
}

function findUserKey(state: AwsEmulatorState, user: string, keyId: string): EmulatedKey {
  findUser(state, user);
  const key = state.keys.find((candidate) => candidate.id === keyId && candidate.user === user);
  if (!key) throw new AwsError(404, 'NoSuchEntity', `The Access Key with id ${keyId} cannot be found.`);
  return key;
}

function keyMetadata(key: EmulatedKey): Xml {
  return { UserName: key.user, AccessKeyId: key.id, Status: key.status, CreateDate: key.createDate };
}

function findGroup(state: AwsEmulatorState, name: string): EmulatedGroup {
  const group = state.groups.find((candidate) => candidate.name === name);
  if (!group) throw new AwsError(404, 'NoSuchEntity', `The group with name ${name} cannot be found.`);
  return group;
}

function managedDocument(state: AwsEmulatorState, arn: string): object {
  const own = state.policies.find((policy) => policy.arn === arn);
  if (own) return own.document;
  const managed = /^arn:aws:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (managed && AWS_MANAGED[managed[1]]) return AWS_MANAGED[managed[1]];
  throw new AwsError(404, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}

const encodedDocument = (document: object): string => encodeURIComponent(JSON.stringify(document));
const attachedJson = (arns: string[]): Xml => arns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));

function inlineDocument(owner: { inlinePolicies?: Record<string, object> }, kind: string, name: string, policy: string): object {
  const document = owner.inlinePolicies?.[policy];
  if (!document) throw new AwsError(404, 'NoSuchEntity', `The ${kind} policy with name ${policy} cannot be found.`);
  return document;
}

type Handler = (state: AwsEmulatorState, caller: EmulatedKey, params: Record<string, string>) => Xml | null;

/** One handler per action; the user defaults to the caller's, as IAM does when UserName is omitted. */
const HANDLERS: Record<string, Handler> = {
  GetAccessKeyLastUsed(state, caller, params) {
    const keyId = requireParam(params, 'AccessKeyId');
    const key = state.keys.find((candidate) => candidate.id === keyId);
    if (!key) {
      if (state.unknownKeyAnswer === 'NoSuchEntity') throw new AwsError(404, 'NoSuchEntity', `The Access Key with id ${keyId} cannot be found.`);
      throw new AwsError(403, 'AccessDenied',
        `User: ${userArn(state, caller.user)} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${keyId}`);
    }
    authorize(state, caller, 'iam', 'GetAccessKeyLastUsed', `access key ${keyId}`);
    const used = key.lastUsed;
    return {
      UserName: key.user,
      AccessKeyLastUsed: used
        ? { LastUsedDate: used.date, ServiceName: used.service, Region: used.region }
        : { ServiceName: 'N/A', Region: 'N/A' },
    };
  },
  UpdateAccessKey(state, caller, params) {
    const user = params.UserName ?? caller.user;
    authorize(state, caller, 'iam', 'UpdateAccessKey', `user ${user}`);
    const status = requireParam(params, 'Status');
    if (status !== 'Active' && status !== 'Inactive') throw new AwsError(400, 'ValidationError', `Invalid status ${status}`);
    findUserKey(state, user, requireParam(params, 'AccessKeyId')).status = status;
    return null;
  },
  CreateAccessKey(state, caller, params) {
    const user = params.UserName ?? caller.user;
    authorize(state, caller, 'iam', 'CreateAccessKey', `user ${user}`);
    findUser(state, user);
    if (state.keys.filter((key) => key.user === user).length >= 2) {
      throw new AwsError(409, 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
    }
    state.created += 1;
    const key = emulatedKey(`emulator-created-${state.created}`, user, { createDate: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
    state.keys.push(key);
    return { AccessKey: { UserName: user, AccessKeyId: key.id, Status: key.status, SecretAccessKey: key.secret, CreateDate: key.createDate } };
  },
  DeleteAccessKey(state, caller, params) {
    const user = params.UserName ?? caller.user;
    authorize(state, caller, 'iam', 'DeleteAccessKey', `user ${user}`);
    const key = findUserKey(state, user, requireParam(params, 'AccessKeyId'));
    state.keys.splice(state.keys.indexOf(key), 1);
    return null;
  },
  ListAccessKeys(state, caller, params) {
    const user = params.UserName ?? caller.user;
    authorize(state, caller, 'iam', 'ListAccessKeys', `user ${user}`);
    findUser(state, user);
    return { UserName: user, AccessKeyMetadata: state.keys.filter((key) => key.user === user).map(keyMetadata), IsTruncated: 'false' };
  },
  AttachUserPolicy(state, caller, params) {
    const name = requireParam(params, 'UserName');
    authorize(state, caller, 'iam', 'AttachUserPolicy', `user ${name}`);
    const arn = requireParam(params, 'PolicyArn');
    if (!/^arn:aws:iam::(aws|\d{12}):policy\/.+/.test(arn)) throw new AwsError(400, 'InvalidInput', `ARN ${arn} is not valid.`);
    const user = findUser(state, name);
    if (!user.attachedPolicies.includes(arn)) user.attachedPolicies.push(arn);
    return null;
  },
  ListAttachedUserPolicies(state, caller, params) {
    const name = requireParam(params, 'UserName');
    authorize(state, caller, 'iam', 'ListAttachedUserPolicies', `user ${name}`);
    const policies = findUser(state, name).attachedPolicies.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
    return { AttachedPolicies: policies, IsTruncated: 'false' };
  },
  ListUserPolicies(state, caller, params) {
    const name = requireParam(params, 'UserName');
    authorize(state, caller, 'iam', 'ListUserPolicies', `user ${name}`);
    return { PolicyNames: Object.keys(findUser(state, name).inlinePolicies ?? {}), IsTruncated: 'false' };
  },
  GetUserPolicy(state, caller, params) {
    const name = requireParam(params, 'UserName');
    authorize(state, caller, 'iam', 'GetUserPolicy', `user ${name}`);
    const policy = requireParam(params, 'PolicyName');
    return { UserName: name, PolicyName: policy, PolicyDocument: encodedDocument(inlineDocument(findUser(state, name), 'user', name, policy)) };
  },
  ListGroupsForUser(state, caller, params) {
    const name = requireParam(params, 'UserName');
    authorize(state, caller, 'iam', 'ListGroupsForUser', `user ${name}`);
    const groups = (findUser(state, name).groups ?? []).map((group) => ({
      Path: '/', GroupName: group, GroupId: expandTemplate('AGPA$[A-Z2-7:17]', group), Arn: `arn:aws:iam::${state.account}:group/${group}`, CreateDate: '2023-01-01T00:00:00Z',
    }));
    return { Groups: groups, IsTruncated: 'false' };
  },
  ListAttachedGroupPolicies(state, caller, params) {
    const name = requireParam(params, 'GroupName');
    authorize(state, caller, 'iam', 'ListAttachedGroupPolicies', `group ${name}`);
    return { AttachedPolicies: attachedJson(findGroup(state, name).attachedPolicies), IsTruncated: 'false' };
  },
  ListGroupPolicies(state, caller, params) {
    const name = requireParam(params, 'GroupName');
    authorize(state, caller, 'iam', 'ListGroupPolicies', `group ${name}`);
    return { PolicyNames: Object.keys(findGroup(state, name).inlinePolicies ?? {}), IsTruncated: 'false' };
  },
  GetGroupPolicy(state, caller, params) {
    const name = requireParam(params, 'GroupName');
    authorize(state, caller, 'iam', 'GetGroupPolicy', `group ${name}`);
    const policy = requireParam(params, 'PolicyName');
    return { GroupName: name, PolicyName: policy, PolicyDocument: encodedDocument(inlineDocument(findGroup(state, name), 'group', name, policy)) };
  },
  GetPolicy(state, caller, params) {
    const arn = requireParam(params, 'PolicyArn');
    authorize(state, caller, 'iam', 'GetPolicy', arn);
    managedDocument(state, arn);
    return { Policy: { PolicyName: arn.slice(arn.lastIndexOf('/') + 1), Arn: arn, DefaultVersionId: 'v1', AttachmentCount: '1', IsAttachable: 'true' } };
  },
  GetPolicyVersion(state, caller, params) {
    const arn = requireParam(params, 'PolicyArn');
    authorize(state, caller, 'iam', 'GetPolicyVersion', arn);
    if (requireParam(params, 'VersionId') !== 'v1') throw new AwsError(404, 'NoSuchEntity', `Policy ${arn} version ${params.VersionId} does not exist.`);
    return { PolicyVersion: { Document: encodedDocument(managedDocument(state, arn)), VersionId: 'v1', IsDefaultVersion: 'true', CreateDate: '2023-01-01T00:00:00Z' } };
  },
  GetCallerIdentity(state, caller) {
    return { Arn: userArn(state, caller.user), UserId: expandTemplate('AIDA$[A-Z2-7:17]', caller.user), Account: state.account };
  },
  GetAccessKeyInfo(state, caller, params) {
    const keyId = requireParam(params, 'AccessKeyId');
    authorize(state, caller, 'sts', 'GetAccessKeyInfo', '*');
    // AWS decodes the account from the key id itself, so deleted keys still answer: every id is ours here.
    if (!/^(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/.test(keyId)) throw new AwsError(400, 'ValidationError', 'Invalid AccessKeyId');
    return { Account: state.account };
  },
};

const LOOKUP_PAGE = 50;

/** LookupEvents over the JSON protocol: the caller must be authenticated and allowed cloudtrail:LookupEvents. */
function lookupEvents(state: AwsEmulatorState, request: SignedRequest, input: Record<string, unknown>): { status: number; body: string; code: string | null } {
  try {
    const fault = state.faults.LookupEvents;
    if (fault?.status !== undefined && fault.times > 0) {
      fault.times -= 1;
      throw new AwsError(fault.status, fault.code ?? 'ServiceUnavailableException', 'Service is unavailable', 'Receiver');
    }
    const pending = state.throttle.LookupEvents ?? 0;
    if (pending > 0) {
      state.throttle.LookupEvents = pending - 1;
      throw new AwsError(400, 'ThrottlingException', 'Rate exceeded');
    }
    const caller = authenticate(state, request);
    if (caller.allow !== undefined && !caller.allow.includes('cloudtrail:LookupEvents')) {
      throw new AwsError(400, 'AccessDeniedException', `User: ${userArn(state, caller.user)} is not authorized to perform: cloudtrail:LookupEvents`);
    }
    const attributes = (input.LookupAttributes ?? []) as { AttributeKey?: string; AttributeValue?: string }[];
    const keyId = attributes.find((a) => a.AttributeKey === 'AccessKeyId')?.AttributeValue;
    const start = typeof input.StartTime === 'number' ? input.StartTime * 1000 : -Infinity;
    const end = typeof input.EndTime === 'number' ? input.EndTime * 1000 : Infinity;
    const matching = state.trail
      .filter((e) => (keyId === undefined || e.keyId === keyId) && Date.parse(e.time) >= start && Date.parse(e.time) <= end)
      .sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
    const from = Number(input.NextToken ?? 0);
    const size = Math.min(Number(input.MaxResults ?? LOOKUP_PAGE), LOOKUP_PAGE);
    const page = matching.slice(from, from + size);
    const events = page.map((e, i) => ({
      EventId: randomUUID(), EventName: e.name, ReadOnly: String(/^(Get|List|Describe)/.test(e.name)), AccessKeyId: e.keyId,
      EventTime: Date.parse(e.time) / 1000, EventSource: e.source, Username: 'user',
      CloudTrailEvent: JSON.stringify({ eventVersion: '1.08', eventTime: e.time, eventSource: e.source, eventName: e.name, awsRegion: e.region, sourceIPAddress: e.sourceIp, userAgent: 'aws-cli/2', ...(e.errorCode ? { errorCode: e.errorCode } : {}), eventID: `${from + i}` }),
    }));
    const next = from + size < matching.length ? { NextToken: String(from + size) } : {};
    return { status: 200, body: JSON.stringify({ Events: events, ...next }), code: null };
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    return { status: error.status, body: JSON.stringify({ __type: error.code, message: error.message }), code: error.code };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function answer(state: AwsEmulatorState, request: SignedRequest, params: Record<string, string>): { status: number; service: 'iam' | 'sts'; body: string; code: string | null; caller: string | null } {
  const action = params.Action ?? '';
  const service = STS_ACTIONS.has(action) ? 'sts' : 'iam';
  const caller = parseAuthorization(request.headers.authorization)?.keyId ?? null;
  try {
    if (!IAM_ACTIONS.has(action) && !STS_ACTIONS.has(action)) throw new AwsError(400, 'InvalidAction', `Could not find operation ${action}`);
    const fault = state.faults[action];
    if (fault?.status !== undefined && fault.times > 0) {
      fault.times -= 1;
      throw new AwsError(fault.status, fault.code ?? 'ServiceUnavailable', 'Service is unavailable', 'Receiver');
    }
    const pending = state.throttle[action] ?? 0;
    if (pending > 0) {
      state.throttle[action] = pending - 1;
      throw new AwsError(400, 'Throttling', 'Rate exceeded');
    }
    const callerKey = authenticate(state, request);
    const result = HANDLERS[action](state, callerKey, params);
    return { status: 200, service, body: successXml(service, action, result), code: null, caller };
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    return { status: error.status, service, body: errorXml(service, error), code: error.code, caller };
  }
}

export async function startAwsEmulator(state: AwsEmulatorState = emulatorState()): Promise<AwsEmulator> {
  const calls: EmulatedCall[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request).then((body) => {
      const target = request.headers['x-amz-target'];
      if (typeof target === 'string' && target.endsWith('.LookupEvents')) {
        const signed: SignedRequest = { method: request.method ?? 'POST', path: (request.url ?? '/').split('?')[0], headers: request.headers, body };
        const input = JSON.parse(body || '{}') as Record<string, unknown>;
        const fault = state.faults.LookupEvents;
        const delayMs = fault?.status === undefined && fault && fault.times > 0 ? (fault.times--, fault.delayMs ?? 0) : 0;
        const reply = lookupEvents(state, signed, input);
        const call: EmulatedCall = { service: 'cloudtrail', action: 'LookupEvents', caller: parseAuthorization(request.headers.authorization)?.keyId ?? null, params: { NextToken: String(input.NextToken ?? '') }, status: reply.status, code: reply.code };
        calls.push(call);
        setTimeout(() => {
          if (response.destroyed) return;
          response.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
          response.end(reply.body, () => emulator.onAnswered?.(call));
        }, delayMs);
        return;
      }
      const params = Object.fromEntries(new URLSearchParams(body));
      const signed: SignedRequest = { method: request.method ?? 'POST', path: (request.url ?? '/').split('?')[0], headers: request.headers, body };
      const fault = state.faults[params.Action ?? ''];
      const delayMs = fault?.status === undefined && fault && fault.times > 0 ? (fault.times--, fault.delayMs ?? 0) : 0;
      const reply = answer(state, signed, params);
      const logged = Object.fromEntries(Object.entries(params).filter(([name]) => name !== 'Action' && name !== 'Version'));
      const call: EmulatedCall = { service: reply.service, action: params.Action ?? '', caller: reply.caller, params: logged, status: reply.status, code: reply.code };
      calls.push(call);
      const send = (): void => {
        if (response.destroyed) return;
        response.writeHead(reply.status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
        response.end(reply.body, () => emulator.onAnswered?.(call));
      };
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const emulator: AwsEmulator = {
    url: `http://127.0.0.1:${port}`,
    state,
    calls,
    onAnswered: null,
    // Idempotent: a test may close it early to simulate an unreachable AWS.
    close: () => new Promise<void>((resolve, reject) => {
      if (!server.listening) return resolve();
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
  return emulator;
}
