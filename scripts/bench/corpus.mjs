// Source text for the synthetic history: real files from node_modules, read once. Real code and docs
// give the scanner realistic keyword density and line lengths, which random text would not.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const TEXT_EXTENSIONS = /\.(?:m?js|cjs|ts|md|json)$/;

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile() && TEXT_EXTENSIONS.test(entry.name)) yield full;
  }
}

/**
 * Returns up to `maxFiles` text files (sorted by path, so the corpus is stable) with their lines,
 * and a signature that changes when the corpus does (the history cache keys on it).
 */
export function loadCorpus(root, { maxFiles = 4000, minBytes = 300, maxBytes = 64 * 1024 } = {}) {
  const files = [];
  const signature = createHash('sha256');
  for (const full of walk(join(root, 'node_modules'))) {
    if (files.length >= maxFiles) break;
    const size = statSync(full).size;
    if (size < minBytes || size > maxBytes) continue;
    const text = readFileSync(full, 'utf8');
    if (text.includes('\0')) continue;
    const path = relative(join(root, 'node_modules'), full).split('\\').join('/');
    const lines = text.split('\n');
    if (lines.length < 8) continue;
    files.push({ path, lines });
    signature.update(`${path}\0${size}\n`);
  }
  if (files.length < 50) throw new Error(`corpus too small (${files.length} files): run npm ci first`);
  return { files, signature: signature.digest('hex').slice(0, 16) };
}
