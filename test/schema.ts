import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';

// The official apko and melange schemas, copied into test/fixtures/schemas/ (SOURCES.md there
// says from where and when; scripts/import-test-fixtures.ts refreshes them).

const require = createRequire(import.meta.url);
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaDir = join(repoRoot, 'test', 'fixtures', 'schemas');

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

let melange: ValidateFunction | undefined;

/**
 * Errors of a melange config against the official schema, relaxed where the schema is stricter
 * than melange itself (APKO-MELANGE.md §5, schemas/SOURCES.md):
 * - `required` no longer lists what real configs leave out: `capabilities` and `update`
 *   (Configuration), `dependencies`, `checks` and `cpe` (Package), `dependencies` and `checks`
 *   (Subpackage), `environment` (Test);
 * - the capitalised keys melange reads in lower case are renamed, in `properties` and
 *   `required`: BuildOption `Vars`/`Environment`, EnvironmentOption `Contents`,
 *   ContentsOption `Packages`, ListOption `Add`/`Remove`, Needs `Packages`.
 * Types, enums and `additionalProperties: false` stay as they are.
 */
export function melangeSchemaErrors(config: unknown): string[] {
  melange ??= load('melange.schema.json', relaxMelange);
  return melange(config) ? [] : describe(melange.errors);
}

type SchemaDef = { required?: string[]; properties?: Record<string, unknown> };

function relaxMelange(schema: Record<string, unknown>): void {
  const defs = schema.$defs as Record<string, SchemaDef>;
  const optional: Record<string, string[]> = {
    Configuration: ['capabilities', 'update'],
    Package: ['dependencies', 'checks', 'cpe'],
    Subpackage: ['dependencies', 'checks'],
    Test: ['environment'],
  };
  for (const [name, keys] of Object.entries(optional)) {
    const def = defs[name];
    if (def?.required) def.required = def.required.filter((k) => !keys.includes(k));
  }
  for (const name of [
    'BuildOption',
    'EnvironmentOption',
    'ContentsOption',
    'ListOption',
    'Needs',
  ]) {
    const def = defs[name];
    if (!def?.properties) continue;
    def.properties = Object.fromEntries(
      Object.entries(def.properties).map(([k, v]) => [k.toLowerCase(), v]),
    );
    if (def.required) def.required = def.required.map((k) => k.toLowerCase());
  }
}
