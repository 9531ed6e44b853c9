import { field, type ValidatorRow } from '../validator.js';

/** Validator rows for AI and ML providers: one read-only request each (see ../validator.ts). */
export const AI_ROWS: ValidatorRow[] = [
  {
    rules: ['openai-project-key', 'openai-service-account-key', 'openai-legacy-key', 'openai-user-key', 'openai-unprefixed-legacy-key'],
    provider: 'openai', title: 'OpenAI', base: 'https://api.openai.com', envVar: 'OPENAI_API_URL',
    path: '/v1/models', auth: { kind: 'bearer' }, forbiddenIsLive: true,
  },
  {
    rules: ['openai-admin-key'],
    provider: 'openai', title: 'OpenAI admin', base: 'https://api.openai.com', envVar: 'OPENAI_API_URL',
    path: '/v1/organization/admin_api_keys?limit=1', auth: { kind: 'bearer' }, forbiddenIsLive: true,
  },
  {
    rules: ['anthropic-api-key'],
    provider: 'anthropic', title: 'Anthropic', base: 'https://api.anthropic.com', envVar: 'ANTHROPIC_API_URL',
    path: '/v1/models?limit=1', auth: { kind: 'header', name: 'x-api-key' }, headers: { 'anthropic-version': '2023-06-01' }, forbiddenIsLive: true,
  },
  {
    rules: ['anthropic-admin-key'],
    provider: 'anthropic', title: 'Anthropic admin', base: 'https://api.anthropic.com', envVar: 'ANTHROPIC_API_URL',
    path: '/v1/organizations/api_keys?limit=1', auth: { kind: 'header', name: 'x-api-key' }, headers: { 'anthropic-version': '2023-06-01' }, forbiddenIsLive: true,
  },
  {
    rules: ['huggingface-access-token', 'huggingface-org-token'],
    provider: 'huggingface', title: 'Hugging Face', base: 'https://huggingface.co', envVar: 'HUGGINGFACE_API_URL',
    path: '/api/whoami-v2', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'name'),
  },
  {
    rules: ['xai-api-key'],
    provider: 'xai', title: 'xAI', base: 'https://api.x.ai', envVar: 'XAI_API_URL',
    path: '/v1/api-key', auth: { kind: 'bearer' },
    read: (res) => {
      const body = res.body as Record<string, unknown> | null;
      if (res.status !== 200 || body === null || typeof body !== 'object') return null;
      if (body.api_key_blocked === true || body.team_blocked === true) return { state: 'not-live', detail: 'xAI answers that the key is blocked' };
      if (body.api_key_disabled === true) return { state: 'not-live', detail: 'xAI answers that the key is disabled' };
      return null;
    },
    answers: { live: { status: 200, body: { name: 'ci', api_key_blocked: false, api_key_disabled: false } }, dead: { status: 200, body: { api_key_blocked: true } } },
  },
  { rules: ['groq-api-key'], provider: 'groq', title: 'Groq', base: 'https://api.groq.com', envVar: 'GROQ_API_URL', path: '/openai/v1/models', auth: { kind: 'bearer' } },
  { rules: ['mistral-api-key'], provider: 'mistral', title: 'Mistral AI', base: 'https://api.mistral.ai', envVar: 'MISTRAL_API_URL', path: '/v1/models', auth: { kind: 'bearer' } },
  { rules: ['deepseek-api-key'], provider: 'deepseek', title: 'DeepSeek', base: 'https://api.deepseek.com', envVar: 'DEEPSEEK_API_URL', path: '/models', auth: { kind: 'bearer' } },
];
