// The melange.yaml of one build: the package (who it is, what it needs at run time, the
// architectures it builds for, the lints it disables), the build environment (Wolfi
// packages, earlier builds from ./packages, the variables every step shares) and the
// pipeline; a stage other builds are made FROM also gets the subpackage holding its tree.

import type { MelangeConfig } from '../model.js';
import type { DisabledChecks } from './melange-checks.js';
import type { PackageIdentity } from './melange-identity.js';
import type { PipelineStep } from './pipelines/types.js';

/**
 * apko installs the package as `<name>@local` from the tagged repository `@local ./packages`:
 * the pin keeps a Wolfi package of the same name from being picked instead.
 */
export const LOCAL_REPOSITORY_TAG = 'local';
/** The subpackage holding a stage's tree, for the builds made FROM it. */
export function stageSubpackage(name: string): string {
  return `${name}-stage`;
}

/** The public half of the key melange signs the local packages with (`melange keygen`). */
export const LOCAL_KEY = './melange.rsa.pub';

/** Interpreters and VMs the application's files need (python-3.12, nodejs-24, openjdk-21-jre). */
const LANGUAGE_RUNTIME =
  /^(python|nodejs|ruby|php|perl|openjdk|dotnet|aspnet)-[\d.]+(-jre|-runtime)?$/;

/** Packages every image has anyway: not worth a runtime dependency. */
const BASELINE = new Set(['wolfi-baselayout', 'ca-certificates-bundle', 'tzdata', 'busybox']);

const MELANGE_ARCHS: Readonly<Record<string, string>> = { amd64: 'x86_64', arm64: 'aarch64' };

/**
 * The architectures to build, as melange names them: the input's, or only those a build
 * that fixes GOARCH (`GOARCH=amd64 go build`) makes binaries for.
 */
export function targetArchitectures(
  archs: readonly string[],
  fixedArchs: readonly string[],
  archsChosen: boolean | undefined,
): string[] {
  const wanted = archs.map((a) => MELANGE_ARCHS[a] ?? a);
  const fixed = [...new Set(fixedArchs.map((a) => MELANGE_ARCHS[a] ?? a))];
  // An amd64 binary in an aarch64 image fails with "exec format error": build only where
  // it runs, unless the user asked for the architectures (WF504 says so either way).
  const narrowed = archsChosen ? [] : wanted.filter((a) => fixed.includes(a));
  return [...new Set(narrowed.length > 0 ? narrowed : wanted)];
}

export interface PackageConfigInput {
  identity: PackageIdentity;
  /** The builder stage this build is for (its package name, and whether builds are FROM it), or null for the image's own. */
  stage: { id: string; name: string; base: boolean } | null;
  /** Runtime packages of the final image's base image. */
  imageBaseRuntime: readonly string[];
  /** The packages of the generated apko config. */
  imagePackages: readonly string[];
  archs: readonly string[];
  checks: DisabledChecks['config'];
  /** Packages of earlier builds this build installs into its environment. */
  dependsOn: ReadonlySet<string>;
  envPackages: ReadonlySet<string>;
  keyring: readonly string[];
  repositories: readonly string[];
  /** Variables every step shares. */
  environment: ReadonlyMap<string, string>;
  pipeline: PipelineStep[];
  /** Shell lines that install a base stage's tree into its subpackage. */
  treeLines: readonly string[];
}

export function packageConfig(input: PackageConfigInput): { config: MelangeConfig; name: string } {
  const { identity, stage, environment } = input;
  // The build of a stage that became the application's package is described as the application.
  const stageBuild = stage && stage.name !== identity.name ? stage : null;
  const name = stage ? stage.name : identity.name;
  // A builder stage's files need nothing at run time that the image does not install itself.
  const runtime = stageBuild
    ? []
    : [
        // Not a same-repository base's own package: apko installs it from ./packages already.
        ...input.imageBaseRuntime.filter(
          (p) =>
            !BASELINE.has(p) &&
            !p.startsWith('glibc') &&
            p !== 'libgcc' &&
            !p.endsWith(`@${LOCAL_REPOSITORY_TAG}`),
        ),
        ...input.imagePackages.filter((p) => LANGUAGE_RUNTIME.test(p)),
      ];
  const pkg: Record<string, unknown> = {
    name,
    version: identity.version,
    epoch: 0,
    description: stageBuild
      ? `${identity.name}: what the image takes from stage ${stageBuild.id}`
      : identity.description,
  };
  if (identity.url) pkg.url = identity.url;
  pkg.copyright = [{ license: identity.license }];
  if (runtime.length > 0) pkg.dependencies = { runtime: [...new Set(runtime)].sort() };
  pkg['target-architecture'] = input.archs;
  if (input.checks) pkg.checks = input.checks;
  // Earlier builds come from melange's own output, signed with the user's key (BUILD.md).
  const local = [...input.dependsOn].map((p) => `${p}@${LOCAL_REPOSITORY_TAG}`);
  const env: Record<string, unknown> = {
    contents: {
      keyring: [...input.keyring, ...(local.length > 0 ? [LOCAL_KEY] : [])],
      repositories: [
        ...input.repositories,
        ...(local.length > 0 ? [`@${LOCAL_REPOSITORY_TAG} ./packages`] : []),
      ],
      packages: [...[...input.envPackages].sort(), ...local.sort()],
    },
  };
  if (environment.size > 0) env.environment = Object.fromEntries(environment);
  const config: MelangeConfig = { package: pkg, environment: env, pipeline: input.pipeline };
  if (stage?.base)
    config.subpackages = [
      {
        name: stageSubpackage(name),
        description: `stage ${stage.id} as later stages are built FROM it`,
        // Empty when the stage only set ENV or ran commands whose results wolfify cannot see.
        pipeline: [{ runs: input.treeLines.join('\n') || 'mkdir -p "${{targets.subpkgdir}}"' }],
      },
    ];
  return { config, name };
}
