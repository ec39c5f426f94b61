// The hook the plan's fate decision calls for one simple command of a RUN: how it is
// carried into the Wolfi build. Each pattern lives in its own module; this one picks the
// module, in the order that keeps the most specific knowledge first, and says `dropped`
// (an error with the way to carry it) for whatever none of them knows.

import { posix } from 'node:path';
import { finding } from '../../findings.js';
import { hasSubstitution, shieldScript } from '../../generate/melange-script.js';
import { carryApache } from './apache.js';
import { carryCompiled } from './compiled.js';
import { carryConfigEdit, carryOwnEdit } from './config.js';
import { carryDistro, dropped } from './distro.js';
import { carryDownload, fetchedFile, replacingPackage, verifiedChecksum } from './downloads.js';
import { inPackageLines, isFileCommand, isScratch } from './files.js';
import {
  carry,
  inPackage,
  programOf,
  runsStep,
  scriptLine,
  type Carry,
  type CarryCommand,
  type CarryContext,
} from './model.js';
import { carryNode } from './node.js';
import { carryPython } from './python.js';
import { carryRuby } from './ruby.js';

export type { Carry, CarryCommand, CarryContext, CarryFate, Runtime } from './model.js';

export function carryCommand(cmd: CarryCommand, context: CarryContext): Carry {
  const appDir = context.appDir ?? context.workdir;
  const ctx = {
    ...context,
    appDir,
    workdir: workdirAt(cmd, context.workdir),
    transient: removedLater(cmd, context.workdir),
  };
  let carried = decide(cmd, ctx);
  // Whatever a rule says, a command that writes its output into a file leaves that file
  // (`pip freeze > requirements.lock`): it runs in the build, writing into the package.
  if (carried.fate === 'unneeded' && cmd.writes && !cmd.writes.path.startsWith('/dev/'))
    carried = carryOwnEdit(cmd, ctx) ?? carried;
  // The application directory is built in place: a step that works in it ships it.
  const inApp = (dir: string | undefined) =>
    dir !== undefined && appDir !== '/' && (dir === appDir || dir.startsWith(`${appDir}/`));
  if (
    ctx.inImage &&
    carried.fate === 'melange' &&
    carried.steps.some((s) => inApp(s['working-directory'])) &&
    !carried.ships.includes(appDir)
  )
    carried.ships.push(appDir);
  return carried;
}

function decide(cmd: CarryCommand, ctx: CarryContext & { appDir: string }): Carry {
  const program = programOf(cmd.argv);
  if (program === 'cd' || program === 'pushd' || program === 'popd')
    return carry('melange', 'sets the directory of the commands after it');
  // melange would substitute a `${{` of the Dockerfile's own: the command runs as written, shielded.
  if ([...cmd.argv, cmd.stdin ?? ''].some(hasSubstitution))
    return carry('melange', 'a step of the build, as written', {
      steps: [
        runsStep(`${program} (line ${cmd.line})`, [shieldScript(cmd.text)], {
          workdir: ctx.workdir,
        }),
      ],
    });
  const replaced = replacedByPackage(cmd, ctx);
  if (replaced) return replaced;
  if ((program === 'echo' || program === 'printf' || program === 'true') && !cmd.writes)
    return cmd.pipesInto
      ? carry('unneeded', 'its text goes to the command it pipes into, which carries it')
      : carry('unneeded', 'only prints to the build log');
  // `memcached -V`, `dockerize --version`: a smoke test of what the RUN installed.
  if (cmd.argv.length === 2 && VERSION_FLAGS.has(cmd.argv[1] ?? '') && !cmd.writes)
    return carry('unneeded', 'only prints its version to the build log');
  const verification = verify(cmd, ctx);
  if (verification) return verification;
  return (
    carryPython(cmd, ctx) ??
    carryNode(cmd, ctx) ??
    carryRuby(cmd, ctx) ??
    carryCompiled(cmd, ctx) ??
    carryDownload(cmd, ctx) ??
    carryApache(cmd, ctx) ??
    carryDistro(cmd, ctx) ??
    carryConfigEdit(cmd, ctx) ??
    carryFiles(cmd, ctx) ??
    carryOwnEdit(cmd, ctx) ??
    carryBuildStep(cmd, ctx) ??
    unknown(cmd, ctx)
  );
}

const VERSION_FLAGS = new Set(['--version', '-V', '-v', 'version', '-version']);

/** Docker runs a RUN in one shell: `cd dir && make` makes in dir. */
function workdirAt(cmd: CarryCommand, workdir: string): string {
  let dir = workdir;
  for (const argv of cmd.run.slice(0, cmd.index)) {
    if (programOf(argv) !== 'cd') continue;
    const to = argv[1];
    if (to && to !== '-' && !to.includes('$')) dir = posix.resolve(dir, to);
  }
  return dir;
}

/**
 * What this command or a later one of the RUN removes: `mkdir /usr/src/x; tar -C /usr/src/x;
 * make -C /usr/src/x install; rm -r /usr/src/x` builds in scratch that never reaches the image.
 * Globs and variables are left out (they may name more than the build made).
 */
function removedLater(cmd: CarryCommand, workdir: string): string[] {
  const out: string[] = [];
  cmd.run.forEach((argv, index) => {
    if (index < cmd.index || programOf(argv) !== 'rm') return;
    const dir = workdirAt({ ...cmd, index }, workdir);
    for (const operand of argv.slice(1))
      if (!operand.startsWith('-') && !/[*?[$]/.test(operand)) {
        const path = posix.resolve(dir, operand);
        if (path !== '/') out.push(path);
      }
  });
  return out;
}

/** Commands that only unpack, check, build or place what a replaced download brought. */
const WITH_THE_DOWNLOAD = new Set([
  'tar',
  'unzip',
  'gunzip',
  'xz',
  'mv',
  'cp',
  'chmod',
  'chown',
  'ln',
  'rm',
  'install',
  'mkdir',
  'sha256sum',
  'sha512sum',
  'sha1sum',
  'gpg',
  'gpgv',
  'gpgconf',
  'make',
  'cmake',
  'ninja',
  './configure',
  'configure',
  'strip',
  'export',
  'ldconfig',
]);

const INTERPRETERS = /^(sh|bash|dash|ash|zsh|python[\d.]*|node|perl|ruby)$/;

/** What the installers table replaces with a Wolfi package: the download and its unpacking or build. */
function replacedByPackage(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const replacement = replacingPackage(cmd.run, ctx);
  if (!replacement) return null;
  const program = programOf(cmd.argv);
  const isDownload = fetchedFile(cmd.argv, ctx.workdir)?.url === replacement.url;
  const source = cmd.run.some((argv) => ['make', 'configure', 'cmake'].includes(programOf(argv)));
  if (isDownload) {
    const findings = source
      ? [
          finding(
            'WF342',
            `the RUN builds ${replacement.rule.name} from source; Wolfi's ${replacement.name} replaces the whole build`,
            { line: cmd.line, stage: ctx.stage },
            {
              hint:
                replacement.detail ??
                "Check that the application runs with Wolfi's version and build options.",
            },
          ),
        ]
      : [];
    return carry(
      'package',
      `${replacement.name} replaces the download (${replacement.rule.name})`,
      {
        imagePackages: ctx.inImage ? [replacement.name] : [],
        buildPackages: ctx.inImage ? [] : [replacement.name],
        findings,
      },
    );
  }
  if (WITH_THE_DOWNLOAD.has(program) || WITH_THE_DOWNLOAD.has(cmd.argv[0] ?? ''))
    return carry('package', `part of what ${replacement.name} replaces`);
  // `curl … | python3 -`, `| sh -s -- --yes`: the interpreter runs the replaced installer.
  if (INTERPRETERS.test(program) && cmd.argv.slice(1).every((a) => a.startsWith('-')))
    return carry('package', `runs the installer ${replacement.name} replaces`);
  return null;
}

const CHECKSUMS = new Set(['sha256sum', 'sha512sum', 'sha1sum', 'shasum', 'md5sum']);

/** A checksum that a fetch step checks already; a signature check stays, with gnupg. */
function verify(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const program = programOf(cmd.argv);
  if (CHECKSUMS.has(program)) {
    const fetched = cmd.run.some(
      (argv, i) => i < cmd.index && fetchedFile(argv, ctx.workdir)?.output,
    );
    const carried = fetched && verifiedChecksum(cmd.run) !== null;
    return carried
      ? carry('unneeded', "melange fetch checks the download's checksum")
      : carry('melange', 'checks the download in the build', {
          steps: [
            runsStep(
              `${program} (line ${cmd.line})`,
              // The sums it checks come on its input: `echo "SUM *f" | sha1sum -c -`.
              [
                cmd.pipedFrom
                  ? `${scriptLine(cmd.pipedFrom)} | ${scriptLine(cmd.argv)}`
                  : scriptLine(cmd.argv),
              ],
              { workdir: ctx.workdir },
            ),
          ],
        });
  }
  if (program === 'gpg' || program === 'gpg2' || program === 'gpgv' || program === 'gpgconf') {
    const gnupg = ctx.catalog.resolve('gnupg');
    return carry('melange', 'checks the signature in the build, with gnupg', {
      buildPackages: gnupg ? [gnupg] : [],
      steps: [
        runsStep(`${program} (line ${cmd.line})`, [scriptLine(cmd.argv)], { workdir: ctx.workdir }),
      ],
    });
  }
  return null;
}

/** Scratch cleanup leaves nothing; other file commands run on the package's files. */
function carryFiles(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  if (!isFileCommand(cmd.argv) || cmd.writes) return null;
  const program = programOf(cmd.argv);
  if (program === 'sed' && !cmd.argv.some((a) => /^-[a-zA-Z]*i/.test(a))) return null;
  if (program === 'cat' || program === 'tee') return null;
  const operands = cmd.argv.slice(1).filter((a) => !a.startsWith('-'));
  const paths = operands.map((p) => posix.resolve(ctx.workdir, p));
  if ((program === 'rm' || program === 'rmdir') && paths.length > 0) {
    if (paths.every(isScratch))
      return carry('unneeded', 'removes scratch files the package never holds');
    if (paths.every((p) => isScratch(p) || isDocumentation(p)))
      return carry(
        'unneeded',
        'removes documentation; Wolfi keeps it in -doc subpackages the image does not install',
      );
    const system = paths.find(
      (p) => SYSTEM_FILES.test(p) && !p.startsWith(ctx.workdir === '/' ? '\0' : ctx.workdir),
    );
    if (system && ctx.inImage)
      return dropped(
        cmd,
        ctx,
        `removes ${system}, which a Wolfi package may install`,
        "A package cannot remove another package's file: leave it, or ship a replacement with `replaces:`.",
      );
  }
  // A path the Dockerfile left as a variable (from the base image's ENV) cannot be placed.
  const unresolved = operands.find((p) => p.includes('$'));
  if (unresolved && ctx.inImage)
    return dropped(
      cmd,
      ctx,
      `works on ${unresolved}, whose variable wolfify cannot resolve`,
      'Declare the variable with ENV or ARG in the Dockerfile (the base image sets it), or write the path out.',
    );
  const lines =
    program === 'fix-permissions'
      ? fixPermissions(operands, ctx)
      : inPackageLines(program === 'rm' ? forceRemove(cmd.argv) : cmd.argv, ctx);
  return carry('melange', ctx.inImage ? 'on the files of the package' : 'a step of the build', {
    steps: [runsStep(`${program} (line ${cmd.line})`, lines, { workdir: ctx.workdir })],
  });
}

/** Manuals and package docs: Wolfi splits them into -doc subpackages. */
const DOCUMENTATION = /^\/usr\/share\/(man|doc|info|doc-base|lintian|linda)(\/|$)/;

function isDocumentation(path: string): boolean {
  return DOCUMENTATION.test(path);
}

/** Where Wolfi packages install their files (not /usr/local, /usr/src, /opt). */
const SYSTEM_FILES = /^\/(etc|lib|bin|sbin|usr\/(bin|sbin|lib|lib64|libexec|share|include))(\/|$)/;

/** The build only holds what it made: removing something it never made must not fail the build. */
function forceRemove(argv: readonly string[]): string[] {
  return argv.some((a) => /^-[a-zA-Z]*f/.test(a))
    ? [...argv]
    : [argv[0] ?? 'rm', '-f', ...argv.slice(1)];
}

/** OpenShift's fix-permissions: group 0 owns the tree and has the owner's rights. */
function fixPermissions(dirs: readonly string[], ctx: CarryContext): string[] {
  return dirs.flatMap((d) => {
    const dir = ctx.inImage ? inPackage(posix.resolve(ctx.workdir, d)) : d;
    return [scriptLine(['chgrp', '-R', '0', dir]), scriptLine(['chmod', '-R', 'g=u', dir])];
  });
}

/** Programs that build or generate the application's files where they run. */
const BUILDERS =
  /^(make|cmake|ninja|meson|\.\/configure|configure|autoreconf|gcc|cc|g\+\+|python[\d.]*|node|npx|php|ruby|rake|rails|java|sh|bash|perl|strip|patch|javac|jar)$/;

function carryBuildStep(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const program = programOf(cmd.argv);
  const script = (cmd.argv[0] ?? '').startsWith('./') || (cmd.argv[0] ?? '').endsWith('.sh');
  if (!BUILDERS.test(program) && !script) return null;
  let argv = [...cmd.argv];
  // `make install` of an image stage installs into the package.
  if (
    ctx.inImage &&
    program === 'make' &&
    argv.includes('install') &&
    !argv.some((a) => a.startsWith('DESTDIR='))
  )
    argv = [...argv, `DESTDIR=${inPackage('')}`];
  return carry('melange', `a step of the build in ${ctx.workdir}`, {
    steps: [
      runsStep(`${program} (line ${cmd.line})`, [scriptLine(argv)], { workdir: ctx.workdir }),
    ],
  });
}

function unknown(cmd: CarryCommand, ctx: CarryContext & { appDir: string }): Carry {
  const program = programOf(cmd.argv);
  // In the application directory, a tool works on the application's files (`hugo --minify`,
  // `deno cache main.ts`): a step there, with the tool's Wolfi package when there is one.
  if (
    ctx.inImage &&
    ctx.appDir !== '/' &&
    !isScratch(ctx.appDir) &&
    ctx.workdir.startsWith(ctx.appDir)
  ) {
    const tool = ctx.catalog.resolve(program);
    return carry('melange', `a step of the build in ${ctx.workdir}, which the package ships`, {
      buildPackages: tool ? [tool] : [],
      steps: [
        runsStep(`${program} (line ${cmd.line})`, [scriptLine(cmd.argv)], { workdir: ctx.workdir }),
      ],
    });
  }
  if (!ctx.inImage)
    return carry('melange', 'a step of the build', {
      steps: [
        runsStep(`${programOf(cmd.argv)} (line ${cmd.line})`, [scriptLine(cmd.argv)], {
          workdir: ctx.workdir,
        }),
      ],
    });
  return dropped(
    cmd,
    ctx,
    `runs ${programOf(cmd.argv) || 'a command'}, whose effect on the image wolfify does not know`,
    `Add a melange step that runs it and installs what it makes into ${inPackage('/…')}, or a Wolfi package that provides the result.`,
  );
}
