// Secrets stored encoded are found by a real scan of history, reported where the encoded value is
// stored, named by their encoding, hashed as the decoded secret, and read back by fingerprint.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/git/repo.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { readSecret, ruleOf } from '../../src/scan/secret-lookup.js';
import { buildRepo } from '../helpers/repo-builder.js';
import { scanJson } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('encoded secrets', () => {
  it('are found in base64, URL-encoded, JSON-escaped and UTF-16 files, in full and delta scans', async () => {
    const token = fakeSecret('github-pat', 'enc-gh');
    const key = fakeSecret('aws-access-key-id', 'enc-key');
    const secret = fakeSecret('aws-secret-access-key', 'enc-secret');
    const filler = Array.from({ length: 40 }, (_, i) => `  # padding line ${i} keeps the manifest long enough to be stored as a delta`).join('\n');
    const manifest = (extra: string): string => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci\n${filler}\ndata:\n  github_token: ${b64(token)}\n${extra}`;
    const repo = buildRepo([
      { files: { 'deploy/secret.yaml': manifest('') }, message: 'ci secret' },
      { files: { 'deploy/secret.yaml': manifest(`  aws_access_key_id: ${b64(key)}\n`) }, message: 'aws' },
      {
        files: {
          'config/app.json': `{\n  "aws_access_key_id": "${key}",\n  "aws_secret_access_key": "${secret.replace(/\//g, '\\/')}"\n}\n`,
          'scripts/setup.ps1': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`# setup\r\n$env:GITHUB_TOKEN = "${token}"\r\n`, 'utf16le')]),
          'config/url.env': `CALLBACK=https://hooks.acme.io/in?aws_secret_access_key=${encodeURIComponent(secret)}\n`,
        },
        message: 'more',
      },
    ]);
    dirs.push(repo.dir);
    repo.packAll({ depth: 10, window: 50 });
    for (const mode of [[], ['--no-delta-reuse']]) {
      const { report } = await scanJson(repo.dir, mode);
      const at = (path: string, rule: string) => report.findings.find((f) => f.path === path && f.rule === rule);
      const k8sToken = at('deploy/secret.yaml', 'github-pat')!;
      expect(k8sToken, JSON.stringify(report.findings.map((f) => [f.path, f.rule]))).toBeDefined();
      expect(k8sToken).toMatchObject({ line: 46, column: 17, secretHash: sha256(token) });
      expect(k8sToken.why).toContain('decoded from base64');
      expect(at('deploy/secret.yaml', 'aws-access-key-id')).toMatchObject({ line: 47, secretHash: sha256(key) });
      const escaped = at('config/app.json', 'aws-secret-access-key')!;
      expect(escaped).toMatchObject({ line: 3, secretHash: sha256(secret) });
      expect(escaped.why).toContain('decoded from JSON string escapes');
      expect(at('config/url.env', 'aws-secret-access-key')).toMatchObject({ line: 1, secretHash: sha256(secret) });
      expect(at('scripts/setup.ps1', 'github-pat')).toMatchObject({ line: 2, column: 22, secretHash: sha256(token) });
      const r = openRepository(repo.dir);
      for (const f of [k8sToken, escaped, at('scripts/setup.ps1', 'github-pat')!]) {
        expect(readSecret(r, f, ruleOf(r, f.rule))).toBe(f.rule === 'github-pat' ? token : secret);
      }
    }
  });
});
