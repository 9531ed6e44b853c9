import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as AjvModule from 'ajv';
import * as addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS with a `default` export; depending on the loader the ESM namespace
// holds the constructor at `.default` or `.default.default`. Unwrap whichever is there.
type AnyFn = (...args: unknown[]) => unknown;
function unwrapDefault<T>(mod: unknown): T {
  let value = mod as { default?: unknown };
  while (typeof value !== 'function' && value && 'default' in value) value = value.default as { default?: unknown };
  return value as T;
}
const Ajv = unwrapDefault<new (opts: Record<string, unknown>) => { compile(schema: object): AnyFn & { errors?: unknown } }>(AjvModule);
const addFormats = unwrapDefault<(ajv: unknown) => void>(addFormatsModule);

/** shared/ sits beside the repository (here and in CI's fresh clone). */
const SCHEMA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');

/**
 * A validator for the published SARIF 2.1.0 schema. The schema declares draft-04 (`$schema`, `id`),
 * which Ajv 8 does not ship; it uses no keyword whose meaning changed between draft-04 and draft-07,
 * so it is validated as draft-07 once the draft-04 markers are moved out of the way.
 */
export function sarifValidator(): AnyFn & { errors?: unknown } {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: id });
}
