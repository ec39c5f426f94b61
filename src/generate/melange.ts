// The application package: what the final image gets from the build context and from
// builder stages becomes one melange package. Builder stages are replayed in melange's
// build sandbox at their Docker paths (one sandbox for all stages, in file order), then
// the files the image copies are installed under ${{targets.destdir}}. RUN steps of the
// final image that prepare copied files (pip/npm/composer/bundle installs) run there too.
// This module keeps that order; what each part does has its module beside it (melange-*.ts,
// pipelines/recognise.ts), each given only what it needs.

import { posix } from 'node:path';
import type { InstallerRule } from '../analyze/installers.js';
import type { StageAnalysis } from '../analyze/stage.js';
import type { Catalog } from '../catalog/index.js';
import type { ApkoConfig, Finding, MelangeConfig, ParsedDockerfile, Stage } from '../model.js';
import type { CopyInstruction, StageBuild } from '../plan/model.js';
import { installedPaths, within } from '../plan/paths.js';
import { venvPaths } from '../plan/written.js';
import type { ShellParser } from '../shell/index.js';
import { disabledChecks, type PackagedPath } from './melange-checks.js';
import {
  LOCAL_REPOSITORY_TAG,
  packageConfig,
  stageSubpackage,
  targetArchitectures,
} from './melange-config.js';
import {
  externalImage,
  isSystemCopy,
  systemFiles,
  type CopiedImageContext,
} from './melange-copied-images.js';
import { CopyInstaller, type CopyEffects } from './melange-copy-install.js';
import { installTrees, type CopySource } from './melange-copy.js';
import { StepEnvironments } from './melange-environment.js';
import { readFinalUnits } from './melange-final-units.js';
import { packageIdentity } from './melange-identity.js';
import { layout } from './melange-layout.js';
import { finalOwnership, type ImageAccounts } from './melange-ownership.js';
import { uniqueNames } from './melange-preamble.js';
import type { ScriptSplitter } from './melange-script.js';
import { StagePaths, type Where } from './melange-stage-paths.js';
import { stageTree } from './melange-stage-tree.js';
import {
  keptLeaves,
  mountLines,
  runUnit,
  fixedGoArchs,
  unitFindings,
  unitSteps,
  rebuildSteps,
  type RunUnit,
  type Step,
} from './melange-steps.js';
import { addTools } from './melange-tools.js';
import { recognise, wantedFiles } from './pipelines/recognise.js';

export interface ApplicationInput {
  parsed: ParsedDockerfile;
  analyses: readonly StageAnalysis[];
  /** The final image's stages, base first. */
  chain: readonly Stage[];
  /** Wolfi packages each stage brings: its base image's runtime + build sets, and its installs. */
  stagePackages: ReadonlyMap<string, readonly string[]>;
  /** Runtime packages of the final image's base image. */
  imageBaseRuntime: readonly string[];
  /** The generated apko config: labels, accounts, environment. */
  image: ApkoConfig;
  baseImageUsers: Readonly<Record<string, number>>;
  repositories: readonly string[];
  keyring: readonly string[];
  archs: readonly string[];
  /** `--name`, or null. */
  name: string | null;
  source: string;
  catalog: Catalog;
  shell: ShellParser;
  scripts: ScriptSplitter;
  /** Lines of installer downloads that a Wolfi package replaces (in the environment). */
  replacedInstallers: ReadonlySet<number>;
  /** Image commands src/plan/carry carries another way (see StepTools). */
  carriedElsewhere?: ReadonlySet<string>;
  /** wolfify's output directory relative to the build context (`wolfi`); null when outside. */
  outputDir?: string | null;
  /** Installer rules for `ADD <url>` (default: rules/installers.yaml). */
  installers?: readonly InstallerRule[];
  /** ENV each stage's base image sets (GOPATH, JAVA_HOME …), by stage id. */
  stageBaseEnvironment?: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** The user chose the architectures (--arch); else a build that fixes GOARCH narrows them. */
  archsChosen?: boolean;
  /** WORKDIR each stage's base image sets (/go for golang), by stage id. */
  stageBaseWorkdir?: ReadonlyMap<string, string>;
  /**
   * The image's RUN commands have melange steps (src/plan/carry): the application's build
   * exists to run them even when the image copies nothing (`RUN pip install jupyterlab`).
   */
  carriesSteps?: boolean;
  /** What this build is: the image's own stages, or a builder stage (src/plan/graph.ts). */
  spec?: BuildSpec;
}

/** Which build to generate, and the package names of the builds of builder stages. */
export type BuildSpec =
  | { kind: 'application'; built: ReadonlyMap<string, string> }
  | { kind: 'stage'; build: StageBuild; built: ReadonlyMap<string, string>; name: string };

export interface ApplicationPackage {
  /** null when the image copies nothing of its own. */
  config: MelangeConfig | null;
  name: string | null;
  findings: Finding[];
  /** Final-image lines whose RUN commands the package now performs (no WF305). */
  performedLines: ReadonlySet<number>;
  /** Final-image chown/chmod lines the package now applies to its files (no WF312). */
  ownedLines: ReadonlySet<number>;
  /** Packages the image needs for what it copied from other images. */
  imagePackages: string[];
  /** apko environment entries to set (PATH of a virtual environment). */
  imageEnvironment: Record<string, string>;
  /** The output directory inside the build context, checked (`wolfi`), or null. */
  outputDir: string | null;
  /** Image paths the package installs (files or directory trees), with their owners and modes. */
  packagedPaths: readonly string[];
  /** The architectures to build: the input's, or the one a `GOARCH=amd64` build can run on. */
  archs: readonly string[];
  /** Packages of earlier builds this build installs into its environment (`name@local`). */
  dependsOn: string[];
  /** Packages of builder stages that apko installs for the files the image copies from them. */
  imageBuilds: string[];
}

export function generateMelange(input: ApplicationInput): ApplicationPackage {
  return new PackageBuilder(input).build();
}

class PackageBuilder {
  private readonly findings: Finding[] = [];
  private readonly performed = new Set<number>();
  private readonly envPackages = new Set<string>(['busybox']);
  private readonly imagePackages = new Set<string>();
  private readonly imageEnvironment: Record<string, string> = {};
  private readonly buildEnvironment = new Map<string, string>();
  private readonly steps: Step[] = [];
  /** Builds this one installs into its environment. */
  private readonly dependsOn = new Set<string>();
  /** The image's copies from builder stages, which their own builds install. */
  private readonly fromBuilds: { copy: CopyInstruction; stage: Stage }[] = [];
  /** Paths in the image the package provides (directories include what is under them). */
  private readonly packaged: PackagedPath[] = [];
  /** Final-image chown/chmod lines whose paths the package now sets. */
  private readonly owned = new Set<number>();
  /** Files of `ADD <url>` that now link to a Wolfi package's command. */
  private readonly links = new Set<string>();
  private readonly outputDir: string | null;
  private readonly paths: StagePaths;
  private readonly environments: StepEnvironments;
  private readonly copyInstaller: CopyInstaller;
  /** The findings and packages that copies and downloads add, for the modules that add them. */
  private readonly effects: CopyEffects;
  private readonly copiedImages: CopiedImageContext;

  constructor(private readonly input: ApplicationInput) {
    this.outputDir = contextPath(input.outputDir ?? null);
    this.paths = new StagePaths(input);
    this.environments = new StepEnvironments(input.stageBaseEnvironment, this.paths, this.findings);
    this.effects = {
      findings: this.findings,
      envPackages: this.envPackages,
      imagePackages: this.imagePackages,
      links: this.links,
    };
    this.copiedImages = { catalog: input.catalog, paths: this.paths };
    this.copyInstaller = new CopyInstaller(
      input,
      this.paths,
      this.accounts,
      this.outputDir,
      this.effects,
    );
  }

  /** GOARCH values builds fix (`amd64`): their binaries run on that architecture only. */
  private readonly fixedArchs: string[] = [];

  private get spec(): BuildSpec {
    return this.input.spec ?? { kind: 'application', built: new Map() };
  }

  /** The package of the build that holds a builder stage's files, or null. */
  private builtPackage(ref: string | null): string | null {
    const stage = this.paths.stageOf(ref);
    return stage ? (this.spec.built.get(stage.id) ?? null) : null;
  }

  build(): ApplicationPackage {
    const spec = this.spec;
    const packaged = spec.kind === 'stage' ? this.buildStage(spec.build) : this.buildApplication();
    // A stage other builds are made FROM is built even when empty: they install its package.
    const base = spec.kind === 'stage' && spec.build.base;
    const carries = spec.kind === 'application' && this.input.carriesSteps === true;
    if (packaged === 0 && this.steps.length === 0 && !base && !carries) return this.empty();
    return this.finish();
  }

  private empty(): ApplicationPackage {
    return {
      config: null,
      name: null,
      findings: this.findings,
      performedLines: this.performed,
      ownedLines: new Set(),
      imagePackages: [...this.imagePackages],
      imageEnvironment: {},
      outputDir: this.outputDir,
      packagedPaths: [],
      archs: this.input.archs,
      dependsOn: [],
      imageBuilds: this.imageBuilds(),
    };
  }

  /** The image's own stages: the files they copy in, and the RUN steps that prepare them. */
  private buildApplication(): number {
    const copies = this.finalCopies();
    if (copies.length === 0 && this.fromBuilds.length === 0) {
      // Only carried commands run in this build: they need the stages' tools (the runtime).
      if (this.input.carriesSteps)
        for (const stage of this.input.chain) this.addStagePackages(stage);
      return 0;
    }
    const appUnits = this.finalUnits();
    const replay = appUnits.some((u) => keptLeaves(u).length > 0);
    if (!replay && copies.length === 0) return 0;
    if (replay) {
      for (const stage of this.input.chain) this.addStagePackages(stage);
      // The steps work on what the image copied from builder stages: their packages put
      // those files where the image has them, and this package ships them with the rest.
      for (const { copy } of this.fromBuilds) {
        const pkg = this.builtPackage(copy.from);
        if (pkg) this.dependsOn.add(pkg);
      }
      this.fromBuilds.length = 0;
    }
    addTools(replay ? appUnits : [], this.envPackages, this.input.catalog, this.findings);
    const packaged = replay ? this.replayFinal() : this.installDirect(copies, new Set());
    this.applyFinalOwnership();
    return packaged;
  }

  /** A builder stage: its steps in its own sandbox, then what later stages copy from it. */
  private buildStage(build: StageBuild): number {
    for (const stage of build.replay) this.addStagePackages(stage);
    const parent = build.parent ? this.spec.built.get(build.parent) : undefined;
    if (parent) this.dependsOn.add(stageSubpackage(parent));
    for (const dep of build.copiesFrom) {
      const pkg = this.spec.built.get(dep);
      if (pkg) this.dependsOn.add(pkg);
    }
    const units = build.replay.flatMap((stage) => this.replayBuilder(stage));
    const outputs = build.outputs
      // Certificates and time zones the image gets from their Wolfi packages (WF505).
      .filter((o) => !(o.image && isSystemCopy(o.copy)))
      .map((o) => ({
        copy: this.paths.resolveCopy(o.copy, o.consumer),
        stage: o.consumer,
        image: o.image,
      }));
    const consumed = recognise(units, wantedFiles(outputs, this.paths), this.envPackages);
    if (consumed.size > 0) rebuildSteps(this.steps, units);
    addTools(units, this.envPackages, this.input.catalog, this.findings);
    let packaged = this.installDirect(outputs, consumed);
    // `RUN chown -R app /app/media` in the image, on files this package ships.
    this.applyFinalOwnership();
    if (build.base) packaged += this.installTree(build.replay);
    return packaged;
  }

  /** A base stage's tree, for the subpackage the builds made FROM it install. */
  private installTree(stages: readonly Stage[]): number {
    const { lines, count } = stageTree(stages, this.input.analyses, this.paths);
    this.treeLines = lines;
    return count;
  }

  private treeLines: string[] = [];

  /** Builds of builder stages whose files the image gets straight from their packages. */
  private imageBuilds(): string[] {
    const out = new Set<string>();
    for (const { copy } of this.fromBuilds) {
      const pkg = this.builtPackage(copy.from);
      if (pkg) out.add(pkg);
    }
    return [...out];
  }

  /** The final image's chown/chmod on files the package ships, set in the package. */
  private applyFinalOwnership(): void {
    const { lines, owned } = finalOwnership(
      {
        chain: this.input.chain,
        analyses: this.input.analyses,
        paths: this.paths,
        packaged: this.packaged,
        links: this.links,
        accounts: this.accounts,
      },
      this.findings,
    );
    for (const line of owned) this.owned.add(line);
    if (lines.length > 0)
      this.steps.push({
        step: { name: 'owners and modes the image sets', runs: lines.join('\n') },
      });
  }

  private get accounts(): ImageAccounts {
    return { accounts: this.input.image.accounts, baseImageUsers: this.input.baseImageUsers };
  }

  private finish(): ApplicationPackage {
    const { identity, findings } = packageIdentity(this.identityInput());
    this.findings.push(...findings);
    const { environment, pipeline: ownSteps } = this.environments.withEnvironments(
      this.steps,
      this.buildEnvironment,
    );
    const pipeline = uniqueNames(ownSteps);
    const checks = disabledChecks(this.packaged);
    this.findings.push(...checks.findings);
    const spec = this.spec;
    const archs = targetArchitectures(this.input.archs, this.fixedArchs, this.input.archsChosen);
    const { config, name } = packageConfig({
      identity,
      stage:
        spec.kind === 'stage'
          ? { id: spec.build.stage.id, name: spec.name, base: spec.build.base }
          : null,
      imageBaseRuntime: this.input.imageBaseRuntime,
      imagePackages: this.input.image.contents.packages,
      archs,
      checks: checks.config,
      dependsOn: this.dependsOn,
      envPackages: this.envPackages,
      keyring: this.input.keyring,
      repositories: this.input.repositories,
      environment,
      pipeline,
      treeLines: this.treeLines,
    });
    return {
      config,
      name,
      findings: this.findings,
      performedLines: this.performed,
      ownedLines: this.owned,
      imagePackages: [...this.imagePackages],
      imageEnvironment: this.imageEnvironment,
      outputDir: this.outputDir,
      packagedPaths: this.packaged.map((p) => p.path),
      archs,
      dependsOn: [...this.dependsOn],
      imageBuilds: this.imageBuilds(),
    };
  }

  private identityInput() {
    return {
      name: this.input.name,
      labels: this.input.image.annotations ?? {},
      parsed: this.input.parsed,
      source: this.input.source,
    };
  }

  // ------------------------------------------------------------ what the image copies

  /** The final image's COPY/ADD instructions that bring files, minus those a package covers. */
  private finalCopies(): { copy: CopyInstruction; stage: Stage }[] {
    const out: { copy: CopyInstruction; stage: Stage }[] = [];
    for (const stage of this.input.chain) {
      for (const i of stage.instructions) {
        if (i.kind !== 'copy' && i.kind !== 'add') continue;
        if (i.from !== null && !this.paths.stageOf(i.from)) {
          externalImage(i, stage, true, this.copiedImages, this.effects);
          continue;
        }
        if (i.from !== null && systemFiles(i, stage, this.copiedImages, this.effects)) continue;
        const copy = this.paths.resolveCopy(i, stage);
        if (this.builtPackage(i.from)) this.fromBuilds.push({ copy, stage });
        else out.push({ copy, stage });
      }
    }
    return out;
  }

  // ------------------------------------------------------------ builder stages

  /** The stage's packages and those of the stages it is built FROM. */
  private addStagePackages(stage: Stage): void {
    for (let s: Stage | undefined = stage; s;) {
      for (const p of this.input.stagePackages.get(s.id) ?? []) {
        // A base built in the same repository: its package comes from an earlier build.
        if (p.endsWith(`@${LOCAL_REPOSITORY_TAG}`))
          this.dependsOn.add(p.slice(0, -LOCAL_REPOSITORY_TAG.length - 1));
        else this.envPackages.add(p);
      }
      s = s.base.kind === 'stage' ? (this.paths.stageOf(s.base.stage) ?? undefined) : undefined;
    }
  }

  private replayBuilder(stage: Stage): RunUnit[] {
    const units: RunUnit[] = [];
    let workdir = this.paths.initialWorkdir(stage);
    for (const i of stage.instructions) {
      const where = { line: i.line, stage: stage.id };
      const name = `${i.kind.toUpperCase()} (line ${i.line}, stage ${stage.id})`;
      if (i.kind === 'workdir') workdir = this.paths.imageWorkdir(i.path, stage);
      else if (i.kind === 'run') {
        const unit = runUnit(i, stage.id, workdir, 'build', this.input);
        this.findings.push(...unitFindings(unit));
        this.fixedArchs.push(...fixedGoArchs(unit));
        units.push(unit);
        this.pushUnit(unit, name);
      } else if (i.kind === 'copy' || i.kind === 'add') {
        if (i.from !== null && !this.paths.stageOf(i.from)) {
          externalImage(i, stage, false, this.copiedImages, this.effects);
          continue;
        }
        // The build of that stage installed the files here: its package is in the environment.
        if (this.builtPackage(i.from)) continue;
        const lines = this.copyInstaller.copyInstruction(
          this.paths.resolveCopy(i, stage),
          workdir,
          false,
          where,
        );
        if (lines.length > 0) this.steps.push({ step: { name, runs: lines.join('\n') } });
      }
    }
    return units;
  }

  private pushUnit(unit: RunUnit, name: string): void {
    const before = mountLines(unit, this.findings);
    for (const step of unitSteps(unit, name, before)) this.steps.push({ step, unit, label: name });
  }

  // ------------------------------------------------------------ the final image's own steps

  /** Final-image RUNs that prepare copied files: after a copy, in the directory it filled. */
  private finalUnits(): RunUnit[] {
    // Asked for by buildApplication and again by replayFinal: the same units, read once.
    this.keptFinalUnits ??= readFinalUnits(this.input, this.paths);
    return this.keptFinalUnits;
  }

  private keptFinalUnits: RunUnit[] | null = null;

  /** Single-stage (or mixed) images: copies and steps in the build, then the results into the package. */
  private replayFinal(): number {
    const installed = new Map<string, { kind: CopySource['kind']; where: Where }>();
    const app = new Map(this.finalUnits().map((u) => [u.run, u]));
    for (const stage of this.input.chain) {
      let workdir = this.paths.initialWorkdir(stage);
      for (const i of stage.instructions) {
        const where = { line: i.line, stage: stage.id };
        const name = `${i.kind.toUpperCase()} (line ${i.line}, stage ${stage.id})`;
        if (i.kind === 'workdir') workdir = this.paths.imageWorkdir(i.path, stage);
        if (i.kind === 'run') {
          const unit = app.get(i);
          if (!unit) continue;
          this.findings.push(...unitFindings(unit));
          layout(
            unit,
            {
              buildEnvironment: this.buildEnvironment,
              steps: this.steps,
              imageEnvironment: this.imageEnvironment,
              imagePath: this.input.image.environment?.PATH,
            },
            this.findings,
          );
          for (const leaf of keptLeaves(unit)) {
            for (const fact of leaf.facts) this.performed.add(fact.line);
            for (const path of venvPaths(leaf.facts, unit.workdir))
              installed.set(path, { kind: 'dir', where: { line: leaf.line, stage: unit.stage } });
          }
          this.pushUnit(unit, name);
        }
        if (i.kind !== 'copy' && i.kind !== 'add') continue;
        if ((i.from !== null && !this.paths.stageOf(i.from)) || isSystemCopy(i)) continue;
        const copy = this.paths.resolveCopy(i, stage);
        // A builder stage's package put these files here already (in the environment).
        const lines = this.builtPackage(i.from)
          ? []
          : this.copyInstaller.copyInstruction(copy, workdir, false, where, true);
        if (lines.length === 0 && this.builtPackage(i.from))
          for (const [path, kind] of installedPaths(copy, workdir))
            if (kind === 'dir' || !installed.has(path)) installed.set(path, { kind, where });
        if (lines.length === 0) continue;
        this.steps.push({ step: { name, runs: lines.join('\n') } });
        for (const [path, kind] of installedPaths(copy, workdir))
          if (kind === 'dir' || !installed.has(path)) installed.set(path, { kind, where });
      }
    }
    // What the steps made in their directory (node_modules, .venv, vendor) ships too.
    for (const unit of app.values())
      installed.set(unit.workdir, {
        kind: 'dir',
        where: { line: unit.run.line, stage: unit.stage },
      });
    // A directory that is installed whole brings what is under it.
    const roots = [...installed].filter(
      ([path]) =>
        ![...installed].some(
          ([dir, { kind }]) => kind === 'dir' && dir !== path && within(path, dir),
        ),
    );
    this.packaged.push(...roots.map(([path, { where }]) => ({ path, where })));
    const lines = installTrees(roots);
    if (lines.length > 0)
      this.steps.push({ step: { name: 'install into the package', runs: lines.join('\n') } });
    return roots.length;
  }

  // ------------------------------------------------------------ installing into the package

  /** Multi-stage images: each copy straight from the build (or workspace) into the package. */
  private installDirect(
    copies: { copy: CopyInstruction; stage: Stage; image?: boolean }[],
    consumed: ReadonlySet<string>,
  ): number {
    const { lines, packaged, count } = this.copyInstaller.installDirect(copies, consumed);
    this.packaged.push(...packaged);
    if (lines.length > 0)
      this.steps.push({ step: { name: 'install into the package', runs: lines.join('\n') } });
    return count;
  }
}

// ------------------------------------------------------------ helpers

/** A relative path inside the build context (`wolfi`, `deploy/wolfi`), or null. */
function contextPath(path: string | null): string | null {
  if (path === null) return null;
  const normal = posix.normalize(path).replace(/\/+$/, '');
  if (normal === '.' || normal === '' || posix.isAbsolute(normal)) return null;
  return normal === '..' || normal.startsWith('../') ? null : normal;
}
