// The self-check: a generated melange config is read back the way melange will run it, and
// every build-breaker it can prove is an error finding (WF520–WF529), never a silently
// written broken file. Each `runs:` script is substituted as melange substitutes it, then
// parsed with the real shell parser; `uses:` steps are checked against melange's built-ins.

import type { Catalog } from '../catalog/catalog.js';
import { finding, type FindingId } from '../findings.js';
import type { Finding, MelangeConfig } from '../model.js';
import {
  basename,
  unwrapCommand,
  type ShellParser,
  type SimpleCommand,
  type VariableTrace,
} from '../shell/index.js';
import { environmentTools, installedTools, toolStatus, type BuildTools } from './build-tools.js';
import { loadBuiltinCommands, type CommandTable } from './commands.js';
import { list, record, stringRecord, text } from './melange-config.js';
import { BUILTIN_PIPELINES } from './melange-pipelines.js';
import { melangeSubstitutions, OUTDIR, substitute, WORKSPACE } from './substitutions.js';

export interface SelfCheckContext {
  catalog: Catalog;
  shell: ShellParser;
  /** How messages name the build (`melange.yaml`, `melange-builder.yaml`). */
  buildName: string;
  /** The Dockerfile line and stage a step comes from, when the caller knows it. */
  locate?: (step: Readonly<Record<string, unknown>>) => {
    line: number | null;
    stage: string | null;
  };
  /** The command table (default: rules/commands.yaml). */
  commands?: CommandTable;
}

/** The PATH melange exports at the top of every step, whatever the environment says. */
export const MELANGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const STANDARD_PATH_DIRS: ReadonlySet<string> = new Set(MELANGE_PATH.split(':'));

/** BuildKit sets these per platform; in melange they are unset, so scripts see ''. */
export const BUILDKIT_AUTOMATIC_ARGS: ReadonlySet<string> = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
]);

/** Commands whose arguments are paths: an empty one fails the step under `set -e`. */
const PATH_COMMANDS: ReadonlySet<string> = new Set([
  'mkdir',
  'cp',
  'mv',
  'ln',
  'install',
  'touch',
  'chmod',
  'chown',
  'chgrp',
  'cd',
  'rsync',
]);

/** First path segments under the package root that melange's required linters reject. */
const LINTED_ROOTS: readonly (readonly [prefix: string, lint: string, instead: string])[] = [
  ['bin/', 'usrmerge', 'usr/bin/'],
  ['sbin/', 'usrmerge', 'usr/bin/'],
  ['lib/', 'usrmerge', 'usr/lib/'],
  ['tmp/', 'tempdir', 'a directory the application owns'],
  ['run/', 'tempdir', 'a directory the application owns'],
  ['var/tmp/', 'tempdir', 'a directory the application owns'],
  ['var/run/', 'tempdir', 'a directory the application owns'],
];

interface Step {
  /** `step 3 "RUN (line 16, stage 0)"`, for messages. */
  label: string;
  raw: Record<string, unknown>;
}

/** Check a melange config; one finding per problem, each naming the build, the step and the fix. */
export function selfCheck(config: MelangeConfig, ctx: SelfCheckContext): Finding[] {
  const table = ctx.commands ?? loadBuiltinCommands();
  const findings: Finding[] = [];
  const reporter =
    (where: { line: number | null; stage: string | null }): Report =>
    (id, message, hint) =>
      findings.push(finding(id, `${ctx.buildName}: ${message}`, where, { hint }));
  const report = reporter({ line: null, stage: null });

  const environment = record(config.environment);
  const buildEnv = stringRecord(environment.environment);

  const steps = flattenSteps(list(config.pipeline), 'step');
  const subpackageSteps = list(config.subpackages).flatMap((sub) => {
    const s = record(sub);
    const name = text(s.name);
    return flattenSteps(list(s.pipeline), `subpackage ${name} step`).map(
      (step) => [step, name] as const,
    );
  });

  const tools = environmentTools(config, table, ctx.catalog);
  const populated: string[] = [];
  const enabled = new Set<string>();
  const stepPaths: string[][] = [];
  // The same for every step of a package: computed once for it.
  const substitutions = new Map<string | null, Map<string, string>>();
  for (const [step, subpackage] of [...steps.map((s) => [s, null] as const), ...subpackageSteps]) {
    let values = substitutions.get(subpackage);
    if (!values)
      substitutions.set(subpackage, (values = melangeSubstitutions(config, 'x86_64', subpackage)));
    const report = reporter(ctx.locate?.(step.raw) ?? { line: null, stage: null });
    for (const [key, value] of Object.entries(step.raw)) {
      for (const name of substitutionsIn(value, values))
        report(
          'WF525',
          `${step.label}: \`\${{${name}}}\` in \`${key}\` is no melange substitution; melange fails on it`,
          "Use one of melange's substitutions (package.*, targets.*, build.arch, build.goarch, vars.*) or write the value out.",
        );
    }
    if (typeof step.raw.uses === 'string') checkUses(step, report);
    if (typeof step.raw.runs === 'string') {
      checkRuns(step, {
        // An unknown substitution (WF525 above) parses as a plain word.
        script: substitute(step.raw.runs, values, 'UNKNOWN_SUBSTITUTION').text,
        env: { ...buildEnv, ...stringRecord(step.raw.environment), PATH: MELANGE_PATH },
        stepPath: stringRecord(step.raw.environment).PATH ?? null,
        workdir: workingDirectory(step.raw['working-directory']),
        destdir: values.get('targets.contextdir') ?? OUTDIR,
        destdirName: subpackage ? '${{targets.contextdir}}' : '${{targets.destdir}}',
        tools,
        table,
        populated,
        enabled,
        stepPaths,
        shell: ctx.shell,
        report,
      });
    }
  }
  checkEnvironmentPath(buildEnv, populated, stepPaths, report);
  return findings;
}

type Report = (id: FindingId, message: string, hint: string) => void;

/**
 * A PATH in environment.environment is overridden in every step. It breaks the build when a
 * step fills one of its directories (a venv, node_modules/.bin): later steps then run the
 * system's pip or node instead, and the venv ships empty.
 */
function checkEnvironmentPath(
  env: Record<string, string>,
  populated: readonly string[],
  stepPaths: readonly (readonly string[])[],
  report: Report,
): void {
  const path = env.PATH;
  if (path === undefined) return;
  const extra = path
    .split(':')
    .filter((dir) => dir !== '' && !STANDARD_PATH_DIRS.has(dir))
    .filter((dir) => populated.some((p) => dir === p || dir.startsWith(`${p}/`)))
    // Harmless when every step puts the directory on its own PATH.
    .filter((dir) => stepPaths.some((dirs) => !dirs.includes(dir)));
  if (extra.length === 0) return;
  report(
    'WF529',
    `environment.environment sets PATH (${extra.join(', ')}), but melange exports its own PATH at the start of every step, so no step sees it`,
    `Set PATH in the steps that need it: \`export PATH=${extra.join(':')}:$PATH\` as the first line of the script.`,
  );
}

function checkUses(step: Step, report: Report): void {
  const name = text(step.raw.uses);
  const pipeline = BUILTIN_PIPELINES[name];
  if (!pipeline) {
    report(
      'WF526',
      `${step.label}: \`uses: ${name}\` is not one of melange's built-in pipelines`,
      'Use a built-in pipeline, a `runs:` script, or pass your pipeline directory to melange build --pipeline-dir.',
    );
    return;
  }
  const given = Object.keys(record(step.raw.with));
  for (const input of given.filter((i) => !pipeline.inputs.includes(i)))
    report(
      'WF526',
      `${step.label}: \`${name}\` has no input \`${input}\` (melange fails with "undefined input")`,
      `Inputs of ${name}: ${pipeline.inputs.join(', ') || 'none'}.`,
    );
  for (const input of pipeline.required.filter((i) => !given.includes(i)))
    report(
      'WF526',
      `${step.label}: \`${name}\` needs the input \`${input}\``,
      `Add \`with: {${input}: …}\` to the step.`,
    );
  // go/build and cargo/build install into <prefix>/<install-dir> of the package.
  if (name === 'go/build' || name === 'cargo/build' || name === 'go/install') {
    const inputs = stringRecord(step.raw.with);
    const into = `${inputs.prefix ?? 'usr'}/${inputs['install-dir'] ?? 'bin'}/`.replace(/^\/+/, '');
    const linted = lintedRoot(into);
    if (linted)
      report(
        'WF522',
        `${step.label}: \`${name}\` installs into /${into.replace(/\/$/, '')}, which melange's required ${linted.lint} lint rejects`,
        `Install into /${linted.instead} instead (set prefix: usr).`,
      );
  }
}

interface RunsContext {
  script: string;
  env: Record<string, string>;
  stepPath: string | null;
  workdir: string;
  destdir: string;
  /** How the config writes `destdir`: `${{targets.destdir}}` or `${{targets.contextdir}}`. */
  destdirName: string;
  tools: BuildTools;
  table: CommandTable;
  /** Directories earlier commands of the build wrote into (venvs, node_modules, prefixes). */
  populated: string[];
  /** Commands an earlier command put on the default PATH (`corepack enable` → pnpm, yarn). */
  enabled: Set<string>;
  /** Per `runs:` step, the extra directories it puts on its own PATH. */
  stepPaths: string[][];
  shell: ShellParser;
  report: Report;
}

function checkRuns(step: Step, c: RunsContext): void {
  const trace: VariableTrace = { unset: new Set(), assigned: new Map() };
  const parse = c.shell.commands(c.script, c.env, trace);
  for (const error of parse.errors)
    c.report(
      'WF528',
      `${step.label}: the script does not parse as shell (line ${error.row + 1}: ${error.message})`,
      'Fix the script: melange runs it with /bin/sh and stops at the error.',
    );

  const buildkit = [...trace.unset].filter((name) => BUILDKIT_AUTOMATIC_ARGS.has(name)).sort();
  for (const name of buildkit)
    c.report(
      'WF523',
      `${step.label}: the script reads $${name}, which BuildKit sets per platform and melange never sets (it is empty there)`,
      name.endsWith('ARCH') || name.endsWith('PLATFORM')
        ? 'Use ${{build.arch}} (x86_64, aarch64) or ${{build.goarch}} (amd64, arm64) instead.'
        : 'Write the value out (melange builds Linux packages: TARGETOS is linux).',
    );

  // Directories this step puts on PATH: its `environment.PATH` and every PATH it assigns.
  const pathDirs = [c.stepPath, ...(trace.assigned.get('PATH') ?? [])]
    .flatMap((p) => (p ?? '').split(':'))
    .filter((dir) => dir !== '' && !STANDARD_PATH_DIRS.has(dir));
  c.stepPaths.push(pathDirs);

  // One WF522 per linted directory and step: a step that fills /tmp does it in several commands.
  const lintedSeen = new Set<string>();
  for (const cmd of parse.commands) {
    const { start } = unwrapCommand(cmd.words);
    const head = cmd.words[start];
    if (!head || head.dynamic) continue;
    const args = cmd.words.slice(start + 1);
    const name = basename(head.value);
    const where = `${step.label}: \`${shown(cmd.text, c)}\``;

    if (PATH_COMMANDS.has(name) && args.some((w) => !w.dynamic && w.value === ''))
      c.report(
        'WF520',
        `${where} has an empty path argument; it fails under melange's set -e`,
        'Give the step the path the Dockerfile meant (the image root is ${{targets.destdir}}/).',
      );
    if ((name === 'cp' || name === 'rsync') && copiesRoot(args.map((w) => w.value)))
      c.report(
        'WF521',
        `${where} copies the whole sandbox root (the toolchain, /proc and the output directory) into the package`,
        'Copy only the files the image needs, to their paths under ${{targets.destdir}}/.',
      );
    for (const word of writtenWords(name, args)) {
      if (!word.value.startsWith(`${c.destdir}/`)) continue;
      const linted = lintedRoot(word.value.slice(c.destdir.length + 1));
      if (!linted || lintedSeen.has(linted.prefix)) continue;
      lintedSeen.add(linted.prefix);
      c.report(
        'WF522',
        `${where} installs into /${linted.prefix.replace(/\/$/, '')}, which melange's required ${linted.lint} lint rejects`,
        linted.lint === 'usrmerge'
          ? `Install into /${linted.instead} (Wolfi merges /${linted.prefix.replace(/\/$/, '')} into it, so the old path still resolves).`
          : 'Nothing under /tmp or /run belongs in a package: create it at run time, or use a directory the application owns.',
      );
      break;
    }
    const owner = namedOwner(
      name,
      args.map((w) => (w.dynamic ? null : w.value)),
    );
    if (owner)
      c.report(
        'WF524',
        `${where} changes ownership to \`${owner}\`, a name the build sandbox does not have (only root and build exist there)`,
        'Use numeric ids (chown 65532:65532 …) or set ownership with apko `paths` entries.',
      );

    // The wrapper (`gosu app …`, `env A=1 …`) must exist as much as the command it runs.
    const wrapper = cmd.words[0];
    if (start > 0 && wrapper && !wrapper.dynamic)
      checkCommandAvailable(cmd, 0, basename(wrapper.value), step, c, pathDirs);
    checkCommandAvailable(cmd, start, name, step, c, pathDirs);
    notePopulated(cmd, start, name, c);
  }
}

function checkCommandAvailable(
  cmd: SimpleCommand,
  start: number,
  name: string,
  step: Step,
  c: RunsContext,
  pathDirs: readonly string[],
): void {
  const written = cmd.words[start]?.value ?? '';
  // A relative or unusual path runs a file of the workspace, not a package's command.
  if (written.includes('/') && !STANDARD_PATH_DIRS.has(written.slice(0, written.lastIndexOf('/'))))
    return;
  const status = toolStatus(name, c.tools, c.table);
  if (status.kind === 'provided' || status.kind === 'unchecked') return;
  const where = `${step.label}: \`${shown(cmd.text, c)}\``;
  if (status.kind === 'distro') {
    c.report(
      'WF527',
      `${where} runs ${name}, which no Wolfi package provides`,
      `${status.instead}.`,
    );
    return;
  }
  if (c.enabled.has(name)) return;
  // A venv's bin/, node_modules/.bin or a tool prefix that an earlier command filled.
  if (pathDirs.some((dir) => c.populated.some((p) => dir === p || dir.startsWith(`${p}/`)))) return;
  c.report(
    'WF527',
    `${where} runs ${name}, but no package of the build's environment provides it`,
    `Add ${status.wanted} (or another package that provides ${name}) to environment.contents.packages.`,
  );
}

/** Remember directories a command writes tools into, for later `PATH=<dir>/bin` steps. */
function notePopulated(cmd: SimpleCommand, start: number, name: string, c: RunsContext): void {
  const args = cmd.words.slice(start + 1).filter((w) => !w.dynamic && w.value !== '');
  const absolute = (p: string) => (p.startsWith('/') ? p : `${c.workdir}/${p}`).replace(/\/+$/, '');
  if (['npm', 'yarn', 'pnpm'].includes(name)) c.populated.push(`${c.workdir}/node_modules`);
  for (const tool of installedTools(
    name,
    args.map((a) => a.value),
  ))
    c.enabled.add(tool);
  for (const arg of args) {
    if (arg.value.startsWith('-')) {
      // --prefix=/opt/tool, --root=/usr/local/cargo
      const eq = arg.value.indexOf('=');
      if (eq > 0 && arg.value.slice(eq + 1).startsWith('/'))
        c.populated.push(arg.value.slice(eq + 1).replace(/\/+$/, ''));
      continue;
    }
    const path = absolute(arg.value);
    if (path !== '' && !STANDARD_PATH_DIRS.has(path) && path.lastIndexOf('/') > 0)
      c.populated.push(path);
  }
}

/** The owner a chown/chgrp/install gives by name, when it is not numeric or root. */
function namedOwner(name: string, args: readonly (string | null)[]): string | null {
  const byName = (id: string | null | undefined): boolean =>
    !!id && id !== 'root' && !/^\d+$/.test(id);
  if (name === 'chown' || name === 'chgrp') {
    const spec = args.find((a) => a !== null && !a.startsWith('-'));
    if (spec === undefined || spec === null) return null;
    const parts = name === 'chgrp' ? [spec] : spec.split(/[:.]/);
    return parts.some(byName) ? spec : null;
  }
  if (name === 'install') {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const value =
        a === '-o' || a === '-g' ? args[i + 1] : a?.match(/^--(?:owner|group)=(.*)$/)?.[1];
      if (byName(value)) return value ?? null;
    }
  }
  return null;
}

/** `cp -a / dest`, `cp -a //. dest`: some source of the copy is the root directory. */
function copiesRoot(args: readonly string[]): boolean {
  const operands = args.filter((a) => !a.startsWith('-'));
  return operands.slice(0, -1).some((a) => {
    const collapsed = a.replace(/\/+/g, '/').replace(/(\/\.)+$/, '/');
    return collapsed === '/' || collapsed === '/.';
  });
}

function lintedRoot(relative: string): { prefix: string; lint: string; instead: string } | null {
  const path = relative.replace(/^\/+/, '');
  for (const [prefix, lint, instead] of LINTED_ROOTS)
    if (`${path}/`.startsWith(prefix)) return { prefix, lint, instead };
  return null;
}

function flattenSteps(steps: readonly unknown[], prefix: string): Step[] {
  const out: Step[] = [];
  steps.forEach((s, i) => {
    const raw = record(s);
    const name = typeof raw.name === 'string' ? ` "${raw.name}"` : '';
    const label = `${prefix} ${i + 1}${name}`;
    out.push({ label, raw });
    out.push(...flattenSteps(list(raw.pipeline), `${label} / step`));
  });
  return out;
}

function substitutionsIn(value: unknown, values: ReadonlyMap<string, string>): string[] {
  if (typeof value === 'string') return substitute(value, values).unknown;
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return Object.values(value as Record<string, unknown>).flatMap((v) =>
      substitutionsIn(v, values),
    );
  return [];
}

function workingDirectory(value: unknown): string {
  const dir = typeof value === 'string' && value !== '' ? value : WORKSPACE;
  return (dir.startsWith('/') ? dir : `${WORKSPACE}/${dir}`).replace(/\/+$/, '') || '/';
}

/** A command as messages show it: one line, the package directory as the config writes it. */
function shown(text: string, c: RunsContext): string {
  return oneLine(text.split(c.destdir).join(c.destdirName));
}

function oneLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 || text.includes('\n') ? `${line.slice(0, 77)}…` : line;
}

/** Commands that read, test or remove paths: naming a linted directory does not fill it. */
const NON_WRITING: ReadonlySet<string> = new Set(['rm', 'rmdir', 'test', '[', 'ls', 'cat', 'stat']);
/** Commands whose last operand (or -t DIR) is the only path they write. */
const COPYING: ReadonlySet<string> = new Set(['cp', 'mv', 'rsync', 'ln', 'install']);

/**
 * The words of a command that name paths it writes: a copy out of `/bin` into `/usr/bin` (the
 * usrmerge fix itself) or an `rm -rf` of `/tmp` puts nothing there.
 */
function writtenWords<W extends { value: string; dynamic: boolean }>(
  name: string,
  args: readonly W[],
): readonly W[] {
  if (NON_WRITING.has(name)) return [];
  if (!COPYING.has(name)) return args;
  const target = args.findIndex((w) => w.value === '-t' || w.value === '--target-directory');
  if (target >= 0) return args.slice(target + 1, target + 2);
  const operands = args.filter((w) => !w.value.startsWith('-'));
  return operands.slice(-1);
}
