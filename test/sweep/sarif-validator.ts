import { readFileSync } from 'node:fs';
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

/** The published SARIF 2.1.0 schema (draft-04 markers moved aside, validated as draft-07, as the scan tests do). */
export function sarifValidator(): AnyFn & { errors?: unknown } {
  const schema = JSON.parse(readFileSync('/work/shared/schemas/sarif-schema-2.1.0.json', 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: id });
}
