// The user's catalog cache: an imported APKINDEX, kept under the XDG cache dir,
// which takes precedence over the built-in catalog. The only file I/O of src/catalog
// besides reading the shipped catalog.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { wolfifyCacheDir } from '../cache-dir.js';
import { WolfifyError } from '../errors.js';
import { catalogFromData, catalogToCompactData, type Catalog } from './catalog.js';

/** `$XDG_CACHE_HOME/wolfify/catalog.json`, else `~/.cache/wolfify/catalog.json`. */
export function catalogCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(wolfifyCacheDir(env), 'catalog.json');
}

/** Write atomically (temp file + rename), so a failed import never leaves half a cache. */
export function saveCatalogCache(catalog: Catalog, path: string = catalogCachePath()): string {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(catalogToCompactData(catalog)));
  renameSync(tmp, path);
  return path;
}

/** The cached catalog, or null when none was imported. */
export function loadCachedCatalog(path: string = catalogCachePath()): Catalog | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WolfifyError(`cannot read the catalog cache: ${(e as Error).message}`, 2, path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WolfifyError(
      'the catalog cache is not valid JSON; delete it or import again',
      2,
      path,
    );
  }
  return catalogFromData(raw, path);
}
