// Files wolfify ships beside its code (rules/, package.json), found from the running module.
// Compiled, this module is dist/src/package-path.js, two folders below the package root; the
// bundled CLI (scripts/bundle.ts) holds it at another depth and says so with WOLFIFY_ROOT.

import { fileURLToPath } from 'node:url';

declare const WOLFIFY_ROOT: string | undefined;

const ROOT = new URL(typeof WOLFIFY_ROOT === 'string' ? WOLFIFY_ROOT : '../../', import.meta.url);

/** The URL of a shipped file, by its path in the package (`rules/catalog.json`). */
export function packageUrl(path: string): URL {
  return new URL(path, ROOT);
}

/** The absolute path of a shipped file, by its path in the package. */
export function packageFile(path: string): string {
  return fileURLToPath(packageUrl(path));
}
