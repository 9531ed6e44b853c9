/**
 * COLLABORATORS.md: what everyone else who cloned the repository runs after the rewritten history is
 * pushed, with the exact refs and old ids of this rewrite. Their clones are as stale as the responder's
 * was: a pull or a push from one merges the secret back. Ref names come from the repository, so each
 * reaches the commands as one quoted shell word (shell-text.ts).
 */
import { shellQuote } from '../report/shell-text.js';
import type { RewriteState } from './apply.js';

export interface CollaboratorInput {
  state: RewriteState;
  /** The remote, credentials redacted; null when the repository has none. */
  remoteUrl: string | null;
  /** The earliest commits the rewrite changed (old ids). */
  earliest: string[];
}

export function renderCollaboratorCommands(input: CollaboratorInput): string {
  const url = input.remoteUrl ?? 'URL';
  const branches = input.state.refs
    .filter((r) => r.name.startsWith('refs/heads/') && r.newId && r.newId !== r.oldId)
    .map((r) => ({ name: r.name.slice('refs/heads/'.length), oldId: r.oldId }));
  const check = input.earliest[0];
  const lines = [
    '# After the history rewrite: what every collaborator runs',
    '',
    `The history of ${url} was rewritten on ${input.state.appliedAt.slice(0, 10)} to remove leaked credentials.`,
    'Every clone made before that still holds the old commits, and with them the secret. A `git pull` or',
    'a push from such a clone merges the old history back. Do one of the two below, then delete any other',
    'copy of the old clone (backups, CI caches).',
    '',
    '## Safest: a fresh clone',
    '',
    '```sh',
    `git clone ${shellQuote(url)}`,
    '```',
    '',
    '## Keeping a clone with work in progress',
    '',
    'Fetch the rewritten branches and tags (forced: they replace the old ones):',
    '',
    '```sh',
    'git fetch origin --prune --force \'+refs/heads/*:refs/remotes/origin/*\' \'+refs/tags/*:refs/tags/*\'',
    '```',
    '',
    'Then, for each branch you have, replay only your own commits onto its rewritten version (a branch',
    'with no commits of yours simply moves there):',
    '',
    '```sh',
    ...branches.map((b) => `git rebase --onto ${shellQuote(`origin/${b.name}`)} ${b.oldId} ${shellQuote(b.name)}`),
    '```',
    '',
    'Drop the old objects, and check that no branch still reaches the old history (this must list no branch;',
    '"malformed object name" means the old commit is gone, which is right):',
    '',
    '```sh',
    'git reflog expire --expire=now --all && git gc --prune=now',
    ...(check ? [`git branch -a --contains ${check}`] : []),
    '```',
    '',
    'Stashes made before the rewrite hold the old history too: apply them first, then drop them.',
    '',
  ];
  return lines.join('\n');
}
