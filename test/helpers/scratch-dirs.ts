import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach } from 'vitest';

export interface ScratchDirs {
  /** The temporary root, removed after the test file. */
  readonly root: string;
  /** The current test's own empty directory under the root. */
  readonly dir: string;
  /** Writes a file into the current test's directory and returns its path. */
  write(name: string, text: string): string;
}

/** A fresh directory for each test of the calling file, under one temporary root. */
export function scratchDirs(prefix: string): ScratchDirs {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let dir = root;
  let counter = 0;
  beforeEach(() => {
    dir = join(root, String(counter++));
    mkdirSync(dir);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return {
    root,
    get dir() {
      return dir;
    },
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}
