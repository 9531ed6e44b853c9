import { createHash } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { assertNoSecrets } from '../../../src/incident/journal-guard.js';
import type { Credential, Delivery, ProviderContext } from '../../../src/providers/contract.js';
import { createGithubAdapter } from '../../../src/providers/github/index.js';
import { redact } from '../../../src/scan/redact.js';
import type { Finding } from '../../../src/scan/finding.js';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/github-rest.js';

/** A leaked token as the CLI hands it to the adapter: a finding plus the secret read back from git. */
export function credentialFor(secret: string, rule = 'github-pat'): Credential {
  const finding: Finding = {
    fingerprint: createHash('sha256').update(`fp:${secret}`).digest('hex').slice(0, 16),
    rule,
    provider: 'github',
    severity: 'critical',
    confidence: 'high',
    source: 'blob',
    path: '.env',
    line: 1,
    column: 14,
    commit: 'a'.repeat(40),
    author: 'Dev',
    authorEmail: 'dev@example.com',
    date: '2024-01-01T00:00:00.000Z',
    blob: 'b'.repeat(40),
    refs: ['refs/heads/main'],
    reachable: true,
    presentAtHead: true,
    redacted: redact(secret),
    secretHash: createHash('sha256').update(secret).digest('hex'),
    occurrences: 1,
  };
  return { finding, secret };
}

export interface Recorded {
  type: string;
  data: Record<string, unknown>;
}

export interface TestContext extends ProviderContext {
  records: Recorded[];
  deliveries: { delivery: Delivery; values: Record<string, string> }[];
  prompts: string[];
}

/**
 * A provider context pointed at the emulator. Every journal record goes through the journal's own
 * secret guard, as the real journal does, and is kept for assertions.
 */
export function contextFor(emulator: GithubEmulator, opts: {
  env?: Record<string, string>;
  dryRun?: boolean;
  paste?: string | null;
  deliver?: (delivery: Delivery, values: Record<string, string>) => Promise<void>;
} = {}): TestContext {
  const ctx: TestContext = {
    env: { GITHUB_API_URL: emulator.url, ...opts.env },
    dryRun: opts.dryRun ?? false,
    records: [],
    deliveries: [],
    prompts: [],
    record: (type, data) => {
      assertNoSecrets(data);
      ctx.records.push({ type, data: structuredClone(data) });
    },
    deliver: async (delivery, values) => {
      if (opts.deliver) await opts.deliver(delivery, values);
      ctx.deliveries.push({ delivery, values });
    },
  };
  if (opts.paste !== null && opts.paste !== undefined) {
    const paste = opts.paste;
    ctx.promptHidden = async (question) => {
      ctx.prompts.push(question);
      return `${paste}\n`;
    };
  }
  return ctx;
}

/** Fast retries for tests that are not about timing; rate-limit tests use the real defaults. */
export const adapter = createGithubAdapter({ retryBaseMs: 20 });

/** Starts a fresh emulator per test; `env.emulator` is valid inside each test. */
export function useEmulator(): { emulator: GithubEmulator } {
  const holder = {} as { emulator: GithubEmulator };
  beforeEach(async () => {
    holder.emulator = await startGithubEmulator({
      users: [
        { login: 'alice', id: 1001, type: 'User' },
        { login: 'mallory', id: 1002, type: 'User' },
        { login: 'acme', id: 2001, type: 'Organization' },
      ],
      repos: [
        { owner: 'acme', name: 'app', private: true },
        { owner: 'acme', name: 'site' },
      ],
    });
  });
  afterEach(async () => {
    await holder.emulator.close();
  });
  return holder;
}

/** Everything a test could leak through: records and outcome messages, as one string. */
export function leakSurface(ctx: TestContext, ...outcomes: unknown[]): string {
  return JSON.stringify({ records: ctx.records, outcomes });
}
