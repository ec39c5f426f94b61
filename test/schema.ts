import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';

// The official apko and melange schemas live in ../shared (read-only, not shipped).
// Tests that need them skip, saying so, when the folder is absent.

const require = createRequire(import.meta.url);
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaDir = join(repoRoot, '..', 'shared', 'schemas');

export const schemasAvailable = existsSync(join(schemaDir, 'apko.schema.json'));

type AjvClass = new (options: object) => { compile(schema: object): ValidateFunction };
const Ajv2020 = (require('ajv/dist/2020') as { default: AjvClass }).default;

function load(
  name: string,
  adjust: (schema: Record<string, unknown>) => void = () => {},
): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as Record<string, unknown>;
  adjust(schema);
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema);
}

let apko: ValidateFunction | undefined;

/** Errors of an apko config against the official schema, as readable lines (empty = valid). */
export function apkoSchemaErrors(config: unknown): string[] {
  apko ??= load('apko.schema.json');
  return apko(config) ? [] : describe(apko.errors);
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}
