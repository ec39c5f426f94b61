// The built-in YAML tables (rules/installers.yaml, rules/commands.yaml, rules/base-contracts.yaml)
// parsed and validated at build time into one JSON file, rules/builtin-tables.json: parsing
// their YAML cost a cold `convert` ~200 ms, JSON.parse costs a few. `npm run rules:compile`
// writes it (src/builtin-tables.ts lists what goes in); a test fails when it is older than the
// YAML. Without the file (a checkout that never compiled) each table is read from its YAML.

import { readFileSync } from 'node:fs';
import { packageFile } from './package-path.js';

export const COMPILED_TABLES_FILE = 'builtin-tables.json';

// Maps and Sets survive JSON as {"$map": [[key, value], …]} and {"$set": [value, …]}.
export function serializeData(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Map ? { $map: [...v] } : v instanceof Set ? { $set: [...v] } : v,
  );
}

export function deserializeData(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object') return v;
    if ('$map' in v) return new Map((v as { $map: [unknown, unknown][] }).$map);
    if ('$set' in v) return new Set((v as { $set: unknown[] }).$set);
    return v;
  });
}

let tables: Record<string, unknown> | null = null;

function readTables(): Record<string, unknown> {
  const path = packageFile(`rules/${COMPILED_TABLES_FILE}`);
  try {
    const data = deserializeData(readFileSync(path, 'utf8'));
    return data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The compiled form of a built-in table (`commands.yaml`), or `compile()` of its YAML. */
export function builtinTable<T>(file: string, compile: () => T): T {
  tables ??= readTables();
  return Object.hasOwn(tables, file) ? (tables[file] as T) : compile();
}
