import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_GENERIC_ALLOWLIST,
  compileAllowlistRegex,
  compileAllowlists,
  providerOfRuleId,
  type ConfiguredAllowlist,
} from '../../src/rules/allowlist.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';

const commitId = (seed: string): string => createHash('sha1').update(seed).digest('hex');

function list(partial: Partial<ConfiguredAllowlist>): ConfiguredAllowlist {
  return { paths: [], regexes: [], stopwords: [], commits: [], ...partial };
}

describe('compileAllowlistRegex', () => {
  it('turns a leading inline flag group into flags', () => {
    const r = compileAllowlistRegex('(?i)^example');
    expect(r.flags).toBe('i');
    expect(r.test('EXAMPLE-key')).toBe(true);
  });
  it('is case-sensitive without one', () => {
    expect(compileAllowlistRegex('^example').test('EXAMPLE')).toBe(false);
  });
  it('throws on a pattern that does not compile', () => {
    expect(() => compileAllowlistRegex('([a-')).toThrow(SyntaxError);
  });
});

describe('allowsSecret', () => {
  const secret = fakeSecret('github-pat', 'allow-1');

  it('matches regexes against the secret by default, unanchored', () => {
    const lists = compileAllowlists([list({ regexes: ['_[A-Za-z0-9]{36}$'] })]);
    expect(lists.allowsSecret('github-pat', secret, `token = ${secret}`, `token = ${secret}`)).toBe(true);
    const none = compileAllowlists([list({ regexes: ['^token'] })]);
    expect(none.allowsSecret('github-pat', secret, `token = ${secret}`, `token = ${secret}`)).toBe(false);
  });

  it('honours regexTarget match and line', () => {
    const match = `token = ${secret}`;
    const line = `  ${match} # ci-fixture`;
    const onMatch = compileAllowlists([list({ regexes: ['^token = '], regexTarget: 'match' })]);
    expect(onMatch.allowsSecret('r', secret, match, line)).toBe(true);
    const onLine = compileAllowlists([list({ regexes: ['ci-fixture'], regexTarget: 'line' })]);
    expect(onLine.allowsSecret('r', secret, match, line)).toBe(true);
    expect(onLine.allowsSecret('r', secret, match, `  ${match}`)).toBe(false);
    // A target the caller does not know falls back to the secret.
    expect(onMatch.allowsSecret('r', secret)).toBe(false);
  });

  it('compares stopwords case-insensitively as substrings of the secret', () => {
    const lists = compileAllowlists([list({ stopwords: ['Sample'] })]);
    expect(lists.allowsSecret('r', 'abcSAMPLEdef')).toBe(true);
    expect(lists.allowsSecret('r', 'abcdef', 'sample = abcdef')).toBe(false); // stopwords look at the secret only
  });

  it('scopes lists to their ruleIds', () => {
    const lists = compileAllowlists([list({ stopwords: ['fixture'], ruleIds: ['acme-token'] })]);
    expect(lists.allowsSecret('acme-token', 'fixture123')).toBe(true);
    expect(lists.allowsSecret('other-rule', 'fixture123')).toBe(false);
  });

  it('AND needs every content criterion', () => {
    const lists = compileAllowlists([list({ condition: 'AND', regexes: ['^dev_'], stopwords: ['local'] })]);
    expect(lists.allowsSecret('r', 'dev_local_1')).toBe(true);
    expect(lists.allowsSecret('r', 'dev_remote_1')).toBe(false);
    expect(lists.allowsSecret('r', 'prod_local_1')).toBe(false);
  });

  it('leaves an AND list with location criteria to the location half', () => {
    const lists = compileAllowlists([list({ condition: 'AND', stopwords: ['local'], paths: ['^test/'] })]);
    expect(lists.allowsSecret('r', 'local-1')).toBe(false);
    expect(lists.pendingAndLists('r', 'local-1')).toEqual([0]);
    expect(lists.pendingAndLists('r', 'remote-1')).toEqual([]);
  });
});

describe('allowsLocation', () => {
  const commit = commitId('one');

  it('matches path regexes and never a missing path', () => {
    const lists = compileAllowlists([list({ paths: ['^test/fixtures/', '(?i)\\.md$'] })]);
    expect(lists.allowsLocation('r', 'test/fixtures/keys.txt', commit)).toBe(true);
    expect(lists.allowsLocation('r', 'docs/README.MD', commit)).toBe(true);
    expect(lists.allowsLocation('r', 'src/test/fixtures/x', commit)).toBe(false);
    expect(lists.allowsLocation('r', null, commit)).toBe(false);
  });

  it('matches commits exactly, by a prefix of 7+ hex chars, case-insensitively', () => {
    const lists = compileAllowlists([list({ commits: [commit.slice(0, 10).toUpperCase()] })]);
    expect(lists.allowsLocation('r', 'a.txt', commit)).toBe(true);
    expect(lists.allowsLocation('r', 'a.txt', commitId('two'))).toBe(false);
    expect(lists.allowsLocation('r', 'a.txt', null)).toBe(false);
    const short = compileAllowlists([list({ commits: [commit.slice(0, 4)] })]);
    expect(short.allowsLocation('r', 'a.txt', commit)).toBe(false);
  });

  it('AND over location criteria needs path and commit', () => {
    const lists = compileAllowlists([list({ condition: 'AND', paths: ['^test/'], commits: [commit] })]);
    expect(lists.allowsLocation('r', 'test/a', commit)).toBe(true);
    expect(lists.allowsLocation('r', 'src/a', commit)).toBe(false);
    expect(lists.allowsLocation('r', 'test/a', commitId('other'))).toBe(false);
  });

  it('finishes a mixed AND list only for the matches that passed its content half', () => {
    const lists = compileAllowlists([list({ condition: 'AND', stopwords: ['local'], paths: ['^test/'] })]);
    expect(lists.allowsLocation('r', 'test/a', commit)).toBe(false);
    expect(lists.allowsLocation('r', 'test/a', commit, { pendingAndLists: [0] })).toBe(true);
    expect(lists.allowsLocation('r', 'src/a', commit, { pendingAndLists: [0] })).toBe(false);
  });

  it('skips lockfiles and source maps for generic rules only', () => {
    const lists = compileAllowlists([]);
    for (const path of ['package-lock.json', 'web/yarn.lock', 'pnpm-lock.yaml', 'go.sum', 'deps/Cargo.lock', 'flake.lock', 'dist/app.js.map']) {
      expect(lists.allowsLocation('generic-api-key', path, commit), path).toBe(true);
      expect(lists.allowsLocation('npm-token', path, commit), path).toBe(false);
    }
    expect(lists.allowsLocation('generic-api-key', 'src/package-lock.json.bak', commit)).toBe(false);
    expect(lists.allowsLocation('generic-api-key', 'src/config.ts', commit)).toBe(false);
    expect(lists.allowsLocation('generic-api-key', null, commit)).toBe(false);
    // The provider given by the engine beats the id prefix.
    expect(lists.allowsLocation('my-entropy-rule', 'yarn.lock', commit, { provider: 'generic' })).toBe(true);
    expect(lists.allowsLocation('generic-looking', 'yarn.lock', commit, { provider: 'acme' })).toBe(false);
  });

  it('exposes the built-in list and the id-prefix convention', () => {
    expect(BUILTIN_GENERIC_ALLOWLIST.paths.length).toBeGreaterThan(0);
    expect(providerOfRuleId('generic-api-key')).toBe('generic');
    expect(providerOfRuleId('slack')).toBe('slack');
  });
});

describe('allowsFinding', () => {
  const secret = fakeSecret('slack-bot-token', 'finding');
  const commit = commitId('f');

  it('combines both halves as gitleaks does (OR by default)', () => {
    const lists = compileAllowlists([list({ paths: ['^fixtures/'], stopwords: ['never-there'] })]);
    expect(lists.allowsFinding('slack-bot-token', { secret, path: 'fixtures/a.env', commit })).toBe(true);
    expect(lists.allowsFinding('slack-bot-token', { secret, path: 'src/a.env', commit })).toBe(false);
  });

  it('AND across content and location', () => {
    const lists = compileAllowlists([
      list({ condition: 'AND', regexes: ['^xoxb-'], paths: ['^fixtures/'], commits: [commit] }),
    ]);
    expect(lists.allowsFinding('slack-bot-token', { secret, path: 'fixtures/a', commit })).toBe(true);
    expect(lists.allowsFinding('slack-bot-token', { secret, path: 'fixtures/a', commit: commitId('g') })).toBe(false);
    expect(lists.allowsFinding('slack-bot-token', { secret: `Z${secret}`, path: 'fixtures/a', commit })).toBe(false);
  });

  it('allows nothing with no lists and a non-generic rule', () => {
    const lists = compileAllowlists([]);
    expect(lists.size).toBe(0);
    expect(lists.allowsFinding('slack-bot-token', { secret, path: 'yarn.lock', commit })).toBe(false);
    expect(lists.allowsFinding('generic-api-key', { secret, path: 'yarn.lock', commit })).toBe(true);
  });
});
