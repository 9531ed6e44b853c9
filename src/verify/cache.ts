/**
 * Validation results kept between runs in the incident store (`<gitdir>/spillkit/verify-cache.json`,
 * mode 0600): credential key (validator and secret hashes, never a secret) → state, time and detail.
 * `--verify-max-age` reuses an answer younger than that; an `unknown` is never kept, so a timeout
 * today does not hide a live key tomorrow.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../incident/private-fs.js';
import type { Validation } from './validator.js';

export interface VerifyCache {
  get(key: string, maxAgeMs: number, now: Date): Validation | undefined;
  set(key: string, validation: Validation): void;
  save(): void;
}

const FILE = 'verify-cache.json';

export function openVerifyCache(storeRoot: string): VerifyCache {
  const path = join(storeRoot, FILE);
  let entries: Record<string, Validation> = {};
  try {
    if (existsSync(path)) {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as { entries?: Record<string, Validation> };
      if (parsed && typeof parsed.entries === 'object' && parsed.entries !== null) entries = parsed.entries;
    }
  } catch {
    // A damaged cache only costs fresh checks.
    entries = {};
  }
  let dirty = false;
  return {
    get(key, maxAgeMs, now) {
      const hit = entries[key];
      if (!hit || (hit.state !== 'live' && hit.state !== 'not-live')) return undefined;
      const age = now.getTime() - Date.parse(hit.checkedAt);
      return Number.isFinite(age) && age >= 0 && age <= maxAgeMs ? hit : undefined;
    },
    set(key, validation) {
      entries[key] = validation;
      dirty = true;
    },
    save() {
      if (!dirty) return;
      ensurePrivateDir(storeRoot);
      writeFileAtomic(path, `${JSON.stringify({ version: 1, entries }, null, 1)}\n`);
      dirty = false;
    },
  };
}

/** `--verify-max-age` values: `90s`, `30m`, `12h`, `7d`, or plain seconds. Null when unreadable. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/i.exec(text.trim());
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[(m[2] ?? 's').toLowerCase() as 'ms'];
  return Number(m[1]) * unit;
}
