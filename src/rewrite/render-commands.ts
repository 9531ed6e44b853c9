import { shellQuote as shq } from '../report/shell-text.js';
import { basename } from './operation.js';
import type { RefUpdate, RewritePlan } from './types.js';

export { shq };

/**
 * BFG Repo-Cleaner equivalents (it matches file names, not paths, and protects HEAD unless told not to).
 * Real command lines with every name quoted: they are never placed in a comment.
 */
export function bfgCommands(plan: RewritePlan): string[] {
  const lines: string[] = [];
  const names = [...new Set(plan.removePaths.map(basename))];
  for (const n of names) lines.push(`java -jar bfg.jar --delete-files ${shq(n)} --no-blob-protection "$MIRROR"`);
  if (plan.replaceText) lines.push('java -jar bfg.jar --replace-text "$EXPRESSIONS" --no-blob-protection "$MIRROR"');
  if (plan.replaceMessages) lines.push('echo "BFG cannot edit commit or tag messages: use git-filter-repo --replace-message for those" >&2');
  lines.push('git -C "$MIRROR" reflog expire --expire=now --all && git -C "$MIRROR" gc --prune=now --aggressive');
  return lines;
}

/** Force-pushes grouped by destination: a remote's name, or the repository itself when it is the remote. */
export function pushGroups(plan: RewritePlan): Array<{ remote: string | null; refs: RefUpdate[] }> {
  const groups = new Map<string | null, RefUpdate[]>();
  for (const r of plan.refs.filter((x) => x.action === 'force-push')) {
    const key = r.remote ?? null;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups].map(([remote, refs]) => ({ remote, refs }));
}

/**
 * One `git push` per ref (so a tag the remote never had does not block the branches), each with a lease
 * on the id this clone last saw there: if someone pushed meanwhile, that push is refused, not clobbered.
 * The new id is read from the mirror's rewritten ref when the script runs.
 */
export function pushCommands(plan: RewritePlan, urlVar: (remote: string | null) => string): string[] {
  const lines: string[] = [];
  for (const { remote, refs } of pushGroups(plan)) {
    for (const r of refs) {
      const target = r.remoteRef ?? r.name;
      // The refspec is two adjacent words, the new id then `:<ref>` quoted on its own: a ref name such
      // as `$(touch x)` must never sit inside a double-quoted string.
      lines.push(`git -C "$MIRROR" push ${urlVar(remote)} --force-with-lease=${shq(`${target}:${r.oldId}`)} "$(git -C "$MIRROR" rev-parse ${shq(r.name)})"${shq(`:${target}`)}`);
    }
  }
  return lines;
}

/** Shell lines that append the plan's .gitignore lines, each an exact quoted word (run in a fresh clone). */
export function gitignoreCommands(plan: RewritePlan): string[] {
  if (!plan.gitignore.length) return [];
  return [`printf '%s\\n' ${plan.gitignore.map(shq).join(' ')} >> .gitignore`, 'git add .gitignore && git commit -m "Ignore credential files"'];
}

/** The shell variable rewrite.sh keeps a remote's URL in (REMOTE_ORIGIN for origin). */
export function remoteVar(remote: string): string {
  return `REMOTE_${remote.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
