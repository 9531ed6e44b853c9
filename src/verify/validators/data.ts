import { field, type ValidatorRow, type Verdict } from '../validator.js';
import type { JsonResponse } from '../../providers/http.js';

/** Linear answers GraphQL errors with 200, 400 or 401 alike: a rejected key is told by the error's code, not the status. */
function linearRead(res: JsonResponse): Verdict | null {
  const errors = (res.body as { errors?: unknown } | null)?.errors;
  const list = Array.isArray(errors) ? errors : [];
  const auth = list.some((e) => field(e, 'extensions', 'code') === 'AUTHENTICATION_ERROR' || field(e, 'extensions', 'type') === 'authentication error');
  if (auth) return { state: 'not-live', detail: `Linear answered ${res.status}: authentication required` };
  if (res.status >= 200 && res.status < 300 && !field(res.body, 'data', 'viewer', 'id')) {
    return { state: 'unknown', detail: `Linear answered ${res.status} without the viewer${list.length ? ` (${field(list[0], 'message') ?? 'error'})` : ''}` };
  }
  return null;
}

const LINEAR_ANSWERS = {
  live: { status: 200, body: { data: { viewer: { id: 'a1b2c3' } } } },
  dead: { status: 401, body: { errors: [{ message: 'Authentication required, not authenticated', extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR' } }] } },
};

/** Validator rows for data providers: one read-only request each (see ../validator.ts). */
export const DATA_ROWS: ValidatorRow[] = [
  {
    // Airtable stopped accepting legacy keys (key…) in February 2024: whoami answers them 401, and they are dead.
    // OAuth tokens are left out: the rule also matches refresh tokens, which a bearer call would wrongly call dead.
    rules: ['airtable-personal-access-token', 'airtable-api-key', 'airtable-api-key-context'],
    provider: 'airtable', title: 'Airtable', base: 'https://api.airtable.com', envVar: 'AIRTABLE_API_URL',
    path: '/v0/meta/whoami', auth: { kind: 'bearer' },
  },
  {
    // The integration's own bot user; 403 is a capability the integration lacks, not a bad token (401).
    rules: ['notion-integration-token', 'notion-legacy-integration-token'],
    provider: 'notion', title: 'Notion', base: 'https://api.notion.com', envVar: 'NOTION_API_URL',
    path: '/v1/users/me', auth: { kind: 'bearer' }, headers: { 'Notion-Version': '2022-06-28' }, forbiddenIsLive: true,
    who: (res) => field(res.body, 'name'),
  },
  { rules: ['supabase-access-token'], provider: 'supabase', title: 'Supabase', base: 'https://api.supabase.com', envVar: 'SUPABASE_API_URL', path: '/v1/projects', auth: { kind: 'bearer' } },
  { rules: ['asana-personal-access-token'], provider: 'asana', title: 'Asana', base: 'https://app.asana.com', envVar: 'ASANA_API_URL', path: '/api/1.0/users/me', auth: { kind: 'bearer' } },
  {
    rules: ['clickup-personal-token'], provider: 'clickup', title: 'ClickUp', base: 'https://api.clickup.com', envVar: 'CLICKUP_API_URL',
    path: '/api/v2/user', auth: { kind: 'header', name: 'authorization' }, who: (res) => field(res.body, 'user', 'username'),
  },
  {
    // Figma answers every refusal with 403: "Invalid token" is a dead token, "Invalid scope(s)" a live one without current_user:read.
    rules: ['figma-personal-access-token', 'figma-header-token', 'figma-legacy-token'],
    provider: 'figma', title: 'Figma', base: 'https://api.figma.com', envVar: 'FIGMA_API_URL',
    path: '/v1/me', auth: { kind: 'header', name: 'X-Figma-Token' },
    read: (res) => {
      if (res.status !== 403) return null;
      const err = field(res.body, 'err');
      if (err === 'Invalid token') return { state: 'not-live', detail: 'Figma answered 403 Invalid token' };
      if (err?.startsWith('Invalid scope')) return { state: 'live', detail: 'Figma answered 403 for a scope: a valid token, restricted from reading the user' };
      return null;
    },
    who: (res) => field(res.body, 'handle'),
    answers: {
      live: { status: 403, body: { status: 403, err: 'Invalid scope(s): current_user:read. This endpoint requires the current_user:read scope' } },
      dead: { status: 403, body: { status: 403, err: 'Invalid token' } },
    },
  },
  {
    // An RPC that takes no argument: the body is JSON null. Short-lived tokens (sl.) expire within hours.
    rules: ['dropbox-long-lived-token', 'dropbox-short-lived-token'],
    provider: 'dropbox', title: 'Dropbox', base: 'https://api.dropboxapi.com', envVar: 'DROPBOX_API_URL',
    method: 'POST', path: '/2/users/get_current_account', json: null, auth: { kind: 'bearer' },
  },
  { rules: ['calendly-personal-access-token'], provider: 'calendly', title: 'Calendly', base: 'https://api.calendly.com', envVar: 'CALENDLY_API_URL', path: '/users/me', auth: { kind: 'bearer' } },
  { rules: ['coda-api-token'], provider: 'coda', title: 'Coda', base: 'https://coda.io', envVar: 'CODA_API_URL', path: '/apis/v1/whoami', auth: { kind: 'bearer' } },
  {
    // Only the CFPAT- form: the legacy 64-hex rule can also match an old delivery token, which this API would refuse.
    rules: ['contentful-personal-access-token'], provider: 'contentful', title: 'Contentful', base: 'https://api.contentful.com', envVar: 'CONTENTFUL_API_URL',
    path: '/users/me', auth: { kind: 'bearer' },
  },
  {
    // A personal key is sent bare; an OAuth token (next row) as Bearer.
    rules: ['linear-api-key'], provider: 'linear', title: 'Linear', base: 'https://api.linear.app', envVar: 'LINEAR_API_URL',
    method: 'POST', path: '/graphql', json: { query: '{ viewer { id } }' }, auth: { kind: 'header', name: 'authorization' },
    read: linearRead, answers: LINEAR_ANSWERS,
  },
  {
    rules: ['linear-oauth-token'], provider: 'linear', title: 'Linear OAuth', base: 'https://api.linear.app', envVar: 'LINEAR_API_URL',
    method: 'POST', path: '/graphql', json: { query: '{ viewer { id } }' }, auth: { kind: 'bearer' },
    read: linearRead, answers: LINEAR_ANSWERS,
  },
  {
    rules: ['monday-api-token'], provider: 'monday', title: 'monday.com', base: 'https://api.monday.com', envVar: 'MONDAY_API_URL',
    method: 'POST', path: '/v2', json: { query: '{ me { id } }' }, auth: { kind: 'header', name: 'authorization' },
  },
  {
    rules: ['shortcut-api-token'], provider: 'shortcut', title: 'Shortcut', base: 'https://api.app.shortcut.com', envVar: 'SHORTCUT_API_URL',
    path: '/api/v3/member', auth: { kind: 'header', name: 'Shortcut-Token' },
  },
  // System languages: readable by every token, read-only ones included.
  {
    rules: ['lokalise-api-token'], provider: 'lokalise', title: 'Lokalise', base: 'https://api.lokalise.com', envVar: 'LOKALISE_API_URL',
    path: '/api2/system/languages?limit=1', auth: { kind: 'header', name: 'X-Api-Token' },
  },
  { rules: ['pipedream-api-key'], provider: 'pipedream', title: 'Pipedream', base: 'https://api.pipedream.com', envVar: 'PIPEDREAM_API_URL', path: '/v1/users/me', auth: { kind: 'bearer' } },
  {
    // Toggl refuses bad credentials with 403; /me is the token's own profile, so a valid token is never forbidden it.
    rules: ['toggl-api-token'], provider: 'toggl', title: 'Toggl Track', base: 'https://api.track.toggl.com', envVar: 'TOGGL_API_URL',
    path: '/api/v9/me', auth: { kind: 'basic', as: 'user', other: 'api_token' }, deadStatuses: [401, 403],
  },
  {
    rules: ['miro-access-token', 'miro-legacy-token'], provider: 'miro', title: 'Miro', base: 'https://api.miro.com', envVar: 'MIRO_API_URL',
    path: '/v1/oauth-token', auth: { kind: 'bearer' }, who: (res) => field(res.body, 'team', 'name'),
  },
  { rules: ['todoist-api-token'], provider: 'todoist', title: 'Todoist', base: 'https://api.todoist.com', envVar: 'TODOIST_API_URL', path: '/api/v1/projects?limit=1', auth: { kind: 'bearer' } },
  {
    // Retrieve-a-token needs no scope and answers 200 with a code: TokenValid, or why not (invalid, malformed, expired, revoked).
    rules: ['mapbox-secret-token', 'mapbox-temporary-token'], provider: 'mapbox', title: 'Mapbox', base: 'https://api.mapbox.com', envVar: 'MAPBOX_API_URL',
    path: '/tokens/v2', auth: { kind: 'query', name: 'access_token' },
    read: (res) => {
      const code = field(res.body, 'code');
      const user = field(res.body, 'token', 'user');
      if (code === 'TokenValid') return { state: 'live', detail: `Mapbox answered TokenValid${user ? `: user ${user}` : ''}` };
      if (code && /^Token(?:Invalid|Malformed|Expired|Revoked)$/.test(code)) return { state: 'not-live', detail: `Mapbox answered ${code}` };
      return null;
    },
    answers: {
      live: { status: 200, body: { code: 'TokenValid', token: { usage: 'sk', user: 'acme', authorization: 'cijucimbe000brbkt48d0dhcx' } } },
      dead: { status: 200, body: { code: 'TokenRevoked', token: { usage: 'sk', user: 'acme', authorization: 'cijucimbe000brbkt48d0dhcx' } } },
    },
  },
  { rules: ['gitbook-api-token'], provider: 'gitbook', title: 'GitBook', base: 'https://api.gitbook.com', envVar: 'GITBOOK_API_URL', path: '/v1/user', auth: { kind: 'bearer' } },
  // The account API is free: it spends no search.
  { rules: ['serpapi-api-key'], provider: 'serpapi', title: 'SerpApi', base: 'https://serpapi.com', envVar: 'SERPAPI_API_URL', path: '/account.json', auth: { kind: 'query', name: 'api_key' } },
];
