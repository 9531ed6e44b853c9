/**
 * Which repository spillkit acts on for secret-scanning alerts and audit-log lookups. The provider
 * contract carries no repository, so the CLI passes it as SPILLKIT_GITHUB_REPO=owner/repo in the
 * adapter's environment, typically derived from the `origin` remote with githubRepoFromRemote().
 */
export interface GithubRepoRef {
  owner: string;
  repo: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** `owner/repo` (a trailing `.git` is dropped); null for anything else. */
export function parseRepoSlug(slug: string | undefined): GithubRepoRef | null {
  if (!slug) return null;
  const parts = slug.trim().replace(/\.git$/, '').split('/');
  if (parts.length !== 2 || !parts.every((p) => NAME.test(p) && p !== '.' && p !== '..')) return null;
  return { owner: parts[0], repo: parts[1] };
}

/**
 * Owner and repository from a git remote URL, in every form git accepts for GitHub (and GitHub
 * Enterprise hosts): `https://host/owner/repo(.git)`, `https://user@host/...`, `ssh://git@host[:port]/...`,
 * `git://host/...` and scp-like `git@host:owner/repo.git`. Null for a local path or a deeper path
 * (GitLab subgroups are not GitHub repositories).
 */
export function githubRepoFromRemote(url: string): GithubRepoRef | null {
  const trimmed = url.trim();
  const scpLike = /^(?:[^@/:\s]+@)?[^/:\s]+:(?!\/\/)(.+)$/.exec(trimmed);
  if (scpLike && !/^[A-Za-z]:[\\/]/.test(trimmed)) return parseRepoSlug(scpLike[1].replace(/^\/+|\/+$/g, ''));
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol)) return null;
  return parseRepoSlug(decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, ''));
}
