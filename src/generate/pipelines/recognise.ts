// Built-in pipelines for what the image copies from a build: a `go build` or `cargo build`
// whose output the image copies as it is becomes melange's go/build or cargo/build, which
// builds per target architecture and installs the file into the package itself.

import { posix } from 'node:path';
import type { Stage } from '../../model.js';
import type { CopyInstruction } from '../../plan/model.js';
import { target } from '../melange-copy.js';
import type { StagePaths } from '../melange-stage-paths.js';
import { keptLeaves, type RunUnit } from '../melange-steps.js';
import { quoteArgv } from '../quote.js';
import { recogniseCargoBuild } from './cargo.js';
import { recogniseGoBuild } from './go.js';
import type { InstalledFile, PipelineStep } from './types.js';

/** Build outputs the image copies as they are, by their path in the build. */
export function wantedFiles(
  copies: { copy: CopyInstruction; stage: Stage }[],
  paths: StagePaths,
): Map<string, InstalledFile> {
  const wanted = new Map<string, InstalledFile>();
  const seen = new Set<string>();
  for (const { copy, stage } of copies) {
    if (!copy.from || copy.sources.length !== 1) continue;
    const source = copy.sources[0] as string;
    if (/[*?]/.test(source) || source.endsWith('/')) continue;
    const built = posix.resolve('/', source);
    const dest = posix.resolve(paths.workdirAt(stage, copy), copy.dest);
    if (seen.has(built)) wanted.delete(built);
    else
      wanted.set(built, {
        dest: copy.dest.endsWith('/') ? posix.join(dest, posix.basename(built)) : dest,
      });
    seen.add(built);
  }
  return wanted;
}

/**
 * go build / cargo build that produce a copied file → go/build, cargo/build. The units'
 * leaves get their replacement; the steps made from them before must be made again.
 */
export function recognise(
  units: readonly RunUnit[],
  wanted: ReadonlyMap<string, InstalledFile>,
  envPackages: ReadonlySet<string>,
): Set<string> {
  const consumed = new Set<string>();
  if (wanted.size === 0) return consumed;
  const candidates = new Map<string, { unit: number; leaf: number; step: PipelineStep }>();
  units.forEach((unit, u) => {
    keptLeaves(unit).forEach((leaf, l) => {
      const command = leaf.facts.length === 1 ? leaf.facts[0] : undefined;
      if (command?.kind !== 'command') return;
      const cmd = {
        argv: command.argv,
        assignments: leaf.assignments,
        workdir: unit.workdir,
        env: unit.run.env,
        packages: [...envPackages],
      };
      const found = recogniseGoBuild(cmd, wanted) ?? recogniseCargoBuild(cmd, wanted);
      if (found) candidates.set(found.output, { unit: u, leaf: l, step: found.step });
    });
  });
  for (const [output, at] of candidates) {
    const installedAt = wanted.get(output);
    if (!installedAt) continue;
    // A later step that touches the output would see nothing: keep the script then,
    // unless it is `strip`, which then works on the installed file.
    const rewrites: { leaf: ReturnType<typeof keptLeaves>[number]; text: string }[] = [];
    let touched = false;
    units.forEach((unit, u) => {
      keptLeaves(unit).forEach((leaf, l) => {
        if (u < at.unit || (u === at.unit && l <= at.leaf)) return;
        for (const fact of leaf.facts) {
          if (fact.kind !== 'command') continue;
          const hits = fact.argv.slice(1).filter((w) => posix.resolve(unit.workdir, w) === output);
          if (hits.length === 0) continue;
          const last = fact.argv[fact.argv.length - 1] ?? '';
          if (
            fact.argv[0] === 'strip' &&
            hits.length === 1 &&
            posix.resolve(unit.workdir, last) === output
          )
            rewrites.push({
              leaf,
              text: quoteArgv(fact.argv.slice(0, -1)) + ' ' + target(installedAt.dest, true),
            });
          else touched = true;
        }
      });
    });
    if (touched) continue;
    const leaf = keptLeaves(units[at.unit] as RunUnit)[at.leaf];
    if (!leaf) continue;
    leaf.replacement = at.step;
    for (const r of rewrites) Object.assign(r.leaf, { text: r.text, trusted: true });
    consumed.add(output);
  }
  return consumed;
}
