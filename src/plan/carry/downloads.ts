// Downloads: curl/wget of a file the Dockerfile verifies becomes a melange `fetch` step
// with its checksum (melange checks it; nothing is trusted that Docker did not check);
// `git clone` becomes `git-checkout`. BuildKit's TARGETARCH does not exist in melange:
// the URL names the architecture melange builds (${{build.goarch}}), one build per arch.
// When Wolfi packages the software the URL installs (rules/installers.yaml), the package
// replaces the download and everything the RUN does with it.

import { posix } from 'node:path';
import { CURL_VALUE_FLAGS, WGET_VALUE_FLAGS } from '../../analyze/downloads.js';
import { matchInstaller, type InstallerRule } from '../../analyze/installers.js';
import { parseArgs, flagValue } from '../../analyze/options.js';
import type { PipelineStep } from '../../generate/pipelines/types.js';
import { finding } from '../../findings.js';
import { chooseInstallerPackage } from '../../supply-chain.js';
import { packagePath } from './files.js';
import {
  carry,
  programOf,
  runsStep,
  scriptLine,
  type Carry,
  type CarryCommand,
  type CarryContext,
} from './model.js';
import { toolPackages } from './toolchain.js';

/** BuildKit's platform ARGs as melange knows the architecture being built. */
const ARCH_VARIABLES: readonly [RegExp, string][] = [
  [/\$\{?(TARGETARCH|BUILDARCH)\}?/g, '${{build.goarch}}'],
  [/\$\{?(TARGETOS|BUILDOS)\}?/g, 'linux'],
  [/\$\{?(TARGETPLATFORM|BUILDPLATFORM)\}?/g, 'linux/${{build.goarch}}'],
  [/\$\(uname -m\)/g, '${{build.arch}}'],
];

export function perArch(url: string): string {
  return ARCH_VARIABLES.reduce((u, [pattern, value]) => u.replace(pattern, value), url);
}

const words = (argv: readonly string[]) =>
  argv.map((value) => ({ value, dynamic: value.includes('$') }));

export interface Fetched {
  url: string;
  /** Where the Dockerfile saved it (-o/-O), or null when piped (curl … | tar x). */
  output: string | null;
  /** True when the Dockerfile named the output relative to the working directory. */
  relative: boolean;
}

/** What a curl/wget command downloads and where it puts it. */
export function fetchedFile(argv: readonly string[], workdir: string): Fetched | null {
  const tool = programOf(argv);
  if (tool !== 'curl' && tool !== 'wget') return null;
  const parsed = parseArgs(
    words(argv.slice(1)),
    tool === 'curl' ? CURL_VALUE_FLAGS : WGET_VALUE_FLAGS,
  );
  const url = flagValue(parsed, '--url')?.value ?? parsed.positionals[0]?.value;
  if (!url || !/^https?:\/\//.test(url)) return null;
  const name = posix.basename(new URL(url.replace(/\$\{?\w+\}?/g, 'x')).pathname) || 'index.html';
  const given =
    tool === 'curl'
      ? (flagValue(parsed, '-o', '--output')?.value ??
        (parsed.options.some((o) => o.flag === '-O' || o.flag === '--remote-name')
          ? posix.basename(url)
          : null))
      : (flagValue(parsed, '-O', '--output-document')?.value ??
        (flagValue(parsed, '-P', '--directory-prefix')
          ? posix.join(
              flagValue(parsed, '-P', '--directory-prefix')?.value ?? '.',
              posix.basename(url),
            )
          : name));
  const output = given === null || given === '-' ? null : posix.resolve(workdir, given);
  return { url, output, relative: output !== null && !(given ?? '').startsWith('/') };
}

const HEX = /^[0-9a-f]+$/i;

/** The checksum the RUN verifies (`echo "HASH  file" | sha256sum -c`), with its algorithm. */
export function verifiedChecksum(
  run: readonly (readonly string[])[],
): { algorithm: 'sha256' | 'sha512'; hash: string } | null {
  const checks = run.map(programOf);
  const algorithm = checks.includes('sha512sum')
    ? 'sha512'
    : checks.includes('sha256sum')
      ? 'sha256'
      : null;
  if (!algorithm) return null;
  const size = algorithm === 'sha256' ? 64 : 128;
  for (const argv of run)
    for (const word of argv)
      for (const part of word.split(/\s+/))
        if (part.length === size && HEX.test(part)) return { algorithm, hash: part.toLowerCase() };
  return null;
}

/** The Wolfi package that replaces what a RUN downloads, when the installers table knows the URL. */
export function replacingPackage(
  run: readonly (readonly string[])[],
  ctx: CarryContext,
): { name: string; url: string; rule: InstallerRule; detail: string | null } | null {
  for (const argv of run) {
    const fetched = fetchedFile(argv, ctx.workdir);
    const url = fetched?.url;
    if (!url) continue;
    const match = matchInstaller(url, ctx.installers);
    if (!match) continue;
    const choice = chooseInstallerPackage(match, ctx.catalog, []);
    if (choice.kind === 'package')
      return { name: choice.name, url, rule: match.rule, detail: choice.detail };
  }
  return null;
}

export function carryDownload(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const program = programOf(cmd.argv);
  if (program === 'git' && cmd.argv[1] === 'clone') return gitClone(cmd, ctx);
  const fetched = fetchedFile(cmd.argv, ctx.workdir);
  if (!fetched) return null;
  const tool = toolPackages(program, null, ctx.catalog);
  const url = perArch(fetched.url);
  const byArch = url !== fetched.url;
  const checksum = verifiedChecksum(cmd.run);
  const saved = fetched.output ? packagePathFor(fetched.output, ctx) : null;
  if (checksum && saved && !(byArch && ctx.archs.length > 1)) {
    // melange saves the file under the URI's last segment, substitutions resolved.
    const file = posix.basename(url.replace(/[?#].*$/, ''));
    const steps: PipelineStep[] = [
      {
        uses: 'fetch',
        with: { uri: url, [`expected-${checksum.algorithm}`]: checksum.hash, extract: 'false' },
      },
      placeStep(fetched, saved, file, cmd, ctx),
    ];
    return carry('melange', `melange fetch checks its ${checksum.algorithm}`, { steps });
  }
  const findings =
    checksum && byArch && ctx.archs.length > 1
      ? [
          finding(
            'WF348',
            `${fetched.url} depends on the architecture, but the RUN checks one ${checksum.algorithm} for all of them`,
            { line: cmd.line, stage: ctx.stage },
            {
              hint: 'Give each architecture its checksum; the download stays a step that checks it as the Dockerfile does.',
            },
          ),
        ]
      : [];
  // Unverified (WF402 says so) or streamed into another command: the same download, as a step.
  const line = cmd.argv.map((w) => perArch(w));
  const outputAt = saved ? line.indexOf(fetched.output ?? '') : -1;
  if (saved && outputAt >= 0) line[outputAt] = saved;
  return carry('melange', `a step of the build downloads it with ${program}`, {
    buildPackages: tool.kind === 'ok' ? tool.packages : [],
    steps: [
      runsStep(`${program} (line ${cmd.line})`, [
        ...(saved && outputAt >= 0 && posix.dirname(saved) !== '/'
          ? [scriptLine(['mkdir', '-p', posix.dirname(saved)])]
          : []),
        scriptLine(line),
      ]),
    ],
    findings,
  });
}

/**
 * melange fetches into the workspace; the file goes where the RUN's later commands read it.
 * A file that stays in the sandbox and was named relative to the WORKDIR keeps that relative
 * name, in the step's working directory (the workspace when the WORKDIR is `/`).
 */
function placeStep(
  fetched: Fetched,
  saved: string,
  file: string,
  cmd: CarryCommand,
  ctx: CarryContext,
): PipelineStep {
  const name = `place ${posix.basename(fetched.output as string)} (line ${cmd.line})`;
  if (fetched.relative && saved === fetched.output) {
    const target = posix.relative(ctx.workdir, saved);
    const dir = posix.dirname(target);
    return runsStep(
      name,
      [
        ...(dir !== '.' ? [scriptLine(['mkdir', '-p', dir])] : []),
        scriptLine(['mv', file, target]),
      ],
      { workdir: ctx.workdir },
    );
  }
  return runsStep(name, [
    scriptLine(['mkdir', '-p', posix.dirname(saved)]),
    scriptLine(['mv', file, saved]),
  ]);
}

function packagePathFor(path: string, ctx: CarryContext): string {
  return ctx.inImage ? packagePath(path, '/', ctx.transient) : path;
}

const GIT_VALUE_FLAGS = [
  '-b',
  '--branch',
  '--depth',
  '-o',
  '--origin',
  '-c',
  '--config',
  '--reference',
  '--filter',
  '-j',
  '--jobs',
  '--separate-git-dir',
  '--template',
  '-u',
  '--upload-pack',
  '--shallow-since',
  '--shallow-exclude',
];

/** `git clone [-b REF] [--depth N] URL [DIR]` → uses: git-checkout. */
function gitClone(cmd: CarryCommand, ctx: CarryContext): Carry {
  const parsed = parseArgs(words(cmd.argv.slice(2)), GIT_VALUE_FLAGS);
  const [repo, dir] = parsed.positionals.map((w) => w.value);
  const git = toolPackages('git', null, ctx.catalog);
  if (!repo)
    return carry('melange', 'a step of the build', {
      buildPackages: git.kind === 'ok' ? git.packages : [],
    });
  const destination = posix.resolve(ctx.workdir, dir ?? posix.basename(repo).replace(/\.git$/, ''));
  const ref = flagValue(parsed, '-b', '--branch')?.value;
  const depth = flagValue(parsed, '--depth')?.value;
  const inputs: Record<string, string> = {
    repository: repo,
    destination: packagePathFor(destination, ctx),
    ...(ref ? { branch: ref } : {}),
    ...(depth ? { depth } : {}),
    ...(parsed.options.some((o) => o.flag === '--recurse-submodules' || o.flag === '--recursive')
      ? { 'recurse-submodules': 'true' }
      : {}),
  };
  return carry('melange', `melange git-checkout of ${repo}${ref ? ` at ${ref}` : ''}`, {
    steps: [{ uses: 'git-checkout', with: inputs }],
  });
}
