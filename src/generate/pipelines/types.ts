// What a built-in pipeline recogniser sees and returns.

/** A melange pipeline step in melange's own key names. */
export interface PipelineStep {
  name?: string;
  uses?: string;
  with?: Record<string, string>;
  runs?: string;
  'working-directory'?: string;
  environment?: Record<string, string>;
}

/** One build command of a RUN, after variable expansion. */
export interface BuildCommand {
  /** The command's words (without leading `VAR=value` assignments). */
  argv: readonly string[];
  /** Leading `NAME=value` assignments (value null when not literal); null: not a simple command. */
  assignments: readonly [string, string | null][] | null;
  /** The Docker WORKDIR the command runs in (absolute). */
  workdir: string;
  /** ARG and ENV values visible to the RUN. */
  env: Readonly<Record<string, string>>;
  /** The melange build environment's packages (`go-1.26`, `rust-1.96`). */
  packages: readonly string[];
}

/** Where the image wants a file that a build step produces. */
export interface InstalledFile {
  /** Absolute path in the package, e.g. `/usr/local/bin/api`. */
  dest: string;
}

export interface RecognisedStep {
  step: PipelineStep;
  /** The build path of the file the step installs into the package itself. */
  output: string;
}

/** `/usr/local/bin/api` → prefix `usr/local`, install-dir `bin`, output `api`. */
export function installLayout(
  dest: string,
): { prefix: string; installDir: string; output: string } | null {
  const parts = dest.split('/').filter((p) => p !== '');
  if (parts.length < 3) return null;
  const output = parts.pop() as string;
  const installDir = parts.pop() as string;
  return { prefix: parts.join('/'), installDir, output };
}

/** Words that go into a pipeline input unquoted must not need quoting. */
export const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
