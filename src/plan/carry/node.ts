// Node.js dependency installs: npm, yarn, pnpm. A local install builds node_modules next
// to the application, at the same path as in the Dockerfile, and the package ships it;
// a global one (`-g`) goes under /usr in the package, where Wolfi's node finds its bins.

import { posix } from 'node:path';
import {
  carry,
  inPackage,
  programOf,
  runsStep,
  scriptLine,
  type Carry,
  type CarryCommand,
  type CarryContext,
} from './model.js';
import { missingTool } from './python.js';
import { toolPackages, withRuntime } from './toolchain.js';

const MANAGERS = new Set(['npm', 'yarn', 'pnpm']);

/** Subcommands that only touch the manager's cache or settings. */
const CACHE_ONLY: Readonly<Record<string, ReadonlySet<string>>> = {
  npm: new Set(['cache']),
  yarn: new Set(['cache']),
  pnpm: new Set(['store']),
};

/** Subcommands that (re)build node_modules. */
const INSTALLS: Readonly<Record<string, ReadonlySet<string>>> = {
  npm: new Set(['ci', 'install', 'i', 'add', 'prune', 'rebuild', 'update']),
  yarn: new Set(['install', 'add', '']),
  pnpm: new Set(['install', 'i', 'add', 'prune', 'fetch']),
};

export function carryNode(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const tool = programOf(cmd.argv);
  if (tool === 'corepack') return corepack(cmd, ctx);
  if (!MANAGERS.has(tool)) return null;
  const args = cmd.argv.slice(1);
  const sub = args.find((a) => !a.startsWith('-')) ?? '';
  if (CACHE_ONLY[tool]?.has(sub))
    return carry('unneeded', `${tool} ${sub} only touches the package cache`);
  const runtime =
    ctx.runtime?.name === 'nodejs' ? ctx.runtime : { name: 'nodejs' as const, version: null };
  const choice = withRuntime(runtime, ctx.catalog, toolPackages(tool, null, ctx.catalog));
  if (choice.kind === 'missing') return missingTool(choice.wanted, tool, cmd, ctx);
  const nodejs = choice.packages.filter((p) => p.startsWith('nodejs-'));
  const global =
    args.includes('-g') || args.includes('--global') || (tool === 'yarn' && sub === 'global');
  const step = (line: string[]) =>
    runsStep(`${tool} ${sub} (line ${cmd.line})`.replace(/ +/g, ' '), [scriptLine(line)], {
      workdir: ctx.workdir,
      path: [posix.join(ctx.workdir, 'node_modules/.bin')],
    });
  if (global) {
    const prefix = inPackage('/usr');
    const line =
      tool === 'yarn' ? [tool, ...args, '--prefix', prefix] : [tool, ...args, '--prefix', prefix];
    return carry('melange', 'a global install under /usr in the package', {
      buildPackages: choice.packages,
      imagePackages: nodejs,
      steps: [step(line)],
    });
  }
  if (INSTALLS[tool]?.has(sub)) {
    const modules = posix.join(ctx.workdir, 'node_modules');
    return carry('melange', `${tool} builds ${modules}, which the package ships`, {
      buildPackages: choice.packages,
      imagePackages: nodejs,
      steps: [step([tool, ...args])],
      ships: [modules],
    });
  }
  // `npm run build`, `yarn build`: the application's own build, next to its files.
  return carry('melange', `the application's build step, with ${tool} from Wolfi`, {
    buildPackages: choice.packages,
    steps: [step([tool, ...args])],
  });
}

/** corepack puts yarn and pnpm on PATH; Wolfi packages both, so the build gets the packages. */
function corepack(cmd: CarryCommand, ctx: CarryContext): Carry {
  const sub = cmd.argv[1];
  const named = cmd.argv
    .slice(2)
    .filter((a) => !a.startsWith('-'))
    .map((a) => a.split('@')[0] ?? a);
  const tools =
    sub === 'enable' && named.length === 0
      ? ['yarn', 'pnpm']
      : named.filter((n) => n === 'yarn' || n === 'pnpm');
  const packages = tools.flatMap((t) => {
    const choice = toolPackages(t, null, ctx.catalog);
    return choice.kind === 'ok' ? choice.packages : [];
  });
  if (sub !== 'enable' && sub !== 'prepare' && sub !== 'install' && sub !== 'use')
    return carry(
      'unneeded',
      `corepack ${sub ?? ''} changes nothing the image uses`.replace('  ', ' '),
    );
  return carry(
    'package',
    `${packages.join(', ') || 'the package manager'} from Wolfi in the build, instead of corepack's download`,
    {
      buildPackages: packages,
    },
  );
}
