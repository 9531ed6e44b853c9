/**
 * Slack: a token identifies and verifies itself with `auth.test` and, when the user chooses it
 * (`--use-leaked-key`), revokes itself with `auth.revoke`.
 * Slack answers HTTP 200 for most failures and puts the verdict in `{"ok": false, "error": ...}`, so
 * both the status and the body decide. Webhook URLs, refresh tokens and configuration tokens have no
 * such call: they get the console step for their kind. Slack has no rotation API for a bot or user
 * token (reinstalling the app issues a new one), hence no `rotate`.
 */
import { ok, refused, unknown, type Credential, type Outcome, type ProviderAdapter } from '../contract.js';
import { consoleEntryFor, manualStepFor } from '../consoles.js';
import { analyzeSlackToken } from './analyze.js';
import { DEAD_TOKEN_ERRORS, hasTokenApi, slackError, slackMethod, text } from './api.js';

export { DEFAULT_SLACK_API, hasTokenApi } from './api.js';

export function createSlackAdapter(): ProviderAdapter {
  const entry = consoleEntryFor('slack');
  const noApi = <T>(cred: Credential, refuse = false): Outcome<T> => {
    const message = `Slack has no API for a ${cred.finding.rule} credential: see the manual steps`;
    return refuse ? refused('manual', message) : unknown('manual', message);
  };

  return {
    id: 'slack',
    title: 'Slack',
    async identify(cred, ctx) {
      if (!hasTokenApi(cred)) return noApi(cred);
      const result = await slackMethod(ctx, cred, 'auth.test', false);
      if (result.state !== 'ok') return result;
      const { answer, scopes } = result.value;
      if (!answer.ok) return slackError('auth.test', answer.error);
      const user = text(answer.user);
      const team = text(answer.team);
      const details: Record<string, string> = {};
      for (const field of ['url', 'team_id', 'user_id', 'bot_id', 'enterprise_id']) {
        const value = text(answer[field]);
        if (value) details[field] = value;
      }
      return ok({ owner: user && team ? `${user} @ ${team}` : (user ?? team), account: text(answer.team_id) ?? team, scopes, keyId: cred.finding.redacted, details });
    },
    async verify(cred, ctx) {
      if (!hasTokenApi(cred)) return noApi(cred);
      const result = await slackMethod(ctx, cred, 'auth.test', false);
      if (result.state !== 'ok') return result;
      const { answer } = result.value;
      if (answer.ok) return ok({ live: true, detail: `auth.test ok for ${text(answer.user) ?? 'the token'} in ${text(answer.team) ?? 'its workspace'}` });
      if (answer.error && DEAD_TOKEN_ERRORS.has(answer.error)) return ok({ live: false, detail: `auth.test: ${answer.error}` });
      return slackError('auth.test', answer.error);
    },
    async analyze(cred, ctx) {
      if (!hasTokenApi(cred)) return noApi(cred);
      return analyzeSlackToken(cred, ctx);
    },
    async evidence(cred) {
      const where = hasTokenApi(cred) ? 'the workspace access logs (admins: Settings → Access logs)' : 'the app\'s page';
      return unknown('no-api', `Slack reports no last use for a token: check ${where}`);
    },
    async revoke(cred, ctx, opts) {
      if (!hasTokenApi(cred)) return noApi(cred, true);
      // Slack has no operator API that revokes another's token: only the token itself can, so the
      // user chooses it; otherwise the app's page (uninstall, or regenerate the token) is the way.
      if (!opts.useLeakedCredential) {
        return refused('manual', `Slack revokes a token only through the token itself (auth.revoke): choose --use-leaked-key, or revoke it at ${manualStepFor(entry, cred).url || 'https://api.slack.com/apps'} (see the manual steps)`);
      }
      ctx.record('revoke-with-leaked-key', { provider: 'slack', chosen: 'by the user (--use-leaked-key)' });
      if (ctx.dryRun) return ok({ action: `dry run: would revoke Slack token ${cred.finding.redacted} (auth.revoke)`, reversible: false });
      const result = await slackMethod(ctx, cred, 'auth.revoke', true);
      if (result.state !== 'ok') return result;
      const { answer } = result.value;
      if (answer.ok && answer.revoked === true) return ok({ action: `revoked Slack token ${cred.finding.redacted} (auth.revoke)`, reversible: false });
      if (answer.ok) return unknown('unexpected-answer', 'Slack auth.revoke answered ok without "revoked": check the app at https://api.slack.com/apps');
      return slackError('auth.revoke', answer.error);
    },
    // Offered for every kind: a token is revoked by hand unless the user chooses auth.revoke.
    manualSteps: (cred) => [manualStepFor(entry, cred)],
  };
}
