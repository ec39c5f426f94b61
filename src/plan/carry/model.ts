// How one simple command of a RUN is carried into the Wolfi build: its fate, the Wolfi
// packages of the build environment and of the image, apko paths, and the melange steps
// that reproduce it. Types and small constructors only; each pattern has its own module.

import type { InstallerRule } from '../../analyze/installers.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { PipelineStep } from '../../generate/pipelines/types.js';
import type { ApkoPath, DistroFamily, Finding } from '../../model.js';

/** The fates of Result.steps. */
export type CarryFate = 'apko' | 'package' | 'melange' | 'unneeded' | 'dropped';

/** The language runtime the stage's base image brings, as a Wolfi version family. */
export interface Runtime {
  name: 'python' | 'nodejs' | 'ruby' | 'php' | 'go' | 'rust' | 'openjdk' | 'dotnet';
  /** `3.11`, `22`, `3.3`, `8.3`; null when the image does not say. */
  version: string | null;
}

export interface CarryContext {
  stage: string;
  /** True for the image's stages; false for a builder stage that has a melange build of its own. */
  inImage: boolean;
  family: DistroFamily | null;
  runtime: Runtime | null;
  /** The stage's ARG/ENV in force at the RUN (BUNDLE_*, PIP_*, PATH, VIRTUAL_ENV, HOME …). */
  env: Readonly<Record<string, string>>;
  /** The directory the command runs in (absolute): Docker's WORKDIR, or where a `cd` of the RUN went. */
  workdir: string;
  /**
   * The application directory: Docker's WORKDIR at the RUN. In the image's stages it is
   * built in place and shipped whole; other absolute paths are written into the package.
   * Defaults to `workdir`.
   */
  appDir?: string;
  /**
   * Absolute paths a later command of the same RUN removes (`rm -r /usr/src/redis`): scratch
   * of the build, left in the sandbox instead of the package.
   */
  transient?: readonly string[];
  /** Target architectures, melange names (x86_64, aarch64). */
  archs: readonly string[];
  catalog: Catalog;
  /** rules/installers.yaml: download URLs of software Wolfi packages. */
  installers: readonly InstallerRule[];
}

/** One simple command of a RUN, after variable expansion. */
export interface CarryCommand {
  argv: readonly string[];
  /** Source text, for messages. */
  text: string;
  line: number;
  /** Every simple command of the same RUN, in order (this one included): downloads need their neighbours. */
  run: readonly (readonly string[])[];
  /** Index of this command in `run`. */
  index: number;
  /** Target of an output redirection (`> file`, `>> file`), for config edits. */
  writes: { path: string; append: boolean } | null;
  /** What a heredoc or here-string feeds the command (`cat > f <<EOF`), or null. */
  stdin: string | null;
  /** The command piped into this one (`echo "SUM  f" | sha256sum -c -`), or null. */
  pipedFrom?: readonly string[] | null;
  /** The command's output goes into the next command of a pipeline. */
  pipesInto?: boolean;
}

export interface Carry {
  fate: CarryFate;
  /** Why, in a few words, for Result.steps. */
  detail: string;
  /** Wolfi packages the melange build needs to run the steps. */
  buildPackages: string[];
  /** Wolfi packages the image needs (apko contents.packages). */
  imagePackages: string[];
  /** apko paths entries that express the command exactly. */
  paths: ApkoPath[];
  /** melange pipeline steps that reproduce it, in order. */
  steps: PipelineStep[];
  /** Paths the steps build at their place in the sandbox; the package ships them as they are. */
  ships: string[];
  /** ENV the image needs for the result to be found (VIRTUAL_ENV, PATH, BUNDLE_PATH, LANG). */
  environment: Record<string, string>;
  /** ENV the build's later steps need (a `bundle config` read by a later `bundle install`). */
  buildEnvironment: Record<string, string>;
  findings: Finding[];
}

export function carry(fate: CarryFate, detail: string, parts: Partial<Carry> = {}): Carry {
  return {
    fate,
    detail,
    buildPackages: [],
    imagePackages: [],
    paths: [],
    steps: [],
    ships: [],
    environment: {},
    buildEnvironment: {},
    findings: [],
    ...parts,
  };
}

/** melange's PATH for every `runs:` step (pkg/build/pipeline.go). */
export const MELANGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The package's root inside the build: what goes there ships in the image. */
export const DESTDIR = '${{targets.destdir}}';

/**
 * A `runs:` step. melange starts each step with its own PATH, so a tool that lives elsewhere
 * (a venv's bin/, node_modules/.bin) needs PATH set at the step's top.
 */
export function runsStep(
  name: string,
  lines: readonly string[],
  options: {
    path?: readonly string[];
    workdir?: string;
    environment?: Record<string, string>;
  } = {},
): PipelineStep {
  const extra = (options.path ?? []).filter((p) => !MELANGE_PATH.split(':').includes(p));
  const head = extra.length > 0 ? [`export PATH=${[...extra, '$PATH'].join(':')}`] : [];
  const step: PipelineStep = { name, runs: [...head, ...lines].join('\n') };
  if (options.workdir && options.workdir !== '/') step['working-directory'] = options.workdir;
  if (options.environment && Object.keys(options.environment).length > 0)
    step.environment = options.environment;
  return step;
}

/** The command's program name without its directory. */
export function programOf(argv: readonly string[]): string {
  const head = argv[0] ?? '';
  return head.slice(head.lastIndexOf('/') + 1);
}

/** A word for a `runs:` script: variables the Dockerfile left unresolved still expand there. */
export function scriptWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  // A glob the Dockerfile left unquoted still expands in the step; the destdir stays quoted.
  const rest = word.startsWith(DESTDIR) ? word.slice(DESTDIR.length) : null;
  if (rest !== null && /[*?]/.test(rest) && /^[A-Za-z0-9_@%+=:,./*?-]*$/.test(rest))
    return `"${DESTDIR}"${rest}`;
  if (/^[A-Za-z0-9_@%+=:,./*?-]+$/.test(word)) return word;
  if (word.includes('$')) return `"${word.replace(/["\\`]/g, '\\$&')}"`;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

export function scriptLine(argv: readonly string[]): string {
  return argv.map(scriptWord).join(' ');
}

/** An absolute image path inside the package being built. */
export function inPackage(path: string): string {
  return `${DESTDIR}${path === '/' ? '' : path}`;
}
