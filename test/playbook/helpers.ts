/**
 * Shared fixtures of the playbook tests: a repository with an AWS key pair (API provider), a Slack
 * token (API provider) and a Postgres URI (console-only provider), secrets generated at run time; a
 * fake adapter that records what it was asked; the incident journal read back.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok, type ProviderAdapter } from '../../src/providers/contract.js';
import { createManualAdapter } from '../../src/providers/manual.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { JournalEntry } from '../../src/incident/types.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

export interface LeakRepo {
  repo: Repo;
  secrets: string[];
}

export function leakRepo(seed = 'playbook'): LeakRepo {
  const keyId = fakeSecret('aws-access-key-id', `${seed}-1`);
  const keySecret = fakeSecret('aws-secret-access-key', `${seed}-2`);
  const slack = fakeSecret('slack-bot-token', `${seed}-3`);
  const postgres = fakeSecret('postgres-uri', `${seed}-4`);
  const repo = buildRepo([
    { files: { 'README.md': '# billing\n', 'src/app.js': 'export const app = 1;\n' }, message: 'init' },
    { files: { '.env': `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${keySecret}\n` }, message: 'add env' },
    { files: { 'src/alerts.js': `export const hook = "${slack}";\n` }, message: 'alerts' },
    { files: { 'config/db.yaml': `url: ${postgres}\n` }, message: 'db config' },
  ]);
  return { repo, secrets: [keyId, keySecret, slack, postgres] };
}

/** The playbook the runner tests walk: every automatable kind, one manual-provider checklist. */
export const TEST_PLAYBOOK = `id: test-walk
title: Test walk
description: scan, triage, revoke, plan the rewrite, report
steps:
  - id: scan
    title: Scan
    kind: scan
    guidance: find everything
  - id: triage
    title: Triage
    kind: triage
    guidance: decide
  - id: revoke
    title: Revoke
    kind: revoke
    guidance: revoke before you rewrite
  - id: plan
    title: Plan the rewrite
    kind: plan-rewrite
    guidance: read before you rewrite
  - id: report
    title: Report
    kind: report
    guidance: write it down
`;

export function writePlaybook(dir: string, text = TEST_PLAYBOOK, name = 'walk.yaml'): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

export interface FakeAdapters {
  calls: Array<{ provider: string; method: string; fingerprint: string }>;
  adapterFor: (provider: string) => ProviderAdapter;
  hasRevokeApi: (provider: string) => boolean;
}

/** aws and slack answer from memory; every other provider is the real console-only adapter. */
export function fakeAdapters(): FakeAdapters {
  const calls: FakeAdapters['calls'] = [];
  const api = new Set(['aws', 'slack']);
  const adapterFor = (provider: string): ProviderAdapter => {
    if (!api.has(provider)) return createManualAdapter(provider);
    const note = (method: string) => (fingerprint: string) => calls.push({ provider, method, fingerprint });
    return {
      id: provider,
      title: provider.toUpperCase(),
      identify: async (c) => (note('identify')(c.finding.fingerprint), ok({ owner: `${provider}-owner`, account: '123', scopes: [], keyId: null, details: {} })),
      verify: async (c) => (note('verify')(c.finding.fingerprint), ok({ live: true, detail: 'fake' })),
      evidence: async (c) => (note('evidence')(c.finding.fingerprint), ok({ lastUsed: null, service: null, region: null, notes: [] })),
      revoke: async (c) => (note('revoke')(c.finding.fingerprint), ok({ action: `deactivated ${c.finding.redacted}`, reversible: true })),
      manualSteps: () => [],
    };
  };
  return { calls, adapterFor, hasRevokeApi: (p) => api.has(p) };
}

export function journalOf(incidentDir: string): JournalEntry[] {
  return readFileSync(join(incidentDir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEntry);
}

type RunnerModule = typeof import('../../src/playbook/runner.js');

/**
 * The runner from dist/ (built by the suite's global setup): the scan step starts worker threads that
 * load dist/scan/worker.js next to the module that starts them, so the whole runner must be the built one.
 */
export async function builtRunner(): Promise<RunnerModule['PlaybookRunner']> {
  const mod = (await import(join(REPO_ROOT, 'dist', 'playbook', 'runner.js'))) as RunnerModule;
  return mod.PlaybookRunner;
}
