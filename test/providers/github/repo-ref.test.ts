import { describe, expect, it } from 'vitest';
import { githubRepoFromRemote, parseRepoSlug } from '../../../src/providers/github/repo-ref.js';

describe('githubRepoFromRemote', () => {
  it.each([
    ['https://github.com/acme/app.git', 'acme/app'],
    ['https://github.com/acme/app', 'acme/app'],
    ['https://github.com/acme/app/', 'acme/app'],
    ['https://ci-bot@github.com/acme/app.git', 'acme/app'],
    ['http://ghes.internal/acme/app.git', 'acme/app'],
    ['git@github.com:acme/app.git', 'acme/app'],
    ['git@github.com:acme/app', 'acme/app'],
    ['github.com:acme/my.repo.git', 'acme/my.repo'],
    ['ssh://git@github.com/acme/app.git', 'acme/app'],
    ['ssh://git@ghes.internal:2222/acme/app.git', 'acme/app'],
    ['git://github.com/acme/app.git', 'acme/app'],
  ])('%s -> %s', (url, slug) => {
    const ref = githubRepoFromRemote(url);
    expect(ref && `${ref.owner}/${ref.repo}`).toBe(slug);
  });

  it.each([
    '/srv/git/app.git',
    'C:\\repos\\app',
    'file:///srv/git/app.git',
    'https://gitlab.com/group/sub/app.git',
    'https://github.com/acme',
    'git@github.com:../etc.git',
    '',
  ])('rejects %s', (url) => {
    expect(githubRepoFromRemote(url)).toBeNull();
  });

  it('parses SPILLKIT_GITHUB_REPO values', () => {
    expect(parseRepoSlug('acme/app')).toEqual({ owner: 'acme', repo: 'app' });
    expect(parseRepoSlug(' acme/app.git ')).toEqual({ owner: 'acme', repo: 'app' });
    expect(parseRepoSlug('acme')).toBeNull();
    expect(parseRepoSlug(undefined)).toBeNull();
  });
});
