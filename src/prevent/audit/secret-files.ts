import { shellQuote } from '../../report/shell-text.js';
import { listSome, type AuditContext, type CheckResult } from './types.js';

/**
 * Files that are credentials by their very name: local env files, private keys, keystores, cloud
 * credential files. Templates (`.env.example`, `.env.sample`...) and public halves (`id_rsa.pub`) are fine.
 */
const ENV_FILE = /^\.env(?:\..+)?$/;
const ENV_TEMPLATE = /^\.env\.(?:example|sample|template|dist|defaults|schema|tpl)$/i;
const RISKY_NAMES = [
  /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/, // SSH private keys
  /\.(?:pem|key|p12|pfx|jks|keystore|ppk|kdbx|tfstate)$/i,
  /^credentials\.json$/i,
  /^service[-_]?account.*\.json$/i,
  /^\.(?:pgpass|netrc|htpasswd)$/,
  /^_netrc$/,
];
const WELL_KNOWN_LOCATIONS = [/(?:^|\/)\.aws\/credentials$/, /(?:^|\/)\.docker\/config\.json$/];

export function isSecretFileName(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (ENV_FILE.test(name)) return !ENV_TEMPLATE.test(name);
  return RISKY_NAMES.some((re) => re.test(name)) || WELL_KNOWN_LOCATIONS.some((re) => re.test(path));
}

export function checkSecretFiles(ctx: AuditContext): CheckResult {
  const base = { check: 'no-secret-files-tracked', title: 'no env or key files tracked' };
  const found = ctx.tracked.filter(isSecretFileName);
  if (found.length === 0) return { ...base, status: 'pass', detail: `none of ${ctx.tracked.length} tracked files is an env or key file`, fix: null };
  return {
    ...base,
    status: 'fail',
    detail: `tracked: ${listSome(found)}`,
    fix: `git rm --cached -- ${found.map(shellQuote).join(' ')}, add them to .gitignore, commit; if any ever held a real credential, rotate it and clean history (\`spillkit scan\`, then \`spillkit plan-rewrite\`)`,
  };
}
