// Package repository configuration written by hand (`echo deb … > sources.list.d/x`,
// `gpg --dearmor -o /usr/share/keyrings/…`) and package-manager caches removed by
// hand (`rm -rf /var/lib/apt/lists/*`). Both are recognised by the paths they touch.

import type { PackageManager, RunFact } from '../model.js';
import type { ShellWord, SimpleCommand } from '../shell/index.js';
import { CURL_VALUE_FLAGS, WGET_VALUE_FLAGS } from './downloads.js';
import { flagValue, parseArgs } from './options.js';
import { housekeeping, repository } from './packages.js';
import type { CommandSite } from './site.js';

/** Files and directories that define repositories or their signing keys. */
const REPOSITORY_PATHS: readonly [string, PackageManager][] = [
  ['/etc/apt/sources.list', 'apt'],
  ['/etc/apt/keyrings/', 'apt'],
  ['/etc/apt/trusted.gpg', 'apt'],
  ['/usr/share/keyrings/', 'apt'],
  ['/etc/apk/repositories', 'apk'],
  ['/etc/apk/keys/', 'apk'],
  ['/etc/yum.repos.d/', 'dnf'],
  ['/etc/pki/rpm-gpg/', 'dnf'],
  ['/etc/zypp/repos.d/', 'zypper'],
];

/** Package-manager caches: removing them only matters for an image built layer by layer. */
const CACHE_PATHS: readonly [string, PackageManager][] = [
  ['/var/lib/apt/lists', 'apt'],
  ['/var/cache/apt', 'apt'],
  ['/var/cache/debconf', 'apt'],
  ['/var/log/apt', 'apt'],
  ['/var/log/dpkg.log', 'apt'],
  ['/var/cache/apk', 'apk'],
  ['/etc/apk/cache', 'apk'],
  ['/var/cache/yum', 'dnf'],
  ['/var/cache/dnf', 'dnf'],
  ['/var/lib/dnf', 'dnf'],
  ['/var/log/dnf', 'dnf'],
  ['/var/log/yum.log', 'dnf'],
  ['/var/cache/zypp', 'zypper'],
];

function managerOf(
  path: string,
  table: readonly [string, PackageManager][],
): PackageManager | null {
  return table.find(([prefix]) => path.startsWith(prefix))?.[1] ?? null;
}

const OUTPUT_REDIRECTS: ReadonlySet<string> = new Set(['>', '>>', '>|', '&>', '&>>']);

/** The files a command writes: output redirects, `tee` files, `-o`/`-O` outputs, cp/mv targets. */
function writtenFiles(cmd: SimpleCommand, name: string, args: readonly ShellWord[]): string[] {
  const files = cmd.redirects.filter((r) => OUTPUT_REDIRECTS.has(r.op)).map((r) => r.target.value);
  switch (name) {
    case 'tee':
      files.push(...parseArgs(args, []).positionals.map((w) => w.value));
      break;
    case 'gpg':
    case 'gpg2': {
      const out = flagValue(
        parseArgs(args, ['-o', '--output', '--keyring', '--keyserver', '-r', '--recipient']),
        '-o',
        '--output',
      );
      if (out) files.push(out.value);
      break;
    }
    case 'curl': {
      const out = flagValue(parseArgs(args, CURL_VALUE_FLAGS), '-o', '--output');
      if (out) files.push(out.value);
      break;
    }
    case 'wget': {
      const out = flagValue(parseArgs(args, WGET_VALUE_FLAGS), '-O', '--output-document');
      if (out) files.push(out.value);
      break;
    }
    case 'cp':
    case 'mv':
    case 'install': {
      const last = parseArgs(args, ['-m', '-o', '-g', '-t', '--target-directory']).positionals.at(
        -1,
      );
      if (last) files.push(last.value);
      break;
    }
  }
  return files;
}

/** A repository fact when the command writes repository configuration or keys. */
export function repositoryWrite(
  cmd: SimpleCommand,
  name: string,
  args: readonly ShellWord[],
  site: CommandSite,
): RunFact | null {
  for (const file of writtenFiles(cmd, name, args)) {
    const manager = managerOf(file, REPOSITORY_PATHS);
    if (manager) return repository(manager, site.text, site);
  }
  return null;
}

/** Scratch space a step cleans after itself (`rm -rf /tmp/pear`): an image built by apko never has it. */
const TEMP_PATHS: readonly string[] = ['/tmp/', '/var/tmp/'];

/**
 * Housekeeping when every path `rm` removes is a package-manager cache, or (with `scratchToo`,
 * for an image apko builds from packages) scratch space beside at least one cache.
 */
export function cacheRemoval(
  args: readonly ShellWord[],
  site: CommandSite,
  scratchToo = false,
): RunFact | null {
  const paths = parseArgs(args, []).positionals;
  const managers = paths.map((p) => (p.dynamic ? null : managerOf(p.value, CACHE_PATHS)));
  const manager = managers.find((m) => m !== null);
  if (!manager) return null;
  const temporary = (p: ShellWord) =>
    scratchToo && !p.dynamic && TEMP_PATHS.some((t) => p.value.startsWith(t));
  if (paths.some((p, i) => managers[i] === null && !temporary(p))) return null;
  return housekeeping(manager, site);
}
