import { isPhpExtensionInstall, phpExtensionRequests } from './analyze/php.js';
import { analyzeStage, type InstalledPackage, type StageAnalysis } from './analyze/stage.js';
import { loadBuiltinCatalog, type Catalog } from './catalog/index.js';
import { WolfifyError } from './errors.js';
import { melangeIgnoreLines } from './dockerignore.js';
import { finding, sortFindings } from './findings.js';
import { DEFAULT_ARCHS, generateApko, WOLFI_KEYRING, WOLFI_REPOSITORY } from './generate/apko.js';
import { DIRECTORY_MODE } from './generate/apko-paths.js';
import { LOCAL_KEY, LOCAL_REPOSITORY_TAG } from './generate/melange-config.js';
import type { ApplicationPackage } from './generate/melange.js';
import { generateBuilds } from './generate/melange-builds.js';
import { buildGraph, lineage } from './plan/graph.js';
import { planSteps } from './plan/fates.js';
import { ScriptSplitter } from './generate/melange-script.js';
import { checkCommandStarts } from './generate/command-start.js';
import {
  allowsPrivate,
  MANAGER_FAMILY,
  mapBaseImage,
  mapPackage,
  mapPhpExtension,
  type BaseImageDecision,
  type MapContext,
  type PackageMapping,
} from './map/index.js';
import { loadBuiltinRules } from './map/builtin-rules.js';
import type { RuleSet } from './map/rules.js';
import type {
  ApkoConfig,
  ApkoPath,
  Finding,
  MelangeConfig,
  MelangeOrigin,
  PackageDecision,
  PackageManager,
  ParsedDockerfile,
  Result,
  SizeReport,
  Stage,
} from './model.js';
import { parseDockerfile } from './parse/index.js';
import { selfCheck } from './plan/self-check.js';
import {
  estimateSize,
  languageInstalls,
  type BuildContextFiles,
  type ContextCopy,
  type SizeInput,
} from './size/index.js';
import { ShellParser } from './shell/index.js';
import { notCarriedFindings, runsReplacedInstaller } from './not-carried.js';
import {
  carriedElsewhere,
  carryImage,
  outOfOrderFindings,
  sandboxCopiesStep,
  type ImageCarry,
} from './plan/carry/image.js';
import { loadBuiltinInstallers, supplyChain } from './supply-chain.js';
import { verdictOf } from './verdict.js';
import { followImageVersion } from './map/version-stream.js';
import {
  baseBuilds,
  baseLocations,
  decisionFromResult,
  repositoryBaseFor,
  type BaseBuilds,
  type RepositoryBase,
} from './same-repo-base.js';

export interface ConvertOptions {
  /** How the Dockerfile is named in the output: its path, or `-` for stdin. */
  source?: string;
  /** `--build-arg K=V`: overrides of declared ARG defaults. */
  buildArgs?: Record<string, string>;
  /** `--target STAGE`: the stage that becomes the image (default: the last). */
  target?: string;
  archs?: string[];
  /** Extra repositories and keys, listed after Wolfi's unless `replaceRepositories`. */
  repositories?: string[];
  keyring?: string[];
  /** Use only the given repositories and keys, not Wolfi's public ones. */
  replaceRepositories?: boolean;
  /** `--user NAME[:UID]`: the user the image runs as. */
  user?: { name: string; uid: number | null };
  /**
   * `--keep-root`: keep running as root when the Dockerfile does (true), never (false), or
   * unset: only where the image is designed to start as root (a step-down in its
   * entrypoint, an init system, a server on a port below 1024), with a warning.
   */
  keepRoot?: boolean;
  catalog?: Catalog;
  rules?: RuleSet;
  /** `--name`: the application package's name (default: a label, else the directory). */
  name?: string;
  /** `--no-size`: skip the size estimate (Result.size is then null). */
  size?: boolean;
  /** The build context's files as the front end listed them: sizes the application. */
  buildContext?: BuildContextFiles | null;
  /**
   * The build context (the Dockerfile's directory) relative to where the files are written:
   * BUILD.md's `melange build --source-dir`. Default `.`; batch writes to `<dir>/wolfi/`, so `..`.
   */
  contextDir?: string;
  /**
   * The output directory relative to the build context (POSIX, e.g. `wolfi`), when it is
   * inside the context: `COPY . .` must not copy it into the package. Absent: outside or unknown.
   */
  outputDir?: string | null;
  /**
   * Start of build-context files by context-relative path (`docker-entrypoint.sh` →
   * `#!/bin/bash…`, '' for a file read that has no #! line): the front end reads those
   * `contextFilesWanted` names, so the start check can add the shell or interpreter a copied
   * script's #! line names. A script the command starts that is absent here was not read,
   * and says so (WF319).
   */
  contextScripts?: Readonly<Record<string, string>>;
  /**
   * Images other Dockerfiles of the repository build (`--base acme/base=base/Dockerfile`,
   * compose `build:` + `image:`), by name with or without tag: a FROM naming one is
   * converted from that Dockerfile instead of being looked up in the rules.
   */
  bases?: Readonly<Record<string, RepositoryBase>>;
}

/** Convert a Dockerfile's text into a Result. Pure apart from loading the shipped data once. */
export async function convert(text: string, options: ConvertOptions = {}): Promise<Result> {
  const source = options.source ?? 'Dockerfile';
  const parsed = parseDockerfile(text, { buildArgs: options.buildArgs ?? {}, fileName: source });
  const shell = await ShellParser.load();
  const analyses = parsed.stages.map((stage) => analyzeStage(stage, shell));

  const repositories = options.replaceRepositories
    ? [...(options.repositories ?? [])]
    : [WOLFI_REPOSITORY, ...(options.repositories ?? [])];
  const keyring = options.replaceRepositories
    ? [...(options.keyring ?? [])]
    : [WOLFI_KEYRING, ...(options.keyring ?? [])];
  const ctx: MapContext = {
    catalog: options.catalog ?? loadBuiltinCatalog(),
    rules: options.rules ?? loadBuiltinRules(),
    repositories,
  };

  const target = findTargetStage(parsed, options.target, source);
  const chain = stageChain(parsed, target);
  const inImage = new Set(chain.map((s) => s.id));

  const findings: Finding[] = [...parsed.findings];
  const decisions: PackageDecision[] = [];
  const imagePackages: string[] = [];
  const bases = new Map<string, BaseImageDecision>();
  // The melange builds of bases built in the same repository: before this image's own.
  const fromBases: BaseBuilds[] = [];
  const repositoryDecisions = new Map<string, BaseImageDecision>();

  for (const analysis of analyses) {
    const { stage } = analysis;
    const role = inImage.has(stage.id) ? 'image' : 'build';
    findings.push(...analysis.findings);
    const root = stageChain(parsed, stage)[0] ?? stage;
    let base = bases.get(root.id);
    if (!base) {
      const image = root.base.kind === 'image' ? root.base.image : null;
      const local = image ? repositoryBaseFor(image, options.bases) : null;
      // Converted once, however many stages build on it.
      const converted = local ? repositoryDecisions.get(local.name) : undefined;
      base =
        converted ??
        (local
          ? await repositoryBase(local.name, local.base, options, ctx, shell, fromBases)
          : mapBaseImage(image, ctx));
      if (local) repositoryDecisions.set(local.name, base);
      bases.set(root.id, base);
    }
    if (stage === root) {
      decisions.push(baseImageDecision(stage, base, role));
      for (const f of base.findings) findings.push({ ...f, line: stage.line, stage: stage.id });
      if (role === 'image') imagePackages.push(...base.runtime);
    }
    // Unverified downloads and sources (WF401–WF405); known installers become Wolfi packages.
    const supply = supplyChain(analysis, role, ctx);
    findings.push(...supply.findings);
    for (const raw of supply.decisions) {
      const decision = followStream(raw, base, ctx, findings);
      decisions.push(decision);
      if (decision.target === 'image') imagePackages.push(...decision.to);
    }
    for (const decision of phpExtensionDecisions(
      analysis,
      base.versionFamily,
      role,
      ctx,
      findings,
    )) {
      decisions.push(decision);
      if (decision.target === 'image') imagePackages.push(...decision.to);
    }
    for (const install of analysis.installs) {
      const target = install.buildOnly || role === 'build' ? 'build' : 'image';
      const decision = followStream(
        supply.replacement(install, target) ??
          decidePackage(install, stage.id, target, ctx, findings),
        base,
        ctx,
        findings,
      );
      decisions.push(decision);
      if (decision.target === 'image') imagePackages.push(...decision.to);
    }
  }

  const finalRoot = chain[0];
  const baseImageUsers = finalRoot ? (bases.get(finalRoot.id)?.users ?? {}) : {};
  const image = generateApko({
    chain,
    // Extension installs became php-8.x-<ext> packages above; apko has nothing left to run.
    facts: analyses
      .filter((a) => inImage.has(a.stage.id))
      .flatMap((a) => a.facts)
      .filter((f) => !isPhpExtensionInstall(f)),
    packages: imagePackages,
    repositories,
    keyring,
    archs: options.archs && options.archs.length > 0 ? options.archs : DEFAULT_ARCHS,
    user: options.user ?? null,
    keepRoot: options.keepRoot ?? null,
    shell,
    contextScripts: options.contextScripts ?? {},
    parsed,
    baseImageUsers,
    baseEnvironment: finalRoot ? (bases.get(finalRoot.id)?.env ?? {}) : {},
    baseContract: finalRoot ? (bases.get(finalRoot.id)?.contract ?? null) : null,
  });
  findings.push(...image.findings);

  const replacedInstallers = new Set(
    decisions.filter((d) => d.manager === 'installer' && d.target !== 'dropped').map((d) => d.line),
  );
  // The application: what the image copies becomes a melange package that apko installs.
  const stagePackages = new Map<string, string[]>();
  for (const d of decisions) {
    if (d.target === 'dropped') continue;
    const base = d.manager === 'base-image' ? bases.get(d.stage) : undefined;
    const list = stagePackages.get(d.stage) ?? [];
    stagePackages.set(d.stage, [...list, ...(base ? [...base.runtime, ...base.build] : d.to)]);
  }
  const graph = buildGraph(parsed, chain);
  // How each RUN command of the image is carried (src/plan/carry), before the builds: the
  // application's build leaves out what is carried as a package, apko field or package step.
  const carryInput = {
    chain,
    analyses,
    baseRuntime: finalRoot ? (bases.get(finalRoot.id)?.runtime ?? []) : [],
    baseEnvironment: finalRoot ? (bases.get(finalRoot.id)?.env ?? {}) : {},
    family: finalRoot ? (bases.get(finalRoot.id)?.family ?? null) : null,
    archs: image.config.archs,
    catalog: ctx.catalog,
    installers: loadBuiltinInstallers(),
    shell,
  };
  const planned = carryImage({ ...carryInput, performed: new Set(), hasBuild: true });
  const elsewhere = carriedElsewhere(planned);
  const builds = generateBuilds(
    {
      parsed,
      analyses,
      chain,
      stagePackages,
      imageBaseRuntime: finalRoot ? (bases.get(finalRoot.id)?.runtime ?? []) : [],
      image: image.config,
      baseImageUsers,
      repositories,
      keyring,
      archs: image.config.archs,
      name: options.name ?? null,
      source,
      catalog: ctx.catalog,
      shell,
      scripts: await ScriptSplitter.load(),
      replacedInstallers,
      outputDir: options.outputDir ?? null,
      carriedElsewhere: elsewhere,
      carriesSteps: planned.commands.some(
        (c) => c.carry.fate === 'melange' && c.carry.steps.length > 0,
      ),
      archsChosen: Boolean(options.archs && options.archs.length > 0),
      stageBaseEnvironment: new Map(
        parsed.stages.map((s) => [
          s.id,
          bases.get(stageChain(parsed, s)[0]?.id ?? s.id)?.env ?? {},
        ]),
      ),
      // The golang image's WORKDIR /go: a stage's relative COPY starts where its base left it.
      stageBaseWorkdir: new Map(
        parsed.stages.flatMap((s) => {
          const workdir = bases.get(stageChain(parsed, s)[0]?.id ?? s.id)?.contract?.workdir;
          return workdir ? [[s.id, workdir] as const] : [];
        }),
      ),
    },
    graph,
  );
  const app = builds.application;
  findings.push(...builds.findings);
  // RUN commands of the image that no build performs yet: carried one by one (src/plan/carry).
  const carried = carryImage({
    ...carryInput,
    performed: app.performedLines,
    elsewhere,
    hasBuild: app.config !== null,
  });
  findings.push(...carried.findings);
  if (app.config) joinBuild(app.config, carried, app.packagedPaths);
  findings.push(...outOfOrderFindings(carried, app.performedLines, chain, analyses));
  // What neither apko, a package nor a carry does is lost: one WF305 per RUN, listing its commands.
  const imageFacts = analyses.filter((a) => inImage.has(a.stage.id)).flatMap((a) => a.facts);
  const notCarried = image.notCarried.filter(
    (c) =>
      !app.performedLines.has(c.line) &&
      !runsReplacedInstaller(c, imageFacts, replacedInstallers) &&
      !carried.decided.has(`${c.line}\t${c.text}`),
  );
  findings.push(...notCarriedFindings(notCarried, chain));
  // Read each config back the way melange will run it: a build-breaker is an error, not a file.
  builds.configs.forEach((config, i) =>
    findings.push(
      ...selfCheck(config, {
        catalog: ctx.catalog,
        shell,
        buildName: builds.files[i] ?? 'melange.yaml',
      }),
    ),
  );
  const apko = withCarried(wireApplication(image.config, app, builds.imagePackages), carried);
  const start = checkCommandStarts({
    command: image.command,
    trusted: image.commandTrusted,
    packages: new Set(apko.contents.packages),
    chain,
    packagedPaths: app.packagedPaths,
    hasApplication: app.config !== null,
    contextScripts: options.contextScripts ?? {},
    workdir: apko['work-dir'] ?? '/',
    stage: target.id,
    parsed,
  });
  findings.push(...start.findings);
  if (start.add.length > 0)
    apko.contents.packages = [...new Set([...apko.contents.packages, ...start.add])].sort();
  const performed = (f: Finding) =>
    f.id === 'WF312' && app.ownedLines.has(f.line ?? -1) && /^ch(own|mod)/.test(f.message);
  const reported = sortFindings(findings.filter((f) => !performed(f)));
  const steps = planSteps({
    parsed,
    graph,
    analyses,
    decisions,
    builds,
    findings: reported,
    notCarried: new Set(notCarried.map((c) => c.line)),
    carried: carried.commands,
  });

  const all = withBaseBuilds(fromBases, builds, source, options.contextDir ?? '.');
  return {
    version: 1,
    source,
    // With the build plan's Result.steps, pass them too: a dropped step is incomplete on its own.
    verdict: verdictOf(reported, steps),
    apko,
    ...(all.configs.length > 0 ? { contextDir: options.contextDir ?? '.' } : {}),
    ...(builds.configs.length > 0 && app.outputDir ? { outputDir: app.outputDir } : {}),
    ...(builds.configs.length > 0 && options.buildContext?.dockerignore
      ? { contextIgnore: melangeIgnoreLines(options.buildContext.dockerignore) }
      : {}),
    melange: builds.configs.at(-1) ?? null,
    melanges: all.configs,
    melangeFiles: all.files,
    ...(fromBases.length > 0 ? { melangeOrigins: all.origins } : {}),
    packages: decisions,
    steps,
    findings: reported,
    size:
      options.size === false
        ? null
        : imageSize(
            finalRoot,
            decisions,
            apko,
            ctx.catalog,
            analyses.filter((a) => inImage.has(a.stage.id)),
            options.buildContext ?? null,
          ),
  };
}

/** Convert the Dockerfile that builds a base image, and make its image this one's base. */
async function repositoryBase(
  name: string,
  base: RepositoryBase,
  options: ConvertOptions,
  ctx: MapContext,
  shell: ShellParser,
  builds: BaseBuilds[],
): Promise<BaseImageDecision> {
  // Without itself among the bases, so that two Dockerfiles naming each other cannot loop.
  const others = Object.fromEntries(
    Object.entries(options.bases ?? {}).filter(([k]) => k !== name),
  );
  const result = await convert(base.text, {
    ...options,
    source: base.source,
    bases: others,
    contextScripts: base.contextScripts ?? {},
    ...baseLocations(base, options.contextDir, options.outputDir),
    size: false,
    target: undefined,
    // Its own name, not this image's `name:`: the two packages must differ.
    name: undefined,
  });
  builds.push(baseBuilds(result));
  const parsed = parseDockerfile(base.text, {
    buildArgs: options.buildArgs ?? {},
    fileName: base.source,
  });
  const last = parsed.stages[parsed.stages.length - 1];
  const first = last ? stageChain(parsed, last)[0] : undefined;
  const root = mapBaseImage(first?.base.kind === 'image' ? first.base.image : null, ctx);
  return decisionFromResult(name, base, result, root, shell);
}

/** The bases' builds, each package once, then this image's own: every build in order. */
function withBaseBuilds(
  fromBases: readonly BaseBuilds[],
  own: { configs: MelangeConfig[]; files: string[] },
  source: string,
  contextDir: string,
): BaseBuilds {
  const out: BaseBuilds = { configs: [], files: [], origins: [] };
  const seen = new Set<string>();
  const add = (config: MelangeConfig, file: string, origin: MelangeOrigin) => {
    if (seen.has(file)) return;
    seen.add(file);
    out.configs.push(config);
    out.files.push(file);
    out.origins.push(origin);
  };
  for (const b of fromBases)
    b.configs.forEach((c, i) => add(c, b.files[i] as string, b.origins[i] as MelangeOrigin));
  own.configs.forEach((c, i) => add(c, own.files[i] as string, { source, contextDir }));
  return out;
}

/** Packages of the image's own runtime follow its version (src/map/version-stream.ts). */
function followStream(
  decision: PackageDecision,
  base: BaseImageDecision,
  ctx: MapContext,
  findings: Finding[],
): PackageDecision {
  const moved: string[] = [];
  const to = decision.to.map((name) => {
    const follows = followImageVersion(name, base.versionFamily, ctx.catalog);
    if (follows) moved.push(`${name} → ${follows}`);
    return follows ?? name;
  });
  if (moved.length === 0) return decision;
  findings.push(
    finding(
      'WF217',
      `${decision.from} follows the image's ${base.versionFamily}: ${moved.join(', ')}`,
      { line: decision.line, stage: decision.stage },
    ),
  );
  return { ...decision, to: [...new Set(to)] };
}

function isDistroManager(manager: PackageDecision['manager']): manager is PackageManager {
  return manager in MANAGER_FAMILY;
}

/** Before and after sizes of the final image; the application counted from the build context. */
function imageSize(
  root: Stage | undefined,
  decisions: readonly PackageDecision[],
  apko: ApkoConfig,
  catalog: Catalog,
  imageStages: readonly StageAnalysis[],
  context: BuildContextFiles | null,
): SizeReport {
  // Installs that only run on other architectures are not in an x86_64/aarch64 image.
  const unbuilt = new Map<string, string[]>();
  for (const a of imageStages)
    for (const i of a.installs)
      if (i.otherArchitecturesOnly)
        unbuilt.set(`${a.stage.id}\u0000${i.manager}\u0000${i.name}`, i.otherArchitecturesOnly);
  const installs: SizeInput['installs'] = [];
  const excluded: NonNullable<SizeInput['excluded']> = [];
  const imageStageIds = new Set(imageStages.map((a) => a.stage.id));
  for (const d of decisions) {
    if (!isDistroManager(d.manager)) continue;
    const other = unbuilt.get(`${d.stage}\u0000${d.manager}\u0000${d.from}`);
    if (other)
      excluded.push({ name: d.from, why: `only in the case branch for ${other.join('|')}` });
    else if (d.target === 'image') installs.push({ name: d.from, manager: d.manager });
    else if (d.target === 'build' && imageStageIds.has(d.stage))
      excluded.push({ name: d.from, why: 'removed again in the same stage' });
  }
  const contextCopies: ContextCopy[] = [];
  for (const a of imageStages)
    for (const i of a.stage.instructions)
      if ((i.kind === 'copy' || i.kind === 'add') && i.from === null && i.heredocs.length === 0)
        contextCopies.push({ sources: i.sources, line: i.line });
  return estimateSize({
    baseImage: root?.base.kind === 'image' ? root.base.image : null,
    installs,
    excluded,
    apkoPackages: apko.contents.packages,
    catalog,
    contextCopies,
    context,
    languageInstalls: imageStages.flatMap((a) => languageInstalls(a.facts)),
  });
}

/** apko installs the package from ./packages, signed with the user's melange key. */
function wireApplication(
  config: ApkoConfig,
  app: ApplicationPackage,
  local: readonly string[],
): ApkoConfig {
  const packages = new Set([...config.contents.packages, ...app.imagePackages]);
  const out: ApkoConfig = { ...config, contents: { ...config.contents } };
  for (const name of local) packages.add(`${name}@${LOCAL_REPOSITORY_TAG}`);
  // This image's packages, or that of a base built in the same repository.
  if ([...packages].some((p) => p.endsWith(`@${LOCAL_REPOSITORY_TAG}`))) {
    out.contents.repositories = [
      ...config.contents.repositories,
      `@${LOCAL_REPOSITORY_TAG} ./packages`,
    ];
    out.contents.keyring = [...config.contents.keyring, LOCAL_KEY];
  }
  out.contents.packages = [...packages].sort();
  // The image can only run where its package's binaries do.
  if (local.length > 0) out.archs = [...app.archs];
  // WORKDIR's own entry (root, 0755) would override the owner and mode the package gives a
  // directory it installs (COPY --chown … /app); the package creates it already.
  const packaged = (path: string) =>
    app.packagedPaths.some((root) => path === root || path.startsWith(`${root}/`));
  const paths = config.paths?.filter((p) => !(isWorkdirDefault(p) && packaged(p.path)));
  if (paths && paths.length !== config.paths?.length) {
    if (paths.length > 0) out.paths = paths;
    else delete out.paths;
  }
  if (Object.keys(app.imageEnvironment).length > 0)
    out.environment = { ...config.environment, ...app.imageEnvironment };
  return out;
}

/** What the carried commands need from the image: packages, paths, environment. */
function withCarried(config: ApkoConfig, carried: ImageCarry): ApkoConfig {
  const out: ApkoConfig = { ...config, contents: { ...config.contents } };
  out.contents.packages = [
    ...new Set([...config.contents.packages, ...carried.imagePackages]),
  ].sort();
  // One entry a path: apko fails on a second symlink at the same place.
  const have = new Set((config.paths ?? []).map((p) => p.path));
  const extra = carried.paths.filter((p) => !have.has(p.path) && have.add(p.path));
  if (extra.length > 0) out.paths = [...(config.paths ?? []), ...extra];
  if (Object.keys(carried.environment).length > 0)
    out.environment = { ...config.environment, ...carried.environment };
  return out;
}

/** The carried steps run at the end of the application's build, with their tools. */
function joinBuild(
  config: MelangeConfig,
  carried: ImageCarry,
  packagedPaths: readonly string[],
): void {
  if (carried.steps.length === 0 && carried.buildPackages.length === 0) return;
  const pipeline = config.pipeline as unknown[];
  const copies = sandboxCopiesStep(carried, packagedPaths);
  if (copies) pipeline.push(copies);
  pipeline.push(...carried.steps);
  const env = config.environment as { contents: { packages: string[] } };
  const packages = env.contents.packages;
  for (const name of carried.buildPackages) if (!packages.includes(name)) packages.push(name);
}

function isWorkdirDefault(p: ApkoPath): boolean {
  return p.type === 'directory' && p.uid === 0 && p.gid === 0 && p.permissions === DIRECTORY_MODE;
}

function findTargetStage(
  parsed: ParsedDockerfile,
  target: string | undefined,
  source: string,
): Stage {
  if (target === undefined) {
    const last = parsed.stages[parsed.stages.length - 1];
    if (!last) throw new WolfifyError('no FROM instruction', 2, source);
    return last;
  }
  const wanted = target.toLowerCase();
  const stage = parsed.stages.find((s) => s.id === wanted || String(s.index) === wanted);
  if (!stage) {
    const known = parsed.stages.map((s) => s.id).join(', ');
    throw new WolfifyError(`--target ${target}: no such stage (stages: ${known})`, 2, source);
  }
  return stage;
}

/** The stage and the stages it is built FROM, base first. */
export const stageChain = lineage;

function baseImageDecision(
  stage: Stage,
  base: BaseImageDecision,
  role: 'image' | 'build',
): PackageDecision {
  const from = stage.base.kind === 'image' ? stage.base.image.raw : 'scratch';
  return {
    from,
    manager: 'base-image',
    stage: stage.id,
    line: stage.line,
    to: role === 'image' ? base.runtime : [...base.runtime, ...base.build],
    target: role,
    rule: base.rule,
  };
}

function decidePackage(
  install: InstalledPackage,
  stage: string,
  target: 'image' | 'build',
  ctx: MapContext,
  findings: Finding[],
): PackageDecision {
  const { name, manager, line } = install;
  const mapping = mapPackage(name, MANAGER_FAMILY[manager], ctx, install.streams);
  return decisionFor(mapping, { from: name, manager, stage, line }, target, ctx, findings);
}

/** A mapping as a decision, with the finding that explains anything not installed. */
function decisionFor(
  mapping: PackageMapping,
  decision: Pick<PackageDecision, 'from' | 'manager' | 'stage' | 'line'>,
  target: 'image' | 'build',
  ctx: MapContext,
  findings: Finding[],
): PackageDecision {
  const { from: name, manager } = decision;
  const where = { line: decision.line, stage: decision.stage };
  switch (mapping.kind) {
    case 'mapped':
      return { ...decision, to: mapping.to, target, rule: mapping.rule };
    case 'dropped':
      findings.push(finding('WF204', `${name} is not needed in Wolfi: ${mapping.reason}`, where));
      return { ...decision, to: [], target: 'dropped', rule: mapping.rule };
    case 'private':
      if (allowsPrivate(ctx.repositories)) {
        return { ...decision, to: mapping.to, target, rule: mapping.rule };
      }
      findings.push(
        finding(
          'WF205',
          `${name} → ${mapping.to.join(', ')} moved from public Wolfi to Chainguard's private repository on ${mapping.on}; left out`,
          where,
          {
            hint: "Add the line `- https://apk.cgr.dev/<your-org>` under `repositories:` in .wolfify.yaml (or --repository https://apk.cgr.dev/<your-org>), with that repository's signing key under `keyring:`; the package is then installed as mapped.",
          },
        ),
      );
      return { ...decision, to: [], target: 'dropped', rule: mapping.rule };
    case 'unknown': {
      const suggestions = mapping.suggestions.length
        ? `; did you mean ${mapping.suggestions.map((s) => `\`${s}\``).join(', ')}?`
        : '';
      findings.push(
        finding('WF203', `no Wolfi package for ${manager} \`${name}\`${suggestions}`, where, {
          hint: 'Map it in a rule file (--rules) or drop it there with a reason.',
        }),
      );
      return { ...decision, to: [], target: 'dropped', rule: mapping.rule };
    }
  }
}

/** `docker-php-ext-install intl` … in a php-based stage → the php-8.x-intl packages. */
function phpExtensionDecisions(
  analysis: StageAnalysis,
  phpFamily: string | null,
  target: 'image' | 'build',
  ctx: MapContext,
  findings: Finding[],
): PackageDecision[] {
  if (!phpFamily?.startsWith('php-')) return [];
  return phpExtensionRequests(analysis.facts).map((request) =>
    decisionFor(
      mapPhpExtension(request.name, phpFamily, ctx),
      {
        from: request.name,
        manager: 'php-extension',
        stage: analysis.stage.id,
        line: request.line,
      },
      target,
      ctx,
      findings,
    ),
  );
}
