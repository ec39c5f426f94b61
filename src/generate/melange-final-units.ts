// Which RUNs of the final image prepare the application: those that run among the files
// the image copied (pip, npm, composer, bundle installs in the application directory).
// They run in melange's build, where the copied files are, and their results ship.

import type { Stage } from '../model.js';
import { copyDestination, isDirectoryDest, within } from '../plan/paths.js';
import type { StagePaths } from './melange-stage-paths.js';
import { keptLeaves, runUnit, type RunUnit, type StepTools } from './melange-steps.js';

export interface FinalUnitsInput extends StepTools {
  /** The final image's stages, base first. */
  chain: readonly Stage[];
}

/** Final-image RUNs that prepare copied files: after a copy, in the directory it filled. */
export function readFinalUnits(input: FinalUnitsInput, paths: StagePaths): RunUnit[] {
  const units: RunUnit[] = [];
  const roots: string[] = [];
  for (const stage of input.chain) {
    let workdir = paths.initialWorkdir(stage);
    for (const i of stage.instructions) {
      if (i.kind === 'workdir') workdir = paths.imageWorkdir(i.path, stage);
      if (i.kind === 'copy' || i.kind === 'add') {
        if (i.from !== null && !paths.stageOf(i.from)) continue;
        const copy = paths.resolveCopy(i, stage);
        if (isDirectoryDest(copy)) roots.push(copyDestination(copy, workdir));
      }
      // A RUN prepares the application when it runs among copied files: inside a copied
      // folder, or in the folder a copy went into (`COPY requirements/ requirements/`).
      const amongCopies = roots.some((r) => within(workdir, r) || within(r, workdir));
      if (i.kind !== 'run' || workdir === '/' || !amongCopies) continue;
      const unit = runUnit(i, stage.id, workdir, 'app', input);
      if (keptLeaves(unit).length > 0) units.push(unit);
    }
  }
  return units;
}
