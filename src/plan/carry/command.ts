// SimpleCommands of a parsed RUN → the commands the carry modules read: argv without the
// wrappers (sudo, env, nice…), the file each writes through a redirection, and a heredoc's text.

import { unwrapCommand, type SimpleCommand } from '../../shell/index.js';
import type { CarryCommand } from './model.js';

export function carryCommands(
  all: readonly SimpleCommand[],
  lineOf: (row: number) => number,
): CarryCommand[] {
  // `$(nproc)` only feeds the command around it, which is the one carried.
  const commands = all.filter((c) => c.substitutedInto === null);
  const argvs = commands.map((c) =>
    c.words.slice(unwrapCommand(c.words).start).map((w) => w.value),
  );
  const outputOf = (c: SimpleCommand) =>
    [...c.redirects].reverse().find((r) => r.op === '>' || r.op === '>>' || r.op === '>|');
  return commands.map((c, index) => {
    const out = outputOf(c);
    const input = [...c.redirects].reverse().find((r) => r.op.startsWith('<<'));
    // `{ echo a; echo b; } > f`: the group's one redirect; the commands after the first append.
    const previous = index > 0 ? commands[index - 1] : undefined;
    const sameGroup = out !== undefined && previous !== undefined && outputOf(previous) === out;
    const from = c.pipedFrom;
    return {
      argv: argvs[index] ?? [],
      text: c.text.split('\n')[0] ?? c.text,
      line: lineOf(c.row),
      run: argvs,
      index,
      writes: out ? { path: out.target.value, append: out.op === '>>' || sameGroup } : null,
      stdin: input ? input.target.value : null,
      pipesInto: c.pipedTo !== null,
      pipedFrom: from
        ? from.words.slice(unwrapCommand(from.words).start).map((w) => w.value)
        : null,
    };
  });
}
