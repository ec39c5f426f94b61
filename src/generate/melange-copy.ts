// Docker's COPY semantics as shell lines for a melange step: a directory source copies
// its contents, several sources (or a destination ending in `/`) copy into a directory,
// and a single file copies to the destination's name. The kind of a source is only
// known when the build runs, so an unclear one gets a `[ -d ]` test.

import { posix } from 'node:path';
import { usrMerged, type SourceKind } from '../plan/paths.js';
import { quoteWord } from './quote.js';

export { guessKind, type SourceKind } from '../plan/paths.js';

export const DESTDIR = '${{targets.destdir}}';

export interface CopySource {
  /** Path as the step sees it: relative to the workspace, or absolute in the build. */
  path: string;
  kind: SourceKind;
}

export interface CopyPlan {
  sources: CopySource[];
  /** Absolute destination; a trailing `/` marks a directory. */
  dest: string;
  /** Numeric `uid:gid`, or null. */
  owner: string | null;
  /** chmod mode as written (`0755`, `u+x`), or null. */
  mode: string | null;
  /** Write into the package (`${{targets.destdir}}`) rather than the build's file system. */
  intoPackage: boolean;
  /** wolfify's output directory inside the build context (`wolfi`), or null. */
  outputDir?: string | null;
}

/** A path quoted for the shell, with `*` and `?` left active. */
export function shellGlob(path: string): string {
  return path
    .split(/([*?])/)
    .map((part) => (part === '*' || part === '?' ? part : part === '' ? '' : quoteWord(part)))
    .join('');
}

/** A destination in the build (`/usr/bin/x`) or in the package (`"${{targets.destdir}}/usr/bin/x"`). */
export function target(path: string, intoPackage: boolean, glob = false): string {
  // Wolfi merged /bin, /sbin and /lib into /usr: melange's usrmerge lint fails a package
  // with files there, and the image still finds /bin/x through the merge.
  const placed = intoPackage ? usrMerged(path) : path;
  const quoted = glob ? shellGlob(placed) : quoteWord(placed);
  if (!intoPackage) return quoted;
  if (placed === '/') return `"${DESTDIR}"`;
  return quoted === placed ? `"${DESTDIR}${path}"` : `"${DESTDIR}"${quoted}`;
}

export function copyLines(plan: CopyPlan): string[] {
  const { sources, intoPackage } = plan;
  const intoDir = plan.dest.endsWith('/') || sources.length > 1;
  const dest = trimSlash(plan.dest);
  const to = target(dest, intoPackage);
  const lines: string[] = [];
  const root = (s: CopySource) => s.kind === 'dir' && (s.path === '.' || s.path === './');
  const src = (s: CopySource) => (s.kind === 'glob' ? shellGlob(s.path) : quoteWord(s.path));
  const dirCopy = (s: CopySource) =>
    // melange's output directory is inside the workspace: `cp -a ./. <destdir>` would copy
    // the package into itself (and cp refuses), so the workspace goes entry by entry.
    intoPackage && root(s)
      ? `for f in ./* ./.[!.]* ./..?*; do if [ -e "$f" ] && [ "$f" != ./melange-out ]; then cp -a "$f" ${to}/; fi; done`
      : `cp -a ${quoteWord(trimSlash(s.path))}/. ${to}/`;
  const mkdir = (path: string) => {
    // `mkdir -p ''` fails under melange's `set -e`; `/` exists.
    if (path !== '/' && path !== '') lines.push(`mkdir -p ${target(path, intoPackage)}`);
  };
  // Owner and mode go on the source first, so that `cp -a` carries them to exactly the
  // files Docker would give them, whatever the source turns out to be. The workspace
  // root is the exception: it also holds melange's output.
  const marked = sources.filter((s) => !root(s)).map(src);
  const afterwards = sources.some(root) ? [to] : [];
  if (plan.owner && marked.length > 0) lines.push(`chown -R ${plan.owner} ${marked.join(' ')}`);
  if (plan.mode && marked.length > 0)
    lines.push(`chmod -R ${quoteWord(plan.mode)} ${marked.join(' ')}`);

  if (intoDir) {
    mkdir(dest);
    const files = sources.filter((s) => s.kind === 'file' || s.kind === 'glob');
    if (files.length > 0) lines.push(`cp -a ${files.map(src).join(' ')} ${to}/`);
    for (const s of sources) {
      if (s.kind === 'dir') lines.push(dirCopy(s));
      if (s.kind === 'unknown')
        lines.push(`if [ -d ${src(s)} ]; then ${dirCopy(s)}; else cp -a ${src(s)} ${to}/; fi`);
    }
  } else {
    const [s] = sources;
    if (!s) return [];
    if (s.kind === 'dir') {
      mkdir(dest);
      lines.push(dirCopy(s));
    } else {
      mkdir(posix.dirname(dest));
      lines.push(
        s.kind === 'unknown'
          ? `if [ -d ${src(s)} ]; then mkdir -p ${to} && ${dirCopy(s)}; else cp -a ${src(s)} ${to}; fi`
          : `cp -a ${src(s)} ${to}`,
      );
    }
  }
  if (intoPackage && dest === '/') {
    // A tree copied over the image root (`COPY rootfs /`): Wolfi merged /bin, /sbin and /lib
    // into /usr (melange's usrmerge lint), and /tmp and /run are emptied at run time anyway
    // (its tempdir lint).
    for (const dir of ['bin', 'sbin', 'lib']) {
      const from = `"${DESTDIR}/${dir}"`;
      const into = `"${DESTDIR}/usr/${dir}"`;
      lines.push(
        `if [ -d ${from} ]; then mkdir -p ${into} && cp -a ${from}/. ${into}/ && rm -rf ${from}; fi`,
      );
    }
    lines.push(
      `rm -rf ${['tmp', 'run', 'var/tmp', 'var/run'].map((d) => `"${DESTDIR}/${d}"`).join(' ')}`,
    );
  }
  if (sources.some(root)) {
    // The workspace holds melange's own output directory, and wolfify's when it is inside
    // the build context (its keys and reports): never copy them along.
    const parent = dest === '/' ? '' : dest;
    const generated = ['melange-out', ...(plan.outputDir ? [plan.outputDir] : [])];
    lines.push(`rm -rf ${generated.map((d) => target(`${parent}/${d}`, intoPackage)).join(' ')}`);
    if (plan.owner) lines.push(`chown -R ${plan.owner} ${afterwards.join(' ')}`);
    if (plan.mode) lines.push(`chmod -R ${quoteWord(plan.mode)} ${afterwards.join(' ')}`);
  }
  return lines;
}

/** A path without its trailing slashes (`/` stays `/`). */
export function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Lines that install sandbox trees (or files) at the same paths in the package. */
export function installTrees(
  roots: readonly (readonly [string, { kind: CopySource['kind'] }])[],
): string[] {
  return roots.flatMap(([path, { kind }]) =>
    copyLines({
      sources: [{ path, kind }],
      dest: kind === 'dir' ? `${path}/` : path,
      owner: null,
      mode: null,
      intoPackage: true,
    }),
  );
}
