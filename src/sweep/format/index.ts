import type { ScanRuleInfo } from '../../report/scan/rule-catalog.js';
import type { SweepResult } from '../types.js';
import { formatSweepJson } from './json.js';
import { formatSweepSarif } from './sarif.js';
import { formatSweepText } from './text.js';

export const SWEEP_FORMATS = ['text', 'json', 'sarif'] as const;
export type SweepFormat = (typeof SWEEP_FORMATS)[number];

export function isSweepFormat(value: string): value is SweepFormat {
  return (SWEEP_FORMATS as readonly string[]).includes(value);
}

export function formatSweepResult(
  result: SweepResult,
  format: SweepFormat,
  opts: { color: boolean; toolVersion: string; rules?: readonly ScanRuleInfo[] },
): string {
  switch (format) {
    case 'json':
      return formatSweepJson(result);
    case 'sarif':
      return formatSweepSarif(result, opts);
    case 'text':
      return formatSweepText(result, opts);
  }
}
