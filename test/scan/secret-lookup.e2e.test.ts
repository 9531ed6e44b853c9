import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { openRepository } from '../../src/git/repo.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { findByFingerprint, readSecret, ruleOf } from '../../src/scan/secret-lookup.js';
import { buildRepo } from '../helpers/repo-builder.js';
import { scanJson } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('reading a secret back by fingerprint', () => {
  it('returns the exact secret from the blob and the commit message, and refuses unknown fingerprints', async () => {
    const token = fakeSecret('github-pat', 'lookup-1');
    const key = fakeSecret('aws-access-key-id', 'lookup-2');
    const repo = buildRepo([
      { files: { 'app/config.js': `const token = "${token}";\n` }, message: 'add config' },
      { files: { 'README.md': 'hello\n' }, message: `deploy\n\nAWS_ACCESS_KEY_ID=${key}\n` },
    ]);
    dirs.push(repo.dir);
    const { report } = await scanJson(repo.dir);
    const r = openRepository(repo.dir);
    const inBlob = report.findings.find((f) => f.source === 'blob')!;
    const inMessage = report.findings.find((f) => f.source === 'commit-message')!;
    expect(readSecret(r, inBlob, ruleOf(r, inBlob.rule))).toBe(token);
    expect(readSecret(r, inMessage, ruleOf(r, inMessage.rule))).toBe(key);
    expect(findByFingerprint(report, inBlob.fingerprint)).toBe(inBlob);
    expect(() => findByFingerprint(report, '0123456789abcdef')).toThrow(/no finding with fingerprint 0123456789abcdef/);
    expect(() => readSecret(r, { ...inBlob, secretHash: '0'.repeat(64) }, ruleOf(r, inBlob.rule))).toThrow(/stale scan/);
  });
});
