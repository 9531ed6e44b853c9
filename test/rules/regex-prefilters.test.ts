import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import { firstCharGuard } from '../../src/rules/first-char-guard.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { hasRun, secretRunOf } from '../../src/rules/secret-run.js';

const classOf = (pattern: string, flags = ''): string => {
  const run = secretRunOf(pattern, flags);
  if (run === null) return 'none';
  let s = '';
  for (let b = 0x20; b < 0x7f; b++) if (run.table[b]) s += String.fromCharCode(b);
  return `${s}{${run.min}}`;
};

describe('first-character guard', () => {
  it('is the class of the first consumed byte, past lookbehinds, lookaheads and groups', () => {
    expect(firstCharGuard('(?<![A-Za-z0-9])(?<secret>[a-f0-9]{32})')).toBe('(?=[a-f0-9])');
    expect(firstCharGuard('(?<!id=)(?:(?<![a-z])|(?<=key-))(?=[a-z]*[0-9])(?<secret>(?=\\w*[A-Z])[A-Z0-9]{20})')).toBe('(?=[A-Z0-9])');
    expect(firstCharGuard('(?<![a-z])(?:key|secret)=(?<secret>\\w{8})')).toBe('(?=(?:k)|(?:s))');
    expect(firstCharGuard('(?<![a-z])\\d{4}-x')).toBe('(?=\\d)');
  });

  it('leaves a pattern alone when its first byte is not certain', () => {
    expect(firstCharGuard('[a-z]{32}')).toBeNull(); // no lookbehind: V8 reads the first byte itself
    expect(firstCharGuard('(?<![a-z])(?:sk_)?[a-z]{32}')).toBeNull();
    expect(firstCharGuard('(?<![a-z])[a-z]*_key')).toBeNull();
    expect(firstCharGuard('(?<![a-z])(?:x|(?:y)?z)')).toBeNull();
    expect(firstCharGuard('(?<![a-z])\\bkey')).toBeNull();
    expect(firstCharGuard('(?<![a-z]).key')).toBeNull();
  });
});

describe('secret run', () => {
  it('reads the class and length the secret opens with', () => {
    expect(classOf('(?<![a-z])(?<secret>[a-f0-9]{32})')).toBe('0123456789abcdef{32}');
    expect(classOf('x(?<secret>(?=[a-z]*\\d)[A-Z\\d_\\-]{20,40})')).toBe('-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_{20}');
    expect(classOf('(?<secret>[\\x27a]{10})')).toBe("'a{10}");
    expect(classOf('(?<secret>[a-c]{10})', 'i')).toBe('ABCabc{10}');
    expect(classOf('(?<secret>[a-f]{64}|[0-9]{16})')).toBe('0123456789abcdef{16}');
    expect(classOf('(?<secret>standard_[a-f0-9]{64})')).toBe('0123456789abcdef{64}');
    expect(classOf('(?<secret>[0-9]{1,5}-[A-Z]{64})')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ{64}');
    expect(classOf('(?<secret>sk?_(?:live|test)_[a-z]{24,99})')).toBe('abcdefghijklmnopqrstuvwxyz{24}');
    expect(classOf('(?<secret>\\x27[a-f]{16})')).toBe('abcdef{16}');
    expect(classOf('(?<secret>sk\\.live-[a-z]{32})')).toBe('abcdefghijklmnopqrstuvwxyz{32}');
  });

  it('negated classes and escapes cover what the regex would', () => {
    const run = secretRunOf('(?<secret>[^\\s"\']{12})')!;
    expect(run.table[0x20]).toBe(0);
    expect(run.table[0x22]).toBe(0);
    expect(run.table[0xe9]).toBe(1);
    expect(classOf('(?<secret>\\w{16})')).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz{16}');
  });

  it('gives up where it cannot be sure', () => {
    expect(classOf('(?<secret>[a-z]{4})')).toBe('none');
    expect(classOf('(?<secret>[a-z]{32}|sk_[a-z]{4})')).toBe('none');
    expect(classOf('(?<secret>(?:[a-z]{40})?[0-9]{4})')).toBe('none');
    expect(classOf('(?<secret>[\\p{L}]{32})')).toBe('none');
    expect(classOf('(?<secret>[a-z]{32})', 'u')).toBe('none');
    expect(classOf('[a-z]{32}')).toBe('none');
  });

  it('finds runs and only runs', () => {
    const run = secretRunOf('(?<secret>[a-f0-9]{8})')!;
    expect(hasRun(Buffer.from('x = deadbeef;'), 0, 13, run)).toBe(true);
    expect(hasRun(Buffer.from('x = deadbee;'), 0, 12, run)).toBe(false);
    expect(hasRun(Buffer.from('x = deadbeef;'), 5, 13, run)).toBe(false);
  });
});

describe('every built-in rule', () => {
  // The prefilters must never change what a rule finds: the guarded regex matches exactly what the
  // pattern does, and a text the pattern matches always holds the run.
  const rules = loadBuiltinRules();
  const filler = 'const x = 1; // with token and key\nAKIAXXXX aws.config = { region: "us-east-1" }\n';

  it('keeps every example match (guarded regex and secret run)', () => {
    let guarded = 0;
    let withRun = 0;
    const broken: string[] = [];
    for (const rule of rules) {
      const flags = (rule.flags ?? '').replace(/[gdy]/g, '');
      const plain = new RegExp(rule.pattern, `g${flags}`);
      const guard = firstCharGuard(rule.pattern);
      const fast = guard === null ? null : new RegExp(guard + rule.pattern, `g${flags}`);
      const run = secretRunOf(rule.pattern, rule.flags);
      if (fast) guarded++;
      if (run) withRun++;
      const texts = [...rule.examples, ...(rule.negativeExamples ?? [])].map((e, i) => filler + expandTemplate(typeof e === 'string' ? e : e.text, `${rule.id}#pf${i}`) + '\n' + filler);
      for (const text of texts) {
        const want = [...text.matchAll(plain)].map((m) => `${m.index}:${m[0]}`);
        if (fast) {
          const got = [...text.matchAll(fast)].map((m) => `${m.index}:${m[0]}`);
          if (got.join('\n') !== want.join('\n')) broken.push(`${rule.id}: guard changes matches`);
        }
        if (run && want.length > 0 && !hasRun(Buffer.from(text, 'latin1'), 0, text.length, run)) broken.push(`${rule.id}: run filter would skip a match`);
      }
    }
    expect(broken).toEqual([]);
    // Most built-in rules open with lookbehinds and a class run: the prefilters must keep applying.
    expect(guarded).toBeGreaterThan(rules.length * 0.6);
    expect(withRun).toBeGreaterThan(rules.length * 0.5);
  });
});
