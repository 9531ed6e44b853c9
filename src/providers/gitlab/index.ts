/**
 * GitLab: a personal, project or group access token (`glpat-`) identifies and verifies itself through
 * the `/personal_access_tokens/self` endpoints (read-only); the operator's token (`GITLAB_TOKEN`: its
 * owner, or an administrator) revokes it by id and rotates it. GitLab's other kinds (deploy, runner,
 * feed, trigger, agent, SCIM...) are revoked through the administrators' token API (`/admin/token`).
 * The leaked token revokes or rotates itself only when the user chooses it (`--use-leaked-key`).
 * `GITLAB_API_URL` points at a self-managed instance.
 */
import { ok, refused, unknown, type Credential, type Identity, type Outcome, type ProviderAdapter, type ProviderContext } from '../contract.js';
import { consoleEntryFor, manualStepFor, type ConsoleEntry } from '../consoles.js';
import { analyzeGitlabToken } from './analyze.js';
import { gitlabCall, gitlabWeb, readSelf, type GitlabTokenInfo } from './api.js';
import { ADMIN_REVOCABLE, gitlabOperator, revokeAsAdmin, revokeById, selfRevoke } from './revoke.js';
import { rotateGitlabToken } from './rotate.js';

/** Token kinds the self endpoints accept; config rules of provider gitlab are judged by prefix. */
export function hasSelfApi(cred: Credential): boolean {
  return cred.finding.rule === 'gitlab-pat' || cred.secret.startsWith('glpat-');
}

/** The console entry with the instance's own host in place of gitlab.com (self-managed GitLab). */
function consoleFor(env: NodeJS.ProcessEnv): ConsoleEntry {
  const entry = consoleEntryFor('gitlab');
  const web = gitlabWeb(env);
  if (web === 'https://gitlab.com') return entry;
  const rehost = (url?: string): string | undefined => url?.replace('https://gitlab.com', web);
  const rules = Object.fromEntries(Object.entries(entry.rules ?? {}).map(([rule, page]) => [rule, { ...page, url: rehost(page.url) }]));
  return { ...entry, url: rehost(entry.url), rules };
}

async function ownerName(cred: Credential, ctx: ProviderContext, info: GitlabTokenInfo): Promise<string> {
  // /user needs read_user or api scope; without it the numeric id is still an owner a GitLab admin can look up.
  const answer = await gitlabCall(ctx, cred.secret, { method: 'GET', path: '/user' });
  const user = answer.state === 'ok' && answer.value.status === 200 ? (answer.value.body as { username?: unknown }) : null;
  return typeof user?.username === 'string' ? user.username : `user #${info.user_id}`;
}

export function createGitlabAdapter(env: NodeJS.ProcessEnv = process.env): ProviderAdapter {
  const entry = consoleFor(env);
  const noApi = <T>(cred: Credential, refuse = false): Outcome<T> => {
    const message = `GitLab has no self-service API for a ${cred.finding.rule} credential: see the manual steps`;
    return refuse ? refused('manual', message) : unknown('manual', message);
  };
  const consoleHint = `revoke it at ${entry.url}`;

  return {
    id: 'gitlab',
    title: 'GitLab',
    async identify(cred, ctx) {
      if (!hasSelfApi(cred)) return noApi(cred);
      const self = await readSelf(cred, ctx);
      if (self.state !== 'ok') return self;
      const info = self.value;
      const identity: Identity = {
        owner: await ownerName(cred, ctx, info),
        account: gitlabWeb(ctx.env),
        scopes: info.scopes,
        keyId: `token #${info.id}`,
        details: { name: info.name, userId: String(info.user_id), active: String(info.active), expiresAt: info.expires_at ?? 'never' },
      };
      return ok(identity);
    },
    async verify(cred, ctx) {
      if (!hasSelfApi(cred)) return noApi(cred);
      const self = await readSelf(cred, ctx);
      if (self.state === 'ok') {
        const live = self.value.active && !self.value.revoked;
        return ok({ live, detail: live ? `token "${self.value.name}" is active` : `token "${self.value.name}" is revoked or expired` });
      }
      if (self.code === 'invalid-credential') return ok({ live: false, detail: 'GitLab answers 401 Unauthorized: revoked, expired or never valid' });
      return self;
    },
    async evidence(cred, ctx) {
      if (!hasSelfApi(cred)) return noApi(cred);
      const self = await readSelf(cred, ctx);
      if (self.state !== 'ok') return self;
      const info = self.value;
      const notes = [`created ${info.created_at}`, `expires ${info.expires_at ?? 'never'}`];
      if (info.last_used_ips?.length) notes.push(`last used from ${info.last_used_ips.join(', ')}`);
      return ok({ lastUsed: info.last_used_at, service: null, region: null, notes });
    },
    async analyze(cred, ctx) {
      if (!hasSelfApi(cred)) return noApi(cred);
      return analyzeGitlabToken(cred, ctx);
    },
    async revoke(cred, ctx, opts) {
      if (opts.useLeakedCredential) {
        if (!hasSelfApi(cred)) return refused('no-self-revoke', `a GitLab ${cred.finding.rule} credential cannot revoke itself: set GITLAB_TOKEN to an administrator's token, or see the manual steps`);
        ctx.record('revoke-with-leaked-key', { provider: 'gitlab', chosen: 'by the user (--use-leaked-key)' });
        return selfRevoke(cred, ctx, consoleHint);
      }
      const operator = gitlabOperator(cred, ctx.env);
      if (operator.state !== 'ok') return operator;
      if (hasSelfApi(cred)) return revokeById(cred, ctx, operator.value, consoleHint);
      if (!ADMIN_REVOCABLE.has(cred.finding.rule)) return noApi(cred, true);
      return revokeAsAdmin(cred, ctx, operator.value, consoleHint);
    },
    async rotate(cred, ctx, opts) {
      if (!hasSelfApi(cred)) return noApi(cred, true);
      if (opts.useLeakedCredential) {
        ctx.record('rotate-with-leaked-key', { provider: 'gitlab', chosen: 'by the user (--use-leaked-key)' });
        return rotateGitlabToken(cred, ctx, opts, consoleHint, null);
      }
      const operator = gitlabOperator(cred, ctx.env);
      if (operator.state !== 'ok') return operator;
      return rotateGitlabToken(cred, ctx, opts, consoleHint, operator.value);
    },
    // Offered for every kind: a denied operator token or a missing administrator ends in the console.
    manualSteps: (cred) => [manualStepFor(entry, cred)],
  };
}
