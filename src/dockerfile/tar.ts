// `tar` in Chainguard's -dev images is busybox tar, which knows the short options and
// only a few long ones. GNU long options with a short busybox form are rewritten; ones
// that change nothing busybox does anyway go; the rest need GNU tar (a finding).
//
// | GNU tar                          | busybox tar |
// | -------------------------------- | ----------- |
// | --extract, --get                 | -x          |
// | --create                         | -c          |
// | --list                           | -t          |
// | --file F, --file=F               | -f F        |
// | --directory D, --directory=D     | -C D        |
// | --gzip, --gunzip, --ungzip       | -z          |
// | --bzip2                          | -j          |
// | --xz                             | -J          |
// | --verbose                        | -v          |
// | --to-stdout                      | -O          |
// | --no-same-owner                  | -o          |
// | --keep-old-files                 | -k          |
// | --touch                          | -m          |
// | --overwrite, --no-same-permissions, --wildcards | dropped: busybox already behaves so |
// Kept as written (busybox has them): --strip-components, --exclude, --numeric-owner.

import type { TextEdit } from './document.js';
import {
  KEEP,
  report,
  type CommandInput,
  type CommandRewrite,
  type StageState,
} from './rewrite.js';

const SHORT: Readonly<Record<string, { flag: string; value: boolean }>> = {
  '--extract': { flag: '-x', value: false },
  '--get': { flag: '-x', value: false },
  '--create': { flag: '-c', value: false },
  '--list': { flag: '-t', value: false },
  '--file': { flag: '-f', value: true },
  '--directory': { flag: '-C', value: true },
  '--gzip': { flag: '-z', value: false },
  '--gunzip': { flag: '-z', value: false },
  '--ungzip': { flag: '-z', value: false },
  '--bzip2': { flag: '-j', value: false },
  '--xz': { flag: '-J', value: false },
  '--verbose': { flag: '-v', value: false },
  '--to-stdout': { flag: '-O', value: false },
  '--no-same-owner': { flag: '-o', value: false },
  '--keep-old-files': { flag: '-k', value: false },
  '--touch': { flag: '-m', value: false },
};

const NEEDLESS = new Set(['--overwrite', '--no-same-permissions', '--wildcards']);

/** Long options busybox tar accepts as they are. */
const BUSYBOX_LONG = new Set([
  '--strip-components',
  '--exclude',
  '--exclude-from',
  '--files-from',
  '--numeric-owner',
  '--no-recursion',
  '--to-command',
  '--same-permissions',
]);

export function rewriteTar(input: CommandInput, state: StageState): CommandRewrite {
  const edits: TextEdit[] = [];
  const gnuOnly: string[] = [];
  const words = input.words;
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (!word || word.dynamic || !word.value.startsWith('--') || !word.span) continue;
    if (word.value === '--') break;
    const eq = word.value.indexOf('=');
    const name = eq > 0 ? word.value.slice(0, eq) : word.value;
    const short = SHORT[name];
    if (short) {
      const at = word.source.indexOf('=');
      const attached = eq > 0 && at >= 0 ? ` ${word.source.slice(at + 1)}` : '';
      edits.push({ start: word.span.start, end: word.span.end, text: short.flag + attached });
      if (short.value && eq < 0) i++;
    } else if (NEEDLESS.has(name)) {
      const previous = words[i - 1]?.span;
      if (previous) edits.push({ start: previous.end, end: word.span.end, text: '' });
    } else if (!BUSYBOX_LONG.has(name)) {
      gnuOnly.push(name);
    }
  }
  if (gnuOnly.length > 0) {
    report(
      state,
      input.line,
      'WF606',
      `busybox tar has no ${gnuOnly.map((o) => `\`${o}\``).join(', ')}; the tar command is left as written`,
      'Add GNU tar to the image (apk add tar) before this command.',
    );
    return KEEP;
  }
  return edits.length > 0 ? { kind: 'edit', edits } : KEEP;
}
