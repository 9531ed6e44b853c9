import { GetAccessKeyLastUsedCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { emulatedKey, emulatorState, startAwsEmulator, type AwsEmulator } from '../../emulators/aws-iam-sts.js';

/** The emulator itself: the wire shapes the SDK parses, checked without the SDK where it matters. */

let emulator: AwsEmulator | null = null;
afterEach(async () => {
  await emulator?.close();
  emulator = null;
});

const post = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

describe('aws IAM/STS emulator', () => {
  it('answers an unsigned request with the query-protocol error document and 403', async () => {
    emulator = await startAwsEmulator();
    const response = await post(emulator.url, { Action: 'ListAccessKeys', Version: '2010-05-08' });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(
      /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
  });

  it('throttles before authenticating, with 400 Throttling', async () => {
    emulator = await startAwsEmulator(emulatorState({ throttle: { GetCallerIdentity: 1 } }));
    const response = await post(emulator.url, { Action: 'GetCallerIdentity', Version: '2011-06-15' });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>Throttling<\/Code>/);
    expect(emulator.state.throttle.GetCallerIdentity).toBe(0);
  });

  it('rejects a request signed with a forged Credential (signature checked)', async () => {
    const key = emulatedKey('emulator-test', 'alice');
    emulator = await startAwsEmulator(emulatorState({ users: [{ name: 'alice', attachedPolicies: [] }], keys: [key] }));
    const forged = `AWS4-HMAC-SHA256 Credential=${key.id}/20240101/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
    const response = await post(emulator.url, { Action: 'ListAccessKeys', Version: '2010-05-08' }, { authorization: forged, 'x-amz-date': '20240101T000000Z' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('serves IAM answers the real SDK parses, and logs each call', async () => {
    const key = emulatedKey('emulator-test', 'alice', { lastUsed: { date: '2024-05-01T10:00:00Z', service: 'iam', region: 'us-east-1' } });
    emulator = await startAwsEmulator(emulatorState({ users: [{ name: 'alice', attachedPolicies: [] }], keys: [key] }));
    const iam = new IAMClient({ region: 'us-east-1', endpoint: emulator.url, credentials: { accessKeyId: key.id, secretAccessKey: key.secret } });
    const listed = await iam.send(new ListAccessKeysCommand({}));
    expect(listed.AccessKeyMetadata).toEqual([{ UserName: 'alice', AccessKeyId: key.id, Status: 'Active', CreateDate: new Date('2024-01-02T03:04:05Z') }]);
    expect(listed.IsTruncated).toBe(false);
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.id }));
    expect(used.AccessKeyLastUsed).toEqual({ LastUsedDate: new Date('2024-05-01T10:00:00Z'), ServiceName: 'iam', Region: 'us-east-1' });
    expect(emulator.calls.map((call) => [call.service, call.action, call.caller, call.status])).toEqual([
      ['iam', 'ListAccessKeys', key.id, 200],
      ['iam', 'GetAccessKeyLastUsed', key.id, 200],
    ]);
  });
});
