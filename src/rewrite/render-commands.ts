import { basename } from './operation.js';
import type { RefUpdate, RewritePlan } from './types.js';

/** Single-quotes `text` for bash. */
export function shq(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** BFG Repo-Cleaner equivalents (it matches file names, not paths, and protects HEAD unless told not to). */
export function bfgCommands(plan: RewritePlan): string[] {
  const lines: string[] = [];
  const names = [...new Set(plan.removePaths.map(basename))];
  for (const n of names) lines.push(`java -jar bfg.jar --delete-files ${shq(n)} --no-blob-protection "$MIRROR"`);
  if (plan.replaceText) lines.push('java -jar bfg.jar --replace-text "$EXPRESSIONS" --no-blob-protection "$MIRROR"');
  if (plan.replaceMessages) lines.push('# BFG cannot edit commit or tag messages: use git-filter-repo --replace-message for those');
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
      lines.push(`git -C "$MIRROR" push ${urlVar(remote)} --force-with-lease=${shq(`${target}:${r.oldId}`)} "$(git -C "$MIRROR" rev-parse ${shq(r.name)}):${target}"`);
    }
  }
  return lines;
}

/** The shell variable rewrite.sh keeps a remote's URL in (REMOTE_ORIGIN for origin). */
export function remoteVar(remote: string): string {
  return `REMOTE_${remote.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
