// A base image built by another Dockerfile of the same repository (`FROM acme/base` where
// compose, docker-bake or `--base acme/base=base/Dockerfile` says which file builds it):
// that Dockerfile is converted too, and what its image holds — packages, accounts, ENV,
// WORKDIR, USER, command, its application package — becomes this image's base.

import { posix } from 'node:path';
import type { BaseImageDecision } from './map/images.js';
import type { BaseContract } from './map/contracts.js';
import type { ImageRef, MelangeConfig, MelangeOrigin, Result } from './model.js';
import { LOCAL_REPOSITORY_TAG } from './generate/melange-config.js';
import { DEFAULT_PATH_DIRECTORIES } from './generate/default-path.js';
import type { ShellParser } from './shell/index.js';

/** Another Dockerfile of the repository, read by the front end. */
export interface RepositoryBase {
  text: string;
  /** Its path as reports name it. */
  source: string;
  /** Its build context's scripts (ConvertOptions.contextScripts). */
  contextScripts?: Readonly<Record<string, string>>;
  /**
   * Its build context relative to the converted Dockerfile's (POSIX, e.g. `base`): its
   * melange builds copy from there. Absent: the same directory.
   */
  context?: string;
}

/** A base's melange builds, to run before this image's own: each with its file and source dir. */
export interface BaseBuilds {
  configs: MelangeConfig[];
  files: string[];
  /** The Dockerfile and build context of each (its --source-dir, from the output directory). */
  origins: MelangeOrigin[];
}

/**
 * Where the base's build context and the output directory are as its own conversion sees
 * them: its context from the output directory (BUILD.md's --source-dir), the output directory
 * inside its context (kept out of its packages), from this conversion's two.
 */
export function baseLocations(
  base: RepositoryBase,
  contextDir: string | undefined,
  outputDir: string | null | undefined,
): { contextDir: string; outputDir: string | null } {
  const context = base.context ?? '.';
  const inside = outputDir ? posix.relative(context, outputDir) : '';
  return {
    contextDir: posix.normalize(posix.join(contextDir ?? '.', context)),
    outputDir: inside !== '' && !inside.startsWith('..') ? inside : null,
  };
}

/**
 * The builds of the base's conversion (its own bases' first), under file names of their own
 * (`melange-<package>.yaml`): this image's melange.yaml stays its application's.
 */
export function baseBuilds(result: Result): BaseBuilds {
  // By package name, which is unique among the builds: two Dockerfiles' stages may share a name.
  const files = result.melanges.map(
    (config, i) =>
      `melange-${(config['package'] as { name?: string } | undefined)?.name ?? `base-${i}`}.yaml`,
  );
  return {
    configs: result.melanges,
    files,
    origins: result.melanges.map(
      (_, i) =>
        result.melangeOrigins?.[i] ?? {
          source: result.source,
          contextDir: result.contextDir ?? '.',
        },
    ),
  };
}

/** The entry for a FROM reference: by name with or without its tag (`acme/base`, `acme/base:1`). */
export function repositoryBaseFor(
  image: ImageRef,
  bases: Readonly<Record<string, RepositoryBase>> | undefined,
): { name: string; base: RepositoryBase } | null {
  if (!bases) return null;
  const withoutDigest = image.raw.split('@')[0] ?? image.raw;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
  for (const key of [withoutDigest, name]) {
    const base = bases[key];
    if (base) return { name: key, base };
  }
  return null;
}

/**
 * The base decision for an image built from `result` (the other Dockerfile's conversion),
 * whose own base (`root`, the decision for its first FROM) gives the distro family and the
 * build tools a stage on it gets.
 */
export function decisionFromResult(
  name: string,
  base: RepositoryBase,
  result: Result,
  root: BaseImageDecision,
  shell: ShellParser,
): BaseImageDecision {
  const apko = result.apko;
  const argv = (text: string | undefined): string[] | null =>
    text ? (shell.commands(text, {}).commands[0]?.argv ?? null) : null;
  const environment = { ...apko.environment };
  const path = environment['PATH'];
  delete environment['PATH'];
  const runAs = apko.accounts?.['run-as'];
  const users = Object.fromEntries(
    (apko.accounts?.users ?? []).map((u) => [u.username, [u.uid, u.gid] as [number, number]]),
  );
  const contract: BaseContract = {
    source: `built by ${base.source}`,
    entrypoint: argv(apko.entrypoint?.command),
    cmd: argv(apko.cmd),
    commandChecked: true,
    droppedEntrypoint: null,
    workdir: apko['work-dir'] ?? null,
    user: runAs && runAs !== '0' ? runAs : null,
    stopSignal: apko['stop-signal'] ?? null,
    shell: null,
    env: environment,
    path: path ? path.split(':').filter((p) => !DEFAULT_PATH_DIRECTORIES.includes(p)) : [],
    users,
    tools: [],
    volumes: apko.volumes ?? [],
    expose: [],
    packages: [],
    startsAsRoot: null,
    nonRoot: null,
    writable: [],
    findings: [],
  };
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  return {
    ...root,
    // Its application package is built from its own melange.yaml into the same ./packages.
    runtime: apko.contents.packages,
    rule: `repository:${base.source}`,
    known: true,
    users: Object.fromEntries(Object.entries(users).map(([n, [uid]]) => [n, uid])),
    env: environment,
    contract,
    findings: [
      {
        id: 'WF218',
        severity: 'info',
        message: `${name} is built by ${base.source}: converted too, its ${apko.contents.packages.length} packages, accounts, ENV and command are this image's base${
          result.melange
            ? `; its package ${String((result.melange['package'] as { name?: string } | undefined)?.name ?? '')}@${LOCAL_REPOSITORY_TAG} is built first (BUILD.md)`
            : ''
        }${errors > 0 ? `; its conversion has ${errors} error(s): convert it alone to see them` : ''}`,
      },
    ],
  };
}
