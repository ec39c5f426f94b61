// yum, dnf, microdnf (Fedora, RHEL, UBI, Rocky, Amazon Linux; tdnf on Azure Linux).

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
} from './packages.js';
import type { CommandSite } from './site.js';

const VALUE_FLAGS = [
  '--setopt',
  '--enablerepo',
  '--disablerepo',
  '--repo',
  '--repoid',
  '--installroot',
  '--releasever',
  '-c',
  '--config',
  '-x',
  '--exclude',
  '--disableplugin',
  '--enableplugin',
  '--forcearch',
  '--repofrompath',
  '-d',
  '--debuglevel',
  '-e',
  '--errorlevel',
  '--rpmverbosity',
  '--color',
  '--downloaddir',
  '--destdir',
  '--add-repo',
  '--from-repofile',
];

const HOUSEKEEPING = new Set([
  'clean',
  'makecache',
  'update',
  'upgrade',
  'upgrade-minimal',
  'check-update',
  'distro-sync',
  'update-minimal',
]);

/** rpm names carry versions as `name-1.2`, which cannot be told from a name; taken whole. */
function readRpmPackage(word: string): RequestedPackage | null {
  return word ? { name: word, version: null } : null;
}

export function analyzeDnf(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): RunFact[] {
  const parsed = parseArgs(args, VALUE_FLAGS);
  const [verb, ...rest] = parsed.positionals;
  if (!verb || verb.dynamic) return [commandFact(argv, site)];
  switch (verb.value) {
    case 'install':
    case 'reinstall':
    case 'localinstall':
      return install(rest, site, false);
    case 'groupinstall':
      return install(rest, site, true);
    case 'group':
    case 'groups': {
      const [action, ...names] = rest;
      return action?.value === 'install' ? install(names, site, true) : [commandFact(argv, site)];
    }
    case 'module': {
      const [action, ...modules] = rest;
      if (action?.value !== 'enable' && action?.value !== 'install')
        return [housekeeping('dnf', site)];
      return [
        {
          kind: 'module-enable',
          manager: 'dnf',
          modules: modules.map((m) => m.value),
          ...(action.value === 'install' ? { install: true } : {}),
          line: site.line,
        },
      ];
    }
    case 'remove':
    case 'erase':
    case 'autoremove': {
      const packages = removedPackages(rest, readRpmPackage);
      if (packages.length > 0)
        return [{ kind: 'remove', manager: 'dnf', packages, line: site.line }];
      return [housekeeping('dnf', site)];
    }
    case 'config-manager': {
      const url = flagValue(parsed, '--add-repo', '--from-repofile');
      return [repository('dnf', url?.value ?? site.text, site)];
    }
    default:
      return HOUSEKEEPING.has(verb.value) ? [housekeeping('dnf', site)] : [commandFact(argv, site)];
  }
}

/** `@group` names are groups wherever they appear; `groupinstall` makes every name one. */
function install(words: readonly ShellWord[], site: CommandSite, allGroups: boolean): RunFact[] {
  const groups: string[] = [];
  const names: ShellWord[] = [];
  for (const word of words) {
    if (!word.dynamic && (allGroups || word.value.startsWith('@')))
      groups.push(word.value.startsWith('@') ? word.value.slice(1) : word.value);
    else names.push(word);
  }
  const packages = requestedPackages(names, readRpmPackage, site);
  return packages.length > 0 || groups.length > 0
    ? [installFact('dnf', packages, site, null, groups)]
    : [];
}
