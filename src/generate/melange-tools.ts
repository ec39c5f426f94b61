// Tools a Dockerfile got from an installer script, another image or corepack (poetry,
// composer, pnpm …) are not there in melange's build: their Wolfi packages are added to
// the build environment when the build's commands run them.

import { posix } from 'node:path';
import type { Catalog } from '../catalog/index.js';
import { finding } from '../findings.js';
import type { Finding } from '../model.js';
import { keptLeaves, type RunUnit } from './melange-steps.js';

/** Build tools Dockerfiles often get from an installer or another image, not a package. */
const BUILD_TOOLS = new Set([
  'poetry',
  'uv',
  'pdm',
  'pipenv',
  'composer',
  'corepack',
  'pnpm',
  'yarn',
  'golangci-lint',
]);
/** corepack puts these on PATH itself. */
const COREPACK_TOOLS = new Set(['pnpm', 'yarn']);

/** Tools the Dockerfile got from an installer script or corepack: from their Wolfi packages. */
export function addTools(
  units: readonly RunUnit[],
  envPackages: Set<string>,
  catalog: Catalog,
  findings: Finding[],
): void {
  const commands = units.flatMap((u) =>
    keptLeaves(u).flatMap((leaf) =>
      leaf.facts.flatMap((f) =>
        f.kind === 'command' ? [{ argv: f.argv, line: f.line, stage: u.stage }] : [],
      ),
    ),
  );
  const corepack = commands.some((c) => c.argv[0] === 'corepack');
  const added = new Set<string>();
  for (const { argv, line, stage } of commands) {
    const tool = posix.basename(argv[0] ?? '');
    if (!BUILD_TOOLS.has(tool) || added.has(tool) || (corepack && COREPACK_TOOLS.has(tool)))
      continue;
    const pkg = catalog.resolve(tool);
    if (!pkg || [...envPackages].some((p) => p === pkg || p.startsWith(`${tool}-`))) continue;
    added.add(tool);
    envPackages.add(pkg);
    findings.push(
      finding('WF505', `the build runs ${tool}: the Wolfi package ${pkg} provides it`, {
        line,
        stage,
      }),
    );
  }
}
