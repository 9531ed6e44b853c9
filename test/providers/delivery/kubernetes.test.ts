import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { k8sSecretTarget } from '../../../src/providers/delivery/kubernetes.js';
import { runtimePassword } from '../../helpers/databases.js';
import { makePki, startKubeEmulator, type KubeEmulator } from '../../emulators/kubernetes.js';
import { deliveryRun, failure } from './harness.js';

/**
 * The Kubernetes Secret target through node:https against a loopback API server with a CA, server and
 * client certificates generated for the run: client-certificate and bearer-token kubeconfigs, an exec
 * plugin, the server-side dry run before the write, metadata-only reads, and the API's refusals.
 */
let kube: KubeEmulator;
let dir: string;
let token: string;

beforeAll(async () => {
  kube = await startKubeEmulator();
  dir = mkdtempSync(join(tmpdir(), 'spillkit-kubeconfig-'));
  writeFileSync(join(dir, 'ca.crt'), kube.pki.caCert);
  token = runtimePassword(40);
  kube.tokens.set(token, 'deployer');
  kube.rbac.set(kube.pki.clientUser, { prod: ['get', 'patch'], staging: ['get', 'patch'] });
  kube.rbac.set('deployer', { prod: ['get', 'patch'], readonly: ['get'] });
});
afterAll(async () => {
  await kube.close();
});
beforeEach(() => {
  kube.secrets.length = 0;
  kube.secrets.push(
    { namespace: 'prod', name: 'app-db', data: { DATABASE_URL: Buffer.from('old').toString('base64'), OTHER: Buffer.from('keep').toString('base64') }, resourceVersion: 100 },
    { namespace: 'prod', name: 'frozen', data: { K: 'dg==' }, resourceVersion: 7, immutable: true },
    { namespace: 'readonly', name: 'app-db', data: {}, resourceVersion: 1 },
  );
});

let n = 0;
function kubeconfig(user: Record<string, unknown>, cluster: Record<string, unknown> = { server: kube.url, 'certificate-authority': 'ca.crt' }): string {
  const file = join(dir, `config-${n++}`);
  writeFileSync(file, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'test',
    clusters: [{ name: 'c', cluster }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'test', context: { cluster: 'c', user: 'u', namespace: 'default' } }, { name: 'other', context: { cluster: 'c', user: 'nobody' } }],
  }));
  return file;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const certUser = (): Record<string, unknown> => ({ 'client-certificate-data': b64(kube.pki.clientCert), 'client-key-data': b64(kube.pki.clientKey) });
const target = k8sSecretTarget.parse('prod/app-db:DATABASE_URL');

describe('Kubernetes Secret delivery', () => {
  it('parses NAMESPACE/NAME:KEY as Kubernetes names', () => {
    expect(target).toEqual({ kind: 'k8s-secret', namespace: 'prod', name: 'app-db', key: 'DATABASE_URL' });
    for (const bad of ['prod:app', 'Prod/app:K', 'prod/app', 'prod/app:K/x']) expect(() => k8sSecretTarget.parse(bad)).toThrow(/NAMESPACE\/NAME:KEY/);
  });

  it('with a client certificate: a dry run first, then a merge patch of the one key; the rest of the Secret stays', async () => {
    const value = `postgres://app:${runtimePassword()}@db/app`;
    const run = deliveryRun({ KUBECONFIG: kubeconfig(certUser()) });
    expect(await run.check(target)).toBe('Kubernetes Secret prod/app-db:DATABASE_URL exists in context test (resourceVersion 100); a dry-run patch is accepted');
    expect(kube.secret('prod', 'app-db')!.resourceVersion).toBe(100);
    await run.deliver(target, { DATABASE_URL: value });
    const secret = kube.secret('prod', 'app-db')!;
    expect(Buffer.from(secret.data.DATABASE_URL, 'base64').toString()).toBe(value);
    expect(Buffer.from(secret.data.OTHER, 'base64').toString()).toBe('keep');
    expect(run.lines).toEqual(['delivered DATABASE_URL to Kubernetes Secret prod/app-db:DATABASE_URL; read back: resourceVersion 101 (the patch\'s)']);
    const mine = kube.calls.filter((c) => c.user === kube.pki.clientUser);
    expect(mine.map((c) => `${c.method}${c.query}`)).toEqual(['GET', 'PATCH?dryRun=All', 'PATCH', 'GET']);
    // Reads ask for metadata only: no value travels back.
    expect(mine.filter((c) => c.method === 'GET').every((c) => c.accept.includes('as=PartialObjectMetadata'))).toBe(true);
    expect(run.surface()).not.toContain(value);
    expect(run.surface()).not.toContain(b64(value));
  });

  it('with a bearer token from a token file (and SPILLKIT_KUBE_CONTEXT choosing the context)', async () => {
    writeFileSync(join(dir, 'token'), `${token}\n`);
    const run = deliveryRun({ KUBECONFIG: kubeconfig({ tokenFile: 'token' }), SPILLKIT_KUBE_CONTEXT: 'test' });
    await run.deliver(target, { DATABASE_URL: 'via-token' });
    expect(kube.calls.at(-1)!.user).toBe('deployer');
    expect(Buffer.from(kube.secret('prod', 'app-db')!.data.DATABASE_URL, 'base64').toString()).toBe('via-token');
  });

  it('with an exec credential plugin, run without a shell', async () => {
    const plugin = join(dir, 'fake-plugin.js');
    writeFileSync(plugin, `#!${process.execPath}\nprocess.stdout.write(JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', status: { token: process.env.FAKE_TOKEN } }));\n`);
    chmodSync(plugin, 0o755);
    const run = deliveryRun({ KUBECONFIG: kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, args: [], env: [{ name: 'FAKE_TOKEN', value: token }] } }) });
    expect(await run.check(target)).toMatch(/a dry-run patch is accepted/);
  });

  it('refuses what a cluster refuses, before writing: RBAC, an immutable Secret, a missing one, no credentials', async () => {
    const tokenConfig = kubeconfig({ token });
    expect(await failure(deliveryRun({ KUBECONFIG: tokenConfig }).check(k8sSecretTarget.parse('readonly/app-db:K')))).toMatch(/\(dry run\): HTTP 403 forbidden \(RBAC\) \(secrets "app-db" is forbidden: User "deployer" cannot patch/);
    expect(await failure(deliveryRun({ KUBECONFIG: tokenConfig }).check(k8sSecretTarget.parse('prod/frozen:K')))).toMatch(/HTTP 422 invalid \(an immutable Secret\?\)/);
    expect(await failure(deliveryRun({ KUBECONFIG: tokenConfig }).check(k8sSecretTarget.parse('prod/missing:K')))).toMatch(/Kubernetes Secret prod\/missing does not exist in context test/);
    expect(await failure(deliveryRun({ KUBECONFIG: kubeconfig({}) }).check(target))).toMatch(/HTTP 401 the kubeconfig credential was rejected/);
    expect(kube.secret('readonly', 'app-db')!.resourceVersion).toBe(1);
    expect(kube.secret('prod', 'frozen')!.resourceVersion).toBe(7);
  });

  it('trusts only the kubeconfig\'s CA, and refuses insecure-skip-tls-verify and plain http outright', async () => {
    const other = makePki('someone');
    writeFileSync(join(dir, 'other-ca.crt'), other.caCert);
    const wrongCa = kubeconfig(certUser(), { server: kube.url, 'certificate-authority': 'other-ca.crt' });
    expect(await failure(deliveryRun({ KUBECONFIG: wrongCa, SPILLKIT_HTTP_RETRIES: '0' }).check(target))).toMatch(/kubernetes GET secret metadata: .*(certificate|CERT|self.signed|SELF_SIGNED|UNABLE)/i);
    expect(await failure(deliveryRun({ KUBECONFIG: kubeconfig(certUser(), { server: kube.url, 'insecure-skip-tls-verify': true }) }).check(target))).toMatch(/sets insecure-skip-tls-verify: spillkit will not send a secret/);
    expect(await failure(deliveryRun({ KUBECONFIG: kubeconfig(certUser(), { server: kube.url.replace('https', 'http') }) }).check(target))).toMatch(/not served over https/);
    expect(await failure(deliveryRun({ KUBECONFIG: join(dir, 'none') }).check(target))).toMatch(/needs a kubeconfig: none at/);
    expect(await failure(deliveryRun({ KUBECONFIG: kubeconfig(certUser()), SPILLKIT_KUBE_CONTEXT: 'nope' }).check(target))).toMatch(/context 'nope' does not exist/);
  });

  it('retries a 429 with Retry-After and a 5xx; a hang is a timeout', async () => {
    const config = kubeconfig({ token });
    kube.fail({ status: 429, retryAfter: '0', match: (r) => r.method === 'PATCH' && !r.query.has('dryRun') });
    kube.fail({ status: 500, match: (r) => r.method === 'PATCH' && !r.query.has('dryRun') });
    await deliveryRun({ KUBECONFIG: config }).deliver(target, { DATABASE_URL: 'after-faults' });
    expect(Buffer.from(kube.secret('prod', 'app-db')!.data.DATABASE_URL, 'base64').toString()).toBe('after-faults');
    kube.fail({ delayMs: 2500, times: 3 });
    expect(await failure(deliveryRun({ KUBECONFIG: config, SPILLKIT_HTTP_RETRIES: '0' }).check(target))).toMatch(/did not answer in time/);
  });
});
