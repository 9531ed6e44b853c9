// A loose object whose content does not hash to its name was accepted silently. Its name is the only
// thing a tree or a ref can point at, so a swapped file changes what history holds without a trace.
// The scan verifies each loose object it reads, warns naming it, and still scans its bytes (a leak in
// them is a leak, whatever the file is called).
import { afterAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { ScanReport } from '../../src/scan/finding.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { looseObject, writeLooseFile } from './craft.js';
import { errorLines, runBounded, STACK_FRAME } from './run-bounded.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

describe('a loose object that does not hash to its name', () => {
  it('is named in a warning and its content is still scanned', async () => {
    const token = fakeSecret('github-pat', 'loose-hash-ordinary');
    const swapped = fakeSecret('slack-bot-token', 'loose-hash-swapped');
    const repo = buildRepo([
      { files: { 'README.md': '# service\n' }, message: 'init' },
      { files: { 'deploy/app.env': `GITHUB_TOKEN=${token}\n` }, message: 'deploy settings' },
    ]);
    repos.push(repo);
    const readme = repo.rev('HEAD:README.md');
    const content = Buffer.from(`# service\nslack = ${swapped}\n`);
    writeLooseFile(repo.objectsDir, readme, looseObject('blob', content.length, [content]));

    const run = await runBounded(['scan', repo.dir, '--format', 'json', '--no-progress'], { timeoutMs: 30_000 });
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(errorLines(run.stderr), run.stderr).toEqual([]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ScanReport;
    const warning = report.stats.warnings.find((w) => w.includes(readme));
    expect(warning, report.stats.warnings.join(' | ')).toMatch(/does not hash to its name/);
    expect(report.findings.map((f) => f.path).sort()).toEqual(['README.md', 'deploy/app.env']);
    expect(report.findings.find((f) => f.path === 'README.md')?.blob).toBe(readme);
  });
});
