// apt-get, apt and aptitude (Debian, Ubuntu).

import type { RequestedPackage, RunFact } from '../model.js';
import type { ShellWord } from '../shell/index.js';
import { parseArgs } from './options.js';
import {
  commandFact,
  housekeeping,
  installFact,
  removedPackages,
  requestedPackages,
} from './packages.js';
import type { CommandSite } from './site.js';

const VALUE_FLAGS = [
  '-o',
  '--option',
  '-t',
  '--target-release',
  '--default-release',
  '-c',
  '--config-file',
  '-a',
  '--host-architecture',
  '-P',
  '--build-profiles',
];

const HOUSEKEEPING = new Set([
  'update',
  'upgrade',
  'dist-upgrade',
  'full-upgrade',
  'clean',
  'autoclean',
  'check',
  'safe-upgrade',
]);

/** `pkg=1.2*` pins a version, `pkg/bookworm-backports` a release, `pkg:amd64` an architecture. */
export function readAptPackage(word: string): RequestedPackage | null {
  const eq = word.indexOf('=');
  let name = eq >= 0 ? word.slice(0, eq) : word;
  const version = eq >= 0 ? word.slice(eq + 1) : null;
  const slash = name.indexOf('/');
  if (slash >= 0) name = name.slice(0, slash);
  const colon = name.indexOf(':');
  if (colon >= 0) name = name.slice(0, colon);
  return name ? { name, version } : null;
}

export function analyzeApt(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): RunFact[] {
  const parsed = parseArgs(args, VALUE_FLAGS);
  const [verb, ...rest] = parsed.positionals;
  if (!verb || verb.dynamic) return [commandFact(argv, site)];
  switch (verb.value) {
    case 'install':
    case 'reinstall': {
      const packages = requestedPackages(rest, readAptPackage, site);
      return packages.length > 0 ? [installFact('apt', packages, site)] : [];
    }
    case 'remove':
    case 'purge':
    case 'autoremove':
    case 'autopurge': {
      const packages = removedPackages(rest, readAptPackage);
      if (packages.length > 0)
        return [{ kind: 'remove', manager: 'apt', packages, line: site.line }];
      return [housekeeping('apt', site)];
    }
    default:
      return HOUSEKEEPING.has(verb.value) ? [housekeeping('apt', site)] : [commandFact(argv, site)];
  }
}
