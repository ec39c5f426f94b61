// The build context as the size estimate needs it: every regular file below the
// Dockerfile's directory with its size, and the .dockerignore that applies. Reading stays
// here, in the front end; the core only matches COPY sources against the listing.

import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { dockerignoreMatcher } from '../dockerignore.js';
import type { BuildContextFiles } from '../size/application.js';

/** A context bigger than this is listed up to here and flagged: the sum is then a lower bound. */
export const MAX_CONTEXT_FILES = 50_000;

/**
 * BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile first, then the context's
 * own. `names` lists the context directory (null: unlisted): only files there are opened.
 */
async function dockerignoreFor(
  dockerfile: string,
  context: string,
  names: ReadonlySet<string> | null,
): Promise<string | null> {
  for (const candidate of [`${dockerfile}.dockerignore`, join(context, '.dockerignore')]) {
    if (names && dirname(candidate) === context && !names.has(basename(candidate))) continue;
    const text = await readFile(candidate, 'utf8').catch(() => null);
    if (text !== null) return text;
  }
  return null;
}

/**
 * The files of the Dockerfile's directory (its build context), without `skip` (the output
 * directory, relative to the context). Null for stdin or an unreadable directory.
 */
export async function readBuildContext(
  dockerfile: string,
  options: { skip?: string | null; maxFiles?: number } = {},
): Promise<BuildContextFiles | null> {
  if (dockerfile === '-') return null;
  const root = resolve(dirname(dockerfile));
  const top = await readdir(root, { withFileTypes: true }).catch(() => null);
  const dockerignore = await dockerignoreFor(
    resolve(dockerfile),
    root,
    top && new Set(top.map((entry) => entry.name)),
  );
  const ignored = dockerignoreMatcher(dockerignore);
  // Without `!` exceptions an ignored directory cannot hold a copied file: skip reading it.
  const prune = !(dockerignore ?? '').split('\n').some((l) => l.trim().startsWith('!'));
  const skip = options.skip ? options.skip.split('/').join(sep) : null;
  const max = options.maxFiles ?? MAX_CONTEXT_FILES;
  const files: { path: string; bytes: number }[] = [];
  let truncated = false;
  const walk = async (dir: string): Promise<void> => {
    const entries =
      dir === root ? top : await readdir(dir, { withFileTypes: true }).catch(() => null);
    if (!entries) return;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (truncated) return;
      const full = join(dir, entry.name);
      const path = relative(root, full);
      if (skip !== null && (path === skip || path.startsWith(`${skip}${sep}`))) continue;
      const posix = path.split(sep).join('/');
      if (entry.isDirectory()) {
        if (prune && ignored(posix)) continue;
        await walk(full);
      } else if (entry.isFile()) {
        if (files.length >= max) {
          truncated = true;
          return;
        }
        const info = await lstat(full).catch(() => null);
        if (info) files.push({ path: posix, bytes: info.size });
      }
    }
  };
  await walk(root);
  return { files, dockerignore, ...(truncated ? { truncated } : {}) };
}
