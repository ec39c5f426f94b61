// zypper (openSUSE, SLES).

import type { RequestedPackage, RunFact } from '../model.js';
import type { ShellWord } from '../shell/index.js';
import { flagValue, parseArgs } from './options.js';
import {
  commandFact,
  housekeeping,
  installFact,
  removedPackages,
  repository,
  requestedPackages,
  splitConstraint,
} from './packages.js';
import type { CommandSite } from './site.js';

const VALUE_FLAGS = [
  '-t',
  '--type',
  '-r',
  '--repo',
  '--from',
  '-R',
  '--root',
  '--installroot',
  '-D',
  '--reposd-dir',
];

const HOUSEKEEPING = new Set([
  'refresh',
  'ref',
  'clean',
  'cc',
  'update',
  'up',
  'dist-upgrade',
  'dup',
  'patch',
]);

/** `pkg`, `pkg=1.2`, `pkg>=1.2`, `pkg<2`. */
function readZypperPackage(word: string): RequestedPackage | null {
  const spec = splitConstraint(word, '=<>');
  return spec.name ? spec : null;
}

export function analyzeZypper(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): RunFact[] {
  const parsed = parseArgs(args, VALUE_FLAGS);
  const [verb, ...rest] = parsed.positionals;
  if (!verb || verb.dynamic) return [commandFact(argv, site)];
  switch (verb.value) {
    case 'install':
    case 'in': {
      // `-t pattern devel_basis` installs a pattern: zypper's package groups.
      if (flagValue(parsed, '-t', '--type')?.value === 'pattern') {
        return [
          installFact(
            'zypper',
            [],
            site,
            null,
            rest.map((w) => w.value),
          ),
        ];
      }
      const packages = requestedPackages(rest, readZypperPackage, site);
      return packages.length > 0 ? [installFact('zypper', packages, site)] : [];
    }
    case 'remove':
    case 'rm': {
      const packages = removedPackages(rest, readZypperPackage);
      return packages.length > 0
        ? [{ kind: 'remove', manager: 'zypper', packages, line: site.line }]
        : [];
    }
    case 'addrepo':
    case 'ar': {
      const url = rest.find((w) => w.value.includes('://'));
      return [repository('zypper', url?.value ?? site.text, site)];
    }
    default:
      return HOUSEKEEPING.has(verb.value)
        ? [housekeeping('zypper', site)]
        : [commandFact(argv, site)];
  }
}
