import { randomUUID } from 'node:crypto';
import { startLoopback, type EmuRequest, type EmuResponse, type Loopback } from './saas.js';

/**
 * A loopback emulator of AWS Secrets Manager and SSM Parameter Store for the delivery targets, speaking
 * their JSON 1.1 protocol (`x-amz-target: secretsmanager.*` / `AmazonSSM.*`, epoch-second dates, errors
 * as HTTP 400 with `__type` and the x-amzn-errortype header), so the real SDK clients run against it
 * through AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_SSM. The caller is the access key named
 * in the SigV4 Authorization header: unknown keys answer UnrecognizedClientException, keys in `denied`
 * AccessDeniedException. Secrets keep versions with staging labels (AWSCURRENT moves to the new one,
 * AWSPREVIOUS to the old); parameters keep a version counter, a type, a KMS key id and a tier.
 */
export interface EmulatedSecretVersion {
  id: string;
  value: string;
  stages: string[];
}

export interface EmulatedSecret {
  name: string;
  arn: string;
  versions: EmulatedSecretVersion[];
  deletedDate?: number;
  lastChanged?: number;
}

export interface EmulatedParameter {
  name: string;
  value: string;
  type: 'String' | 'StringList' | 'SecureString';
  keyId?: string;
  version: number;
  tier: 'Standard' | 'Advanced';
}

export interface AwsSecretsEmulator extends Loopback {
  keys: string[];
  denied: string[];
  secrets: EmulatedSecret[];
  parameters: EmulatedParameter[];
  /** The actions called, in order (`secretsmanager.PutSecretValue`). */
  actions: string[];
  current(secret: string): string | undefined;
}

const error = (type: string, message: string, status = 400): EmuResponse => ({
  status,
  headers: { 'x-amzn-errortype': type, 'content-type': 'application/x-amz-json-1.1' },
  body: { __type: type, message },
});

export async function startAwsSecretsEmulator(keys: string[]): Promise<AwsSecretsEmulator> {
  const route = (req: EmuRequest): EmuResponse => {
    const target = String(req.headers['x-amz-target'] ?? '');
    emulator.actions.push(target);
    const caller = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!caller || !emulator.keys.includes(caller)) return error('UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (emulator.denied.includes(caller)) return error('AccessDeniedException', `User: arn:aws:iam::123456789012:user/ops is not authorized to perform: ${target.split('.')[1]}`);
    const input = JSON.parse(req.body || '{}') as Record<string, unknown>;
    const ok = (body: unknown): EmuResponse => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body });
    if (target.startsWith('secretsmanager.')) {
      const id = String(input.SecretId ?? '');
      const secret = emulator.secrets.find((s) => s.name === id || s.arn === id);
      if (!secret) return error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      switch (target) {
        case 'secretsmanager.DescribeSecret':
          return ok({
            ARN: secret.arn, Name: secret.name, LastChangedDate: secret.lastChanged ?? 1735689600,
            ...(secret.deletedDate ? { DeletedDate: secret.deletedDate } : {}),
            VersionIdsToStages: Object.fromEntries(secret.versions.filter((v) => v.stages.length).map((v) => [v.id, v.stages])),
          });
        case 'secretsmanager.GetSecretValue': {
          const current = secret.versions.find((v) => v.stages.includes('AWSCURRENT'));
          return current ? ok({ ARN: secret.arn, Name: secret.name, VersionId: current.id, SecretString: current.value, VersionStages: current.stages }) : error('ResourceNotFoundException', 'no current version');
        }
        case 'secretsmanager.PutSecretValue': {
          if (secret.deletedDate) return error('InvalidRequestException', 'You can\'t perform this operation on the secret because it was marked for deletion.');
          const token = String(input.ClientRequestToken ?? randomUUID());
          const repeat = secret.versions.find((v) => v.id === token);
          if (repeat) return ok({ ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: repeat.stages });
          for (const v of secret.versions) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS').map((s) => (s === 'AWSCURRENT' ? 'AWSPREVIOUS' : s));
          secret.versions.push({ id: token, value: String(input.SecretString), stages: ['AWSCURRENT'] });
          secret.lastChanged = Math.floor(Date.now() / 1000);
          return ok({ ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: ['AWSCURRENT'] });
        }
        default:
          return error('UnknownOperationException', target);
      }
    }
    switch (target) {
      case 'AmazonSSM.DescribeParameters': {
        const filters = (input.ParameterFilters as Array<{ Key: string; Values: string[] }>) ?? [];
        const names = filters.find((f) => f.Key === 'Name')?.Values ?? [];
        const found = emulator.parameters.filter((p) => names.includes(p.name));
        return ok({ Parameters: found.map((p) => ({ Name: p.name, Type: p.type, ...(p.keyId ? { KeyId: p.keyId } : {}), Version: p.version, Tier: p.tier, DataType: 'text', LastModifiedDate: 1735689600 })) });
      }
      case 'AmazonSSM.PutParameter': {
        const name = String(input.Name);
        const existing = emulator.parameters.find((p) => p.name === name);
        if (existing && input.Overwrite !== true) return error('ParameterAlreadyExists', 'The parameter already exists.');
        const type = (input.Type as EmulatedParameter['type'] | undefined) ?? existing?.type;
        if (!type) return error('ValidationException', 'A parameter type is required when you create a parameter.');
        const keyId = type === 'SecureString' ? String(input.KeyId ?? 'alias/aws/ssm') : undefined;
        if (existing) {
          Object.assign(existing, { value: String(input.Value), type, keyId, version: existing.version + 1, tier: (input.Tier as EmulatedParameter['tier']) ?? existing.tier });
          return ok({ Version: existing.version, Tier: existing.tier });
        }
        emulator.parameters.push({ name, value: String(input.Value), type, keyId, version: 1, tier: (input.Tier as EmulatedParameter['tier']) ?? 'Standard' });
        return ok({ Version: 1, Tier: 'Standard' });
      }
      default:
        return error('UnknownOperationException', target);
    }
  };
  const loopback = await startLoopback(route);
  const emulator: AwsSecretsEmulator = {
    ...loopback,
    keys,
    denied: [],
    secrets: [],
    parameters: [],
    actions: [],
    current: (name) => emulator.secrets.find((s) => s.name === name)?.versions.find((v) => v.stages.includes('AWSCURRENT'))?.value,
  };
  return emulator;
}
