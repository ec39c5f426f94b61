// `go build -o OUT PKG` whose OUT is exactly a file the image copies → melange's
// `go/build`, which builds per target architecture and installs the binary into the
// package itself. Anything the pipeline cannot say faithfully stays a `runs:` step.

import { posix } from 'node:path';
import { compareVersions } from '../../catalog/version.js';
import {
  installLayout,
  PLAIN_WORD,
  type BuildCommand,
  type InstalledFile,
  type RecognisedStep,
} from './types.js';

/** melange's go/build sets the target platform itself: one build per `--arch`. */
const PLATFORM_VARIABLES = new Set(['GOOS', 'GOARCH', 'GOARM', 'GOAMD64']);
/** Boolean `go build` flags passed through unchanged in `extra-args`. */
const PASSED_FLAGS = new Set([
  '-a',
  '-v',
  '-x',
  '-race',
  '-trimpath',
  '-modcacherw',
  '-linkshared',
]);
/** `-flag=value` forms passed through in `extra-args`. */
const PASSED_VALUE_FLAGS = new Set([
  '-mod',
  '-buildvcs',
  '-gcflags',
  '-asmflags',
  '-pgo',
  '-cover',
]);

export function recogniseGoBuild(
  cmd: BuildCommand,
  wanted: ReadonlyMap<string, InstalledFile>,
): RecognisedStep | null {
  const [go, build, ...args] = cmd.argv;
  if (go !== 'go' || build !== 'build' || cmd.assignments === null) return null;
  let output: string | null = null;
  let ldflags: string | null = null;
  let tags: string | null = null;
  let buildmode: string | null = null;
  const extra: string[] = [];
  const packages: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = splitFlag(arg);
    const value = (): string | null => inline ?? args[++i] ?? null;
    if (flag === '-o') output = value();
    else if (flag === '-ldflags') ldflags = value();
    else if (flag === '-tags') tags = value();
    else if (flag === '-buildmode') buildmode = value();
    else if (inline === null && PASSED_FLAGS.has(flag)) extra.push(arg);
    else if (inline !== null && PASSED_VALUE_FLAGS.has(flag) && PLAIN_WORD.test(arg))
      extra.push(arg);
    else if (!arg.startsWith('-') && PLAIN_WORD.test(arg)) packages.push(arg);
    else return null;
  }
  if (output === null || output.endsWith('/')) return null;
  const built = posix.resolve(cmd.workdir, output);
  const installed = wanted.get(built);
  const layout = installed ? installLayout(installed.dest) : null;
  if (!layout) return null;
  // go/build puts ldflags and tags inside its own quotes: quotes of ours would break them.
  if ([ldflags, tags].some((v) => v !== null && /["'\\$`]/.test(v))) return null;

  const environment: Record<string, string> = {};
  for (const [name, value] of cmd.assignments) {
    if (PLATFORM_VARIABLES.has(name)) continue;
    if (value === null) return null;
    environment[name] = value;
  }
  // go/build `needs` its go-package (default `go`): naming the environment's own Go keeps
  // a second, possibly newer Go from being installed beside it.
  const toolchain = goToolchain(cmd.packages);
  const inputs: Record<string, string> = {
    packages: packages.length > 0 ? packages.join(' ') : '.',
    output: layout.output,
    ...(toolchain ? { 'go-package': toolchain } : {}),
    modroot: cmd.workdir,
    prefix: layout.prefix,
    'install-dir': layout.installDir,
  };
  if (ldflags) inputs.ldflags = ldflags;
  if (tags) inputs.tags = tags;
  if (buildmode) inputs.buildmode = buildmode;
  if (extra.length > 0) inputs['extra-args'] = extra.join(' ');
  const step: RecognisedStep['step'] = { uses: 'go/build', with: inputs };
  if (Object.keys(environment).length > 0) step.environment = environment;
  return { step, output: built };
}

/** The newest `go-1.xx` package of the environment, or null. */
function goToolchain(packages: readonly string[]): string | null {
  const versions = packages.filter((p) => /^go-\d+\.\d+$/.test(p));
  return versions.sort((a, b) => compareVersions(a.slice(3), b.slice(3))).pop() ?? null;
}

function splitFlag(arg: string): [string, string | null] {
  const flag = arg.startsWith('--') ? arg.slice(1) : arg;
  const eq = flag.indexOf('=');
  return eq < 0 ? [flag, null] : [flag.slice(0, eq), flag.slice(eq + 1)];
}
