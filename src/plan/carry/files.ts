// File commands of an image stage (mv, cp, tar, unzip, chmod, ln, rm, sed -i …) run inside
// the package being built: an absolute path outside the build's scratch space is where the
// image has the file, so it becomes the same path under ${{targets.destdir}}. Scratch paths
// (/tmp, the workspace) stay where they are: downloads and unpacked archives pass through
// them. A builder stage's commands run unchanged; its build copies out what is taken.

import { posix } from 'node:path';
import { DESTDIR, inPackage, programOf, scriptLine, type CarryContext } from './model.js';

/**
 * Paths that hold the build's own intermediate files or package-manager caches, never
 * anything the image takes from the package.
 */
const SCRATCH = [
  '/tmp',
  '/var/tmp',
  '/home/build',
  '/dev',
  '/proc',
  '/root/.cache',
  '/var/cache',
  '/var/lib/apt/lists',
  '/var/lib/dnf',
  '/var/lib/yum',
  '/var/log/apt',
  '/var/log/dnf.log',
  '/root/.npm',
  '/usr/local/share/.cache',
  '/root/.composer/cache',
  '/root/.gem',
];

export function isScratch(path: string): boolean {
  return SCRATCH.some((s) => path === s || path.startsWith(`${s}/`));
}

/**
 * A path operand as the package sees it: absolute paths move under the destdir, except
 * scratch space, paths the RUN removes again (`transient`: a source tree built and deleted)
 * and the application directory (the WORKDIR), which is built in place and shipped whole.
 */
export function packagePath(path: string, appDir = '/', transient: readonly string[] = []): string {
  if (!path.startsWith('/') || isScratch(path) || path.startsWith(DESTDIR)) return path;
  if (transient.some((t) => path === t || path.startsWith(`${t}/`))) return path;
  if (appDir !== '/' && (path === appDir || path.startsWith(`${appDir}/`))) return path;
  return inPackage(path);
}

/** Commands whose path operands this module knows how to place. */
const FILE_COMMANDS = new Set([
  'mv',
  'cp',
  'install',
  'tar',
  'unzip',
  'gunzip',
  'gzip',
  'xz',
  'unxz',
  'bunzip2',
  'chmod',
  'chown',
  'chgrp',
  'ln',
  'rm',
  'rmdir',
  'mkdir',
  'touch',
  'sed',
  'tee',
  'cat',
  'fix-permissions',
]);

export function isFileCommand(argv: readonly string[]): boolean {
  return FILE_COMMANDS.has(programOf(argv));
}

/** Options whose value is a path the command writes into. */
const OUTPUT_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  tar: ['-C', '--directory'],
  unzip: ['-d'],
  cp: ['-t', '--target-directory'],
  mv: ['-t', '--target-directory'],
  install: ['-t', '--target-directory'],
  ln: ['-t', '--target-directory'],
};

/** Options that take a value (kept as they are unless listed above). */
const VALUE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  tar: [
    '-C',
    '--directory',
    '-f',
    '--file',
    '--strip-components',
    '--exclude',
    '-T',
    '--files-from',
    '--owner',
    '--group',
    '--mode',
    '-X',
  ],
  unzip: ['-d', '-x'],
  cp: ['-t', '--target-directory', '-S', '--suffix'],
  mv: ['-t', '--target-directory', '-S', '--suffix'],
  install: ['-t', '--target-directory', '-m', '--mode', '-o', '--owner', '-g', '--group', '-S'],
  ln: ['-t', '--target-directory', '-S'],
  chown: ['--from'],
  sed: ['-e', '--expression', '-f', '--file'],
  mkdir: ['-m', '--mode'],
};

/**
 * The command's text with its paths placed in the package (image stages), plus the
 * directories to create first. `ln -s TARGET LINK` keeps TARGET: the link resolves in the image.
 */
export function inPackageLines(argv: readonly string[], ctx: CarryContext): string[] {
  if (!ctx.inImage) return [scriptLine(argv)];
  const program = programOf(argv);
  const appDir = ctx.appDir ?? ctx.workdir;
  const transient = ctx.transient ?? [];
  const resolve = (p: string) =>
    p.startsWith('/') || p.startsWith('$') ? p : posix.resolve(ctx.workdir, p);
  const outputs = OUTPUT_OPTIONS[program] ?? [];
  const values = VALUE_OPTIONS[program] ?? [];
  const out: string[] = [argv[0] ?? program];
  const parents = new Set<string>();
  const operands: number[] = [];
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] ?? '';
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    if (eq > 0 && outputs.includes(word.slice(0, eq))) {
      const dir = packagePath(resolve(word.slice(eq + 1)), appDir, transient);
      parents.add(dir);
      out.push(`${word.slice(0, eq + 1)}${dir}`);
    } else if (outputs.includes(word)) {
      const dir = packagePath(resolve(argv[i + 1] ?? '.'), appDir, transient);
      parents.add(dir);
      out.push(word, dir);
      i++;
    } else if (
      values.includes(word) ||
      (program === 'tar' && /^-[a-zA-Z]*f$/.test(word) && !word.startsWith('--'))
    ) {
      const value = argv[i + 1] ?? '';
      // tar's archive and sed's script file are read from where the build put them.
      out.push(word, value.startsWith('/') ? packagePath(value, appDir, transient) : value);
      i++;
    } else if (word.startsWith('-') && word !== '-') out.push(word);
    else {
      operands.push(out.length);
      out.push(word);
    }
  }
  const symbolic =
    program === 'ln' && argv.some((w) => /^-[a-zA-Z]*s/.test(w) || w === '--symbolic');
  // chmod's mode, chown's owner, sed's script (without -e): the first operand is not a path.
  const skipFirst =
    ['chmod', 'chown', 'chgrp'].includes(program) ||
    (program === 'sed' && !argv.some((w) => w === '-e' || w === '--expression' || w === '-f'));
  operands.forEach((at, n) => {
    if (n === 0 && skipFirst) return;
    if (symbolic && n < operands.length - 1) return; // link targets resolve in the image
    const word = out[at] ?? '';
    if (word.startsWith('/')) out[at] = packagePath(word, appDir, transient);
  });
  // mv/cp/install/ln into a directory of the image: its parent must exist in the package.
  if (['mv', 'cp', 'install', 'ln', 'touch', 'tee'].includes(program) && operands.length > 0) {
    const last = out[operands[operands.length - 1] as number] ?? '';
    if (last.startsWith(DESTDIR)) parents.add(last.endsWith('/') ? last : posix.dirname(last));
  }
  if (program === 'mkdir') {
    const withParents = out.includes('-p') || out.includes('--parents');
    if (!withParents) out.splice(1, 0, '-p');
  }
  const mkdirs = [...parents].filter((p) => p.startsWith(DESTDIR));
  return [...(mkdirs.length > 0 ? [scriptLine(['mkdir', '-p', ...mkdirs])] : []), scriptLine(out)];
}
