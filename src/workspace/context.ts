// The build context as the size estimate needs it: every regular file below the
// Dockerfile's directory with its size, and the .dockerignore that applies. Reading stays
// here, in the front end; the core only matches COPY sources against the listing.

import type { Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { dockerignoreMatcher } from '../dockerignore.js';
import { MAX_INPUT_BYTES } from '../parse/limits.js';
import type { BuildContextFiles } from '../size/application.js';
import { FileView } from './file-view.js';

/** A context bigger than this is listed up to here and flagged: the sum is then a lower bound. */
export const MAX_CONTEXT_FILES = 50_000;

/**
 * BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile first, then the context's
 * own.
 */
function dockerignoreFor(dockerfile: string, context: string, view: FileView): string | null {
  for (const candidate of [`${dockerfile}.dockerignore`, join(context, '.dockerignore')]) {
    const text = view.text(candidate, MAX_INPUT_BYTES);
    if (text !== null) return text;
  }
  return null;
}

/**
 * The files of the Dockerfile's directory (its build context), without `skip` (the output
 * directory, relative to the context). Null for stdin or an unreadable directory.
 */
export function readBuildContext(
  dockerfile: string,
  options: { skip?: string | null; maxFiles?: number } = {},
  view: FileView = new FileView(),
): BuildContextFiles | null {
  if (dockerfile === '-') return null;
  const root = resolve(dirname(dockerfile));
  const dockerignore = dockerignoreFor(resolve(dockerfile), root, view);
  const ignored = dockerignoreMatcher(dockerignore);
  // Without `!` exceptions an ignored directory cannot hold a copied file: skip reading it.
  const prune = !(dockerignore ?? '').split('\n').some((l) => l.trim().startsWith('!'));
  const skip = options.skip ? options.skip.split('/').join(sep) : null;
  const max = options.maxFiles ?? MAX_CONTEXT_FILES;
  const files: { path: string; bytes: number }[] = [];
  let truncated = false;
  const walk = (dir: string): void => {
    const listing = view.entries(dir);
    if (!listing) return;
    const names = [...listing.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      if (truncated) return;
      const entry = listing.get(name) as Dirent;
      const full = join(dir, name);
      const path = relative(root, full);
      if (skip !== null && (path === skip || path.startsWith(`${skip}${sep}`))) continue;
      const posix = path.split(sep).join('/');
      if (entry.isDirectory()) {
        if (prune && ignored(posix)) continue;
        walk(full);
      } else if (entry.isFile()) {
        if (files.length >= max) {
          truncated = true;
          return;
        }
        const bytes = view.size(full);
        if (bytes !== null) files.push({ path: posix, bytes });
      }
    }
  };
  walk(root);
  return { files, dockerignore, ...(truncated ? { truncated } : {}) };
}
