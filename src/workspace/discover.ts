import { readdirSync } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { WolfifyError } from '../errors.js';

// Finding the Dockerfiles of a repository for `batch`: the default names below the working
// directory, minus what git ignores, node_modules, and the folders wolfify itself wrote.
// Paths come back relative to the working directory, POSIX-style and sorted, so that
// reports and SARIF locations are the same on every machine.

export const DEFAULT_PATTERNS = [
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/Containerfile',
  '**/Containerfile.*',
] as const;

// Never worth walking into: version control and installed dependencies.
const ALWAYS_SKIPPED = ['**/.git/**', '**/node_modules/**'];

// BuildKit reads `Dockerfile.dockerignore` beside a Dockerfile: the name matches, the content is not one.
const NOT_DOCKERFILES = ['.dockerignore'];

/** How the tree is walked: hidden files too, links not followed, the always-skipped folders left out. */
const TREE_WALK = {
  dot: true,
  onlyFiles: true,
  followSymbolicLinks: false,
  expandDirectories: false,
  ignore: ALWAYS_SKIPPED,
};

export interface DiscoverOptions {
  /** The tree to search; results are relative to it. */
  cwd: string;
  /** Where relative patterns start, when not at cwd (see searchRoot). */
  workingDirectory?: string;
  /** Directories (relative to cwd or absolute) to leave out, e.g. the --out-dir. */
  skip?: readonly string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
}

/**
 * The Dockerfiles that `patterns` name below `options.cwd`. A pattern is a glob, a directory
 * (searched with the default patterns) or a file (taken as given, even when git ignores it).
 */
export async function discoverDockerfiles(
  patterns: readonly string[],
  options: DiscoverOptions,
): Promise<string[]> {
  const root = resolve(options.cwd);
  const realRoot = await realpath(root);
  const globs: string[] = [];
  const explicit: string[] = [];

  const from = resolve(options.workingDirectory ?? root);
  for (const pattern of patterns.length > 0 ? patterns : DEFAULT_PATTERNS) {
    const posix = pattern.split(sep).join('/');
    if (isDynamicPattern(posix)) {
      // `$PWD/**/Dockerfile` or `../repo/*/Dockerfile`: the static part, placed in the tree.
      const { base, rest } = splitGlob(posix);
      const relativeBase = insideTreeOrNull(root, resolve(from, base));
      if (relativeBase === null || rest.split('/').includes('..')) {
        throw new WolfifyError(
          `${pattern}: the pattern leaves ${root}; name a directory it starts from instead`,
          2,
        );
      }
      globs.push(relativeBase === '' ? rest : `${escapeGlob(relativeBase)}/${rest}`);
      continue;
    }
    const relativePath = insideTree(root, resolve(from, pattern), pattern);
    const info = await stat(join(root, relativePath)).catch(() => null);
    if (!info) throw new WolfifyError(`${pattern}: no such file or directory`, 2);
    if (info.isDirectory()) {
      const prefix = relativePath === '' ? '' : `${escapeGlob(relativePath)}/`;
      globs.push(...DEFAULT_PATTERNS.map((p) => `${prefix}${p}`));
    } else {
      if (!(await staysInTree(root, realRoot, relativePath))) {
        throw new WolfifyError(
          `${pattern} is a symbolic link that leads out of the working directory`,
          2,
        );
      }
      explicit.push(relativePath);
    }
  }

  const found = new Set(explicit);
  if (globs.length > 0) {
    const skip = (options.skip ?? []).map((dir) => insideTreeOrNull(root, dir)).filter(isSet);
    const useGitignore = options.gitignore !== false;
    // One walk finds both the candidates and the .gitignore files that judge them.
    const walked = await glob(useGitignore ? [...globs, GITIGNORE_GLOB] : globs, {
      cwd: root,
      ...TREE_WALK,
    });
    const gitignoreFiles = walked.filter(isGitignore);
    const candidates = walked.filter((path) => !isGitignore(path));
    const ignored = useGitignore ? await gitignoreMatcher(root, gitignoreFiles) : null;
    const kept = candidates.filter(
      (path) =>
        !NOT_DOCKERFILES.some((suffix) => path.endsWith(suffix)) &&
        !skip.some((dir) => dir === '' || path.startsWith(`${dir}/`)) &&
        !ignored?.ignores(path, false) &&
        !isInWolfifyOutput(root, path),
    );
    // The walk does not follow links; this guards against a link it reports anyway.
    const inTree = await Promise.all(kept.map((path) => staysInTree(root, realRoot, path)));
    kept.forEach((path, i) => {
      if (inTree[i]) found.add(path);
    });
  }
  // Code-point order, not locale order: the same on every machine.
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isSet<T>(value: T | null): value is T {
  return value !== null;
}

function insideTreeOrNull(root: string, path: string): string | null {
  const rel = relative(root, resolve(root, path));
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}

function insideTree(root: string, path: string, shown: string): string {
  const rel = insideTreeOrNull(root, path);
  if (rel === null) throw new WolfifyError(`${shown} is outside ${root}`, 2);
  return rel;
}

/** A glob's leading directories without wildcards (its base), and the rest. */
function splitGlob(posix: string): { base: string; rest: string } {
  const parts = posix.split('/');
  const firstDynamic = parts.findIndex((part) => isDynamicPattern(part));
  const cut = firstDynamic === -1 ? parts.length - 1 : firstDynamic;
  const base = parts.slice(0, cut).join('/');
  return {
    base: base === '' && posix.startsWith('/') ? '/' : base,
    rest: parts.slice(cut).join('/'),
  };
}

/** Where a pattern starts: a glob's base, a directory itself, a file's directory. */
async function patternBase(cwd: string, pattern: string): Promise<string> {
  const posix = pattern.split(sep).join('/');
  if (isDynamicPattern(posix)) return resolve(cwd, splitGlob(posix).base);
  const path = resolve(cwd, pattern);
  const info = await stat(path).catch(() => null);
  return info?.isDirectory() ? path : dirname(path);
}

/**
 * The tree a batch searches, and that its reports and outputs are relative to: the working
 * directory, unless patterns start above it (`../other-repo`, an absolute glob elsewhere);
 * then the outermost base among those, which must hold every pattern. So a batch never
 * names or writes a file outside the tree it reports on.
 */
export async function searchRoot(patterns: readonly string[], cwd: string): Promise<string> {
  const root = resolve(cwd);
  const bases = await Promise.all(patterns.map((p) => patternBase(root, p)));
  const above = bases
    .filter((base) => insideTreeOrNull(root, base) === null)
    .sort((a, b) => a.length - b.length);
  const outermost = above[0];
  if (outermost === undefined) return root;
  const stray = patterns.find((_, i) => insideTreeOrNull(outermost, bases[i] as string) === null);
  if (stray !== undefined) {
    throw new WolfifyError(
      `${stray}: patterns above the working directory must all start in one directory (${outermost} here); run batch once for each`,
      2,
    );
  }
  return outermost;
}

async function staysInTree(root: string, realRoot: string, path: string): Promise<boolean> {
  const info = await lstat(join(root, path)).catch(() => null);
  if (!info) return false;
  if (!info.isSymbolicLink()) return true;
  const target = await realpath(join(root, path)).catch(() => null);
  if (target === null) return false;
  const rel = relative(realRoot, target);
  return !(rel.startsWith('..') || isAbsolute(rel));
}

function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!@+]/g, '\\$&');
}

/**
 * A `wolfi/` folder beside a Dockerfile is where batch writes (apko.yaml, or a converted
 * Dockerfile with --to dockerfile): output, not source, so wolfify never converts its own files.
 */
function isInWolfifyOutput(root: string, path: string): boolean {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] !== 'wolfi') continue;
    let siblings: string[];
    try {
      siblings = readdirSync(join(root, ...parts.slice(0, i)));
    } catch {
      continue;
    }
    if (siblings.some(isDockerfileName)) return true;
  }
  return false;
}

function isDockerfileName(name: string): boolean {
  return /^(Dockerfile|Containerfile)(\..+)?$/.test(name) || name.endsWith('.Dockerfile');
}

// ---------------------------------------------------------------- .gitignore

interface IgnoreRule {
  /** Directory of the .gitignore, relative to the root ('' for the root). */
  base: string;
  negate: boolean;
  directoryOnly: boolean;
  pattern: RegExp;
}

/** The .gitignore files of a tree, root first, applied the way git does. */
export class GitignoreMatcher {
  private readonly decided = new Map<string, boolean>();

  constructor(private readonly rules: readonly IgnoreRule[]) {}

  /** True when git would ignore `path` (relative, POSIX) — itself or through a parent directory. */
  ignores(path: string, isDirectory: boolean): boolean {
    const parts = path.split('/');
    // A file inside an ignored directory cannot be re-included (gitignore(5)).
    for (let i = 1; i < parts.length; i++) {
      if (this.ignoresDirectory(parts.slice(0, i).join('/'))) return true;
    }
    return this.matches(path, isDirectory);
  }

  private ignoresDirectory(dir: string): boolean {
    let known = this.decided.get(dir);
    if (known === undefined) {
      known = this.matches(dir, true);
      this.decided.set(dir, known);
    }
    return known;
  }

  private matches(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.base !== '' && !path.startsWith(`${rule.base}/`)) continue;
      const local = rule.base === '' ? path : path.slice(rule.base.length + 1);
      if (rule.pattern.test(local)) ignored = !rule.negate;
    }
    return ignored;
  }
}

const GITIGNORE_GLOB = '**/.gitignore';

function isGitignore(path: string): boolean {
  return path === '.gitignore' || path.endsWith('/.gitignore');
}

export async function loadGitignores(root: string): Promise<GitignoreMatcher> {
  const files = await glob([GITIGNORE_GLOB], { cwd: root, ...TREE_WALK });
  return gitignoreMatcher(root, files);
}

async function gitignoreMatcher(root: string, files: string[]): Promise<GitignoreMatcher> {
  // Root first, then deeper files: a nested .gitignore overrides its parents.
  files.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
  const rules: IgnoreRule[] = [];
  for (const file of files) {
    const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    const text = await readFile(join(root, file), 'utf8').catch(() => '');
    rules.push(...parseGitignore(text, base));
  }
  return new GitignoreMatcher(rules);
}

/** Rules of one .gitignore file whose directory is `base`. */
export function parseGitignore(text: string, base = ''): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = trimUnescapedTrailingSpaces(rawLine);
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    let directoryOnly = false;
    if (line.endsWith('/')) {
      directoryOnly = true;
      line = line.slice(0, -1);
    }
    if (line === '') continue;
    // A slash at the start or in the middle anchors the pattern to the .gitignore's directory.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = globToRegExpSource(line);
    const source = anchored || line.startsWith('**/') ? `^${body}$` : `^(?:.*/)?${body}$`;
    rules.push({ base, negate, directoryOnly, pattern: new RegExp(source) });
  }
  return rules;
}

function trimUnescapedTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

/** gitignore's glob dialect: `*`, `?`, `[…]`, `**` as a whole segment, `\` escapes. */
function globToRegExpSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegExp(glob[++i] as string);
    } else if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === glob.length) {
            out += '.*'; // `dir/**`: everything inside
          } else {
            out += '(?:.*/)?'; // `**/` and `a/**/b`: zero or more directories
            i++;
          }
          i++;
          continue;
        }
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let set = glob.slice(i + 1, close);
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        out += `[${set.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else {
      out += escapeRegExp(c);
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
