// The pure parts of issue 16: which pull requests a rewrite breaks, what an LFS pointer names, and the
// pages that say so (PLAN.md's "Before you push", SUPPORT-REQUEST.md), with hostile ref names escaped.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseLfsPointer } from '../../src/rewrite/lfs.js';
import { classifyPullRequests, pullRequestList, pullRequestNumber } from '../../src/rewrite/pull-requests.js';
import { renderPlanMarkdown } from '../../src/rewrite/render-plan-md.js';
import { renderSupportRequest, supportFactsOfPlan } from '../../src/rewrite/render-support-request.js';
import type { RewritePlan } from '../../src/rewrite/types.js';
import { hostile, rawUnsafe } from '../helpers/hostile-text.js';
import { lfsPointer } from './host-fixture.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('pull requests a rewrite breaks', () => {
  it.each([
    ['refs/pull/12/head', 12],
    ['refs/pull/12/merge', 12],
    ['refs/merge-requests/3/head', 3],
    ['refs/pull-requests/7/from', 7],
    ['refs/heads/pull/12/head', null],
    ['refs/pull/x/head', null],
    ['refs/pull/12', null],
  ])('%s is pull request %s', (ref, n) => {
    expect(pullRequestNumber(ref)).toBe(n);
  });

  it('judges a pull request by its head; the host-made merge ref only when there is no head ref', () => {
    const rewritten = (oid: string) => (oid === A ? true : oid === B ? false : null);
    const facts = classifyPullRequests([
      { name: 'refs/pull/1/head', oid: A }, // holds a rewritten commit
      { name: 'refs/pull/2/head', oid: B }, // clean
      { name: 'refs/pull/2/merge', oid: C }, // the host's merge commit: not ours to know, head decides
      { name: 'refs/pull/3/head', oid: C }, // a fork's commit this clone never had
      { name: 'refs/pull/4/merge', oid: A }, // only a merge ref, and it holds a rewritten commit
      { name: 'refs/heads/main', oid: A }, // not a pull request at all
    ], rewritten, { source: 'ls-remote', remote: 'origin' });
    expect(facts).toEqual({
      source: 'ls-remote', remote: 'origin', total: 4,
      affected: [{ number: 1, refs: ['refs/pull/1/head'] }, { number: 4, refs: ['refs/pull/4/merge'] }],
      unknown: [{ number: 3, refs: ['refs/pull/3/head'] }],
    });
    expect(pullRequestList(facts.affected)).toBe('#1, #4');
    expect(pullRequestList([1, 2, 3].map((number) => ({ number, refs: [] })), 2)).toBe('#1, #2 and 1 more');
  });
});

describe('Git LFS pointers', () => {
  it('names the object of a pointer and nothing else', () => {
    const p = lfsPointer('x', 10);
    expect(parseLfsPointer(Buffer.from(p.text))).toBe(p.oid);
    expect(parseLfsPointer(Buffer.from(p.text.replace('git-lfs.github.com', 'example.test')))).toBeNull();
    expect(parseLfsPointer(Buffer.from(`README\n${p.text}`))).toBeNull();
    expect(parseLfsPointer(Buffer.from(p.text.replace(/oid sha256:[0-9a-f]+/, 'oid sha256:xyz')))).toBeNull();
    expect(parseLfsPointer(Buffer.concat([Buffer.from(p.text), Buffer.alloc(1024, 0x20)]))).toBeNull();
  });
});

function plan(overrides: Partial<RewritePlan> = {}): RewritePlan {
  return {
    version: 1, repository: '/repo', createdAt: '2024-01-01T00:00:00.000Z', scan: { scannedAt: '2024-01-01T00:00:00.000Z', findings: 1 },
    findings: [], removePaths: ['.env'], gitignore: ['.env'], replaceText: true, replaceMessages: false,
    earliestCommits: [A], rewrittenCommits: [A, B], refs: [], signedCommits: [B], signedTags: ['refs/tags/v1'],
    pullRequests: { source: 'none', remote: null, total: 0, affected: [], unknown: [] },
    lfs: { inUse: false, orphanCandidates: [] }, filterRepoArgs: ['--force'], hostSteps: [], warnings: [],
    ...overrides,
  };
}

describe('the pages that warn and ask', () => {
  const evil = hostile('refs/pull/1/');

  it('PLAN.md says before the push which pull requests break and which signatures go, every name escaped', () => {
    const md = renderPlanMarkdown(plan({
      pullRequests: { source: 'ls-remote', remote: hostile('up'), total: 3, affected: [{ number: 1, refs: [evil] }], unknown: [{ number: 3, refs: ['refs/pull/3/head'] }] },
      signedTags: [hostile('refs/tags/v')],
    }));
    expect(md).toContain('## Before you push');
    expect(md).toContain('**1 pull request(s) will show broken diffs** and keep serving the old commits until the host purges them: #1');
    expect(md).toContain('1 pull request(s) have heads this clone never fetched and may be affected too: #3');
    expect(md).toContain(`**1 signed commit(s) lose their signatures**: \`${B.slice(0, 12)}\``);
    expect(md).toContain('1 of 3 pull request(s) will show broken diffs, 1 more may');
    expect(rawUnsafe(md)).toEqual([]);
  });

  it('PLAN.md says when the clone cannot know, and how to ask', () => {
    const md = renderPlanMarkdown(plan({ signedCommits: [], signedTags: [] }));
    expect(md).not.toContain('## Before you push');
    expect(md).toContain('pull requests: not known to this clone (`spillkit plan-rewrite --query-remote` asks the remote');
  });

  it('SUPPORT-REQUEST.md lists the facts the host asks for, and no credential of the remote URL', () => {
    const p = plan({
      pullRequests: { source: 'mirror', remote: 'origin', total: 2, affected: [{ number: 1, refs: [evil] }], unknown: [] },
      lfs: { inUse: true, orphanCandidates: ['sha256:' + '1'.repeat(64)] },
    });
    // Made at run time: no credential-shaped URL in the repository.
    const password = randomBytes(9).toString('hex');
    const text = renderSupportRequest(p, { origin: `https://deploy:${password}@git.example.test/acme/app.git` });
    expect(text).toContain('Pull requests whose refs still hold the old commits: 1 (#1), of 2 seen in the mirror clone\'s pull-request refs.');
    expect(text).toContain(`First changed commits (their old ids; everything after them was rewritten): \`${A}\``);
    expect(text).toContain('Git LFS objects only removed files point to (1; the exact list is computed when the rewrite runs)');
    expect(text).toContain('https://***@git.example.test/acme/app.git');
    expect(text).not.toContain(password);
    expect(rawUnsafe(text)).toEqual([]);

    const verified = renderSupportRequest(p, {}, {
      ...supportFactsOfPlan(p), computedBy: 'spillkit', lfsOrphans: [], lfsExact: true,
      verified: { at: '2024-01-02T00:00:00.000Z', refs: [evil] },
    });
    expect(verified).toContain('Orphaned Git LFS objects: none.');
    expect(verified).toContain('made 2024-01-02T00:00:00.000Z after the push, was scanned and no other ref holds the removed credentials (only');
    expect(verified).toContain('; from spillkit)');
    expect(rawUnsafe(verified)).toEqual([]);
  });
});
