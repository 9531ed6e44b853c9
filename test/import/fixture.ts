/**
 * The repository the import tests place other scanners' findings in, and each tool's report about it,
 * written at test time in that tool's real format. Secrets are generated at run time (fake-secret.ts):
 * no secret-shaped literal is committed. The expectations (commits, lines, paths) come from the same
 * description that built the repository.
 */
import { randomBytes } from 'node:crypto';
import { expandTemplate, fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, type Person, type Repo } from '../helpers/repo-builder.js';

export const MALLORY: Person = { name: 'Mallory Leaker', email: 'mallory@corp.test' };

export interface ImportFixture {
  repo: Repo;
  /** A GitHub token our rules know (github-pat). */
  token: string;
  /** An AWS access key id our rules know. */
  keyId: string;
  /** A credential no rule of ours recognises, on `ops/unseal.txt` line 2; the file is deleted later. */
  unseal: string;
  /** Text before the unseal code on its line. */
  unsealLead: string;
  /** Commit adding .env (token at line 3) and ops/unseal.txt; by MALLORY. */
  adding: string;
  addingDate: string;
  /** Commit that edits .env (the token moves to line 4). */
  editing: string;
  /** Commit that deletes ops/unseal.txt. */
  removing: string;
  /** A secret that is in no file of the repository. */
  stranger: string;
  /** A 40-hex commit id no repository holds. */
  foreignCommit: string;
}

export function importFixture(seed: string): ImportFixture {
  const token = fakeSecret('github-pat', `import-${seed}`);
  const keyId = fakeSecret('aws-access-key-id', `import-${seed}`);
  // Three dash-joined groups in a sentence: no rule of ours claims it (checked by the tests).
  const unseal = expandTemplate('$[A-Za-z0-9:5]-$[A-Za-z0-9:5]-$[A-Za-z0-9:5]', `unseal-${seed}`);
  const unsealLead = 'the vault unseal phrase is ';
  const stranger = fakeSecret('github-pat', `stranger-${seed}`);
  const repo = buildRepo([{ files: { 'README.md': '# service\n' }, message: 'init' }]);
  const addingDate = repo.peekNextDate();
  const adding = repo.commit({
    files: {
      '.env': `# local settings\nDEBUG=1\nUPSTREAM=${token}\n`,
      'ops/unseal.txt': `notes of the ops team\n${unsealLead}${unseal} for now\n`,
      'deploy/aws.cfg': `[default]\nregion = eu-west-1\nkey = ${keyId}\n`,
    },
    message: 'add local settings',
    author: MALLORY,
  });
  const editing = repo.commit({ files: { '.env': `# local settings\n# edited\nDEBUG=1\nUPSTREAM=${token}\n` }, message: 'edit settings' });
  const removing = repo.commit({ files: { 'ops/unseal.txt': null }, message: 'remove ops notes' });
  repo.checkoutHead();
  return { repo, token, keyId, unseal, unsealLead, adding, addingDate, editing, removing, stranger, foreignCommit: randomBytes(20).toString('hex') };
}

const col = (line: string, value: string): number => line.indexOf(value) + 1;

/** gitleaks' JSON report: the token, the unseal code, and four entries that cannot be placed. */
export function gitleaksReport(fx: ImportFixture, opts: { redact?: boolean } = {}): string {
  const finding = (rule: string, file: string, commit: string, line: number, text: string, secret: string, author = MALLORY) => {
    const match = opts.redact ? text.replace(secret, 'REDACTED') : text;
    return {
      RuleID: rule, Description: rule, StartLine: line, EndLine: line, StartColumn: 1, EndColumn: text.length,
      Match: match, Secret: opts.redact ? 'REDACTED' : secret, File: file, SymlinkFile: '', Commit: commit, Entropy: 4.5,
      Author: author.name, Email: author.email, Date: '2024-01-01T02:00:00Z', Message: 'add local settings', Tags: [],
      Fingerprint: `${commit}:${file}:${rule}:${line}`,
    };
  };
  return JSON.stringify([
    finding('github-pat', '.env', fx.adding, 3, `UPSTREAM=${fx.token}`, fx.token),
    finding('vault-unseal', 'ops/unseal.txt', fx.adding, 2, `${fx.unsealLead}${fx.unseal}`, fx.unseal),
    finding('github-pat', 'gone/file.env', fx.adding, 1, `X=${fx.token}`, fx.token),
    finding('github-pat', '.env', fx.foreignCommit, 3, `UPSTREAM=${fx.token}`, fx.token),
    finding('github-pat', '.env', fx.adding, 99, `UPSTREAM=${fx.token}`, fx.token),
    finding('github-pat', '.env', fx.adding, 3, `UPSTREAM=${fx.stranger}`, fx.stranger),
  ], null, 2);
}

/** TruffleHog `--json` lines: git source results, a filesystem one (no commit), an S3 one. */
export function trufflehogReport(fx: ImportFixture): string {
  const git = (detector: string, type: number, file: string, line: number, raw: string, commit = fx.adding) => ({
    SourceMetadata: { Data: { Git: { commit, file, email: `${MALLORY.name} <${MALLORY.email}>`, repository: fx.repo.dir, timestamp: '2024-01-01 02:00:00 +0000', line, visibility: 0 } } },
    SourceID: 1, SourceType: 7, SourceName: 'trufflehog - git', DetectorType: type, DetectorName: detector, DetectorDescription: detector,
    DecoderName: 'PLAIN', Verified: false, VerificationFromCache: false, Raw: raw, RawV2: raw, Redacted: '', ExtraData: null, StructuredData: null,
  });
  const lines = [
    git('Github', 8, '.env', 3, fx.token),
    git('AWS', 2, 'deploy/aws.cfg', 3, fx.keyId),
    git('VaultUnseal', 999, 'ops/unseal.txt', 2, fx.unseal),
    { level: 'info-0', ts: '2024-01-01T00:00:00Z', logger: 'trufflehog', msg: 'finished scanning', chunks: 12 },
    {
      SourceMetadata: { Data: { Filesystem: { file: `${fx.repo.dir}/.env`, line: 4 } } }, SourceID: 2, SourceType: 15, SourceName: 'trufflehog - filesystem',
      DetectorType: 8, DetectorName: 'Github', DecoderName: 'PLAIN', Verified: false, Raw: fx.token, Redacted: '', ExtraData: null,
    },
    {
      SourceMetadata: { Data: { S3: { bucket: 'acme-backups', file: 'dump.sql', link: 'https://example.invalid/dump.sql' } } }, SourceID: 3, SourceType: 3,
      SourceName: 'trufflehog - s3', DetectorType: 8, DetectorName: 'Github', DecoderName: 'PLAIN', Verified: false, Raw: fx.token, Redacted: '',
    },
  ];
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

/** Kingfisher records: `--format json` (an envelope) or `--format jsonl` (a record per line). */
export function kingfisherReport(fx: ImportFixture, format: 'json' | 'jsonl'): string {
  const record = (id: string, name: string, path: string, line: number, text: string, secret: string) => ({
    rule: { name, id },
    finding: {
      snippet: secret, fingerprint: '1234567890', confidence: 'medium', entropy: '4.50',
      validation: { status: 'Not Attempted', response: '' }, language: 'Unknown',
      line, column_start: col(text, secret), column_end: col(text, secret) + secret.length - 1, path,
      git_metadata: {
        repository_url: fx.repo.dir,
        commit: { id: fx.adding, url: `${fx.repo.dir}/commit/${fx.adding}`, date: '2024-01-01', committer: { name: 'Fixture Bot', email: 'bot@fixture.test' } },
        file: { path, url: `${fx.repo.dir}/blob/${fx.adding}/${path}#L${line}`, git_command: `git -C ${fx.repo.dir} show ${fx.adding}:${path}` },
      },
    },
  });
  const records = [
    record('kingfisher.github.1', 'GitHub Personal Access Token', '.env', 3, `UPSTREAM=${fx.token}`, fx.token),
    record('custom.vault.unseal', 'Vault unseal phrase', 'ops/unseal.txt', 2, `${fx.unsealLead}${fx.unseal}`, fx.unseal),
  ];
  if (format === 'jsonl') return `${records.map((r) => JSON.stringify(r)).join('\n')}\n${JSON.stringify({ audit: { schema: 'kingfisher.repository-audit.v1' } })}\n`;
  return `${JSON.stringify({ findings: records, audit: { schema: 'kingfisher.repository-audit.v1' } })}\n`;
}

/**
 * SARIF 2.1.0 as gitleaks writes it (snippet = the secret, partialFingerprints.commitSha), plus a result
 * from another tool that gives only the secret's columns, and one without a physical location.
 */
export function sarifReport(fx: ImportFixture): string {
  const unsealLine = `${fx.unsealLead}${fx.unseal} for now`;
  const region = (line: number, text: string, secret: string, snippet: boolean) => ({
    startLine: line, startColumn: col(text, secret), endLine: line, endColumn: col(text, secret) + secret.length,
    ...(snippet ? { snippet: { text: secret } } : {}),
  });
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gitleaks', semanticVersion: 'v8.18.0', rules: [{ id: 'github-pat', shortDescription: { text: 'GitHub PAT' } }] } },
        results: [
          {
            ruleId: 'github-pat', message: { text: 'github-pat has detected secret for file .env.' },
            locations: [{ physicalLocation: { artifactLocation: { uri: '.env' }, region: region(3, `UPSTREAM=${fx.token}`, fx.token, true) } }],
            partialFingerprints: { commitSha: fx.adding, email: MALLORY.email, author: MALLORY.name, date: '2024-01-01T02:00:00Z', commitMessage: 'add local settings' },
          },
        ],
      },
      {
        tool: { driver: { name: 'acme-secrets', rules: [{ id: 'ACME001' }] } },
        versionControlProvenance: [{ repositoryUri: 'https://example.invalid/acme/app', revisionId: fx.adding }],
        results: [
          {
            ruleIndex: 0, message: { text: 'vault unseal phrase' },
            locations: [{ physicalLocation: { artifactLocation: { uri: `file://${fx.repo.dir}/ops/unseal.txt` }, region: region(2, unsealLine, fx.unseal, false) } }],
          },
          { ruleId: 'ACME002', message: { text: 'secret in a build log' }, locations: [{ logicalLocations: [{ name: 'build 17' }] }] },
        ],
      },
    ],
  });
}
