import type { Credential, ManualStep } from '../contract.js';
import { githubTokenKind, KIND_TITLES, type GithubTokenKind } from './token-kind.js';
import { tokenSettingsPage } from './web-pages.js';

/**
 * What a person does on github.com for each kind of token: GitHub lets nobody but the owner (or the
 * app) mint a replacement, so rotation is always a guided step. URLs are github.com's; on GitHub
 * Enterprise Server the same paths live on the server's host.
 */
export function githubManualSteps(cred: Credential): ManualStep[] {
  const kind = githubTokenKind(cred);
  const hint = cred.finding.redacted;
  return [{ title: `Replace the leaked ${KIND_TITLES[kind]} ${hint}`, url: tokenSettingsPage(kind), checklist: [...CHECKLISTS[kind], ...AFTERWARDS] }];
}

const AFTERWARDS = [
  'Put the new value everywhere the old one was used (CI secrets, .env files, deployment settings), e.g. with `spillkit rotate`',
  "Review the owner's security log (https://github.com/settings/security-log) and the organization audit log for use of the old token",
];

const CHECKLISTS: Record<GithubTokenKind, string[]> = {
  'classic-pat': [
    'Sign in as the token owner and find the token by its note; the page shows when it was last used',
    'Generate a new token with the same scopes (or fewer) and an expiration date',
    'Delete the leaked token if GitHub still lists it (spillkit revoke sends it to the revocation endpoint)',
  ],
  'fine-grained-pat': [
    'Sign in as the token owner and open the token by its name; check its repository access and permissions',
    'Generate a new fine-grained token with the same resource owner, repositories and permissions',
    'Revoke the leaked token if GitHub still lists it',
  ],
  oauth: [
    'As the user: revoke the OAuth app under "Authorized OAuth Apps", then sign in to the app again for a new token',
    'As the app owner: Settings > Developer settings > OAuth Apps > the app > "Revoke all user tokens" if many may have leaked',
  ],
  'user-to-server': [
    'As the user: revoke the GitHub App under "Authorized GitHub Apps", then sign in to the app again for a new token',
    'As the app owner: check the app\'s token expiration setting (user tokens should expire after 8 hours)',
  ],
  installation: [
    'Installation tokens expire one hour after creation: the lasting secret is the app\'s private key',
    'If the app\'s private key may have leaked too: Developer settings > GitHub Apps > the app > Private keys > generate a new key, deploy it, delete the old one',
  ],
  refresh: [
    'As the user: revoke the GitHub App under "Authorized GitHub Apps": this invalidates its refresh and access tokens',
    'Sign in to the app again so it receives a new token pair',
  ],
  'client-secret': [
    'Open the OAuth app (Developer settings > OAuth Apps) and click "Generate a new client secret"',
    'Deploy the new secret to the application, confirm sign-in works, then delete the leaked secret on the same page',
  ],
};
