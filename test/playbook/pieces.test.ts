// The small pure pieces behind issue 12's respond: by-hand records, "did it leave the machine", pairs
// grouped into credentials, the delivery targets table, and the demo repository.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemo } from '../../src/demo/demo-repo.js';
import { byHandAction, isByHand, parseByHand } from '../../src/playbook/by-hand.js';
import { credentialGroups } from '../../src/playbook/credentials.js';
import { exposureOf } from '../../src/playbook/exposure.js';
import type { Delivery } from '../../src/providers/contract.js';
import { describeDelivery } from '../../src/providers/delivery-name.js';
import { DELIVERY_TARGETS, deliveryTargetsFor } from '../../src/providers/delivery-targets.js';
import { canUseLeakedKey } from '../../src/providers/leaked-key.js';
import { scanJson } from '../helpers/run-cli.js';

const NOW = new Date('2026-01-05T12:00:00.000Z');

describe('by hand', () => {
  it('parses who, when and how; empty who is the operator, empty when is now', () => {
    expect(parseByHand({ how: ' deactivated  it ' }, 'Rita', NOW)).toEqual({ who: 'Rita', at: NOW.toISOString(), how: 'deactivated it' });
    expect(parseByHand({ who: 'Sam', when: '20 min ago', how: 'x' }, 'Rita', NOW).at).toBe('2026-01-05T11:40:00.000Z');
    expect(parseByHand({ when: '2 h ago', how: 'x' }, 'Rita', NOW).at).toBe('2026-01-05T10:00:00.000Z');
    expect(parseByHand({ when: '2026-01-05T09:30:00Z', how: 'x' }, 'Rita', NOW).at).toBe('2026-01-05T09:30:00.000Z');
    const clock = parseByHand({ when: '09:15', how: 'x' }, 'Rita', NOW);
    expect(new Date(clock.at).getHours()).toBe(9);
    expect(new Date(clock.at).getMinutes()).toBe(15);
  });

  it('refuses what the report could not stand behind', () => {
    expect(() => parseByHand({ how: '' }, 'Rita', NOW)).toThrow(/say how it was done/);
    expect(() => parseByHand({ how: 'x' }, null, NOW)).toThrow(/say who did it/);
    expect(() => parseByHand({ how: 'x', when: 'yesterday-ish' }, 'Rita', NOW)).toThrow(/is not a time/);
    expect(() => parseByHand({ how: 'x', when: '2026-01-05T13:00:00Z' }, 'Rita', NOW)).toThrow(/in the future/);
  });

  it('says it the same way in the journal, the screen and the report', () => {
    const b = parseByHand({ who: 'Sam', when: '2026-01-05T09:30:00Z', how: 'deleted the key' }, null, NOW);
    expect(byHandAction('revoke', b)).toBe('revoked by hand (Sam, 2026-01-05T09:30Z, deleted the key)');
    expect(byHandAction('rotate', b)).toBe('rotated by hand (Sam, 2026-01-05T09:30Z, deleted the key)');
    expect(isByHand(byHandAction('revoke', b))).toBe(true);
    expect(isByHand('deactivated key AKIA…XYZ of user alice')).toBe(false);
  });
});

describe('did it leave the machine', () => {
  const at = (refs: string[], reachable: boolean | null, commit: string | null = 'c'.repeat(40)) => ({ refs, reachable, commit, source: 'blob' as const });
  it('tells pushed, not pushed, local only (a staged blob a hook blocked) and dangling apart', () => {
    expect(exposureOf(at(['refs/heads/main', 'refs/remotes/origin/main'], true), true)).toBe('pushed');
    expect(exposureOf(at(['refs/heads/feature'], true), true)).toBe('local-branch');
    expect(exposureOf(at([], false, null), true)).toBe('local-only');
    expect(exposureOf(at([], false), true)).toBe('dangling');
    expect(exposureOf(at([], null), true)).toBe('unknown');
    // A repository without remote-tracking refs (a bare server copy) cannot tell pushed from local.
    expect(exposureOf(at(['refs/heads/main'], true), false)).toBe('unknown');
  });
});

describe('credentials', () => {
  it('groups the halves of a pair at the first, in order, and leaves everything else alone', () => {
    const f = (fingerprint: string, pairedWith?: string) => ({ fingerprint, ...(pairedWith ? { pairedWith } : {}) });
    const groups = credentialGroups([f('a'), f('s', 'k'), f('b'), f('k', 's'), f('x', 'missing')]);
    expect(groups.map((g) => [g.primary.fingerprint, g.partner?.fingerprint ?? null])).toEqual([['a', null], ['s', 'k'], ['b', null], ['x', null]]);
  });
});

describe('delivery targets', () => {
  it('has one row per Delivery kind, each parsing what its chooser asks into that kind', () => {
    for (const target of Object.values(DELIVERY_TARGETS)) {
      const delivery: Delivery = target.parse(target.example, '/srv/app');
      expect(delivery.kind).toBe(target.kind);
      expect(describeDelivery(delivery).length).toBeGreaterThan(0);
      expect(target.flag).toMatch(/^--to-/);
    }
    expect(DELIVERY_TARGETS['env-file'].parse('deploy/.env', '/srv/app')).toEqual({ kind: 'env-file', file: '/srv/app/deploy/.env' });
    expect(() => DELIVERY_TARGETS['env-file'].parse('  ', '/srv/app')).toThrow(/needs a path/);
    expect(() => DELIVERY_TARGETS['github-secret'].parse('acme/payments', '/srv/app')).toThrow(/OWNER\/REPO:NAME/);
    expect(deliveryTargetsFor('aws').map((t) => t.kind)).toEqual(Object.keys(DELIVERY_TARGETS));
  });

  it('offers --use-leaked-key for AWS only', () => {
    expect(canUseLeakedKey('aws')).toBe(true);
    expect(canUseLeakedKey('github')).toBe(false);
  });
});

describe('the demo repository', () => {
  it('is pushed to a local bare origin, holds a staged blob no commit has, differs on every run, and goes away', async () => {
    const one = buildDemo();
    const two = buildDemo();
    try {
      const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
      expect(git(one.origin, 'rev-parse', 'main')).toBe(git(one.path, 'rev-parse', 'origin/main'));
      expect(git(one.path, 'config', 'remote.origin.url')).toBe(one.origin);
      const a = await scanJson(one.path, ['--no-cache']);
      const b = await scanJson(two.path, ['--no-cache']);
      expect(a.report.findings.map((f) => f.rule).sort()).toEqual(b.report.findings.map((f) => f.rule).sort());
      // Same leaks, fresh secrets: no secret hash in common between two runs.
      const hashes = new Set(a.report.findings.map((f) => f.secretHash));
      expect(b.report.findings.some((f) => hashes.has(f.secretHash))).toBe(false);
      const staged = a.report.findings.find((f) => f.commit === null && f.source === 'blob');
      expect(staged).toMatchObject({ reachable: false, provider: 'npm' });
      expect(a.report.findings.some((f) => f.refs.includes('refs/remotes/origin/main'))).toBe(true);
      expect(readFileSync(join(one.path, '.gitignore'), 'utf8')).toBe('.env\n');
    } finally {
      one.remove();
      two.remove();
    }
    expect(existsSync(one.root)).toBe(false);
    expect(existsSync(two.root)).toBe(false);
  });
});
