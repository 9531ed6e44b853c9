import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsSecretTarget, ssmParameterTarget } from '../../../src/providers/delivery/aws.js';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { startAwsSecretsEmulator, type AwsSecretsEmulator } from '../../emulators/aws-secrets.js';
import { deliveryRun, failure } from './harness.js';

/** Secrets Manager and SSM through the real AWS SDK v3 clients against a loopback emulator. */
let aws: AwsSecretsEmulator;
const operatorId = fakeSecret('aws-access-key-id', 'delivery-operator');
const operatorSecret = fakeSecret('aws-secret-access-key', 'delivery-operator');

beforeEach(async () => {
  aws = await startAwsSecretsEmulator([operatorId]);
  aws.secrets.push(
    { name: 'prod/app', arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/app-AbCdEf', versions: [{ id: 'v-old', value: JSON.stringify({ DATABASE_URL: 'old', REDIS_URL: 'keep' }), stages: ['AWSCURRENT'] }] },
    { name: 'prod/plain', arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/plain-GhIjKl', versions: [{ id: 'v1', value: 'plain-old', stages: ['AWSCURRENT'] }] },
    { name: 'prod/doomed', arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/doomed-MnOpQr', versions: [{ id: 'v1', value: 'x', stages: ['AWSCURRENT'] }], deletedDate: 1735689600 },
  );
  aws.parameters.push({ name: '/app/prod/DATABASE_URL', value: 'old', type: 'SecureString', keyId: 'alias/app-key', version: 3, tier: 'Advanced' });
});
afterEach(async () => {
  await aws.close();
});

const env = (): Record<string, string> => ({
  AWS_ACCESS_KEY_ID: operatorId,
  AWS_SECRET_ACCESS_KEY: operatorSecret,
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
  AWS_ENDPOINT_URL_SSM: aws.url,
  AWS_MAX_ATTEMPTS: '3',
});

describe('AWS Secrets Manager delivery', () => {
  it('parses SECRET_ID[#KEY], names and ARNs', () => {
    expect(awsSecretTarget.parse('prod/app#DATABASE_URL')).toEqual({ kind: 'aws-secret', secretId: 'prod/app', key: 'DATABASE_URL' });
    expect(awsSecretTarget.parse('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/app-AbCdEf')).toMatchObject({ key: null });
    expect(() => awsSecretTarget.parse('prod app')).toThrow(/SECRET_ID\[#KEY\]/);
  });

  it('#KEY changes one key of the JSON as a new AWSCURRENT version; the other keys stay', async () => {
    const run = deliveryRun(env());
    const target = awsSecretTarget.parse('prod/app#DATABASE_URL');
    expect(await run.check(target)).toMatch(/exists \(arn:aws:\S+:123456789012:\S+prod\/app-AbCdEf; 1 version\(s\)\)/);
    const value = `postgres://app:${fakeSecret('aws-secret-access-key', 'db')}@db/app`;
    await run.deliver(target, { DATABASE_URL: value });
    expect(JSON.parse(aws.current('prod/app')!)).toEqual({ DATABASE_URL: value, REDIS_URL: 'keep' });
    const secret = aws.secrets[0];
    expect(secret.versions.map((v) => v.stages)).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);
    expect(run.lines[0]).toMatch(new RegExp(`read back: version ${secret.versions[1].id} is AWSCURRENT`));
    expect(run.surface()).not.toContain(value);
    expect(run.surface()).not.toContain('keep');
  });

  it('without #KEY a single value replaces the SecretString; the read-back catches another writer', async () => {
    const run = deliveryRun(env());
    await run.deliver(awsSecretTarget.parse('prod/plain'), { DB: 'new-plain' });
    expect(aws.current('prod/plain')).toBe('new-plain');
    expect(aws.actions).toEqual(['secretsmanager.DescribeSecret', 'secretsmanager.PutSecretValue', 'secretsmanager.DescribeSecret']);
  });

  it('refuses a secret scheduled for deletion, a missing one, a non-JSON one with #KEY, a denied or unknown caller', async () => {
    expect(await failure(deliveryRun(env()).check(awsSecretTarget.parse('prod/doomed')))).toMatch(/scheduled for deletion/);
    expect(await failure(deliveryRun(env()).check(awsSecretTarget.parse('prod/none')))).toMatch(/could not read AWS secret prod\/none: ResourceNotFound/);
    expect(await failure(deliveryRun(env()).deliver(awsSecretTarget.parse('prod/plain#K'), { K: 'v' }))).toMatch(/does not hold a JSON object/);
    aws.denied.push(operatorId);
    expect(await failure(deliveryRun(env()).check(awsSecretTarget.parse('prod/app')))).toMatch(/AccessDenied/);
    aws.denied.length = 0;
    aws.keys.length = 0;
    expect(await failure(deliveryRun(env()).check(awsSecretTarget.parse('prod/app')))).toMatch(/UnrecognizedClient/);
  });

  it('retries a 429 and a 5xx through the SDK, and times out on a hang', async () => {
    aws.fail({ status: 429, retryAfter: '0', body: { __type: 'ThrottlingException', message: 'Rate exceeded' }, match: (r) => String(r.headers['x-amz-target']).endsWith('PutSecretValue') });
    aws.fail({ status: 503, body: { __type: 'InternalServiceError', message: 'try again' }, match: (r) => String(r.headers['x-amz-target']).endsWith('PutSecretValue') });
    await deliveryRun(env()).deliver(awsSecretTarget.parse('prod/plain'), { DB: 'after-faults' });
    expect(aws.current('prod/plain')).toBe('after-faults');
    // The retried PutSecretValue carried the same request token: one new version, not two.
    expect(aws.secrets[1].versions).toHaveLength(2);
    aws.fail({ delayMs: 2500, times: 6 });
    expect(await failure(deliveryRun({ ...env(), AWS_MAX_ATTEMPTS: '1' }).check(awsSecretTarget.parse('prod/app')))).toMatch(/Timeout|did not answer/);
  });
});

describe('SSM Parameter Store delivery', () => {
  it('overwrites a SecureString keeping its KMS key and tier, and reads back the version', async () => {
    const run = deliveryRun(env());
    const target = ssmParameterTarget.parse('/app/prod/DATABASE_URL');
    expect(await run.check(target)).toBe('SSM parameter /app/prod/DATABASE_URL exists (SecureString, version 3)');
    await run.deliver(target, { DATABASE_URL: 'new-url' });
    expect(aws.parameters[0]).toMatchObject({ value: 'new-url', type: 'SecureString', keyId: 'alias/app-key', version: 4, tier: 'Advanced' });
    expect(run.lines).toEqual(['delivered /app/prod/DATABASE_URL to SSM parameter /app/prod/DATABASE_URL; read back: /app/prod/DATABASE_URL SecureString version 4']);
  });

  it('creates a missing parameter as a SecureString; an AWS pair puts the key id beside it', async () => {
    const run = deliveryRun(env());
    await run.deliver(ssmParameterTarget.parse('/svc/AWS_SECRET_ACCESS_KEY'), { AWS_ACCESS_KEY_ID: 'id-value', AWS_SECRET_ACCESS_KEY: 'secret-value' });
    expect(aws.parameters.filter((p) => p.name.startsWith('/svc/')).map((p) => [p.name, p.type, p.value])).toEqual([
      ['/svc/AWS_ACCESS_KEY_ID', 'SecureString', 'id-value'],
      ['/svc/AWS_SECRET_ACCESS_KEY', 'SecureString', 'secret-value'],
    ]);
    expect(run.records.find((r) => r.type === 'delivered')!.data.created).toEqual(['/svc/AWS_ACCESS_KEY_ID', '/svc/AWS_SECRET_ACCESS_KEY']);
  });

  it('a plain String parameter becomes a SecureString; a denied caller is one line', async () => {
    aws.parameters.push({ name: 'legacy', value: 'old', type: 'String', version: 1, tier: 'Standard' });
    await deliveryRun(env()).deliver(ssmParameterTarget.parse('legacy'), { V: 'new' });
    expect(aws.parameters.find((p) => p.name === 'legacy')).toMatchObject({ type: 'SecureString', keyId: 'alias/aws/ssm', version: 2 });
    aws.denied.push(operatorId);
    expect(await failure(deliveryRun(env()).deliver(ssmParameterTarget.parse('legacy'), { V: 'x' }))).toMatch(/could not read SSM parameter legacy: AccessDenied/);
    expect(() => ssmParameterTarget.parse('/aws/reserved')).toThrow(/not under aws\//);
  });
});
