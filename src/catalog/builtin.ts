// The catalog shipped in the package (rules/catalog.json), read once.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WolfifyError } from '../errors.js';
import { catalogFromData, type Catalog } from './catalog.js';
import { packageUrl } from '../package-path.js';

export const BUILTIN_CATALOG_URL = packageUrl('rules/catalog.json');

let cached: Catalog | null = null;

export function loadBuiltinCatalog(): Catalog {
  if (cached) return cached;
  const path = fileURLToPath(BUILTIN_CATALOG_URL);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new WolfifyError(
      `the built-in Wolfi catalog is missing (${path}); reinstall wolfify or run \`npm run catalog:import\``,
      2,
      path,
    );
  }
  cached = catalogFromData(JSON.parse(text) as unknown, path);
  return cached;
}
