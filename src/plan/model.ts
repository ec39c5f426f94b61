// The build plan: what will be built, between map and generate. The image (apko) is
// rendered from the stages the image is made of; every other stage the image takes files
// from becomes its own melange build, with its own environment, steps and outputs. Types
// only; src/plan/graph.ts decides the builds, src/plan/fates.ts the fate of each step.

import type { Instruction, ResultStep, Stage } from '../model.js';

export type CopyInstruction = Extract<Instruction, { kind: 'copy' | 'add' }>;

/** What became of one instruction (or one simple command of a RUN): Result.steps. */
export type PlanStep = ResultStep;
export type StepFate = ResultStep['fate'];

/** A later stage's COPY --from that takes files out of a build. */
export interface BuildOutput {
  copy: CopyInstruction;
  /** The stage that copies (the image's, or another build's). */
  consumer: Stage;
  /** True when the consumer is one of the image's stages. */
  image: boolean;
}

/** A melange build of one builder stage (the stages it is built FROM replayed with it). */
export interface StageBuild {
  /** The stage the build is named after. */
  stage: Stage;
  /** The stages whose instructions the build runs, base first: the stage and its ancestors without a build of their own. */
  replay: Stage[];
  /** The build of the stage it is built FROM, when that stage has one: installed into this build's environment. */
  parent: string | null;
  /** Builds whose outputs this build's COPY --from read (installed into its environment). */
  copiesFrom: string[];
  /** What later stages copy from it, installed at their destination paths. */
  outputs: BuildOutput[];
  /** Another build is made FROM this stage: its directories ship too, so that build starts where Docker's did. */
  base: boolean;
}

export interface BuildGraph {
  /** The image's stages, base first. */
  image: Stage[];
  /** Builds of builder stages, in build order (a build after every build it reads). */
  builds: StageBuild[];
  /** Stage id → the stage id of the build that holds its files (itself, when it has a build). */
  builtStages: ReadonlyMap<string, string>;
}
