// Which builds the image needs. Every stage the image takes files from (COPY --from),
// directly or through another build, gets a melange build of its own, so that stages with
// the same paths (a node frontend and a python backend both under /app) or different
// toolchains never share a sandbox. The image's own stages are the application's build.

import type { ParsedDockerfile, Stage } from '../model.js';
import { platformValue } from './arch.js';
import type { BuildGraph, BuildOutput, CopyInstruction, StageBuild } from './model.js';

/** The stage a `COPY --from=` or `FROM` names: by name or index, after BuildKit's platform args. */
export function resolveStage(parsed: ParsedDockerfile, ref: string): Stage | null {
  const wanted = ref.toLowerCase();
  const exact = parsed.stages.find((s) => s.id === wanted || String(s.index) === wanted);
  if (exact) return exact;
  // `--from=binaries-${TARGETOS}`: BuildKit sets TARGETOS per platform; Wolfi images are linux.
  const resolved = wanted.replace(
    /\$\{?([A-Z]+)\}?/gi,
    (whole, name: string) => platformValue(name.toUpperCase(), 'fixed') ?? whole,
  );
  return resolved === wanted
    ? null
    : (parsed.stages.find((s) => s.id === resolved || String(s.index) === resolved) ?? null);
}

/** The stage and the stages it is built FROM, base first. */
export function lineage(parsed: ParsedDockerfile, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  let current = stage;
  while (current.base.kind === 'stage') {
    const parent = resolveStage(parsed, current.base.stage);
    // The parser rejects dangling and forward references; stop rather than loop on a bad model.
    if (!parent || chain.includes(parent)) break;
    chain.unshift(parent);
    current = parent;
  }
  return chain;
}

function copies(stage: Stage): CopyInstruction[] {
  return stage.instructions.filter(
    (i): i is CopyInstruction => i.kind === 'copy' || i.kind === 'add',
  );
}

/** The builds the image needs, in build order (Docker allows references to earlier stages only). */
export function buildGraph(parsed: ParsedDockerfile, image: readonly Stage[]): BuildGraph {
  const inImage = new Set(image);
  const built = new Set<Stage>();
  const visit = (stage: Stage | null) => {
    if (!stage || inImage.has(stage) || built.has(stage)) return;
    built.add(stage);
    const parent = stage.base.kind === 'stage' ? resolveStage(parsed, stage.base.stage) : null;
    visit(parent);
    for (const copy of copies(stage)) if (copy.from) visit(resolveStage(parsed, copy.from));
  };
  for (const stage of image)
    for (const copy of copies(stage)) if (copy.from) visit(resolveStage(parsed, copy.from));

  const consumers = [...image, ...built].sort((a, b) => a.index - b.index);
  const builds: StageBuild[] = [];
  for (const stage of parsed.stages) {
    if (!built.has(stage)) continue;
    const chain = lineage(parsed, stage);
    // Replay back to the nearest ancestor with a build of its own; the image's stages have none.
    let start = chain.length - 1;
    while (start > 0 && !built.has(chain[start - 1] as Stage)) start--;
    const parentStage = start > 0 ? (chain[start - 1] as Stage) : null;
    const outputs: BuildOutput[] = [];
    for (const consumer of consumers)
      for (const copy of copies(consumer))
        if (copy.from && resolveStage(parsed, copy.from) === stage)
          outputs.push({ copy, consumer, image: inImage.has(consumer) });
    const replay = chain.slice(start);
    const copiesFrom = new Set<string>();
    for (const s of replay)
      for (const copy of copies(s)) {
        const from = copy.from ? resolveStage(parsed, copy.from) : null;
        if (from && built.has(from)) copiesFrom.add(from.id);
      }
    builds.push({
      stage,
      replay,
      parent: parentStage?.id ?? null,
      copiesFrom: [...copiesFrom],
      outputs,
      base: false,
    });
  }
  for (const build of builds)
    if (build.parent) {
      const parent = builds.find((b) => b.stage.id === build.parent);
      if (parent) parent.base = true;
    }
  return {
    image: [...image],
    builds,
    builtStages: new Map(builds.map((b) => [b.stage.id, b.stage.id])),
  };
}
