// apk (Alpine; also Wolfi itself).

import type { RequestedPackage, RunFact } from '../model.js';
import type { ShellWord } from '../shell/index.js';
import { flagValue, flagValues, parseArgs } from './options.js';
import {
  commandFact,
  housekeeping,
  installFact,
  removedPackages,
  repository,
  requestedPackages,
} from './packages.js';
import { splitConstraint } from './packages.js';
import type { CommandSite } from './site.js';

const VALUE_FLAGS = [
  '-t',
  '--virtual',
  '-X',
  '--repository',
  '-p',
  '--root',
  '--keys-dir',
  '--arch',
  '--cache-dir',
  '--repositories-file',
  '--cache-max-age',
  '--timeout',
];

const HOUSEKEEPING = new Set(['update', 'upgrade', 'cache', 'fix']);

/** `pkg=1.2`, `pkg>=1`, `pkg~1.2`, `pkg@edge` (a repository tag, dropped). */
export function readApkPackage(word: string): RequestedPackage | null {
  const at = word.indexOf('@');
  const spec = splitConstraint(
    at >= 0 ? word.slice(0, at) + tagTail(word.slice(at)) : word,
    '=<>~',
  );
  return spec.name ? spec : null;
}

/** `@edge=1.2` → `=1.2`: the tag goes, a constraint written after it stays. */
function tagTail(tagged: string): string {
  const op = [...tagged].findIndex((ch) => '=<>~'.includes(ch));
  return op >= 0 ? tagged.slice(op) : '';
}

export function analyzeApk(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): RunFact[] {
  const parsed = parseArgs(args, VALUE_FLAGS);
  const [verb, ...rest] = parsed.positionals;
  if (!verb || verb.dynamic) return [commandFact(argv, site)];
  const repositories = flagValues(parsed, '-X', '--repository').map((url) =>
    repository('apk', url.value, site),
  );
  switch (verb.value) {
    case 'add': {
      const packages = requestedPackages(rest, readApkPackage, site);
      const virtual = flagValue(parsed, '-t', '--virtual')?.value ?? null;
      const install =
        packages.length > 0 || virtual !== null
          ? [installFact('apk', packages, site, virtual)]
          : [];
      return [...repositories, ...install];
    }
    case 'del': {
      const packages = removedPackages(rest, readApkPackage);
      return packages.length > 0
        ? [{ kind: 'remove', manager: 'apk', packages, line: site.line }]
        : [];
    }
    default:
      return HOUSEKEEPING.has(verb.value) ? [housekeeping('apk', site)] : [commandFact(argv, site)];
  }
}
