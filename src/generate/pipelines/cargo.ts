// `cargo build --release` whose binary the image copies → melange's `cargo/build`,
// which builds with cargo-auditable and installs the binary into the package.

import { posix } from 'node:path';
import { quoteArgv } from '../quote.js';
import {
  installLayout,
  PLAIN_WORD,
  type BuildCommand,
  type InstalledFile,
  type RecognisedStep,
} from './types.js';

const BOOLEAN_FLAGS = new Set([
  '--release',
  '-r',
  '--locked',
  '--frozen',
  '--offline',
  '--all-features',
  '--no-default-features',
  '-v',
  '--verbose',
  '-q',
  '--quiet',
]);
const VALUE_FLAGS = new Set(['--features', '-F', '--bin', '-p', '--package', '-j', '--jobs']);

export function recogniseCargoBuild(
  cmd: BuildCommand,
  wanted: ReadonlyMap<string, InstalledFile>,
): RecognisedStep | null {
  const [cargo, build, ...args] = cmd.argv;
  if (cargo !== 'cargo' || build !== 'build' || cmd.assignments === null) return null;
  // A different target directory or triple moves the binary away from target/release.
  if (cmd.env.CARGO_TARGET_DIR !== undefined || cmd.env.CARGO_BUILD_TARGET !== undefined)
    return null;
  const opts: string[] = [];
  let release = false;
  let bin: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS.has(arg)) {
      release ||= arg === '--release' || arg === '-r';
      opts.push(arg);
    } else if (VALUE_FLAGS.has(flag)) {
      const value = flag === arg ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) return null;
      if (flag === '--bin') bin = value;
      opts.push(flag, value);
    } else return null;
  }
  if (!release) return null;

  // The binary the image copies out of target/release says which one to install.
  const releaseDir = posix.join(cmd.workdir, 'target', 'release');
  const copied = [...wanted].filter(
    ([path]) =>
      posix.dirname(path) === releaseDir && (bin === null || posix.basename(path) === bin),
  );
  const [only] = copied;
  if (!only || copied.length > 1) return null;
  const [built, installed] = only;
  const output = posix.basename(built);
  const layout = installLayout(installed.dest);
  if (!layout || layout.output !== output || !PLAIN_WORD.test(output)) return null;

  const inputs: Record<string, string> = {
    output,
    opts: quoteArgv(opts),
    modroot: cmd.workdir,
    prefix: layout.prefix,
    'install-dir': layout.installDir,
  };
  const step: RecognisedStep['step'] = { uses: 'cargo/build', with: inputs };
  const environment: Record<string, string> = {};
  for (const [name, value] of cmd.assignments) {
    if (value === null) return null;
    environment[name] = value;
  }
  if (Object.keys(environment).length > 0) step.environment = environment;
  return { step, output: built };
}
