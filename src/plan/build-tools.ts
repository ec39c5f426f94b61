// Which commands a melange build's sandbox provides: the packages of its environment (with
// their runtime dependencies and the `needs` of its pipelines), looked up in the command
// table (rules/commands.yaml), and the tools package managers install along the way.

import { BoundedCacheByOwner } from '../bounded-cache.js';
import type { Catalog } from '../catalog/catalog.js';
import { dependencyName } from '../catalog/version.js';
import type { MelangeConfig } from '../model.js';
import type { CommandTable } from './commands.js';
import { list, record } from './melange-config.js';
import { BUILTIN_PIPELINES } from './melange-pipelines.js';

/** Shell builtins of busybox ash: they need no package. */
export const SHELL_BUILTINS: ReadonlySet<string> = new Set([
  '.',
  ':',
  'alias',
  'break',
  'cd',
  'command',
  'continue',
  'echo',
  'eval',
  'exec',
  'exit',
  'export',
  'false',
  'getopts',
  'hash',
  'local',
  'printf',
  'pwd',
  'read',
  'readonly',
  'return',
  'set',
  'shift',
  'source',
  'test',
  '[',
  'trap',
  'true',
  'type',
  'ulimit',
  'umask',
  'unalias',
  'unset',
  'wait',
]);

/** What `corepack enable` without names installs. */
const COREPACK_SHIMS = ['pnpm', 'pnpx', 'yarn', 'yarnpkg'];

export type ToolStatus =
  | { kind: 'provided' }
  /** Not in the command table: wolfify cannot tell, so it does not check. */
  | { kind: 'unchecked' }
  /** A distro tool no Wolfi package has, and what to do instead. */
  | { kind: 'distro'; instead: string }
  /** In the table, but no package of the environment provides it; `wanted` would. */
  | { kind: 'absent'; wanted: string };

/** Whether the environment's packages provide command `name`. */
export function toolStatus(name: string, tools: BuildTools, table: CommandTable): ToolStatus {
  if (SHELL_BUILTINS.has(name)) return { kind: 'provided' };
  const instead = table.missing.get(name);
  if (instead !== undefined) return { kind: 'distro', instead };
  const providers = table.commands.get(name);
  const inBusybox = table.busybox.has(name);
  if (!providers && !inBusybox) return { kind: 'unchecked' };
  if (inBusybox && tools.busybox) return { kind: 'provided' };
  if (providers?.some((p) => tools.packages.has(p)) || tools.packages.has(name))
    return { kind: 'provided' };
  return { kind: 'absent', wanted: providers?.[0] ?? 'busybox' };
}

export interface BuildTools {
  /** Package names in the environment, their runtime dependencies, and the names they resolve. */
  packages: ReadonlySet<string>;
  busybox: boolean;
}

/**
 * What the sandbox has: the listed packages, the `needs` of the pipelines used, and their
 * runtime dependencies (apk installs them). A name counts under every name it answers to,
 * so `python-3.12` satisfies a table entry `python3`.
 */
export function environmentTools(
  config: MelangeConfig,
  table: CommandTable,
  catalog: Catalog,
): BuildTools {
  const contents = record(record(config.environment).contents);
  const listed = list(contents.packages).filter((p): p is string => typeof p === 'string');
  const needs = collectUses(list(config.pipeline)).flatMap(
    (uses) => BUILTIN_PIPELINES[uses]?.needs ?? [],
  );
  const roots = [...listed, ...needs].map((p) => dependencyName(p.split('@')[0] ?? p));
  // Builds of one batch share their environments (a language's toolchain and busybox), and
  // the closure and the table scan cost more than the rest of the self-check.
  let kept = keptTools.get(table);
  if (!kept) keptTools.set(table, (kept = new BoundedCacheByOwner(KEPT_ENVIRONMENTS)));
  return kept.of(catalog).get(roots.join('\n'), () => toolsOf(roots, table, catalog));
}

/** Environments whose tools are kept, per command table and catalog. */
const KEPT_ENVIRONMENTS = 256;
const keptTools = new WeakMap<CommandTable, BoundedCacheByOwner<Catalog, string, BuildTools>>();

function toolsOf(roots: readonly string[], table: CommandTable, catalog: Catalog): BuildTools {
  const names = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (names.has(name)) continue;
    names.add(name);
    const real = catalog.resolve(name);
    if (real && !names.has(real)) queue.push(real);
    for (const dep of catalog.runtimeDeps(real ?? name)) queue.push(dependencyName(dep));
  }
  // Table entries are often virtual names (`python3`, `nodejs`): a provider answers to them.
  const answersTo = new Set(names);
  for (const entries of table.commands.values())
    for (const entry of entries)
      if (!answersTo.has(entry) && catalog.providers(entry).some((p) => names.has(p)))
        answersTo.add(entry);
  return { packages: answersTo, busybox: names.has('busybox') };
}

function collectUses(steps: readonly unknown[]): string[] {
  return steps.flatMap((s) => {
    const step = record(s);
    return [
      ...(typeof step.uses === 'string' ? [step.uses] : []),
      ...collectUses(list(step.pipeline)),
    ];
  });
}

/**
 * Tools a package manager installs onto the default PATH: `pip install poetry`, `npm install -g
 * pnpm`, `gem install bundler`. A tool is named after its package, as these usually are.
 */
export function installedTools(name: string, args: readonly string[]): string[] {
  const operands = (from: number, valueFlags: readonly string[]) => {
    const out: string[] = [];
    for (let i = from; i < args.length; i++) {
      const a = args[i] ?? '';
      if (valueFlags.includes(a)) i++;
      else if (!a.startsWith('-')) out.push(packageName(a));
    }
    return out;
  };
  const sub = args[0];
  // corepack writes shims next to node, on the default PATH.
  if (name === 'corepack' && sub === 'enable') {
    const named = args.slice(1).filter((a) => !a.startsWith('-'));
    return named.length > 0 ? named : COREPACK_SHIMS;
  }
  if ((name === 'pip' || name === 'pip3' || name === 'uv') && (sub === 'install' || sub === 'pip'))
    // `-r requirements.txt` names a file, not a package.
    return operands(name === 'uv' ? 2 : 1, [
      '-r',
      '--requirement',
      '-c',
      '--constraint',
      '-t',
      '--target',
      '--prefix',
      '--root',
      '-i',
      '--index-url',
      '--extra-index-url',
      '-f',
      '--find-links',
    ]);
  if (
    (name === 'npm' || name === 'pnpm') &&
    ['install', 'i', 'add'].includes(sub ?? '') &&
    args.some((a) => a === '-g' || a === '--global')
  )
    return operands(1, ['--prefix']);
  if (name === 'yarn' && sub === 'global' && args[1] === 'add') return operands(2, []);
  if (name === 'gem' && sub === 'install') {
    const gems = operands(1, ['-v', '--version', '-i', '--install-dir', '-n', '--bindir']);
    return gems.flatMap((g) => (g === 'bundler' ? ['bundler', 'bundle'] : [g]));
  }
  return [];
}

/** `poetry==1.8.3` → poetry, `uvicorn[standard]` → uvicorn, `pnpm@9` → pnpm. */
function packageName(spec: string): string {
  const at = spec.startsWith('@') ? spec.indexOf('@', 1) : spec.indexOf('@');
  const cut = [...'=<>~![;'].map((ch) => spec.indexOf(ch)).filter((i) => i > 0);
  return spec.slice(0, Math.min(at > 0 ? at : spec.length, ...cut));
}
