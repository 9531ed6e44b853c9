// Rule data ships as YAML beside its loader; tsc copies only code, so mirror the data into dist/ and
// bundle the validated rules as one JSON file that a scan loads without parsing YAML.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, 'dist/rules/data');
mkdirSync(dataDir, { recursive: true });
cpSync(join(root, 'src/rules/data'), dataDir, { recursive: true });
const { loadDataDirectory, BUNDLE_NAME, PROVIDERS_BUNDLE_NAME } = await import(join(root, 'dist/rules/load.js'));
const { rules, providers } = loadDataDirectory(dataDir);
writeFileSync(join(dataDir, BUNDLE_NAME), JSON.stringify(rules));
writeFileSync(join(dataDir, PROVIDERS_BUNDLE_NAME), JSON.stringify(providers));
