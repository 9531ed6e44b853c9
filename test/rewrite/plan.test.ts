// The pure parts: which operation per finding, the replacement list's format, ref classification.
import { describe, expect, it } from 'vitest';
import { applyExpressions, expressionEntries, pythonRegexEscape, renderExpressions } from '../../src/rewrite/expressions.js';
import { filterRepoArgs } from '../../src/rewrite/filter-repo.js';
import { chooseOperation, isSecretFilePath } from '../../src/rewrite/operation.js';
import { refKind } from '../../src/rewrite/refs-plan.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';

const blob = (path: string, rule = 'github-pat') => ({ source: 'blob' as const, path, rule, reachable: true, commit: 'c'.repeat(40) });

describe('chooseOperation', () => {
  it.each([
    ['.env', 'github-pat', 'remove-file'],
    ['deploy/.env.production', 'github-pat', 'remove-file'],
    ['.env.example', 'github-pat', 'replace-text'],
    ['keys/id_rsa', 'private-key-rsa', 'remove-file'],
    ['certs/server.pem', 'private-key-pkcs8', 'remove-file'],
    ['gcp/service-account-prod.json', 'gcp-service-account-key', 'remove-file'],
    ['keys/deploy', 'openssh-private-key', 'remove-file'],
    ['src/app.js', 'private-key-rsa', 'replace-text'],
    ['src/config.js', 'github-pat', 'replace-text'],
    ['config/settings.yaml', 'slack-bot-token', 'replace-text'],
  ])('%s with %s: %s', (path, rule, op) => {
    expect(chooseOperation(blob(path, rule)).operation).toBe(op);
  });

  it('replaces secrets in messages and leaves dangling objects to gc', () => {
    expect(chooseOperation({ source: 'commit-message', path: null, rule: 'x', reachable: true, commit: 'c' }).operation).toBe('replace-message');
    expect(chooseOperation({ source: 'tag-message', path: null, rule: 'x', reachable: true, commit: 'c' }).operation).toBe('replace-message');
    expect(chooseOperation({ ...blob('a.txt'), reachable: false }).operation).toBe('out-of-reach');
    expect(isSecretFilePath('src/.envrc')).toBe(false);
  });
});

describe('the replacement list', () => {
  it('writes literals longest first, and a multi-line key as an exact regex', () => {
    const pat = fakeSecret('github-pat', 'expr');
    const pem = fakeSecret('private-key-rsa', 'expr');
    const entries = expressionEntries([
      { secret: pat.slice(0, 20), replacement: '***A***' },
      { secret: pat, replacement: '***B***' },
      { secret: pem, replacement: '***C***' },
      { secret: pat, replacement: '***dup***' },
    ]);
    expect(entries.map((e) => e.form)).toEqual(['literal', 'literal', 'regex']);
    const text = renderExpressions(entries);
    expect(text.split('\n')[0]).toBe(`${pat}==>***B***`);
    expect(text.split('\n')[2]).toMatch(/^regex:\\-\\-\\-\\-\\-BEGIN\\ RSA\\ PRIVATE\\ KEY\\-\\-\\-\\-\\-\\n/);
    expect(text.trim().split('\n')).toHaveLength(3);
    const data = Buffer.from(`a ${pat} b ${pat.slice(0, 20)} c\n${pem}\n`);
    expect(applyExpressions(data, entries).toString()).toBe('a ***B*** b ***A*** c\n***C***\n');
  });

  it('escapes only ASCII punctuation for Python re', () => {
    expect(pythonRegexEscape('a+b/c==>d\n')).toBe('a\\+b\\/c\\=\\=\\>d\\n');
  });
});

describe('filter-repo arguments', () => {
  it('keep commits one to one and use --sensitive-data-removal only when supported', () => {
    const base = { removePaths: ['.env'], replaceText: true, replaceMessages: true, expressions: '/x/e.txt' };
    const old = filterRepoArgs({ ...base, support: { sensitiveDataRemoval: false, noFetch: false } });
    expect(old).toEqual(['--force', '--partial', '--prune-empty', 'never', '--prune-degenerate', 'never', '--invert-paths', '--path', '.env', '--replace-text', '/x/e.txt', '--replace-message', '/x/e.txt']);
    const recent = filterRepoArgs({ ...base, support: { sensitiveDataRemoval: true, noFetch: true } });
    expect(recent).toContain('--sensitive-data-removal');
    expect(recent).toContain('--no-fetch');
  });
});

describe('refKind', () => {
  it.each([
    ['refs/heads/main', 'branch'], ['refs/tags/v1', 'tag'], ['refs/remotes/origin/main', 'remote-tracking'],
    ['refs/notes/commits', 'notes'], ['refs/stash', 'stash'], ['refs/stash@{2}', 'stash-entry'],
    ['refs/pull/12/head', 'pull-request'], ['refs/remotes/origin/pr/12', 'pull-request'], ['refs/merge-requests/3/head', 'pull-request'],
  ])('%s is %s', (name, kind) => expect(refKind(name)).toBe(kind));
});
