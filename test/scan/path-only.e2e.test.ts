// Path-only rules of an imported .gitleaks.toml flag files by where they live, across history: the
// file is a finding at each matching path (with provenance), never at a path the rule does not name.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRepo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const CONFIG = [
  '[[rules]]',
  'id = "pkcs12-file"',
  'description = "PKCS#12 keystore"',
  "path = '''(?i)\\.p12$'''",
  '',
  '[[rules]]',
  'id = "deploy-key-file"',
  'description = "Deploy key file"',
  "path = '''^secrets/[^/]+\\.key$'''",
  '',
].join('\n');

describe('path-only gitleaks rules', () => {
  it('find matching files in every commit of history, with provenance, and only there', async () => {
    const keystore = Buffer.from([0x30, 0x82, 0x09, 0x10, 0x02, 0x01, 0x03, 0x30, 0x82, 0x08, 0xd6, 0x06, 0x09]);
    const repo = buildRepo([
      { files: { 'README.md': '# app\n', 'certs/Client.P12': keystore, 'secrets/deploy.key': 'not a pem, but a key file\n' }, message: 'add certs' },
      { files: { 'certs/Client.P12': null, 'docs/secrets/deploy.key': 'nested: the rule is anchored\n' }, message: 'remove keystore' },
    ]);
    dirs.push(repo.root);
    const configDir = mkdtempSync(join(tmpdir(), 'spillkit-path-only-'));
    dirs.push(configDir);
    const config = join(configDir, 'gitleaks.toml');
    writeFileSync(config, CONFIG);
    const { report, stderr, code } = await scanJson(repo.dir, ['--config', config]);
    expect(code, stderr).toBe(1);
    expect(stderr).not.toMatch(/not supported/);
    const byRule = (id: string) => report.findings.filter((f) => f.rule === id);
    const [p12] = byRule('pkcs12-file');
    expect(byRule('pkcs12-file')).toHaveLength(1);
    expect(p12).toMatchObject({ path: 'certs/Client.P12', presentAtHead: false, commit: repo.commits[0], secretHash: createHash('sha256').update(keystore).digest('hex') });
    expect(byRule('deploy-key-file').map((f) => f.path)).toEqual(['secrets/deploy.key']);
    expect(report.findings.some((f) => f.path === 'docs/secrets/deploy.key')).toBe(false);
  });

  it('apply to staged files in protect --staged', async () => {
    const repo = buildRepo([{ files: { 'README.md': '# app\n' }, message: 'init' }]);
    dirs.push(repo.root);
    writeFileSync(join(repo.dir, '.gitleaks.toml'), CONFIG);
    writeFileSync(join(repo.dir, 'store.p12'), Buffer.from([0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x03]));
    repo.git(['add', 'store.p12']);
    const r = await runCli(['protect', '--staged'], { cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toContain('store.p12');
  });
});
