// Docker's path rules for COPY/ADD and WORKDIR, and where a path may go in a Wolfi package.
// The parser has already expanded the stage's own ARG and ENV; what is left is what only
// the base image (GOPATH=/go) or BuildKit (TARGETOS) knows, and ARGs declared without a
// value, which Docker expands to the empty string.

import { posix } from 'node:path';
import { WolfifyError } from '../errors.js';
import { ExpansionBudget, expandWord } from '../parse/expand.js';
import type { Stage } from '../model.js';
import { platformValue } from './arch.js';
import type { CopyInstruction } from './model.js';

export type SourceKind = 'file' | 'dir' | 'glob' | 'unknown';

/** Variables the parser left in a stage's paths, and what Docker would have put there. */
export interface PathVariables {
  /** ENV of the stage's base image (GOPATH=/go). */
  baseEnv: Readonly<Record<string, string>>;
  /** ARGs the stage (or the global scope) declares without a value: empty in Docker. */
  emptyArgs: ReadonlySet<string>;
}

/** ARGs declared without a value in the stage (and, through it, the global scope). */
export function emptyArgs(
  stage: Stage,
  globalArgs: Readonly<Record<string, string | null>>,
): Set<string> {
  const out = new Set<string>();
  for (const i of stage.instructions)
    if (i.kind === 'arg' && i.value === null && !globalArgs[i.name]) out.add(i.name);
  return out;
}

/**
 * A path with the variables the parser left resolved, or null when one is still unknown.
 * `melange` mode keeps the architecture as melange's substitution (a path in a build step).
 */
export function resolvePathVariables(
  text: string,
  vars: PathVariables,
  mode: 'melange' | 'fixed' = 'fixed',
): string | null {
  if (!text.includes('$')) return text;
  let unknown = false;
  const { value } = expandWord(text, {
    lookup: (name) => {
      const known = vars.baseEnv[name] ?? platformValue(name, mode);
      if (known !== null && known !== undefined) return known;
      if (vars.emptyArgs.has(name)) return '';
      return undefined;
    },
    escape: '\\',
    quotes: false,
    budget: new ExpansionBudget(),
    fail: (message) => {
      throw new WolfifyError(message);
    },
    onUnresolved: () => {
      unknown = true;
    },
    onSyntaxError: () => {
      unknown = true;
    },
  });
  return unknown ? null : value;
}

/** An absolute, normal path without a trailing slash (`/` stays `/`). */
export function normalAbsolute(path: string): string {
  const out = posix.normalize(`/${path}`).replace(/\/{2,}/g, '/');
  return out.length > 1 ? out.replace(/\/+$/, '') : out;
}

/** WORKDIR: relative to the previous one, as Docker resolves it. */
export function nextWorkdir(current: string, path: string): string {
  return normalAbsolute(posix.resolve(current, path));
}

/**
 * Directories every base image has: Docker copies into an existing directory, so
 * `ADD <url> /tmp` leaves `/tmp/<name>` (s6-overlay's documented install).
 */
const EXISTING_DIRS = new Set([
  '/tmp',
  '/var/tmp',
  '/usr/bin',
  '/usr/local/bin',
  '/usr/sbin',
  '/bin',
  '/sbin',
  '/etc',
]);

/** `COPY . .`, `COPY a b ./`, `COPY x dir/`, `COPY x /`: the destination is a directory. */
export function isDirectoryDest(
  copy: Pick<CopyInstruction, 'dest' | 'sources' | 'heredocs'>,
): boolean {
  return (
    copy.dest === '.' ||
    copy.dest === '/' ||
    copy.dest.endsWith('/') ||
    copy.dest.endsWith('/.') ||
    EXISTING_DIRS.has(normalAbsolute(copy.dest)) ||
    copy.sources.length + copy.heredocs.length > 1 ||
    (copy.sources.length === 1 && guessKind(copy.sources[0] as string) === 'dir')
  );
}

/** Files without an extension that projects commonly have. */
const KNOWN_FILES = new Set([
  'Gemfile',
  'Rakefile',
  'Makefile',
  'Dockerfile',
  'Procfile',
  'Pipfile',
  'Justfile',
  'LICENSE',
  'README',
]);

/** What a source path probably is, from its spelling alone. */
export function guessKind(path: string): SourceKind {
  if (path === '.' || path === './' || path === '/' || path.endsWith('/') || path.endsWith('/.'))
    return 'dir';
  if (/[*?[]/.test(path)) return 'glob';
  const base = posix.basename(path);
  return base.lastIndexOf('.') > 0 || KNOWN_FILES.has(base) ? 'file' : 'unknown';
}

/** In another stage, `/app` or `/out/api` may be either; the context's `.` is a directory. */
export function sourceKind(source: string, from: string | null): SourceKind {
  const kind = guessKind(source);
  return from !== null && kind === 'file' ? 'unknown' : kind;
}

/** The absolute destination of a COPY (relative ones against WORKDIR), `/` for the image root. */
export function copyDestination(copy: Pick<CopyInstruction, 'dest'>, workdir: string): string {
  return normalAbsolute(posix.resolve(workdir, copy.dest));
}

/** What a COPY leaves in the image: one path per source (a directory merges into the destination). */
export function installedPaths(
  copy: CopyInstruction,
  workdir: string,
): [path: string, kind: SourceKind][] {
  const dest = copyDestination(copy, workdir);
  if (!isDirectoryDest(copy)) return [[dest, installedKind(copy)]];
  const out: [string, SourceKind][] = copy.heredocs.map((h) => [posix.join(dest, h.name), 'file']);
  for (const source of copy.sources) {
    const url = copy.kind === 'add' && /^https?:\/\//.test(source);
    const kind = url ? 'file' : sourceKind(source, copy.from);
    const name = posix.basename(url && URL.canParse(source) ? new URL(source).pathname : source);
    out.push(kind === 'file' ? [posix.join(dest, name), 'file'] : [dest, 'dir']);
  }
  return out;
}

function installedKind(copy: CopyInstruction): SourceKind {
  const kind = sourceKind(copy.sources[0] ?? '', copy.from);
  return kind === 'glob' || copy.heredocs.length > 0 || copy.kind === 'add' ? 'file' : kind;
}

/** Wolfi merged /bin, /sbin and /lib into /usr (melange's usrmerge lint fails a build otherwise). */
export function usrMerged(path: string): string {
  const m = /^\/(bin|sbin|lib|lib64)(\/.*)?$/.exec(path);
  if (!m) return path;
  const dir = m[1] === 'lib64' ? 'lib' : m[1];
  return `/usr/${dir}${m[2] ?? ''}`;
}

/** Directories a package must not ship (melange's tempdir lint): the image makes them at run time. */
const TEMP_ROOTS = ['/tmp', '/run', '/var/tmp', '/var/run'];

export function isTemporary(path: string): boolean {
  return TEMP_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));
}

export function within(path: string, root: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
}
