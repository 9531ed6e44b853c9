import { isSecretFilePath } from '../../rewrite/operation.js';
import { formatDuration, formatTime, msBetween, shortId } from './format.js';
import type { ReportInput } from './input.js';
import { oneHalfPerPair } from './secrets.js';
import type { Lesson, ReportSecret } from './types.js';

/**
 * The postmortem's starting facts: how each secret got in, why nothing stopped it, how long it took
 * to notice and to contain. Each is a fact read from the repository or the journal, with a suggestion
 * for the discussion; the people in the room write the conclusions.
 */
export function buildLessons(input: ReportInput, secrets: ReportSecret[]): Lesson[] {
  const lessons: Lesson[] = [];
  const add = (topic: Lesson['topic'], fact: string, suggestion: string): void => {
    lessons.push({ topic, fact, suggestion });
  };

  const paths = [...new Set(secrets.filter((s) => s.source === 'blob' && s.path !== null).map((s) => s.path!))].sort();
  for (const path of paths) {
    const ignored = input.git.ignoredNow[path] ?? null;
    const removed = secrets.some((s) => s.path === path && s.rewrite?.operation === 'remove-file');
    if (isSecretFilePath(path) || removed) {
      if (ignored === true) add('ignore', `\`${path}\` is a credential file and .gitignore ignores it today, yet it was committed: the rule came after the commit, or the file was added with \`git add -f\``, 'Check when the .gitignore rule landed; a pre-commit scan also catches forced adds.');
      else if (ignored === false) add('ignore', `\`${path}\` is a credential file that .gitignore did not ignore, and still does not`, `Ignore it (\`${path.includes('/') ? `/${path}` : path}\`) and commit a template (\`.env.example\`) with the variable names only.`);
      else add('ignore', `\`${path}\` is a credential file; whether .gitignore covers it could not be checked (no worktree)`, 'Make sure .gitignore ignores credential files.');
    } else {
      add('ignore', `The secret was written inline in \`${path}\`, a file that is meant to be committed: no .gitignore rule could have kept it out`, 'Read credentials from the environment or a secret manager, never from source or committed config.');
    }
  }

  const hook = input.git.preCommitHook;
  if (hook && !hook.exists) add('hook', 'No pre-commit hook is installed in this clone', 'A pre-commit secret scan (`spillkit hook install`, or `spillkit protect --staged` in your hook framework) stops the commit before it exists.');
  else if (hook && hook.scanner === null) add('hook', 'A pre-commit hook is installed but runs no secret scanner', 'Add a secret scan to it (`spillkit protect --staged`).');
  else if (hook && hook.scanner) add('hook', `The pre-commit hook runs ${hook.scanner} today`, 'It was added after the leak, bypassed (`--no-verify`), not installed on the author\'s machine, or missed this rule: find out which.');

  const inMessages = secrets.filter((s) => s.source === 'commit-message' || s.source === 'tag-message');
  if (inMessages.length) {
    add('message', `${inMessages.length} secret(s) were written in a ${inMessages.some((s) => s.source === 'tag-message') ? 'commit or tag' : 'commit'} message (${inMessages.map((s) => s.tag ?? shortId(s.commit)).join(', ')})`, 'Messages are pushed and mirrored like files, and only a history rewrite removes them: scan messages in a commit-msg hook too.');
  }

  const lags = secrets
    .map((s) => ({ s, ms: msBetween(s.committedAt ?? s.authoredAt, s.detectedAt) }))
    .filter((x): x is { s: ReportSecret; ms: number } => x.ms !== null)
    .sort((a, b) => b.ms - a.ms);
  if (lags.length) {
    const longest = lags[0];
    const shortest = lags[lags.length - 1];
    const range = lags.length > 1 && shortest.ms !== longest.ms ? ` (shortest ${formatDuration(shortest.ms)})` : '';
    add('detection', `From commit to detection took ${formatDuration(longest.ms)} for ${longest.s.redacted}${range}`, 'Scan every push in CI (`spillkit scan --since origin/main`) so detection takes minutes, not days.');
  }

  const pushedFirst = secrets.filter((s) => s.firstRemote && s.detectedAt && Date.parse(s.firstRemote.at) <= Date.parse(s.detectedAt));
  if (pushedFirst.length) {
    const s = pushedFirst[0];
    add('remote', `${pushedFirst.length} secret(s) reached a remote-tracking ref before anyone detected them (first: ${s.redacted}, ${s.firstRemote!.how === 'push' ? 'pushed' : 'seen on the remote'} ${formatTime(s.firstRemote!.at)} via ${s.firstRemote!.ref})`, 'A pushed secret is cloned, cached and indexed within minutes: treat it as public and revoke first.');
  } else if (secrets.length && input.git.remoteReflogs && secrets.every((s) => s.firstRemote === null)) {
    add('remote', 'No remote-tracking reflog of this clone reaches the commits that hold the secrets: no evidence they were pushed from here', 'Confirm on the host (and other clones) that the commits never reached it.');
  } else if (secrets.length && !input.git.remoteReflogs) {
    add('remote', 'This clone has no remote-tracking reflog: when (or whether) the secrets were pushed cannot be told from it', 'Check the host\'s audit log or push events for the commit ids.');
  }

  const atHead = secrets.filter((s) => s.presentAtHead);
  if (atHead.length) add('head', `${atHead.length} secret(s) are still in the current tree (HEAD)`, 'Remove them from the files first; a history rewrite alone would be undone by the next commit.');

  const spread = secrets.filter((s) => (s.occurrences ?? 1) > 1 || s.refs.length > 1).sort((a, b) => (b.occurrences ?? 0) - (a.occurrences ?? 0));
  if (spread.length) {
    const s = spread[0];
    add('spread', `${s.redacted} sits in ${s.occurrences ?? 1} commit(s) and is reachable from ${s.refs.length} ref(s)`, 'The longer a secret stays, the more branches, tags and clones carry it: rewrite early, once it is revoked.');
  }

  for (const s of oneHalfPerPair(secrets)) {
    const e = s.evidence;
    if (!e) continue;
    if (e.usedAfterLeak === true) {
      add('usage', `${s.provider} reports ${s.redacted} was last used ${formatTime(e.lastUsed)}${e.service ? ` (${[e.service, e.region].filter(Boolean).join(', ')})` : ''}, after its exposure began ${formatTime(s.exposure.start)}${e.usedAfterRevocation ? ', and after it was revoked' : ''}`, 'Someone may have used it: review the provider\'s audit log (AWS CloudTrail) for that window and treat what it could reach as compromised.');
    } else if (e.usedAfterLeak === false) {
      add('usage', `${s.provider} reports no use of ${s.redacted} after its exposure began (last use ${formatTime(e.lastUsed)})`, 'Keep the provider\'s audit log for the window in case the evidence lags.');
    } else if (e.lastUsed === null) {
      add('usage', `${s.provider} reports no recorded use of ${s.redacted}`, 'Confirm the provider tracks use for this kind of credential.');
    }
  }

  const response = secrets
    .map((s) => ({ s, ms: msBetween(s.detectedAt, s.revoked?.at ?? null) }))
    .filter((x): x is { s: ReportSecret; ms: number } => x.ms !== null)
    .sort((a, b) => b.ms - a.ms);
  if (response.length) add('response', `From detection to revocation took ${formatDuration(response[0].ms)} (longest, ${response[0].s.redacted})`, 'Revocation is the step that ends the exposure: keep operator credentials and runbooks ready so it takes minutes.');
  const unrevoked = oneHalfPerPair(secrets).filter((s) => !s.revoked);
  if (unrevoked.length) add('response', `${unrevoked.length} secret(s) are not revoked: their exposure window is still open`, 'Revoke before anything else.');
  return lessons;
}
