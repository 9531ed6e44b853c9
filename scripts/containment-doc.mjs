#!/usr/bin/env node
// Writes docs/containment.md from the revocation table (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { containmentMarkdown } = await import(join(root, 'dist', 'providers', 'describe-containment.js'));
writeFileSync(join(root, 'docs', 'containment.md'), containmentMarkdown());
