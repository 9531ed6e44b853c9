import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/report/scan/csv.js';
import { formatScanReport } from '../../src/report/scan/index.js';
import { fixtureFindings, fixtureReport, withSecrets } from './scan-fixture.js';

const opts = { color: false, showSecrets: false, toolVersion: '0.1.0' };

/** A strict RFC 4180 reader, so the tests check what a spreadsheet or csv module would actually read. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (ch === '"') (quoted = false), i++;
      else (field += ch), i++;
    } else if (ch === '"' && field === '') (quoted = true), i++;
    else if (ch === ',') row.push(field), (field = ''), i++;
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), (i += 2);
    else if (ch === '\r' || ch === '\n' || ch === '"') throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    else (field += ch), i++;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const HEADER = [
  'fingerprint', 'rule', 'provider', 'severity', 'confidence', 'source', 'path', 'line', 'column', 'commit',
  'author', 'authorEmail', 'date', 'blob', 'refs', 'reachable', 'presentAtHead', 'redacted', 'secretHash',
  'occurrences',
];

describe('CSV output', () => {
  it('has a header row and one row per finding, CRLF-terminated', () => {
    const csv = formatScanReport(fixtureReport(), 'csv', opts);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(1 + fixtureFindings().length);
    for (const row of rows) expect(row).toHaveLength(HEADER.length);
  });

  it('round-trips values, joining refs with spaces and leaving nulls empty', () => {
    const rows = parseCsv(formatScanReport(fixtureReport(), 'csv', opts));
    const first = Object.fromEntries(HEADER.map((h, i) => [h, rows[1][i]]));
    expect(first).toMatchObject({
      fingerprint: 'fp-aws-key-id-0001',
      path: 'deploy/prod.env',
      line: '3',
      refs: 'refs/heads/main refs/heads/release refs/remotes/origin/main refs/stash refs/tags/v1.0.0',
      reachable: 'true',
      presentAtHead: 'true',
      redacted: 'AKIA…WXYZ (20 chars)',
      occurrences: '4',
    });
    const dangling = Object.fromEntries(HEADER.map((h, i) => [h, rows[6][i]]));
    expect(dangling).toMatchObject({ path: '', commit: '', author: '', date: '', refs: '', reachable: 'false' });
    const hostile = Object.fromEntries(HEADER.map((h, i) => [h, rows[5][i]]));
    expect(hostile.path).toBe('docs/notes, "draft" v2.md');
  });

  it('quotes fields holding a comma, a quote or a line break', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('defuses formula injection in attacker-controlled fields', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const value = `${start}cmd|' /C calc'!A0`;
      expect(parseCsv(`${csvField(value)}\r\n`)).toEqual([[`'${value}`]]);
    }
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('a=1')).toBe('a=1');

    const findings = fixtureFindings();
    findings[0] = { ...findings[0], path: '-2+3.env', author: '+SUM(1)', authorEmail: '@evil', refs: ['=refs/heads/x'] };
    const rows = parseCsv(formatScanReport({ ...fixtureReport(), findings }, 'csv', opts));
    const row = Object.fromEntries(HEADER.map((h, i) => [h, rows[1][i]]));
    expect(row).toMatchObject({ path: "'-2+3.env", author: "'+SUM(1)", authorEmail: "'@evil", refs: "'=refs/heads/x" });
    // The fixture's hostile author arrives defused too.
    expect(rows[5][HEADER.indexOf('author')]).toBe(`'=HYPERLINK("https://example.invalid","click")`);
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('adds a secret column only with showSecrets', () => {
    const report = withSecrets(fixtureReport());
    expect(parseCsv(formatScanReport(report, 'csv', opts))[0]).toEqual(HEADER);
    const rows = parseCsv(formatScanReport(report, 'csv', { ...opts, showSecrets: true }));
    expect(rows[0]).toEqual([...HEADER, 'secret']);
    expect(rows[1][HEADER.length]).toBe(report.findings[0].secret);
  });

  it('is just the header for a clean scan', () => {
    const csv = formatScanReport({ ...fixtureReport(), findings: [] }, 'csv', opts);
    expect(csv).toBe(`${HEADER.join(',')}\r\n`);
  });
});
