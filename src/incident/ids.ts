import { randomBytes } from 'node:crypto';

/**
 * Names in the store sort in time order as plain strings, so listing a directory is enough to find
 * the latest scan or incident: scans `20261121T221000Z-<8 hex>.json`, incidents
 * `2026-11-21T2210-<6 hex>` (UTC; the id is short enough to type into `--incident`).
 */
const INCIDENT_ID = /^\d{4}-\d{2}-\d{2}T\d{4}-[0-9a-f]{6}$/;
const SCAN_FILE = /^\d{8}T\d{6}Z-[0-9a-f]{8}\.json$/;

export function newIncidentId(at: Date): string {
  const iso = at.toISOString(); // 2026-11-21T22:10:05.123Z
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}-${randomBytes(3).toString('hex')}`;
}

export function isIncidentId(id: string): boolean {
  return INCIDENT_ID.test(id);
}

/** `scannedAt` may come from an old or hand-edited report; an unparseable one falls back to `now`. */
export function newScanFileName(scannedAt: string, now: Date): string {
  const parsed = new Date(scannedAt);
  const at = Number.isNaN(parsed.getTime()) ? now : parsed;
  const compact = at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${compact}-${randomBytes(4).toString('hex')}.json`;
}

export function isScanFileName(name: string): boolean {
  return SCAN_FILE.test(name);
}
