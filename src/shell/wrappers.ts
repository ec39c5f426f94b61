// Commands that run another command (`sudo apt-get …`, `env A=B make`, `xargs apk add`)
// and commands that run a shell script given as a string (`sh -c '…'`, `su -c`, `eval`).

import type { ShellWord } from './command.js';

export function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

interface WrapperSpec {
  /** Options that take the next word as their value. */
  valueFlags: readonly string[];
  /** Positional words the wrapper itself consumes before the command (`timeout 5s`, `gosu user`). */
  positionals?: number;
  /** `NAME=value` words before the command are environment settings (`env`, `sudo`). */
  assignments?: boolean;
}

const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  sudo: {
    valueFlags: [
      '-u',
      '-g',
      '-h',
      '-p',
      '-C',
      '-U',
      '-r',
      '-t',
      '-T',
      '-D',
      '--user',
      '--group',
      '--prompt',
    ],
    assignments: true,
  },
  doas: { valueFlags: ['-u', '-C'] },
  env: { valueFlags: ['-u', '-C', '--unset', '--chdir'], assignments: true },
  exec: { valueFlags: ['-a'] },
  time: { valueFlags: ['-f', '-o', '--format', '--output'] },
  nice: { valueFlags: ['-n', '--adjustment'] },
  nohup: { valueFlags: [] },
  builtin: { valueFlags: [] },
  command: { valueFlags: [] },
  stdbuf: { valueFlags: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  ionice: { valueFlags: ['-c', '-n', '--class', '--classdata'] },
  timeout: { valueFlags: ['-s', '-k', '--signal', '--kill-after'], positionals: 1 },
  gosu: { valueFlags: [], positionals: 1 },
  'su-exec': { valueFlags: [], positionals: 1 },
  eatmydata: { valueFlags: [] },
  busybox: { valueFlags: [] },
  xargs: {
    valueFlags: [
      '-I',
      '-n',
      '-L',
      '-P',
      '-d',
      '-a',
      '-s',
      '-E',
      '--max-args',
      '--max-procs',
      '--delimiter',
    ],
  },
};

function isAssignment(word: string): boolean {
  const eq = word.indexOf('=');
  if (eq <= 0) return false;
  const name = word.slice(0, eq);
  return [...name].every(
    (ch, i) => ch === '_' || isLetter(ch) || (i > 0 && ch >= '0' && ch <= '9'),
  );
}

function isLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

export interface Unwrapped {
  /** Index in the original words of the command that really runs. */
  start: number;
  /** The command's arguments also come from its standard input (`… | xargs apt-get install`). */
  viaXargs: boolean;
}

/** Skip `sudo`, `env A=B`, `exec`, `time`, `nice`, `xargs` … in front of a command. */
export function unwrapCommand(words: readonly ShellWord[]): Unwrapped {
  let start = 0;
  let viaXargs = false;
  while (start < words.length) {
    const word = words[start];
    if (!word || word.dynamic) break;
    const name = basename(word.value);
    const spec = WRAPPERS[name];
    if (!spec) break;
    // `command -v x` asks where x is; it does not run it.
    if (
      name === 'command' &&
      (words[start + 1]?.value === '-v' || words[start + 1]?.value === '-V')
    )
      break;
    let i = skipOptions(words, start + 1, spec.valueFlags);
    for (let n = spec.positionals ?? 0; n > 0 && i < words.length; n--) i++;
    if (spec.assignments) while (i < words.length && isAssignment(words[i]?.value ?? '')) i++;
    if (i >= words.length) break;
    if (name === 'xargs') viaXargs = true;
    start = i;
  }
  return { start, viaXargs };
}

/** Index of the first word after the options that start at `from`. */
function skipOptions(
  words: readonly ShellWord[],
  from: number,
  valueFlags: readonly string[],
): number {
  let i = from;
  while (i < words.length) {
    const value = words[i]?.value ?? '';
    if (value === '--') return i + 1;
    if (value.length < 2 || !value.startsWith('-')) return i;
    i += valueFlags.includes(value) ? 2 : 1;
  }
  return i;
}

const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);

export type NestedScript =
  /** The script is one of the words (`sh -c 'script'`). */
  | { kind: 'argument'; index: number }
  /** The shell reads its script from standard input (`bash <<EOF`, `curl … | sh`). */
  | { kind: 'stdin' }
  /** `eval a b c`: the words joined by spaces are the script, run in the current shell. */
  | { kind: 'eval'; from: number };

/** How the command at `start` runs a shell script, if it does. */
export function nestedScript(words: readonly ShellWord[], start: number): NestedScript | null {
  const head = words[start];
  if (!head || head.dynamic) return null;
  const name = basename(head.value);
  if (name === 'eval') return { kind: 'eval', from: start + 1 };
  if (name === 'su' || name === 'runuser') return suCommand(words, start + 1);
  if (!SHELLS.has(name)) return null;
  let i = start + 1;
  let command = false;
  let readsStdin = false;
  while (i < words.length) {
    const value = words[i]?.value ?? '';
    if (value === '--' || value === '-') {
      i++;
      break;
    }
    if (value.startsWith('--')) {
      i += value === '--rcfile' || value === '--init-file' ? 2 : 1;
      continue;
    }
    if (value.length < 2 || (value[0] !== '-' && value[0] !== '+')) break;
    const letters = value.slice(1);
    if (letters.includes('c')) command = true;
    if (letters.includes('s')) readsStdin = true;
    // -o/-O take an option name: `bash -o pipefail -c …`.
    i += letters.includes('o') || letters.includes('O') ? 2 : 1;
  }
  if (command) return i < words.length ? { kind: 'argument', index: i } : null;
  return i >= words.length || readsStdin ? { kind: 'stdin' } : null;
}

/** `su -c 'script' user`, `su user -c 'script'`, `su --command=script`. */
function suCommand(words: readonly ShellWord[], from: number): NestedScript | null {
  for (let i = from; i < words.length; i++) {
    const value = words[i]?.value ?? '';
    if ((value === '-c' || value === '--command') && i + 1 < words.length)
      return { kind: 'argument', index: i + 1 };
    if (value.startsWith('--command=')) return { kind: 'argument', index: i };
  }
  return null;
}

/** The script text of a `--command=script` word, or the word itself. */
export function scriptText(word: ShellWord): string {
  return word.value.startsWith('--command=') ? word.value.slice('--command='.length) : word.value;
}
