/**
 * Where a rotated credential can go, as data: the respond screen builds its chooser from this table,
 * and the command line's `--to-*` flags name the same kinds. One row per `Delivery` kind (the Record type
 * makes a new kind in the union fail to compile until it has its row here).
 */
import { resolve } from 'node:path';
import { SpillkitError } from '../errors.js';
import type { Delivery } from './contract.js';
import { parseGithubSecretTarget } from './delivery.js';

export interface DeliveryTarget {
  kind: ChooserKind;
  /** What the chooser lists: `an env file`. */
  label: string;
  /** One line more on what it does. */
  detail: string;
  /** The command-line flag that gives the same target. */
  flag: string;
  /** The question for the target's one text field, and an example answer. */
  question: string;
  example: string;
  /** The typed answer as a Delivery; SpillkitError('USAGE') with one clear line when it is not one. */
  parse(text: string, cwd: string): Delivery;
  /** Providers whose credentials it takes; absent: every provider that can rotate. */
  offeredFor?: (provider: string) => boolean;
}

/**
 * The kinds the respond screen offers today: an env file and a GitHub Actions secret. The other kinds of
 * the delivery table (`--to-aws-secret`, `--to-vault-kv`, ...) are given on the command line for now.
 */
export type ChooserKind = 'env-file' | 'github-secret';

export const DELIVERY_TARGETS: Record<ChooserKind, DeliveryTarget> = {
  'env-file': {
    kind: 'env-file',
    label: 'an env file',
    detail: 'only the credential\'s lines change; written atomically, mode 0600',
    flag: '--to-env-file FILE',
    question: 'Which env file gets the new credential? (a path; relative paths start at the repository)',
    example: '.env.production',
    parse: (text, cwd) => {
      const file = text.trim();
      if (!file) throw new SpillkitError('USAGE', 'an env file needs a path');
      return { kind: 'env-file', file: resolve(cwd, file) };
    },
  },
  'github-secret': {
    kind: 'github-secret',
    label: 'a GitHub Actions secret',
    detail: 'sealed with the repository\'s public key; needs an operator token in GITHUB_TOKEN',
    flag: '--to-github-secret OWNER/REPO:NAME',
    question: 'Which GitHub Actions secret gets the new credential? (OWNER/REPO:NAME)',
    example: 'acme/payments:AWS_SECRET_ACCESS_KEY',
    parse: (text) => parseGithubSecretTarget(text.trim()),
  },
};

/** The targets offered for a provider's credential, in table order. */
export function deliveryTargetsFor(provider: string): DeliveryTarget[] {
  return Object.values(DELIVERY_TARGETS).filter((t) => t.offeredFor?.(provider) ?? true);
}
