import { SpillkitError } from '../../errors.js';
import { DELIVERY_KINDS, type Delivery, type DeliveryKind } from '../contract.js';
import { awsSecretTarget, ssmParameterTarget } from './aws.js';
import { dopplerTarget } from './doppler.js';
import { envFileTarget } from './env-file.js';
import { dependabotSecretTarget, githubEnvSecretTarget, githubSecretTarget } from './github.js';
import { gitlabVariableTarget } from './gitlab.js';
import { k8sSecretTarget } from './kubernetes.js';
import { onePasswordTarget } from './onepassword.js';
import type { DeliveryTarget } from './target.js';
import { vaultKvTarget } from './vault.js';

/**
 * Every delivery target, one row per kind of the contract's Delivery union; DELIVERY_KINDS (contract.ts)
 * carries each row's flag and words for help texts and choosers. checkTable() keeps the two in step.
 */
export const DELIVERY_TARGETS: { readonly [K in DeliveryKind]: DeliveryTarget<K> } = {
  'env-file': envFileTarget,
  'github-secret': githubSecretTarget,
  'github-env-secret': githubEnvSecretTarget,
  'dependabot-secret': dependabotSecretTarget,
  'gitlab-variable': gitlabVariableTarget,
  'aws-secret': awsSecretTarget,
  'ssm-parameter': ssmParameterTarget,
  'vault-kv': vaultKvTarget,
  'k8s-secret': k8sSecretTarget,
  doppler: dopplerTarget,
  onepassword: onePasswordTarget,
};

/** The row of a delivery, typed to its kind. */
export function targetOf<K extends DeliveryKind>(delivery: Extract<Delivery, { kind: K }>): DeliveryTarget<K> {
  return DELIVERY_TARGETS[delivery.kind as K] as DeliveryTarget<K>;
}

/** Problems with the table, for its self-check test: every kind listed once, with a row, flags unique and `--to-`. */
export function checkTable(): string[] {
  const problems: string[] = [];
  const kinds = DELIVERY_KINDS.map((k) => k.kind);
  const flags = DELIVERY_KINDS.map((k) => k.flag);
  for (const kind of Object.keys(DELIVERY_TARGETS)) if (!kinds.includes(kind as DeliveryKind)) problems.push(`${kind} has a row but is not in DELIVERY_KINDS`);
  for (const info of DELIVERY_KINDS) {
    const row = DELIVERY_TARGETS[info.kind];
    if (!row) problems.push(`${info.kind} is listed but has no row`);
    else if (row.kind !== info.kind) problems.push(`row ${info.kind} says it is ${row.kind}`);
    if (!/^--to-[a-z0-9-]+$/.test(info.flag)) problems.push(`${info.kind}: flag ${info.flag} is not --to-…`);
  }
  if (new Set(kinds).size !== kinds.length) problems.push('a kind is listed twice');
  if (new Set(flags).size !== flags.length) problems.push('a flag is listed twice');
  return problems;
}

/** The one `--to-…` flag among a command's parsed options, as a Delivery; none or several is a usage error. */
export function deliveryFromFlags(values: Record<string, unknown>): Delivery {
  const given = DELIVERY_KINDS.filter((k) => typeof values[k.flag.slice(2)] === 'string');
  if (given.length !== 1) {
    throw new SpillkitError('USAGE', `rotate needs exactly one delivery target: ${DELIVERY_KINDS.map((k) => `${k.flag} ${k.argument}`).join(', ')}`);
  }
  const info = given[0];
  return DELIVERY_TARGETS[info.kind].parse(values[info.flag.slice(2)] as string);
}
