import type { Finding } from '../scan/finding.js';
import type { Operation } from './types.js';

/**
 * Per finding, the operation that gets the secret out of history with the least collateral damage:
 * a file that is wholly a credential (`.env`, a private key, a service-account JSON) goes from every
 * commit; anywhere else only the secret text is replaced, so the rest of the file survives byte for byte.
 */

/** Basenames of files that are wholly a secret. Templates meant to be committed are excluded below. */
const SECRET_FILE_NAMES: RegExp[] = [
  /^\.env$/,
  /^\.env\..+$/,
  /^id_(rsa|dsa|ecdsa|ed25519)$/,
  /\.(pem|key|p12|pfx|jks|keystore|ppk|asc|gpg|p8)$/i,
  /^credentials\.json$/i,
  /service[-_]?account.*\.json$/i,
  /^\.(netrc|pgpass|git-credentials)$/,
];

/** `.env.example` and friends document the variables; a secret in one is replaced, the file stays. */
const TEMPLATE_NAMES = /\.(example|sample|template|dist|defaults?)$/i;

/** Rules whose match is a whole credential file (a key block, a service-account key). */
const KEY_FILE_RULES = /(^|-)private-key($|-)|^openssh-private-key$|^putty-private-key$|^pgp-private-key-block$|^gcp-service-account-key$/;
/** Extensions that hold code or mixed config: a key inside one is replaced, never the whole file. */
const CODE_OR_CONFIG_EXT = /\.(js|mjs|cjs|ts|tsx|jsx|py|rb|go|java|kt|cs|php|rs|c|h|cpp|swift|scala|sh|bash|ps1|yaml|yml|toml|ini|cfg|conf|xml|properties|tf|md|html|ipynb|env)$/i;

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isSecretFilePath(path: string): boolean {
  const name = basename(path);
  if (TEMPLATE_NAMES.test(name)) return false;
  return SECRET_FILE_NAMES.some((re) => re.test(name));
}

export function chooseOperation(f: Pick<Finding, 'source' | 'path' | 'rule' | 'reachable' | 'commit'>): { operation: Operation; reason: string } {
  if (f.source === 'commit-message' || f.source === 'tag-message') {
    if (!f.reachable) return { operation: 'out-of-reach', reason: 'the message is in an object no ref reaches; no push carries it, gc on every clone removes it' };
    return { operation: 'replace-message', reason: `the secret is in a ${f.source === 'tag-message' ? 'tag' : 'commit'} message: replace it there` };
  }
  if (f.path === null || f.commit === null || !f.reachable) {
    return { operation: 'out-of-reach', reason: 'the blob is dangling (no ref reaches it); no push carries it, gc on every clone removes it' };
  }
  if (isSecretFilePath(f.path)) return { operation: 'remove-file', reason: `${basename(f.path)} is a credential file: remove it from every commit` };
  if (KEY_FILE_RULES.test(f.rule) && !CODE_OR_CONFIG_EXT.test(basename(f.path))) {
    return { operation: 'remove-file', reason: `a ${f.rule} match in a file that is not code or config: remove the key file from every commit` };
  }
  return { operation: 'replace-text', reason: 'the secret sits inside a file with other content: replace just the secret text' };
}

/** The text that takes the secret's place. The rule id says what was there without saying what it was. */
export function replacementFor(rule: string, style: 'rule' | 'plain'): string {
  return style === 'plain' ? '***REMOVED***' : `***REMOVED:${rule}***`;
}

/**
 * The `.gitignore` line that keeps a removed file out: anchored for a nested path, by name for a root one.
 * Glob characters, a leading `#` or `!` and trailing spaces are escaped so the line matches exactly this
 * path; a name with a line break cannot be written as a pattern at all (null).
 */
export function gitignoreLine(path: string): string | null {
  if (/[\r\n]/.test(path)) return null;
  let line = path.replace(/[\\*?[]/g, (c) => `\\${c}`).replace(/ (?= *$)/g, '\\ ');
  if (/^[#!]/.test(line)) line = `\\${line}`;
  return path.includes('/') ? `/${line}` : line;
}
