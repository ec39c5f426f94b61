// What the package managers have in common: a list of words that name packages,
// some of which cannot be read (`$PKGS` unset), are files rather than names, or
// carry a version pin that Wolfi cannot honour.

import type { PackageManager, RequestedPackage, RunFact } from '../model.js';
import type { ShellWord } from '../shell/index.js';
import { report, type CommandSite } from './site.js';

/** Splits `name<constraint>` as the manager writes it; null when the word names no package. */
export type PackageSpecReader = (word: string) => RequestedPackage | null;

const PACKAGE_FILE_SUFFIXES = ['.deb', '.apk', '.rpm'];

function isPackageFile(word: string): boolean {
  return (
    word.startsWith('/') ||
    word.startsWith('./') ||
    word.startsWith('../') ||
    word.includes('://') ||
    PACKAGE_FILE_SUFFIXES.some((suffix) => word.endsWith(suffix))
  );
}

/** Package names from `words`, reporting the ones we cannot take as names. */
export function requestedPackages(
  words: readonly ShellWord[],
  read: PackageSpecReader,
  site: CommandSite,
): RequestedPackage[] {
  const out: RequestedPackage[] = [];
  for (const word of words) {
    if (word.dynamic) {
      report(
        site,
        'WF201',
        `cannot tell which packages \`${word.value}\` installs`,
        'Give the variable a value with ARG or ENV, or list the packages literally.',
      );
      continue;
    }
    if (isPackageFile(word.value)) {
      report(
        site,
        'WF212',
        `\`${word.value}\` is a package file, not a package from a repository; it has no Wolfi equivalent`,
        'Build it as a melange package or find the Wolfi package that provides the same files.',
      );
      continue;
    }
    const spec = read(word.value);
    if (!spec) continue;
    if (spec.version !== null) {
      report(
        site,
        'WF202',
        `Wolfi versions differ; pinned \`${word.value}\` mapped without the pin`,
      );
    }
    out.push(spec);
  }
  return out;
}

/** Names to remove: version constraints do not matter for a removal. */
export function removedPackages(words: readonly ShellWord[], read: PackageSpecReader): string[] {
  return words.flatMap((w) => {
    const spec = w.dynamic ? null : read(w.value);
    return spec ? [spec.name] : [];
  });
}

/** Split at the first of `operators`; `=` is dropped, comparison operators stay with the version. */
export function splitConstraint(word: string, operators: string): RequestedPackage {
  const at = [...word].findIndex((ch) => operators.includes(ch));
  if (at <= 0) return { name: word, version: null };
  const rest = word.slice(at);
  return { name: word.slice(0, at), version: rest.startsWith('=') ? rest.slice(1) : rest };
}

export function installFact(
  manager: PackageManager,
  packages: RequestedPackage[],
  site: CommandSite,
  virtual: string | null = null,
  groups: string[] = [],
): RunFact {
  return { kind: 'install', manager, packages, virtual, groups, line: site.line };
}

export function housekeeping(manager: PackageManager | null, site: CommandSite): RunFact {
  return { kind: 'housekeeping', manager, text: site.text, line: site.line };
}

export function repository(
  manager: PackageManager | null,
  text: string,
  site: CommandSite,
): RunFact {
  return { kind: 'repository', manager, text, line: site.line };
}

export function commandFact(argv: string[], site: CommandSite): RunFact {
  return { kind: 'command', argv, text: site.text, line: site.line };
}
