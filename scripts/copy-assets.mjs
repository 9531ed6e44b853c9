// Rule data ships as YAML beside its loader; tsc copies only code, so mirror the data into dist/.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'dist/rules/data'), { recursive: true });
cpSync(join(root, 'src/rules/data'), join(root, 'dist/rules/data'), { recursive: true });
