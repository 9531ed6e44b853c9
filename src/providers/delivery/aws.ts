import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, type DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, PutParameterCommand, SSMClient, type ParameterMetadata } from '@aws-sdk/client-ssm';
import { SpillkitError } from '../../errors.js';
import { operatorConfig } from '../aws/clients.js';
import { classifyAwsError } from '../aws/errors.js';
import { entriesFor, type DeliveryIO, type DeliveryTarget } from './target.js';

/**
 * AWS Secrets Manager and SSM Parameter Store, with the operator's AWS credentials (the SDK's chain,
 * or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment; never the leaked key), endpoints from
 * AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL as the SDK reads them.
 *
 * Secrets Manager: a new version of an existing secret (PutSecretValue); spillkit does not create
 * secrets, whose KMS key, policy and replication are the owner's choice. With `#KEY` only that key of
 * the secret's JSON object changes (the object is read, merged and written back as the next version).
 * The read-back is DescribeSecret: the new version must carry the AWSCURRENT label.
 *
 * SSM: PutParameter with Overwrite as a SecureString, keeping an existing parameter's KMS key and tier
 * (a missing one is created with the account's default key). The read-back is DescribeParameters: the
 * version PutParameter returned, and the type.
 */

async function send<T>(io: DeliveryIO, service: string, call: string, what: string, secrets: string[], run: () => Promise<T>): Promise<T> {
  try {
    const value = await run();
    io.record('provider-call', { provider: 'aws', call: `${service}:${call}`, outcome: 'ok' });
    return value;
  } catch (error) {
    const failure = classifyAwsError(error, secrets);
    io.record('provider-call', { provider: 'aws', call: `${service}:${call}`, outcome: failure.state, code: failure.code });
    throw new SpillkitError('IO', `${what}: ${failure.code}: ${failure.message}`, { code: failure.code });
  }
}

/* ---------------- Secrets Manager ---------------- */

/** An ARN names its region; a bare name lives in the configured one. */
function regionOf(secretId: string): string | undefined {
  const m = /^arn:[^:]+:secretsmanager:([^:]+):/.exec(secretId);
  return m ? m[1] : undefined;
}

function secretsManager(io: DeliveryIO, secretId: string): SecretsManagerClient {
  const region = regionOf(secretId);
  return new SecretsManagerClient(region ? operatorConfig(io.env, 'SECRETS_MANAGER', region) : operatorConfig(io.env, 'SECRETS_MANAGER'));
}

async function describeSecret(io: DeliveryIO, secretId: string): Promise<DescribeSecretCommandOutput> {
  const meta = await send(io, 'secretsmanager', 'DescribeSecret', `could not read AWS secret ${secretId}`, [], () => secretsManager(io, secretId).send(new DescribeSecretCommand({ SecretId: secretId })));
  if (meta.DeletedDate) throw new SpillkitError('IO', `AWS secret ${secretId} is scheduled for deletion: restore it first (RestoreSecret)`);
  return meta;
}

export const awsSecretTarget: DeliveryTarget<'aws-secret'> = {
  kind: 'aws-secret',
  parse(spec) {
    const m = /^([A-Za-z0-9/_+=.@:-]{1,2048})(?:#([^#\s]{1,256}))?$/.exec(spec);
    if (!m) throw new SpillkitError('USAGE', `--to-aws-secret takes SECRET_ID[#KEY] (a name or ARN, then a JSON key), not '${spec}'`);
    return { kind: 'aws-secret', secretId: m[1], key: m[2] ?? null };
  },
  async check(d, io) {
    const meta = await describeSecret(io, d.secretId);
    const versions = Object.keys(meta.VersionIdsToStages ?? {}).length;
    return `${this.describe(d)} exists (${meta.ARN ?? meta.Name}; ${versions} version(s))`;
  },
  async deliver(d, values, io) {
    await describeSecret(io, d.secretId);
    const client = secretsManager(io, d.secretId);
    const secrets = Object.values(values);
    let secretString: string;
    let entries: string[];
    if (d.key === null && Object.keys(values).length === 1) {
      secretString = secrets[0];
      entries = [d.secretId];
    } else {
      // A key of the JSON object (or, for several values and no key, an object of them all).
      let object: Record<string, unknown> = {};
      if (d.key !== null) {
        const current = await send(io, 'secretsmanager', 'GetSecretValue', `could not read AWS secret ${d.secretId} to change one key`, secrets, () => client.send(new GetSecretValueCommand({ SecretId: d.secretId })));
        object = jsonObject(current.SecretString, d.secretId);
      }
      const pairs = d.key === null ? Object.entries(values).map(([entry, value]) => ({ entry, value })) : entriesFor(d.key, values);
      for (const { entry, value } of pairs) object[entry] = value;
      secretString = JSON.stringify(object);
      entries = pairs.map((p) => `${d.secretId}#${p.entry}`);
    }
    // The request token is the new version's id: a retried call cannot make two versions.
    const token = randomUUID();
    const put = await send(io, 'secretsmanager', 'PutSecretValue', `could not store a new version of AWS secret ${d.secretId}`, secrets, () =>
      client.send(new PutSecretValueCommand({ SecretId: d.secretId, SecretString: secretString, ClientRequestToken: token })));
    return { entries, created: [], versions: { [d.secretId]: put.VersionId ?? token } };
  },
  async readBack(d, receipt, io) {
    const version = receipt.versions?.[d.secretId];
    const meta = await describeSecret(io, d.secretId);
    const stages = version ? meta.VersionIdsToStages?.[version] ?? [] : [];
    if (!stages.includes('AWSCURRENT')) throw new SpillkitError('IO', `AWS secret ${d.secretId}: the new version ${version ?? '?'} is not AWSCURRENT after the write (another writer?)`);
    return `version ${version} is AWSCURRENT${meta.LastChangedDate ? `, changed ${meta.LastChangedDate.toISOString()}` : ''}`;
  },
  describe: (d) => `AWS Secrets Manager secret ${d.secretId}${d.key ? `#${d.key}` : ''}`,
  entryName: (d) => d.key,
};

function jsonObject(text: string | undefined, secretId: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: the message below says what was expected, without the value.
  }
  throw new SpillkitError('IO', `AWS secret ${secretId} does not hold a JSON object, so it has no key to change: deliver to the whole secret (no #KEY)`);
}

/* ---------------- SSM Parameter Store ---------------- */

const ssm = (io: DeliveryIO): SSMClient => new SSMClient(operatorConfig(io.env, 'SSM'));

async function parameterMeta(io: DeliveryIO, name: string): Promise<ParameterMetadata | null> {
  const answer = await send(io, 'ssm', 'DescribeParameters', `could not read SSM parameter ${name}`, [], () =>
    ssm(io).send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] })));
  return answer.Parameters?.find((p) => p.Name === name) ?? null;
}

/** Where a value beside the named parameter goes: the same path, its own name. */
function sibling(named: string, entry: string): string {
  const slash = named.lastIndexOf('/');
  return slash >= 0 ? `${named.slice(0, slash + 1)}${entry}` : entry;
}

export const ssmParameterTarget: DeliveryTarget<'ssm-parameter'> = {
  kind: 'ssm-parameter',
  parse(spec) {
    if (!/^[A-Za-z0-9_.\-/]{1,2048}$/.test(spec) || /^\/?aws\//i.test(spec) || /^\/?ssm\//i.test(spec)) {
      throw new SpillkitError('USAGE', `--to-ssm-parameter takes a parameter NAME (letters, digits, _ . - /; not under aws/ or ssm/), not '${spec}'`);
    }
    return { kind: 'ssm-parameter', name: spec };
  },
  async check(d, io) {
    const meta = await parameterMeta(io, d.name);
    return meta ? `${this.describe(d)} exists (${meta.Type}, version ${meta.Version})` : `${this.describe(d)} will be created as a SecureString`;
  },
  async deliver(d, values, io) {
    const client = ssm(io);
    const entries: string[] = [];
    const created: string[] = [];
    const versions: Record<string, string> = {};
    for (const { entry, value } of entriesFor(d.name, values)) {
      const name = entry === d.name ? d.name : sibling(d.name, entry);
      const meta = await parameterMeta(io, name);
      const keep = meta?.Type === 'SecureString' && meta.KeyId ? { KeyId: meta.KeyId } : {};
      const tier = meta?.Tier && meta.Tier !== 'Standard' ? { Tier: meta.Tier } : {};
      const put = await send(io, 'ssm', 'PutParameter', `could not store SSM parameter ${name}`, [value], () =>
        client.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Overwrite: true, ...keep, ...tier })));
      entries.push(name);
      if (!meta) created.push(name);
      versions[name] = String(put.Version ?? 0);
    }
    return { entries, created, versions };
  },
  async readBack(d, receipt, io) {
    const versions = receipt.versions ?? {};
    const seen: string[] = [];
    for (const name of receipt.entries) {
      const meta = await parameterMeta(io, name);
      if (!meta || String(meta.Version) !== versions[name] || meta.Type !== 'SecureString') {
        throw new SpillkitError('IO', `SSM parameter ${name}: expected SecureString version ${versions[name]}, found ${meta ? `${meta.Type} version ${meta.Version}` : 'nothing'}`);
      }
      seen.push(`${name} SecureString version ${meta.Version}`);
    }
    return seen.join('; ');
  },
  describe: (d) => `SSM parameter ${d.name}`,
  entryName: (d) => d.name,
};
