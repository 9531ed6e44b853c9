/**
 * The blast radius of a Slack token from one call, `auth.test` with the token: the workspace (and
 * Enterprise Grid organisation), whether it acts as a user or a bot, and the scopes Slack lists in the
 * `x-oauth-scopes` header. Scopes that read messages and files, write, or administer decide the risk.
 */
import { emptyAnalysis, listed } from '../analysis.js';
import { refused, type Analysis, type Credential, type Outcome, type ProviderContext, type Risk } from '../contract.js';
import { DEAD_TOKEN_ERRORS, slackError, slackMethod, text } from './api.js';

const KINDS: [RegExp, string][] = [
  [/^xoxe\.xox[bp]-/, 'Slack rotating (refreshable) token'],
  [/^xoxb-/, 'Slack bot token'],
  [/^xoxp-/, 'Slack user token'],
  [/^xoxa-/, 'Slack workspace app token'],
  [/^xox[os]-/, 'Slack legacy token'],
];

/** Scopes that read what people wrote or shared: history, files, email addresses. */
const READS_CONTENT = /(?::history|^files:read|^users:read\.email|^search:read|^im:read|^mpim:read)$/;

export function slackTokenKind(secret: string): string {
  return KINDS.find(([prefix]) => prefix.test(secret))?.[1] ?? 'Slack token';
}

function riskOf(scopes: string[], reported: boolean): Risk {
  if (scopes.some((s) => s === 'admin' || s.startsWith('admin.') || s.startsWith('admin:'))) return 'critical';
  if (!reported) return 'high';
  if (scopes.some((s) => s.endsWith(':write') || READS_CONTENT.test(s) || s === 'client' || s === 'post')) return 'high';
  return scopes.length ? 'medium' : 'low';
}

export async function analyzeSlackToken(cred: Credential, ctx: ProviderContext): Promise<Outcome<Analysis>> {
  const result = await slackMethod(ctx, cred, 'auth.test', false);
  if (result.state !== 'ok') return result;
  const { answer, scopes, scopesReported } = result.value;
  if (!answer.ok) {
    return answer.error && DEAD_TOKEN_ERRORS.has(answer.error) ? refused('invalid-credential', `not live: auth.test: ${answer.error}`) : slackError('auth.test', answer.error);
  }
  const team = text(answer.team);
  const user = text(answer.user);
  const botId = text(answer.bot_id);
  const enterprise = text(answer.enterprise_id);
  const admin = scopes.filter((s) => s === 'admin' || s.startsWith('admin.') || s.startsWith('admin:'));
  const summary = [
    `workspace: ${team ?? '?'} (${text(answer.team_id) ?? '?'})${enterprise ? `, Enterprise Grid ${enterprise}` : ''}`,
    botId ? `acts as: bot ${user ?? '?'} (${botId})` : `acts as: user ${user ?? '?'} (${text(answer.user_id) ?? '?'})`,
    scopesReported ? `scopes: ${scopes.length ? listed(scopes, 15) : 'none'}` : 'scopes: not reported (a legacy token acts with its user\'s full rights)',
    `admin: ${admin.length ? `yes (${admin.join(', ')})` : scopesReported ? 'no' : 'unknown'}`,
  ];
  const content = scopes.filter((s) => READS_CONTENT.test(s));
  if (content.length) summary.push(`reads messages or files: ${listed(content)}`);
  const value: Analysis = {
    ...emptyAnalysis(slackTokenKind(cred.secret)),
    principal: user && team ? `${user} @ ${team}` : (user ?? team),
    account: text(answer.team_id) ?? team,
    summary,
    permissions: {
      admin: admin.length > 0 ? true : scopesReported ? false : null,
      write: scopesReported ? scopes.some((s) => s.endsWith(':write') || s === 'client' || s === 'post') : null,
      grants: scopes,
      wildcards: [],
      services: [...new Set(scopes.map((s) => s.split(/[:.]/)[0]))].sort(),
    },
    resources: { items: [...(text(answer.url) ? [`workspace ${text(answer.url)}`] : [])], counts: [] },
    risk: riskOf(scopes, scopesReported),
    gaps: scopesReported ? [] : ['could not read scopes (Slack sent no x-oauth-scopes header)'],
  };
  return { state: 'ok', value };
}
