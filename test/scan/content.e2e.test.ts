// What a blob can look like: a unicode path, CRLF line ends, one 500 KB line, binary bytes; and what must
// not be reported: documentation values, template variables, lines carrying an inline allow comment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/scan/finding.js';
import type { Repo } from '../helpers/repo-builder.js';
import { scanJson, type CliResult } from '../helpers/run-cli.js';
import { allowCommentFixture, contentFixture, onlyFindingOf, placeholderFixture } from './fixtures.js';

let content: ReturnType<typeof contentFixture>;
let contentScan: CliResult & { report: ScanReport };
let placeholders: Repo;
let allowed: ReturnType<typeof allowCommentFixture>;

beforeAll(async () => {
  content = contentFixture();
  placeholders = placeholderFixture();
  allowed = allowCommentFixture();
  contentScan = await scanJson(content.repo.dir);
});

afterAll(() => {
  content?.repo.cleanup();
  placeholders?.cleanup();
  allowed?.repo.cleanup();
});

describe('blob shapes', () => {
  it('reports a unicode path exactly as in the tree, with the column in characters', () => {
    const f = onlyFindingOf(contentScan.report, content.secrets.unicode);
    expect(f.path).toBe(content.unicodePath);
    expect(f.path?.normalize('NFC')).toBe(f.path);
    expect({ line: f.line, column: f.column }).toEqual(content.expect.unicode);
  });

  it('counts lines and columns right in a CRLF file', () => {
    const f = onlyFindingOf(contentScan.report, content.secrets.crlf);
    expect(f.path).toBe('windows/settings.ini');
    expect({ line: f.line, column: f.column }).toEqual(content.expect.crlf);
  });

  it('finds a secret in the middle of a ~500 KB single-line file, at the right column', () => {
    expect(content.expect.minified.size).toBeGreaterThan(480_000);
    const f = onlyFindingOf(contentScan.report, content.secrets.minified);
    expect(f.path).toBe('dist/app.min.js');
    expect({ line: f.line, column: f.column })
      .toEqual({ line: content.expect.minified.line, column: content.expect.minified.column });
  });

  it('scans a binary blob with NUL bytes without crashing, and reports the secret in it', () => {
    expect(contentScan.code).toBe(1);
    expect(contentScan.stderr).not.toMatch(/^\s+at .+[:(]\d+/m);
    // Binary blobs are scanned like text (as TruffleHog and Nosey Parker do): a key in a build artefact
    // or a keystore leaks just the same.
    expect(onlyFindingOf(contentScan.report, content.secrets.binary).path).toBe('assets/logo.bin');
  });
});

describe('what is not a secret', () => {
  it('does not report documentation values, ${VAR} references or <your-api-key> placeholders', async () => {
    const { code, report, stderr } = await scanJson(placeholders.dir);
    expect(report.findings.map((f) => `${f.rule} ${f.path}:${f.line}`)).toEqual([]);
    expect(code, stderr).toBe(0);
  });

  it('suppresses lines with spillkit:allow, gitleaks:allow or pragma: allowlist secret', async () => {
    const { code, report } = await scanJson(allowed.repo.dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.path)).toEqual(['src/real.cfg']);
    onlyFindingOf(report, allowed.secrets.control);
  });
});
