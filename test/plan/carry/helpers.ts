import { loadBuiltinCatalog } from '../../../src/catalog/index.js';
import { carryCommand, type Carry, type CarryContext } from '../../../src/plan/carry/index.js';
import { carryCommands } from '../../../src/plan/carry/command.js';
import { ShellParser } from '../../../src/shell/index.js';
import { loadBuiltinInstallers } from '../../../src/supply-chain.js';

// Shared by the carry tests: a RUN script → how each of its commands is carried.

const shell = await ShellParser.load();
export const catalog = loadBuiltinCatalog();

export function context(over: Partial<CarryContext> = {}): CarryContext {
  return {
    stage: 'app',
    inImage: true,
    family: 'debian',
    runtime: null,
    env: {},
    workdir: '/app',
    archs: ['x86_64', 'aarch64'],
    catalog,
    installers: loadBuiltinInstallers(),
    ...over,
  };
}

export interface Carried extends Carry {
  argv: readonly string[];
}

/** Every simple command of the script, carried; variables resolve from the context's env. */
export function carryRun(script: string, over: Partial<CarryContext> = {}): Carried[] {
  const ctx = context(over);
  const parse = shell.commands(script, ctx.env);
  return carryCommands(parse.commands, (row) => row + 1).map((cmd) => ({
    argv: cmd.argv,
    ...carryCommand(cmd, ctx),
  }));
}

/** The carry of the first command whose program is `program`. */
export function carryOf(
  script: string,
  program: string,
  over: Partial<CarryContext> = {},
): Carried {
  const found = carryRun(script, over).find((c) => (c.argv[0] ?? '').endsWith(program));
  if (!found) throw new Error(`no ${program} in ${script}`);
  return found;
}

export function runs(c: Carry): string {
  return c.steps.map((s) => s.runs ?? `uses: ${s.uses} ${JSON.stringify(s.with)}`).join('\n');
}
