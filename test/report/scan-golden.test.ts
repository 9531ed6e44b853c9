import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatScanReport, type ScanFormat } from '../../src/report/scan/index.js';
import { cleanReport, FIXTURE_RULES, fixtureReport } from './scan-fixture.js';

/**
 * Golden files pin every scan format byte for byte. After an intended change, regenerate them with
 * `UPDATE_GOLDEN=1 npx vitest run test/report` and review the diff like code.
 */

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const opts = { color: false, showSecrets: false, toolVersion: '0.1.0', rules: FIXTURE_RULES };

const CASES: Array<{ file: string; format: ScanFormat; clean?: boolean }> = [
  { file: 'scan.txt', format: 'text' },
  { file: 'scan.json', format: 'json' },
  { file: 'scan.sarif', format: 'sarif' },
  { file: 'scan.csv', format: 'csv' },
  { file: 'scan-clean.txt', format: 'text', clean: true },
  { file: 'scan-clean.sarif', format: 'sarif', clean: true },
];

describe('scan formats match their golden files', () => {
  for (const { file, format, clean } of CASES) {
    it(file, () => {
      const actual = formatScanReport(clean ? cleanReport() : fixtureReport(), format, opts);
      const path = join(GOLDEN_DIR, file);
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(path, actual);
      }
      expect(actual).toBe(readFileSync(path, 'utf8'));
    });
  }

  it('is deterministic', () => {
    for (const format of ['text', 'json', 'sarif', 'csv'] as const) {
      expect(formatScanReport(fixtureReport(), format, opts)).toBe(formatScanReport(fixtureReport(), format, opts));
    }
  });
});
