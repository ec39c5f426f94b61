// All melange builds of a conversion, in build order: one per builder stage the image
// takes files from (src/plan/graph.ts), then the application's (the image's own stages).
// Each is generated on its own, so no stage sees another's files except through the
// package of an earlier build, installed into its environment.

import type { Finding, MelangeConfig } from '../model.js';
import type { BuildGraph } from '../plan/model.js';
import { finding } from '../findings.js';
import { generateMelange, type ApplicationInput, type ApplicationPackage } from './melange.js';
import { melangeFileName } from './melange-files.js';
import { packageIdentity, packageName } from './melange-identity.js';

export interface MelangeBuilds {
  /** Every config in build order, the application's last; [] when nothing is built. */
  configs: MelangeConfig[];
  /** File names of `configs` (`melange.yaml` for the application's, `melange-<stage>.yaml`). */
  files: string[];
  /** The application's package (its config is the last of `configs`, or null). */
  application: ApplicationPackage;
  /** Packages of builds apko installs, the application's included. */
  imagePackages: string[];
  findings: Finding[];
  /** Stage id → the package of the build that runs its steps (the image's stages: the application's). */
  stagePackages: Map<string, string>;
}

export function generateBuilds(
  input: Omit<ApplicationInput, 'spec'>,
  graph: BuildGraph,
): MelangeBuilds {
  const appName = packageIdentity({
    name: input.name,
    labels: input.image.annotations ?? {},
    parsed: input.parsed,
    source: input.source,
  }).identity.name;
  const built = new Map(graph.builds.map((b) => [b.stage.id, stagePackage(appName, b.stage.id)]));
  const stageBuild = (index: number, name: string) => {
    const build = graph.builds[index];
    if (!build) throw new Error('no such build');
    return generateMelange({ ...input, spec: { kind: 'stage', build, built, name } });
  };
  let application = generateMelange({ ...input, spec: { kind: 'application', built } });

  // The image has nothing of its own and takes its files from one stage that no other build
  // needs (a Go binary FROM scratch): that stage's build is the application's package.
  const dependedOn = new Set(graph.builds.flatMap((b) => [b.parent, ...b.copiesFrom]));
  const only = application.imageBuilds.length === 1 ? application.imageBuilds[0] : undefined;
  const index = graph.builds.findIndex((b) => built.get(b.stage.id) === only);
  const sole = graph.builds[index];
  const renamed =
    !application.config && sole && !dependedOn.has(sole.stage.id) ? sole.stage.id : null;
  // Each build is generated once: the application's decides which stage becomes its package,
  // and that stage is built under the application's name only.
  const stages = graph.builds.flatMap((b, i) =>
    renamed !== null && i === index ? [] : [stageBuild(i, built.get(b.stage.id) as string)],
  );
  if (renamed !== null) {
    const own = application;
    const build = stageBuild(index, appName);
    // What the image's own stages decided (WF505 packages, findings) still holds.
    application = {
      ...build,
      imageBuilds: [],
      findings: [...own.findings, ...build.findings],
      imagePackages: [...new Set([...own.imagePackages, ...build.imagePackages])],
      imageEnvironment: own.imageEnvironment,
      performedLines: own.performedLines,
    };
  }

  // The image's owners and modes, and its paths, as all builds together ship them.
  const all = [...stages, application];
  application = {
    ...application,
    ownedLines: new Set(all.flatMap((b) => [...b.ownedLines])),
    packagedPaths: [...new Set(all.flatMap((b) => b.packagedPaths))],
  };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const f of [...stages, application].flatMap((b) => b.findings)) {
    const key = `${f.id}\u0000${f.line}\u0000${f.stage}\u0000${f.message}`;
    if (!seen.has(key)) findings.push(f);
    seen.add(key);
  }
  for (const b of stages)
    if (b.config && b.name)
      findings.push(
        finding(
          'WF512',
          `the image takes files from stage ${b.name.slice(appName.length + 1)}: it is built on its own as package ${b.name} (${melangeFileName(b.name, appName)})`,
          { line: null, stage: null },
        ),
      );
  const done = [...stages, application].filter((b) => b.config);
  const configs = done.map((b) => b.config as MelangeConfig);
  const files = done.map((b) => melangeFileName(b.name ?? appName, appName));
  const imagePackages = [
    ...application.imageBuilds,
    ...(application.config && application.name ? [application.name] : []),
  ];
  const stagePackages = new Map<string, string>();
  for (const stage of graph.image) stagePackages.set(stage.id, application.name ?? appName);
  for (const b of graph.builds) {
    const name = b.stage.id === renamed ? appName : (built.get(b.stage.id) as string);
    for (const stage of b.replay)
      if (!stagePackages.has(stage.id)) stagePackages.set(stage.id, name);
  }
  return { configs, files, application, imagePackages, findings, stagePackages };
}

/** The package of a builder stage's build: `<app>-<stage>`. */
export function stagePackage(appName: string, stage: string): string {
  return packageName(`${appName}-${stage}`);
}
