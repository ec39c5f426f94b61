// .dockerignore: which build-context files Docker's COPY never sees. Read two ways: to
// count the application's files (the size report) and as .melangeignore lines, because
// melange copies the whole context into its workspace and skips only what that file lists.

import picomatch from 'picomatch';

/** Options under which context paths match Docker's patterns. */
export const CONTEXT_GLOB = { dot: true, nobrace: true, noextglob: true } as const;

interface IgnorePattern {
  /** Relative to the context root, cleaned (`./a//b/` → `a/b`). */
  pattern: string;
  /** A `!` line: re-includes what earlier lines excluded. */
  include: boolean;
  /** Written with a trailing `/`. */
  directory: boolean;
}

/** `./a/b/` → `a/b`; `.` and `/` → `` (the whole context). Docker cleans paths this way. */
export function contextRelative(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** Every directory a path sits in, and the path itself: `a/b/c` → `a`, `a/b`, `a/b/c`. */
export function pathPrefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** One pattern a line, `#` comments; a pattern naming the whole context is left out. */
function patterns(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const include = line.startsWith('!');
    const written = include ? line.slice(1).trim() : line;
    const pattern = contextRelative(written);
    if (pattern !== '') out.push({ pattern, include, directory: written.endsWith('/') });
  }
  return out;
}

/**
 * Whether Docker leaves a context path out: the last matching line wins, and a pattern
 * that matches a directory excludes what is under it.
 */
export function dockerignoreMatcher(text: string | null): (path: string) => boolean {
  if (text === null) return () => false;
  const rules = patterns(text).map((p) => ({
    exclude: !p.include,
    match: picomatch(p.pattern, CONTEXT_GLOB),
  }));
  return (path) => {
    let excluded = false;
    const candidates = pathPrefixes(path);
    for (const rule of rules) if (candidates.some((c) => rule.match(c))) excluded = rule.exclude;
    return excluded;
  };
}

/**
 * The patterns as .melangeignore (gitignore) lines. Docker matches every pattern from the
 * context root, so each is anchored with a leading `/` (gitignore would match a slash-free
 * name at any depth); `!` re-includes keep their place.
 */
export function melangeIgnoreLines(text: string | null): string[] {
  if (text === null) return [];
  return patterns(text).map((p) => `${p.include ? '!' : ''}/${p.pattern}${p.directory ? '/' : ''}`);
}
