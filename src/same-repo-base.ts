// A base image built by another Dockerfile of the same repository (`FROM acme/base` where
// compose, docker-bake or `--base acme/base=base/Dockerfile` says which file builds it):
// that Dockerfile is converted too, and what its image holds — packages, accounts, ENV,
// WORKDIR, USER, command, its application package — becomes this image's base.

import type { BaseImageDecision } from './map/images.js';
import type { BaseContract } from './map/contracts.js';
import type { ImageRef, Result } from './model.js';
import { LOCAL_REPOSITORY_TAG } from './generate/melange.js';
import type { ShellParser } from './shell/index.js';

/** Another Dockerfile of the repository, read by the front end. */
export interface RepositoryBase {
  text: string;
  /** Its path as reports name it. */
  source: string;
  /** Its build context's scripts (ConvertOptions.contextScripts). */
  contextScripts?: Readonly<Record<string, string>>;
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
    path: path ? path.split(':').filter((p) => !DEFAULT_PATH_ENTRIES.has(p)) : [],
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
            ? `; build its application package first (wolfify convert ${base.source}, melange build) into the same ./packages, as ${String((result.melange['package'] as { name?: string } | undefined)?.name ?? 'its package')}@${LOCAL_REPOSITORY_TAG}`
            : ''
        }${errors > 0 ? `; its conversion has ${errors} error(s): convert it alone to see them` : ''}`,
      },
    ],
  };
}

const DEFAULT_PATH_ENTRIES = new Set([
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
]);
