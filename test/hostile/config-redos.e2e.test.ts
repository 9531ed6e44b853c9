// A scanned repository's own config is hostile input. Its `.spillkit.yaml` and `.gitleaks.toml` carry
// catastrophic patterns (rule patterns, allowlist regexes, allowlist paths) next to text built to make a
// backtracking engine run for ever; the real CLI must finish, still report the built-in findings, and
// say on stderr and in the JSON stats that the repository's config was applied. An allowlist of `.*`
// must show as suppressed findings, never as a silent clean scan; `--no-repo-config` and `--config`
// set it aside, and a sweep does not trust a swept repository's config unless asked.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { SweepResult } from '../../src/sweep/types.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { sha256Hex, tempDir } from '../sweep/helpers.js';

const LIMIT = { timeoutMs: 20_000 };
const A_RUN = 'a'.repeat(60);

const tokens = {
  env: fakeSecret('github-pat', 'redos-env'),
  aPath: fakeSecret('github-pat', 'redos-apath'),
  xLine: fakeSecret('github-pat', 'redos-xline'),
  allowAll: fakeSecret('github-pat', 'redos-allow-all'),
  aws: fakeSecret('aws-access-key-id', 'redos-allow-all'),
};

const SPILLKIT_YAML = `rules:
  - id: redos-a
    pattern: '(a+)+$'
    keywords: [aaa]
  - id: lookahead-rule
    pattern: 'look_(?=[a-z])[a-z]{8}'
allowlists:
  - regexes: ['(x+x+)+y']
    regexTarget: line
  - paths: ['^(a|aa)+$']
`;

const GITLEAKS_TOML = `[[rules]]
id = "redos-x"
regex = '''(x+x+)+y'''
keywords = ["xxx"]

[allowlist]
paths = ['''^(a|aa)+$''']
regexes = ['''(a+)+$''']
`;

let hostile: Repo;
let allowAll: Repo;
const work = tempDir('spillkit-config-redos-');

beforeAll(() => {
  hostile = buildRepo([
    {
      files: {
        'app.env': `GITHUB_TOKEN=${tokens.env}\n`,
        [`${A_RUN}!.env`]: `GITHUB_TOKEN=${tokens.aPath}\n`,
        'bomb-a.txt': `${'a'.repeat(50_000)}!\n`,
        'bomb-x.txt': `GITHUB_TOKEN=${tokens.xLine} # ${'x'.repeat(3_000)}\n${'x'.repeat(50_000)}\n`,
        '.spillkit.yaml': SPILLKIT_YAML,
        '.gitleaks.toml': GITLEAKS_TOML,
      },
      message: 'a repository that brings its own config',
    },
  ]);
  hostile.checkoutHead();
  allowAll = buildRepo([
    {
      files: {
        'app.env': `GITHUB_TOKEN=${tokens.allowAll}\n`,
        'deploy/aws.cfg': `aws_access_key_id = ${tokens.aws}\n`,
        '.gitleaks.toml': "[allowlist]\ndescription = \"nothing to see\"\nregexes = ['''.*''']\n",
        '.spillkit.yaml': 'disabledRules: [aws-access-key-id]\n',
      },
      message: 'allow everything',
    },
  ]);
  allowAll.checkoutHead();
});

afterAll(() => {
  hostile?.cleanup();
  allowAll?.cleanup();
  work.cleanup();
});

const hashes = (findings: Array<{ secretHash: string }>): string[] => findings.map((f) => f.secretHash).sort();
const REPO_LINE = /^spillkit: using the repository's own config (.*) \((.*)\); --no-repo-config ignores it$/m;

describe("scan with the repository's own catastrophic config", () => {
  it('finishes, still reports the built-in findings, and names the config on stderr and in stats', async () => {
    const { code, report, stderr } = await scanJson(hostile.dir, [], LIMIT);
    expect(code, stderr).toBe(1);
    expect(hashes(report.findings)).toEqual([tokens.env, tokens.aPath, tokens.xLine].map(sha256Hex).sort());
    expect(report.findings.find((f) => f.secretHash === sha256Hex(tokens.aPath))?.path).toBe(`${A_RUN}!.env`);
    expect(stderr).toMatch(REPO_LINE);
    expect(REPO_LINE.exec(stderr)!.slice(1)).toEqual(['.spillkit.yaml, .gitleaks.toml', '2 rules, 3 allowlists']);
    expect(report.stats.repoConfig).toEqual({ files: ['.spillkit.yaml', '.gitleaks.toml'], rules: 2, allowlists: 3, disabledRules: [] });
    // The rule the linear-time engine cannot run is skipped and named, not a failed scan.
    expect(report.stats.warnings.join('\n')).toMatch(/\.spillkit\.yaml:6: rule lookahead-rule: pattern cannot run on the linear-time engine .*lookahead.*; skipped/);
  });

  it('--no-repo-config ignores it: same built-in findings, no line, no stats', async () => {
    const { code, report, stderr } = await scanJson(hostile.dir, ['--no-repo-config'], LIMIT);
    expect(code, stderr).toBe(1);
    expect(hashes(report.findings)).toEqual([tokens.env, tokens.aPath, tokens.xLine].map(sha256Hex).sort());
    expect(stderr).not.toMatch(/own config/);
    expect(report.stats.repoConfig).toBeUndefined();
    expect(report.stats.warnings.join('\n')).not.toMatch(/lookahead-rule/);
  });

  it('--config replaces it; naming that same file with --config refuses the rule it cannot run', async () => {
    const user = join(work.dir, 'user.toml');
    writeFileSync(user, '[[rules]]\nid = "user-rule"\nregex = \'\'\'usertok_[0-9]{8}\'\'\'\n');
    const replaced = await scanJson(hostile.dir, ['--config', user], LIMIT);
    expect(replaced.code).toBe(1);
    expect(replaced.report.stats.repoConfig).toBeUndefined();
    expect(replaced.stderr).not.toMatch(/own config/);
    const named = await runCli(['scan', hostile.dir, '--config', join(hostile.dir, '.spillkit.yaml'), '--no-progress'], LIMIT);
    expect(named.code).toBe(2);
    expect(named.stderr.trim().split('\n')).toHaveLength(1);
    expect(named.stderr).toMatch(/\.spillkit\.yaml:6: rule lookahead-rule: pattern cannot run on the linear-time engine/);
  });
});

describe('an allowlist of .* in the repository', () => {
  it('is visible: findings counted as suppressed, stderr and stats name the config and the disabled rule', async () => {
    const { code, report, stderr } = await scanJson(allowAll.dir, [], LIMIT);
    expect(code, stderr).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.stats.suppressed).toBe(1);
    expect(REPO_LINE.exec(stderr)?.slice(1)).toEqual([
      '.spillkit.yaml, .gitleaks.toml',
      '0 rules, 1 allowlist, 1 built-in rule disabled: aws-access-key-id',
    ]);
    expect(report.stats.repoConfig).toEqual({ files: ['.spillkit.yaml', '.gitleaks.toml'], rules: 0, allowlists: 1, disabledRules: ['aws-access-key-id'] });
    const text = await runCli(['scan', allowAll.dir, '--no-progress'], LIMIT);
    expect(text.stdout).toMatch(/1 more finding suppressed by allowlist/);
    expect(text.stderr).toMatch(REPO_LINE);
  });

  it('--no-repo-config reports what it hid', async () => {
    const { code, report } = await scanJson(allowAll.dir, ['--no-repo-config'], LIMIT);
    expect(code).toBe(1);
    expect(hashes(report.findings)).toEqual([tokens.allowAll, tokens.aws].map(sha256Hex).sort());
    expect(report.stats.suppressed).toBe(0);
  });
});

describe("sweep and a swept repository's own config", () => {
  let root: string;
  const cache = join(work.dir, 'cache');
  beforeAll(() => {
    root = join(work.dir, 'org');
    mkdirSync(root, { recursive: true });
    cpSync(hostile.dir, join(root, 'hostile'), { recursive: true });
    cpSync(allowAll.dir, join(root, 'allow-all'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const sweep = async (extra: string[]): Promise<SweepResult> => {
    const run = await runCli(['sweep', root, '--cache', cache, '--format', 'json', '--no-progress', ...extra], LIMIT);
    expect(run.code, run.stderr).toBe(1);
    return run.json as SweepResult;
  };
  const byName = (result: SweepResult, name: string): SweepResult['repositories'][number] => result.repositories.find((r) => r.name === name)!;

  it('ignores it by default', async () => {
    const result = await sweep([]);
    expect(hashes(byName(result, 'allow-all').findings)).toEqual([tokens.allowAll, tokens.aws].map(sha256Hex).sort());
    expect(byName(result, 'hostile').findings).toHaveLength(3);
    for (const r of result.repositories) expect(r.warnings.join('\n')).not.toMatch(/own config/);
  });

  it('applies it with --repo-config (not reusing the results saved without it) and says so per repository', async () => {
    const result = await sweep(['--repo-config']);
    expect(byName(result, 'allow-all').findings).toEqual([]);
    expect(byName(result, 'allow-all').warnings[0]).toMatch(/^using the repository's own config \.spillkit\.yaml, \.gitleaks\.toml \(0 rules, 1 allowlist/);
    expect(byName(result, 'hostile').findings).toHaveLength(3);
    expect(byName(result, 'hostile').warnings[0]).toMatch(/^using the repository's own config/);
  });
});
