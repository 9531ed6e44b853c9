#!/usr/bin/env node
// Writes docs/validators.md from the validator table (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { validatorsMarkdown } = await import(join(root, 'dist', 'verify', 'describe.js'));
writeFileSync(join(root, 'docs', 'validators.md'), validatorsMarkdown());
