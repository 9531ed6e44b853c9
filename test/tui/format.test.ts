import { describe, expect, it } from 'vitest';
import { findingColumns, row } from '../../src/tui/finding-columns.js';
import { bar, duration, fit, location, meter, reachableFrom, shortRef, windowStart, wrap } from '../../src/tui/format.js';
import { createPromptBridge } from '../../src/tui/prompt-bridge.js';
import { finding } from './fake-runner.js';

describe('TUI text helpers', () => {
  it('fits text into a width with an ellipsis, and wraps words into a bounded number of lines', () => {
    expect(fit('abcdef', 6)).toBe('abcdef');
    expect(fit('abcdefg', 6)).toBe('abcde…');
    expect(fit('abc', 0)).toBe('');
    expect(wrap('one two three four five', 9, 5)).toEqual(['one two', 'three', 'four five']);
    expect(wrap('one two three four five', 9, 2)).toEqual(['one two', 'three fo…']);
    expect(wrap('a-very-long-word-indeed', 8, 3)).toEqual(['a-very-…']);
  });

  it('computes the scan meter: fraction, rates and ETA', () => {
    const m = meter({ objects: 250, total: 1000, bytes: 4_000_000, elapsedMs: 500 });
    expect(m).toEqual({ fraction: 0.25, objectsPerSecond: 500, megabytesPerSecond: 8, etaSeconds: 2 });
    expect(meter({ objects: 0, total: 0, bytes: 0, elapsedMs: 0 }).etaSeconds).toBeNull();
    expect(bar(0.5, 10)).toBe('█████░░░░░');
    expect([duration(null), duration(42), duration(125), duration(7300)]).toEqual(['?', '42s', '2m05s', '2h01m']);
  });

  it('names refs and places briefly', () => {
    expect(['refs/heads/main', 'refs/remotes/origin/dev', 'refs/tags/v1', 'refs/stash@{1}'].map(shortRef)).toEqual(['main', 'origin/dev', 'tag:v1', 'stash@{1}']);
    expect(reachableFrom(finding(1, { refs: ['refs/remotes/origin/feature/x', 'refs/heads/main'] }))).toBe('main, origin/feature/x');
    expect(reachableFrom(finding(1, { reachable: false, refs: [] }))).toBe('no ref (dangling)');
    expect(location(finding(1, { path: null, source: 'tag-message', tag: 'v2' }))).toBe('tag message v2');
    expect(windowStart(0, 40, 10)).toBe(0);
    expect(windowStart(20, 40, 10)).toBe(15);
    expect(windowStart(39, 40, 10)).toBe(30);
  });

  it('lays out the findings table in the width given, dropping author, reachable, then date when narrow', () => {
    for (const width of [56, 60, 72, 88, 140]) {
      const columns = findingColumns(width);
      expect(row(columns, null).length).toBeLessThanOrEqual(width);
      expect(row(columns, { finding: finding(3), partner: null }).length).toBe(row(columns, null).length);
      expect(columns.map((c) => c.title)).toEqual(expect.arrayContaining(['decision', 'provider', 'where', 'path:line']));
    }
    expect(findingColumns(100).map((c) => c.title)).toEqual(['decision', 'provider', 'rule', 'where', 'path:line', 'date', 'author', 'HEAD', 'reachable from']);
    expect(findingColumns(95).map((c) => c.title)).not.toContain('author');
    expect(findingColumns(85).map((c) => c.title)).not.toContain('reachable from');
    expect(findingColumns(72).map((c) => c.title)).not.toContain('date');
    // The live column only after a verifying scan, and it outranks author and date for room.
    expect(findingColumns(120, true).map((c) => c.title)).toContain('live');
    expect(findingColumns(100, true).map((c) => c.title)).toEqual(['decision', 'provider', 'rule', 'where', 'path:line', 'date', 'live', 'HEAD', 'reachable from']);
  });

  it('keeps the end of a long path (the file name) and names both rules of a pair', () => {
    const columns = findingColumns(60);
    const long = finding(1, { path: 'services/payments/config/environments/production/secrets.env', line: 12 });
    expect(row(columns, { finding: long, partner: null })).toMatch(/…[a-z/]*secrets\.env:12/);
    const pair = row(findingColumns(200), { finding: finding(1, { rule: 'aws-access-key-id' }), partner: finding(2, { rule: 'aws-secret-access-key' }) });
    expect(pair).toContain('aws-access-key-id+secret ');
  });
});

describe('the hidden-prompt bridge', () => {
  it('hands one question at a time to the screen and resolves the answer', async () => {
    const bridge = createPromptBridge();
    const seen: Array<string | null> = [];
    const stop = bridge.listen((q) => seen.push(q?.question ?? null));
    const answer = bridge.ask('paste it');
    expect(bridge.pending()?.question).toBe('paste it');
    bridge.pending()!.resolve('v');
    await expect(answer).resolves.toBe('v');
    expect(bridge.pending()).toBeNull();
    expect(seen).toEqual(['paste it', null]);
    stop();
    const failed = bridge.ask('again');
    bridge.pending()!.reject(new Error('gone'));
    await expect(failed).rejects.toThrow('gone');
    expect(seen).toHaveLength(2);
  });
});
