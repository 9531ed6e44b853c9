import { describe, expect, it } from 'vitest';
import { visible } from '../../src/report/incident/document.js';
import { formatScanReport } from '../../src/report/scan/index.js';
import { escapeUnsafe, jsonSafe, terminalLines, terminalSafe } from '../../src/report/safe-text.js';
import { hostile, PIECES, rawUnsafe } from '../helpers/hostile-text.js';
import { fixtureReport } from './scan-fixture.js';

const EVIL = hostile('name');

describe('the one set of unsafe characters', () => {
  it('escapes every hostile piece visibly, and nothing else', () => {
    expect(terminalSafe(EVIL)).toBe('name\\x1b]0;pwned-title\\x07\\x1b[2J\\x0d\\x9b31m\\u202e\\u2066\\u200b\\ufeffend');
    expect(terminalSafe('Zoë 山田 <z@example.com> … tab\there')).toBe('Zoë 山田 <z@example.com> … tab\\x09here');
    for (const ch of ['\u061c', '\u200c', '\u200d', '\u200e', '\u2028', '\u2029', '\u2060', '\u2069', '\u180e', '\ufff9']) {
      expect(rawUnsafe(terminalSafe(`a${ch}b`))).toEqual([]);
      expect(terminalSafe(`a${ch}b`)).not.toContain(ch);
    }
  });

  it('is idempotent, so a value escaped early and a sink escaping again agree', () => {
    const once = terminalSafe(EVIL);
    expect(terminalSafe(once)).toBe(once);
    expect(terminalLines(once)).toBe(once);
  });

  it('keeps only the characters asked for: terminalLines keeps spillkit\'s line breaks', () => {
    expect(terminalLines(`one\ntwo${PIECES.cr}${PIECES.csi}`)).toBe('one\ntwo\\x0d\\x1b[2J');
    expect(escapeUnsafe('a\nb\tc', '\t')).toBe('a\\x0ab\tc');
  });

  it('the page variant (Markdown, HTML) turns line breaks into spaces and escapes the rest the same way', () => {
    expect(visible(`a\r\nb\tc${PIECES.rlo}`)).toBe('a b c\\u202e');
    expect(rawUnsafe(visible(EVIL))).toEqual([]);
  });
});

describe('JSON output', () => {
  it('JSON.stringify alone leaves DEL, C1, bidi and zero-width characters raw; jsonSafe escapes them losslessly', () => {
    const value = { path: EVIL, del: 'a\u007fb' };
    const plain = JSON.stringify(value, null, 2);
    // C0 controls are escaped by JSON itself; the rest is not, hence jsonSafe.
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('\u009b');
    expect(plain).toContain('\u202e');
    const safe = jsonSafe(plain);
    expect(rawUnsafe(safe)).toEqual([]);
    expect(JSON.parse(safe)).toEqual(value);
    expect(safe.split('\n')).toHaveLength(plain.split('\n').length);
  });

  it('scan --format json and sarif carry hostile values exactly, with no raw unsafe character', () => {
    const report = fixtureReport();
    report.findings[0] = { ...report.findings[0], path: EVIL, author: hostile('author'), refs: [hostile('refs/heads/x')] };
    for (const format of ['json', 'sarif'] as const) {
      const text = formatScanReport(report, format, { color: false, showSecrets: false, toolVersion: '0.1.0' });
      expect(rawUnsafe(text), format).toEqual([]);
      if (format === 'json') expect(JSON.parse(text).findings[0].path).toBe(EVIL);
    }
  });
});

describe('CSV output', () => {
  it('escapes control, bidi and zero-width characters inside fields; line feeds stay quoted; the formula guard stays', () => {
    const report = fixtureReport();
    report.findings[0] = { ...report.findings[0], path: `=${EVIL}`, author: `two\nlines${PIECES.rlo}` };
    const csv = formatScanReport(report, 'csv', { color: false, showSecrets: false, toolVersion: '0.1.0' });
    // The record terminator is RFC 4180's CRLF; nothing else may be a raw control character.
    expect(rawUnsafe(csv.replace(/\r\n/g, '\n'))).toEqual([]);
    expect(csv).toContain(`'=${terminalSafe(EVIL)}`);
    expect(csv).toContain('"two\nlines\\u202e"');
  });
});
