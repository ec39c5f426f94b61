// The RUN commands of the image's stages that no melange build performs yet (they do not
// prepare the application's copied files): each is carried by carryCommand, and what the
// carries need is gathered for the apko config and the application's melange build.
// Commands the analyzers already gave a fate (installs, users, paths, housekeeping) keep it.

import { posix } from 'node:path';
import type { InstallerRule } from '../../analyze/installers.js';
import type { StageAnalysis } from '../../analyze/stage.js';
import type { Catalog } from '../../catalog/catalog.js';
import { finding } from '../../findings.js';
import type { PipelineStep } from '../../generate/pipelines/types.js';
import type { ApkoPath, DistroFamily, Finding, Instruction, Stage } from '../../model.js';
import type { ShellParser } from '../../shell/index.js';
import { isTemporary, within } from '../paths.js';
import { carryCommands } from './command.js';
import { carryCommand } from './index.js';
import { carry, inPackage, runsStep, scriptLine, type Carry, type Runtime } from './model.js';

export interface ImageCarryInput {
  /** The image's stages, base first. */
  chain: readonly Stage[];
  analyses: readonly StageAnalysis[];
  /** Lines whose commands the application's build performs already. */
  performed: ReadonlySet<number>;
  /** Commands (keys) the build left out because they are carried here (see carriedElsewhere). */
  elsewhere?: ReadonlySet<string>;
  /** Wolfi runtime packages of the image's base (python-3.12 …): the runtime version. */
  baseRuntime: readonly string[];
  baseEnvironment: Readonly<Record<string, string>>;
  family: DistroFamily | null;
  archs: readonly string[];
  catalog: Catalog;
  installers: readonly InstallerRule[];
  shell: ShellParser;
  /** True when the image has a melange build of its own that steps can join. */
  hasBuild: boolean;
}

export interface CarriedCommand {
  stage: string;
  line: number;
  text: string;
  argv: readonly string[];
  /** The analyzer fact's key (`line\ttext`, or `line\turl` for a download). */
  key: string;
  /** Docker's WORKDIR at the RUN: the application directory. */
  appDir: string;
  carry: Carry;
}

export interface ImageCarry {
  commands: CarriedCommand[];
  imagePackages: string[];
  buildPackages: string[];
  paths: ApkoPath[];
  environment: Record<string, string>;
  /** Steps for the application's melange build, in Dockerfile order, shipping steps last. */
  steps: PipelineStep[];
  findings: Finding[];
  /** Analyzer fact keys (`line\ttext`) of the commands decided here: no WF305 for them (a dropped one has its own error). */
  decided: Set<string>;
}

const RUNTIME = /^(python|nodejs|ruby|php|go|rust|openjdk|dotnet)-(\d+(?:\.\d+)?)/;

export function runtimeOf(packages: readonly string[]): Runtime | null {
  for (const name of packages) {
    const m = RUNTIME.exec(name);
    if (m) return { name: m[1] as Runtime['name'], version: m[2] ?? null };
  }
  return null;
}

export function carryImage(input: ImageCarryInput): ImageCarry {
  const out: ImageCarry = {
    commands: [],
    imagePackages: [],
    buildPackages: [],
    paths: [],
    environment: {},
    steps: [],
    findings: [],
    decided: new Set(),
  };
  const ships = new Set<string>();
  const runtime = runtimeOf(input.baseRuntime);
  for (const stage of input.chain) {
    const facts = input.analyses.find((a) => a.stage === stage)?.facts ?? [];
    // Only what the analyzers left as plain commands or downloads is carried here.
    const open = new Set(
      facts.flatMap((f) =>
        f.kind === 'command'
          ? [`${f.line}\t${f.text}`]
          : f.kind === 'download'
            ? [`${f.line}\t${f.url ?? ''}`]
            : [],
      ),
    );
    let workdir = '/';
    const env: Record<string, string> = { ...input.baseEnvironment };
    for (const i of stage.instructions) {
      if (i.kind === 'workdir') workdir = posix.resolve(workdir, i.path);
      if (i.kind !== 'run') continue;
      if (i.command.form !== 'exec' && i.script.startsWith('#!')) continue;
      // `RUN ["pip", "install", "flask"]` is one command, without a shell.
      const parse =
        i.command.form === 'exec'
          ? input.shell.commandsFromArgv(i.command.argv, i.env)
          : input.shell.commands(i.script, i.env);
      const lineOf = (row: number) => i.lineMap[row] ?? i.line;
      const commands = carryCommands(parse.commands, lineOf);
      const ctx = {
        stage: stage.id,
        inImage: true,
        family: input.family,
        runtime,
        env: { ...env, ...i.env },
        workdir,
        archs: input.archs,
        catalog: input.catalog,
        installers: input.installers,
      };
      parse.commands
        .filter((c) => c.substitutedInto === null)
        .forEach((simple, n) => {
          const cmd = commands[n];
          if (!cmd) return;
          const line = cmd.line;
          const key = `${line}\t${simple.text}`;
          const download = [...open].find(
            (k) =>
              k.startsWith(`${line}\t`) &&
              k.length > `${line}\t`.length &&
              cmd.argv.includes(k.slice(k.indexOf('\t') + 1)),
          );
          if (!open.has(key) && !download) return;
          // The application's build runs it as written already (it prepares the copied files).
          if (
            input.performed.has(line) &&
            !input.elsewhere?.has(open.has(key) ? key : (download as string))
          )
            return;
          let carried = carryCommand(cmd, ctx);
          if (carried.fate === 'melange' && carried.steps.length > 0 && !input.hasBuild)
            carried = noBuild(cmd.text, line, stage.id);
          out.commands.push({
            stage: stage.id,
            line,
            text: simple.text,
            argv: cmd.argv,
            key: open.has(key) ? key : (download as string),
            appDir: workdir,
            carry: carried,
          });
          // A dropped command stays in the RUN's one WF305 (one finding per instruction); its reason is in Result.steps.
          if (carried.fate !== 'dropped')
            out.decided.add(open.has(key) ? key : (download as string));
          gather(out, carried, ships);
        });
    }
  }
  for (const path of ships) {
    // Built in place in the sandbox: into the package at the same path.
    out.steps.push(
      runsStep(`ship ${path}`, [
        scriptLine(['mkdir', '-p', inPackage(posix.dirname(path))]),
        scriptLine(['cp', '-a', path, inPackage(posix.dirname(path)) + '/']),
      ]),
    );
  }
  return out;
}

/**
 * The carried commands run in the application build's sandbox, where the Dockerfile's
 * copied files are not: they went straight into the package. Files a carried command names
 * (`COPY requirements.txt /opt/` then `pip install -r /opt/requirements.txt`), and the files
 * in the folder it runs in (`cd /app && npm ci` reads /app/package.json), are copied back from
 * the package to where the Dockerfile put them, in a step before the carried ones. Null when
 * none needs it.
 */
export function sandboxCopiesStep(
  carried: ImageCarry,
  packagedPaths: readonly string[],
): PipelineStep | null {
  const needed = new Set<string>();
  // What a path names of the package: the packaged file or folder it is in, or those in it.
  // A copy under /tmp or /run went into the sandbox only (WF349): it is there already.
  const packagedAt = (path: string) =>
    packagedPaths.filter(
      (root) =>
        root !== '/' &&
        !isTemporary(root) &&
        (within(path, root) || (path !== '/' && within(root, path))),
    );
  for (const command of carried.commands) {
    if (command.carry.fate !== 'melange' || command.carry.steps.length === 0) continue;
    const words = command.argv
      .slice(1)
      .filter((w) => w !== '' && !w.includes('$') && !w.startsWith('-'));
    // Where its steps run: Docker's WORKDIR, or the folder its `cd` went to.
    const dirs = new Set(
      command.carry.steps.map((step) => step['working-directory'] ?? command.appDir),
    );
    for (const dir of dirs) {
      for (const path of [dir, ...words.map((w) => posix.resolve(dir, w))]) {
        for (const root of packagedAt(path)) needed.add(root);
      }
    }
  }
  if (needed.size === 0) return null;
  // A path inside another one needed is copied with it.
  const roots = [...needed].filter((p) => ![...needed].some((q) => q !== p && within(p, q)));
  const byParent = new Map<string, string[]>();
  for (const path of roots.sort()) {
    const parent = posix.dirname(path);
    byParent.set(parent, [...(byParent.get(parent) ?? []), inPackage(path)]);
  }
  return runsStep(
    'copied files where the carried commands read them',
    [...byParent].flatMap(([parent, paths]) => {
      const copy = scriptLine(['cp', '-a', ...paths, parent === '/' ? '/' : `${parent}/`]);
      return parent === '/' ? [copy] : [scriptLine(['mkdir', '-p', parent]), copy];
    }),
  );
}

function gather(out: ImageCarry, c: Carry, ships: Set<string>): void {
  const add = (list: string[], names: readonly string[]) => {
    for (const n of names) if (!list.includes(n)) list.push(n);
  };
  add(out.imagePackages, c.imagePackages);
  add(out.buildPackages, c.buildPackages);
  out.paths.push(...c.paths);
  Object.assign(out.environment, c.environment);
  out.steps.push(...c.steps);
  for (const s of c.ships) ships.add(s);
  if (c.fate !== 'dropped') out.findings.push(...c.findings);
}

function noBuild(text: string, line: number, stage: string): Carry {
  const hint =
    'Copy the files it needs into the image (wolfify then makes a melange build that runs it), or write a melange step for it.';
  return carry('dropped', 'the image has no melange build to run it in', {
    findings: [
      finding(
        'WF343',
        `\`${text}\` must run in a melange build, and this image has none`,
        { line, stage },
        { hint },
      ),
    ],
  });
}

/**
 * Commands the application's build must not run as written: carried as a package, an apko
 * field, unneeded, dropped, or by steps that write into the package outside the application
 * directory (which the build's own run in place would lose).
 */
export function carriedElsewhere(carried: ImageCarry): Set<string> {
  const out = new Set<string>();
  for (const c of carried.commands) {
    const app = c.appDir;
    const inApp = (dir: string | undefined) =>
      dir !== undefined && app !== '/' && (dir === app || dir.startsWith(`${app}/`));
    // A `cd` (no steps of its own) only matters to the commands beside it.
    if (c.carry.fate !== 'melange' || !c.carry.steps.some((s) => inApp(s['working-directory'])))
      out.add(c.key);
  }
  return out;
}

/** Installers whose packages an interpreter of the same language loads in a later RUN. */
const LANGUAGE_OF: Readonly<Record<string, RegExp>> = {
  pip: /^python[\d.]*$/,
  pip3: /^python[\d.]*$/,
  npm: /^node$/,
  yarn: /^node$/,
  pnpm: /^node$/,
  gem: /^(ruby|rake|rails)$/,
  composer: /^php[\d.]*$/,
};

/**
 * The application's build runs the RUNs that prepare copied files in Dockerfile order and the
 * carried commands after them. A carried install the Dockerfile ran before such a RUN, whose
 * interpreter that RUN starts (`pip install /wheels/*`, then `python manage.py collectstatic`),
 * leaves the later step without what it needs: an error that names both lines.
 */
export function outOfOrderFindings(
  carried: ImageCarry,
  performed: ReadonlySet<number>,
  chain: readonly Stage[],
  analyses: readonly StageAnalysis[],
): Finding[] {
  const runs = chain.flatMap((stage) =>
    stage.instructions.flatMap((i) => (i.kind === 'run' ? [i] : [])),
  );
  const programs = analyses
    .filter((a) => chain.includes(a.stage))
    .flatMap((a) => a.facts)
    .flatMap((f) =>
      f.kind === 'command' ? [{ line: f.line, program: posix.basename(f.argv[0] ?? '') }] : [],
    );
  const out: Finding[] = [];
  const reported = new Set<Instruction>();
  for (const c of carried.commands) {
    // `python -m pip install` is pip; any other python command installs nothing.
    const [program = '', flag, module] = c.argv.map((a) => posix.basename(a));
    const installer = /^python[\d.]*$/.test(program) && flag === '-m' ? (module ?? '') : program;
    const language = LANGUAGE_OF[installer];
    const own = runs.find((run) => c.line >= run.line && c.line <= run.endLine);
    if (!language || !own || reported.has(own)) continue;
    if (c.carry.fate !== 'melange' || c.carry.steps.length === 0) continue;
    const later = runs.find(
      (run) =>
        run.line > own.endLine &&
        [...performed].some((line) => line >= run.line && line <= run.endLine) &&
        programs.some(
          (p) => p.line >= run.line && p.line <= run.endLine && language.test(p.program),
        ),
    );
    if (!later) continue;
    reported.add(own);
    out.push(
      finding(
        'WF351',
        `\`${c.text}\` runs in melange.yaml after the RUN of line ${later.line}, which the Dockerfile ran after it and which loads what it installs`,
        { line: c.line, stage: c.stage },
        {
          hint: `Move the step of line ${c.line} in melange.yaml before the step of line ${later.line}, and make what it installs visible there (a pip --root install into \${{targets.destdir}} needs PYTHONPATH), or install into a virtual environment in the application directory before both.`,
        },
      ),
    );
  }
  return out;
}
