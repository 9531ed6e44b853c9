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
  { rules: ['cohere-api-key'], provider: 'cohere', title: 'Cohere', base: 'https://api.cohere.com', envVar: 'COHERE_API_URL', path: '/v1/models?page_size=1', auth: { kind: 'bearer' } },
  {
    rules: ['replicate-api-token'], provider: 'replicate', title: 'Replicate', base: 'https://api.replicate.com', envVar: 'REPLICATE_API_URL',
    path: '/v1/account', auth: { kind: 'bearer' }, who: (res) => field(res.body, 'username'),
  },
  {
    rules: ['together-api-key', 'together-legacy-api-key'], provider: 'together', title: 'Together AI', base: 'https://api.together.xyz', envVar: 'TOGETHER_API_URL',
    path: '/v1/models', auth: { kind: 'bearer' },
  },
  // The key's own record: /api/v1/models answers without a key, so it would prove nothing.
  { rules: ['openrouter-api-key'], provider: 'openrouter', title: 'OpenRouter', base: 'https://openrouter.ai', envVar: 'OPENROUTER_API_URL', path: '/api/v1/key', auth: { kind: 'bearer' } },
  {
    // Keys can be restricted per endpoint; one without user_read gets 401 missing_permissions (an unknown key: invalid_api_key).
    rules: ['elevenlabs-api-key', 'elevenlabs-legacy-api-key'],
    provider: 'elevenlabs', title: 'ElevenLabs', base: 'https://api.elevenlabs.io', envVar: 'ELEVENLABS_API_URL',
    path: '/v1/user', auth: { kind: 'header', name: 'xi-api-key' },
    read: (res) =>
      res.status === 401 && field(res.body, 'detail', 'status') === 'missing_permissions'
        ? { state: 'live', detail: 'ElevenLabs answered 401 missing_permissions: a valid key, restricted from reading the user' }
        : null,
    answers: {
      live: { status: 401, body: { detail: { status: 'missing_permissions', message: 'The API key you used is missing the permission user_read to execute this operation.' } } },
      dead: { status: 401, body: { detail: { status: 'invalid_api_key', message: 'Invalid API key' } } },
    },
  },
  // The raw key is the Authorization header (no scheme); one key serves the US and EU hosts.
  {
    rules: ['assemblyai-api-key'], provider: 'assemblyai', title: 'AssemblyAI', base: 'https://api.assemblyai.com', envVar: 'ASSEMBLYAI_API_URL',
    path: '/v2/transcript?limit=1', auth: { kind: 'header', name: 'authorization' },
  },
  // A key whose role may not list projects answers 403 INSUFFICIENT_PERMISSIONS; an unknown one 401 INVALID_AUTH.
  {
    rules: ['deepgram-api-key'], provider: 'deepgram', title: 'Deepgram', base: 'https://api.deepgram.com', envVar: 'DEEPGRAM_API_URL',
    path: '/v1/projects', auth: { kind: 'scheme', scheme: 'Token' }, forbiddenIsLive: true,
  },
  {
    // The global control plane serves every project, legacy UUID keys included; a key with custom permissions may get 403.
    rules: ['pinecone-api-key', 'pinecone-legacy-api-key'], provider: 'pinecone', title: 'Pinecone', base: 'https://api.pinecone.io', envVar: 'PINECONE_API_URL',
    path: '/indexes', auth: { kind: 'header', name: 'Api-Key' }, headers: { 'X-Pinecone-Api-Version': '2025-10' }, forbiddenIsLive: true,
  },
  { rules: ['stability-api-key'], provider: 'stability', title: 'Stability AI', base: 'https://api.stability.ai', envVar: 'STABILITY_API_URL', path: '/v1/user/account', auth: { kind: 'bearer' } },
  {
    rules: ['runway-api-key'], provider: 'runway', title: 'Runway', base: 'https://api.dev.runwayml.com', envVar: 'RUNWAY_API_URL',
    path: '/v1/organization', auth: { kind: 'bearer' }, headers: { 'X-Runway-Version': '2024-11-06' },
  },
  {
    rules: ['braintrust-api-key'], provider: 'braintrust', title: 'Braintrust', base: 'https://api.braintrust.dev', envVar: 'BRAINTRUST_API_URL',
    path: '/v1/project?limit=1', auth: { kind: 'bearer' }, forbiddenIsLive: true,
  },
  { rules: ['firecrawl-api-key'], provider: 'firecrawl', title: 'Firecrawl', base: 'https://api.firecrawl.dev', envVar: 'FIRECRAWL_API_URL', path: '/v2/team/credit-usage', auth: { kind: 'bearer' } },
  { rules: ['tavily-api-key'], provider: 'tavily', title: 'Tavily', base: 'https://api.tavily.com', envVar: 'TAVILY_API_URL', path: '/usage', auth: { kind: 'bearer' } },
  {
    rules: ['leonardo-api-key'], provider: 'leonardo', title: 'Leonardo.Ai', base: 'https://cloud.leonardo.ai', envVar: 'LEONARDO_API_URL',
    path: '/api/rest/v1/me', auth: { kind: 'bearer' }, who: (res) => field(res.body, 'user_details', '0', 'user', 'username'),
  },
  { rules: ['baseten-api-key'], provider: 'baseten', title: 'Baseten', base: 'https://api.baseten.co', envVar: 'BASETEN_API_URL', path: '/v1/models', auth: { kind: 'scheme', scheme: 'Api-Key' } },
  {
    rules: ['browserbase-api-key'], provider: 'browserbase', title: 'Browserbase', base: 'https://api.browserbase.com', envVar: 'BROWSERBASE_API_URL',
    path: '/v1/projects', auth: { kind: 'header', name: 'X-BB-API-Key' },
  },
  {
    rules: ['scale-ai-live-api-key', 'scale-ai-test-api-key'], provider: 'scale-ai', title: 'Scale AI', base: 'https://api.scale.com', envVar: 'SCALE_AI_API_URL',
    path: '/v1/projects', auth: { kind: 'basic', as: 'user' },
  },
  // The account profile: DeepInfra's /v1/openai/models answers without a key.
  { rules: ['deepinfra-api-key'], provider: 'deepinfra', title: 'DeepInfra', base: 'https://api.deepinfra.com', envVar: 'DEEPINFRA_API_URL', path: '/v1/me', auth: { kind: 'bearer' } },
];
