// The fate of every instruction of every stage the image needs, in one place: an apko
// field, a Wolfi package, a step of a melange build, unneeded (with the reason) or dropped
// (a finding says what to do). Result.steps lists them in file order.

import type { StageAnalysis } from '../analyze/stage.js';
import type { MelangeBuilds } from '../generate/melange-builds.js';
import type { Instruction, PackageDecision, ParsedDockerfile, RunFact, Stage } from '../model.js';
import { resolveStage } from './graph.js';
import type { BuildGraph, PlanStep, StepFate } from './model.js';
import type { CarriedCommand } from './carry/image.js';

export interface FateInput {
  parsed: ParsedDockerfile;
  graph: BuildGraph;
  analyses: readonly StageAnalysis[];
  decisions: readonly PackageDecision[];
  builds: Pick<MelangeBuilds, 'application' | 'stagePackages' | 'findings'> & {
    findings: readonly { id: string; line: number | null }[];
  };
  /** All findings of the conversion, to see which lines were dropped (WF509 …). */
  findings?: readonly { id: string; line: number | null }[];
  /** Lines of the image's RUN commands that neither apko nor a build performs (WF305). */
  notCarried?: ReadonlySet<number>;
  /** How the image's RUN commands that no build performed were carried (src/plan/carry). */
  carried?: readonly CarriedCommand[];
}

/** Findings that mean the instruction at their line did not reach the image. */
const DROPPING = new Set(['WF203', 'WF506', 'WF509', 'WF511']);

export function planSteps(input: FateInput): PlanStep[] {
  const { parsed, graph } = input;
  const image = new Set(graph.image);
  const stages = parsed.stages.filter(
    (s) => image.has(s) || graph.builds.some((b) => b.replay.includes(s)),
  );
  const dropped = new Set(
    [...input.builds.findings, ...(input.findings ?? [])]
      .filter((f) => DROPPING.has(f.id))
      .map((f) => f.line),
  );
  const out: PlanStep[] = [];
  for (const stage of stages) {
    const build = input.builds.stagePackages.get(stage.id) ?? null;
    const facts = input.analyses.find((a) => a.stage === stage)?.facts ?? [];
    const ctx: StageContext = {
      stage,
      inImage: image.has(stage),
      build,
      dropped,
      notCarried: input.notCarried ?? new Set(),
      performed: input.builds.application.performedLines,
      decisions: input.decisions.filter((d) => d.stage === stage.id),
      parsed,
      packages: input.builds.stagePackages,
      carried: (input.carried ?? []).filter((c) => c.stage === stage.id),
    };
    for (const i of stage.instructions) {
      if (i.kind === 'run') {
        const own = facts.filter((f) => f.line >= i.line && f.line <= i.endLine);
        if (own.length === 0)
          out.push(
            step(
              stage,
              i.line,
              i.raw,
              build ? 'melange' : 'unneeded',
              build ? `a step of melange build ${build}` : 'changes nothing the image keeps',
            ),
          );
        for (const fact of own) out.push(runFate(fact, ctx));
      } else out.push(instructionFate(i, ctx));
    }
  }
  return out;
}

interface StageContext {
  stage: Stage;
  inImage: boolean;
  /** The melange build that runs the stage's steps, or null when none does. */
  build: string | null;
  dropped: ReadonlySet<number | null>;
  notCarried: ReadonlySet<number>;
  performed: ReadonlySet<number>;
  decisions: readonly PackageDecision[];
  parsed: ParsedDockerfile;
  packages: ReadonlyMap<string, string>;
  carried: readonly CarriedCommand[];
}

function step(
  stage: Stage,
  line: number,
  command: string,
  fate: StepFate,
  detail: string,
): PlanStep {
  return { stage: stage.id, line, command: firstLine(command), fate, detail };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function inBuild(ctx: StageContext): string {
  return ctx.build ? `a step of melange build ${ctx.build}` : 'a melange step';
}

function runFate(fact: RunFact, ctx: StageContext): PlanStep {
  const s = (fate: StepFate, detail: string, text: string) =>
    step(ctx.stage, fact.line, text, fate, detail);
  switch (fact.kind) {
    case 'install': {
      const text = `${fact.manager} install ${fact.packages.map((p) => p.name).join(' ')}`;
      const mine = ctx.decisions.filter((d) => d.line === fact.line && d.manager === fact.manager);
      const to = [...new Set(mine.flatMap((d) => d.to))];
      // Unknown to Wolfi (WF203) is lost; a package Wolfi does not need (WF204) is not.
      if (mine.length > 0 && to.length === 0)
        return ctx.dropped.has(fact.line)
          ? s('dropped', 'no Wolfi package for it (see WF203 at this line)', text)
          : s('unneeded', 'not installed in Wolfi (see the findings at this line)', text);
      // Installed then purged: those go to the build's environment only, the rest to the image.
      const names = (target: string) => [
        ...new Set(mine.filter((d) => d.target === target).flatMap((d) => d.to)),
      ];
      const env = `the environment of melange build ${ctx.build ?? ''}`.trim();
      const parts = [
        ...(names('image').length > 0
          ? [`${names('image').join(', ')} in apko contents.packages`]
          : []),
        ...(names('build').length > 0 ? [`${names('build').join(', ')} in ${env}`] : []),
      ];
      return s('package', parts.join('; ') || `Wolfi packages in ${env}`, text);
    }
    case 'remove':
      return s(
        'unneeded',
        'build-only packages stay in the melange environment, never in the image',
        `${fact.manager} remove ${fact.packages.join(' ')}`,
      );
    case 'module-enable':
      return s(
        'unneeded',
        'Wolfi packages a version per name (python-3.12, nodejs-22)',
        `${fact.manager} module enable ${fact.modules.join(' ')}`,
      );
    case 'housekeeping':
      return s(
        'unneeded',
        'apko and melange read package indexes themselves and keep no caches',
        fact.text,
      );
    case 'repository':
      return s('unneeded', "Wolfi's signed repositories replace it (see WF404)", fact.text);
    case 'user':
    case 'group':
      return ctx.inImage
        ? s(
            'apko',
            'apko accounts',
            `${fact.kind === 'user' ? 'useradd' : 'groupadd'} ${fact.name}`,
          )
        : s(
            'unneeded',
            "melange builds as root; a builder stage's users do not reach the image",
            `${fact.kind === 'user' ? 'useradd' : 'groupadd'} ${fact.name}`,
          );
    case 'path': {
      const text = `${fact.op} ${fact.value ?? ''} ${fact.paths.join(' ')}`.replace(/\s+/g, ' ');
      if (!ctx.inImage) return s('melange', inBuild(ctx), text);
      if (ctx.performed.has(fact.line)) return s('melange', inBuild(ctx), text);
      return s('apko', 'apko paths (or the package sets owner and mode)', text);
    }
    case 'download': {
      const text = `${fact.tool} ${fact.url ?? ''}`.trim();
      const replaced = ctx.decisions.some((d) => d.line === fact.line && d.manager === 'installer');
      if (replaced) return s('package', 'a Wolfi package replaces the download', text);
      const how = carriedAt(ctx, fact.line, (c) => c.argv.some((w) => w === fact.url));
      if (how) return s(how.carry.fate, how.carry.detail, text);
      if (ctx.inImage && ctx.notCarried.has(fact.line))
        return s('dropped', 'a RUN step of the image that no build performs (see WF305)', text);
      return s('melange', inBuild(ctx), text);
    }
    case 'command': {
      const how = carriedAt(ctx, fact.line, (c) => c.text === fact.text);
      if (how) return s(how.carry.fate, how.carry.detail, fact.text);
      if (ctx.inImage && !ctx.performed.has(fact.line))
        return ctx.notCarried.has(fact.line)
          ? s('dropped', 'a RUN step of the image that no build performs (see WF305)', fact.text)
          : s('unneeded', 'apko configures the image declaratively', fact.text);
      return s('melange', inBuild(ctx), fact.text);
    }
  }
}

/** How the carry modules carried the command at this line, when they did. */
function carriedAt(
  ctx: StageContext,
  line: number,
  match: (c: CarriedCommand) => boolean,
): CarriedCommand | undefined {
  return ctx.carried.find((c) => c.line === line && match(c));
}

function instructionFate(i: Exclude<Instruction, { kind: 'run' }>, ctx: StageContext): PlanStep {
  const s = (fate: StepFate, detail: string) => step(ctx.stage, i.line, i.raw, fate, detail);
  const notRun = "a builder stage's image is never run; only the files copied from it matter";
  switch (i.kind) {
    case 'copy':
    case 'add': {
      if (ctx.dropped.has(i.line))
        return s('dropped', 'not packaged (see the findings at this line)');
      const from = i.from === null ? null : resolveStage(ctx.parsed, i.from);
      if (i.from !== null && !from)
        return s('package', 'the Wolfi package of that image provides the files (see WF505)');
      const source = from ? ctx.packages.get(from.id) : undefined;
      if (source && source !== ctx.build) return s('melange', `files of melange build ${source}`);
      return s(
        'melange',
        ctx.build ? `files of melange build ${ctx.build}` : 'files of a melange build',
      );
    }
    case 'env':
      return ctx.inImage
        ? s('apko', 'apko environment')
        : s('melange', `the environment of melange build ${ctx.build ?? ''}`.trim());
    case 'arg':
      return s(
        ctx.build ? 'melange' : 'unneeded',
        ctx.build
          ? 'its value is used where the build refers to it'
          : 'a build argument; its value is used where referred to',
      );
    case 'workdir':
      return ctx.inImage
        ? s('apko', 'apko work-dir (and a paths entry that creates it)')
        : s('melange', 'the working-directory of the steps after it');
    case 'user':
      return ctx.inImage
        ? s('apko', 'apko accounts.run-as')
        : s('unneeded', 'melange runs build steps as root');
    case 'entrypoint':
    case 'cmd':
      return ctx.inImage
        ? s('apko', `apko ${i.kind === 'cmd' ? 'cmd' : 'entrypoint'}`)
        : s('unneeded', notRun);
    case 'label':
    case 'maintainer':
      return ctx.inImage ? s('apko', 'apko annotations') : s('unneeded', notRun);
    case 'volume':
      return ctx.inImage ? s('apko', 'apko volumes') : s('unneeded', notRun);
    case 'stopsignal':
      return ctx.inImage ? s('apko', 'apko stop-signal') : s('unneeded', notRun);
    case 'expose':
      return s('unneeded', 'apko has no EXPOSE: ports are published by the runtime (see WF301)');
    case 'healthcheck':
      return s(
        'unneeded',
        ctx.inImage
          ? "apko has no HEALTHCHECK: the orchestrator's probes check health (see WF302)"
          : notRun,
      );
    case 'onbuild':
      return s(
        'unneeded',
        'apko has no ONBUILD; it only affects images built FROM this one (see WF303)',
      );
    case 'shell':
      return s('unneeded', 'melange steps run /bin/sh; the image keeps its entrypoint (see WF304)');
    case 'unknown':
      return s('unneeded', 'not a Dockerfile instruction; Docker rejects it too (see WF103)');
  }
}
