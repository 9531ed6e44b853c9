import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoSecrets } from '../../../src/incident/journal-guard.js';
import { writeSecretFile } from '../../../src/incident/secret-file.js';
import type { Credential, Delivery, ProviderContext } from '../../../src/providers/contract.js';
import { checkDelivery, deliver } from '../../../src/providers/delivery.js';
import { credentialFor } from '../../emulators/saas.js';

export interface DbTestContext extends ProviderContext {
  records: Array<{ type: string; data: Record<string, unknown> }>;
  lines: string[];
  recoveryFiles: string[];
}

/**
 * A provider context as the CLI builds it, with the real delivery table, every journal record passed
 * through the journal's own secret guard, and recovery files in a private temporary directory.
 */
export function dbContext(env: Record<string, string>, opts: { dryRun?: boolean; deliver?: (d: Delivery, v: Record<string, string>) => Promise<void> } = {}): DbTestContext {
  const recoveryDir = mkdtempSync(join(tmpdir(), 'spillkit-recovery-'));
  const ctx: DbTestContext = {
    env: { SPILLKIT_HTTP_TIMEOUT_MS: '5000', SPILLKIT_HTTP_RETRIES: '0', ...env },
    dryRun: opts.dryRun ?? false,
    records: [],
    lines: [],
    recoveryFiles: [],
    record: (type, data) => {
      assertNoSecrets(data);
      ctx.records.push({ type, data: structuredClone(data) });
    },
    deliver: async (d, v) => {
      if (opts.deliver) return opts.deliver(d, v);
      return deliver(d, v, { env: ctx.env, record: ctx.record }, (line) => ctx.lines.push(line));
    },
    checkDelivery: (d) => checkDelivery(d, { env: ctx.env, record: ctx.record }),
    saveRecovery: (name, content) => {
      const path = join(recoveryDir, `recovery-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.txt`);
      writeSecretFile(path, content);
      ctx.recoveryFiles.push(path);
      return path;
    },
  };
  return ctx;
}

/** A leaked URI as the CLI hands it over: the password as the finding's secret, the line as its context. */
export function uriCredential(provider: 'postgres' | 'mysql', line: string, password: string): Credential {
  const cred = credentialFor(provider, `${provider}-uri-password`, password);
  const at = line.indexOf(`:${password}@`) + 1;
  cred.context = { text: line, at };
  return cred;
}
