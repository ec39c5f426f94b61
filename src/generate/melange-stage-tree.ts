// A stage that other builds are made FROM (`FROM builder AS test`) is built as a package
// too: later builds install its tree as Docker's later stages started from its file system.

import type { StageAnalysis } from '../analyze/stage.js';
import type { Stage } from '../model.js';
import { installedPaths, isTemporary, within } from '../plan/paths.js';
import { venvPaths, writtenPaths } from '../plan/written.js';
import { DESTDIR, installTrees, type CopySource } from './melange-copy.js';
import type { StagePaths, Where } from './melange-stage-paths.js';

/**
 * A stage that another build is made FROM ships its tree: the directories its copies
 * filled, its RUN steps worked in, and the virtual environments they made.
 */
export function stageTree(
  stages: readonly Stage[],
  analyses: readonly StageAnalysis[],
  paths: StagePaths,
): { lines: string[]; count: number } {
  const tree = new Map<string, { kind: CopySource['kind']; where: Where }>();
  for (const stage of stages) {
    let workdir = paths.initialWorkdir(stage);
    const analysis = analyses.find((a) => a.stage === stage);
    for (const i of stage.instructions) {
      const where = { line: i.line, stage: stage.id };
      if (i.kind === 'workdir') workdir = paths.imageWorkdir(i.path, stage);
      if (i.kind === 'run' && workdir !== '/') tree.set(workdir, { kind: 'dir', where });
      if (i.kind === 'run') {
        const facts = (analysis?.facts ?? []).filter(
          (f) => f.line >= i.line && f.line <= i.endLine,
        );
        for (const path of venvPaths(facts, workdir)) tree.set(path, { kind: 'dir', where });
        for (const path of writtenPaths(facts, workdir))
          if (!tree.has(path)) tree.set(path, { kind: 'unknown', where });
      }
      if ((i.kind === 'copy' || i.kind === 'add') && (i.from === null || paths.stageOf(i.from)))
        for (const [path, kind] of installedPaths(paths.resolveCopy(i, stage), workdir))
          if (kind === 'dir' || !tree.has(path)) tree.set(path, { kind, where });
    }
  }
  const roots = [...tree].filter(
    ([path]) =>
      path !== '/' &&
      !isTemporary(path) &&
      ![...tree].some(
        ([dir, { kind }]) => kind === 'dir' && dir !== path && dir !== '/' && within(path, dir),
      ),
  );
  const lines = installTrees(roots);
  // A subpackage, so that the image (which installs the main package) never gets the tree.
  return {
    lines: lines.map((l) => l.replaceAll(DESTDIR, '${{targets.subpkgdir}}')),
    count: roots.length,
  };
}
