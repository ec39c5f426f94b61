// Where a stage's instructions run, as Docker would see it: the stage a `COPY --from`
// names, the WORKDIR in force at an instruction, and the variables the parser left in a
// copy's paths, resolved. Every part of the package's build asks these questions.

import { expandVariables } from '../parse/index.js';
import { resolveStage } from '../plan/graph.js';
import type { CopyInstruction } from '../plan/model.js';
import { emptyArgs, nextWorkdir, resolvePathVariables } from '../plan/paths.js';
import type { Instruction, ParsedDockerfile, Stage } from '../model.js';

/** An instruction's line and its stage: where a finding about it points. */
export type Where = { line: number; stage: string };

export interface StagePathsInput {
  parsed: ParsedDockerfile;
  /** ENV each stage's base image sets (GOPATH, JAVA_HOME …), by stage id. */
  stageBaseEnvironment?: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** WORKDIR each stage's base image sets (/go for golang), by stage id. */
  stageBaseWorkdir?: ReadonlyMap<string, string>;
}

export class StagePaths {
  private readonly resolvedCopies = new Map<CopyInstruction, CopyInstruction>();

  constructor(private readonly input: StagePathsInput) {}

  /** The stage a `COPY --from` names (by name, index or through TARGETOS), or null for an image. */
  stageOf(ref: string | null): Stage | null {
    return ref === null ? null : resolveStage(this.input.parsed, ref);
  }

  /** What Docker puts for the variables the parser left in a stage's paths. */
  private pathVariables(stageId: string) {
    const stage = this.stageOf(stageId);
    return {
      baseEnv: this.input.stageBaseEnvironment?.get(stageId) ?? {},
      emptyArgs: stage ? emptyArgs(stage, this.input.parsed.globalArgs) : new Set<string>(),
    };
  }

  /** A WORKDIR may use variables its base image sets (`$GOPATH/src/…`). */
  imageWorkdir(path: string, stage: Stage): string {
    const resolved =
      resolvePathVariables(path, this.pathVariables(stage.id)) ??
      expandVariables(path, this.input.stageBaseEnvironment?.get(stage.id) ?? {}).value;
    return nextWorkdir('/', resolved);
  }

  /**
   * The copy with the variables the parser left in its paths resolved as Docker would: the
   * base image's ENV (`${GOPATH}`), BuildKit's platform ARGs, empty for a valueless ARG. A
   * path that stays unknown is kept as written, and not packaged (WF509).
   */
  resolveCopy(copy: CopyInstruction, stage: Stage): CopyInstruction {
    const known = this.resolvedCopies.get(copy);
    if (known) return known;
    const vars = this.pathVariables(stage.id);
    const paths = [copy.dest, ...copy.sources].map((p) => resolvePathVariables(p, vars, 'melange'));
    const resolved = paths.every((p): p is string => p !== null && p !== '')
      ? { ...copy, dest: paths[0] as string, sources: paths.slice(1) as string[] }
      : copy;
    this.resolvedCopies.set(copy, resolved);
    return resolved;
  }

  /** Where a stage starts: its parent stage's last WORKDIR, or its base image's. */
  initialWorkdir(stage: Stage): string {
    const parent = stage.base.kind === 'stage' ? this.stageOf(stage.base.stage) : null;
    if (!parent) return this.input.stageBaseWorkdir?.get(stage.id) ?? '/';
    let workdir = this.initialWorkdir(parent);
    for (const i of parent.instructions)
      if (i.kind === 'workdir') workdir = this.imageWorkdir(i.path, parent);
    return workdir;
  }

  workdirAt(stage: Stage, at: Instruction): string {
    let workdir = this.initialWorkdir(stage);
    for (const i of stage.instructions) {
      if (i === at) break;
      if (i.kind === 'workdir') workdir = this.imageWorkdir(i.path, stage);
    }
    return workdir;
  }
}
