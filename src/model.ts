// The vocabulary shared by every step of the pipeline:
// parse → analyze → map → generate → report. Types only; no behaviour.

export type Severity = 'error' | 'warning' | 'info';

/**
 * `incomplete`: the image would not do what the original did (an error finding, a dropped step);
 * `needs-review`: it differs in a way a person must accept (a warning); otherwise `ready`.
 */
export type Verdict = 'ready' | 'needs-review' | 'incomplete';

/** A decision or problem worth telling the user about. Ids are stable and documented in docs/findings.md. */
export interface Finding {
  id: string;
  severity: Severity;
  message: string;
  /** 1-based Dockerfile line, or null when the finding is about the whole file. */
  line: number | null;
  /** Stage name (or its index as a string), or null. */
  stage: string | null;
  /** What to do instead, when there is something to do. */
  hint?: string;
}

// ---------------------------------------------------------------- parse

/** An image reference split into its parts, after ARG expansion. */
export interface ImageRef {
  /** As written, after variable expansion. */
  raw: string;
  /** Registry host, or null for Docker Hub. */
  registry: string | null;
  /** Repository path without registry, `library/` removed for Docker Hub (e.g. `python`, `bitnami/redis`). */
  repository: string;
  tag: string | null;
  digest: string | null;
  /** True when the reference still held an unresolved variable. */
  unresolved: boolean;
}

export interface Heredoc {
  name: string;
  content: string;
  /** Line of the first content line. */
  line: number;
}

export interface Mount {
  type: string;
  /** All key=value options of the mount, as written. */
  options: Record<string, string>;
}

interface InstructionBase {
  /** 1-based line where the instruction starts. */
  line: number;
  /** 1-based line where it ends (continuations, heredocs). */
  endLine: number;
  /** The instruction text as written (all its lines). */
  raw: string;
}

/** A command form: exec (JSON array) or shell (a string run by /bin/sh -c). */
export type CommandForm = { form: 'exec'; argv: string[] } | { form: 'shell'; script: string };

export type Instruction =
  | (InstructionBase & {
      kind: 'run';
      command: CommandForm;
      /**
       * The shell script the RUN executes: continuations kept, comment lines removed,
       * heredoc bodies used as scripts where RUN <<EOF is the script itself.
       */
      script: string;
      /** script line index (0-based) → Dockerfile line (1-based). */
      lineMap: number[];
      mounts: Mount[];
      network: string | null;
      heredocs: Heredoc[];
      /** ARG and ENV values visible to this RUN (shell sees them as variables). */
      env: Record<string, string>;
    })
  | (InstructionBase & {
      kind: 'copy' | 'add';
      sources: string[];
      dest: string;
      from: string | null;
      chown: string | null;
      chmod: string | null;
      link: boolean;
      checksum: string | null;
      heredocs: Heredoc[];
    })
  | (InstructionBase & { kind: 'env'; vars: [string, string][] })
  | (InstructionBase & { kind: 'arg'; name: string; value: string | null })
  | (InstructionBase & { kind: 'label'; labels: [string, string][] })
  | (InstructionBase & { kind: 'workdir'; path: string })
  | (InstructionBase & { kind: 'user'; user: string; group: string | null })
  | (InstructionBase & { kind: 'entrypoint' | 'cmd'; command: CommandForm })
  | (InstructionBase & { kind: 'expose'; ports: string[] })
  | (InstructionBase & { kind: 'volume'; paths: string[] })
  | (InstructionBase & { kind: 'stopsignal'; signal: string })
  | (InstructionBase & { kind: 'maintainer'; text: string })
  | (InstructionBase & { kind: 'healthcheck' | 'onbuild' | 'shell'; text: string })
  | (InstructionBase & { kind: 'unknown'; keyword: string; text: string });

export type InstructionKind = Instruction['kind'];

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as Docker does, or null. */
  name: string | null;
  /** name ?? String(index): how findings and COPY --from refer to it. */
  id: string;
  line: number;
  /** The base: an image, or an earlier stage. */
  base: { kind: 'image'; image: ImageRef } | { kind: 'stage'; stage: string } | { kind: 'scratch' };
  platform: string | null;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  directives: Record<string, string>;
  escape: string;
  /** Global ARGs (before the first FROM) with their effective values. */
  globalArgs: Record<string, string | null>;
  stages: Stage[];
  findings: Finding[];
}

// ---------------------------------------------------------------- analyze

export type PackageManager = 'apt' | 'apk' | 'dnf' | 'zypper';
export type DistroFamily =
  'debian' | 'alpine' | 'fedora' | 'suse' | 'wolfi' | 'scratch' | 'unknown';

export interface RequestedPackage {
  name: string;
  /** Version constraint as written (`1.2*` from `pkg=1.2*`), or null. */
  version: string | null;
}

/** One fact found in a RUN body by the shell analyzers. Each keeps its Dockerfile line. */
export type RunFact =
  | {
      kind: 'install';
      manager: PackageManager;
      packages: RequestedPackage[];
      /** apk --virtual/-t NAME: the group name that a later `apk del NAME` removes. */
      virtual: string | null;
      /** dnf groupinstall / @group names. */
      groups: string[];
      line: number;
      /** Set when the install sits in a `case` branch that only these other architectures reach. */
      onlyOn?: string[];
    }
  | { kind: 'remove'; manager: PackageManager; packages: string[]; line: number }
  | {
      kind: 'module-enable';
      manager: PackageManager;
      /** As written: `nodejs:20`, `php:8.2/minimal`, `postgresql`. */
      modules: string[];
      /** `dnf module install`: the module's package is installed too. */
      install?: boolean;
      line: number;
    }
  /** update/upgrade/clean/cache removal: meaningless in a declarative image. */
  | { kind: 'housekeeping'; manager: PackageManager | null; text: string; line: number }
  /** Adding a third-party package repository or its key. */
  | { kind: 'repository'; manager: PackageManager | null; text: string; line: number }
  | {
      kind: 'user';
      name: string;
      uid: number | null;
      /** Primary group, by name or number. */
      group: string | null;
      groups: string[];
      shell: string | null;
      home: string | null;
      system: boolean;
      /** Creates a group of the same name (useradd default, adduser --group). */
      ownGroup: boolean;
      line: number;
    }
  | { kind: 'group'; name: string; gid: number | null; system: boolean; line: number }
  | {
      kind: 'download';
      tool: 'curl' | 'wget';
      url: string | null;
      /** The program the download is piped into (sh, bash), or null. */
      pipedTo: string | null;
      /** A checksum is verified in the same RUN (sha256sum -c, gpg --verify). */
      verified: boolean;
      line: number;
    }
  | {
      kind: 'path';
      op: 'mkdir' | 'touch' | 'chown' | 'chmod' | 'symlink';
      paths: string[];
      /** chown owner `user[:group]`, chmod mode as written, ln -s target. */
      value: string | null;
      recursive: boolean;
      line: number;
    }
  /** Any other command: a build step. argv after variable expansion. */
  | { kind: 'command'; argv: string[]; text: string; line: number };

export type RunFactKind = RunFact['kind'];

// ---------------------------------------------------------------- map

/** One package decision, as listed in Result.packages. */
export interface PackageDecision {
  /** What was asked for: a Debian/Alpine/Fedora package name, or the base image reference. */
  from: string;
  /** `installer`: a download (`curl … | sh`) replaced by a Wolfi package; `from` is its URL. */
  manager: PackageManager | 'base-image' | 'installer' | 'php-extension';
  stage: string;
  line: number;
  /** Wolfi package names (every one exists in the catalog). */
  to: string[];
  target: 'image' | 'build' | 'dropped';
  /** The rule that decided, e.g. `rules/packages.yaml#debian/libpq-dev`. */
  rule: string;
}

// ---------------------------------------------------------------- generate

export interface ApkoPath {
  path: string;
  type: 'directory' | 'empty-file' | 'hardlink' | 'symlink' | 'permissions';
  uid?: number;
  gid?: number;
  permissions?: number;
  source?: string;
  recursive?: boolean;
}

export interface ApkoConfig {
  contents: { repositories: string[]; keyring: string[]; packages: string[] };
  accounts?: {
    groups: { groupname: string; gid: number; members?: string[] }[];
    users: { username: string; uid: number; gid: number; shell?: string; homedir?: string }[];
    'run-as': string;
  };
  entrypoint?: { command?: string; 'shell-fragment'?: string };
  cmd?: string;
  'work-dir'?: string;
  environment?: Record<string, string>;
  annotations?: Record<string, string>;
  'stop-signal'?: string;
  volumes?: string[];
  paths?: ApkoPath[];
  archs: string[];
}

/** A melange config as a plain object in melange's own key names. */
export type MelangeConfig = Record<string, unknown>;

export interface SizeSide {
  bytes: number | null;
  /** The range the figure can be off by: its rounding when measured, the measured errors of its kind of estimate otherwise. */
  low: number | null;
  high: number | null;
  basis: string;
  /** How the figure was obtained: `measured`, `nearest` (a nearby measured tag), `model`, `estimate`, `scratch` or `unknown`. */
  kind: 'measured' | 'nearest' | 'model' | 'estimate' | 'scratch' | 'unknown';
  /** One line for people: what the figure is. */
  label: string;
  /** Largest contributors, biggest first. */
  top: { name: string; bytes: number }[];
}

export interface SizeReport {
  before: SizeSide;
  after: SizeSide;
  savedBytes: number | null;
  savedPercent: number | null;
  /** The range of the saving: before.low − after.high to before.high − after.low. */
  savedLow: number | null;
  savedHigh: number | null;
  /** The application's own files: what was counted, or why not. */
  application: string;
  /** What neither side counts, and what would count it. */
  notCounted: string[];
}

/** A file the conversion produces, relative to the output directory. */
export interface OutputFile {
  path: string;
  content: string;
}

/** The Dockerfile a melange build comes from, and its build context (see Result.melangeOrigins). */
export interface MelangeOrigin {
  source: string;
  contextDir: string;
}

/** What `convert` returns; the JSON shape of `convert --json` (DESIGN.md, "Interfaces"). */
export interface Result {
  version: 1;
  source: string;
  /** Computed from `findings` (src/verdict.ts); shown first by every report. */
  verdict: Verdict;
  apko: ApkoConfig;
  melange: MelangeConfig | null;
  /** Every melange config in build order, the application's (`melange`) last; [] when none. */
  melanges: MelangeConfig[];
  /** With `melanges`: the file each is written to (`melange.yaml`, `melange-<stage>.yaml`). */
  melangeFiles?: string[];
  /**
   * With `melanges`, when a base built in the same repository has builds: where each comes
   * from, its Dockerfile and its build context (`melange build --source-dir`, relative to the
   * output directory). Absent: all from `source` and `contextDir`.
   */
  melangeOrigins?: MelangeOrigin[];
  /**
   * With `melange`: the build context (the Dockerfile's directory) relative to the output
   * directory, as BUILD.md passes it to `melange build --source-dir`.
   */
  contextDir?: string;
  /**
   * With `melange`: the output directory relative to the build context (`wolfi`), when it is
   * inside the context, so that BUILD.md keeps it out of melange's workspace.
   */
  outputDir?: string;
  /**
   * With `melange`: the build context's .dockerignore as .melangeignore lines, so that
   * melange's workspace holds what Docker's context held (BUILD.md lists them).
   */
  contextIgnore?: string[];
  packages: PackageDecision[];
  /** What became of every instruction (and simple command of a RUN) of the stages the image needs. */
  steps: ResultStep[];
  findings: Finding[];
  size: SizeReport | null;
}

/** One entry of Result.steps. */
export interface ResultStep {
  stage: string;
  line: number;
  command: string;
  fate: 'apko' | 'package' | 'melange' | 'unneeded' | 'dropped';
  detail: string;
}
