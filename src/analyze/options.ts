// Command-line options the way getopt reads them: `-abc` clusters, `-ovalue`,
// `--name=value`, `--name value` for options known to take a value, `--` to end.
// Each analyzer declares which of its tool's options take a value; the rest are flags.

import type { ShellWord } from '../shell/index.js';

export interface Option {
  /** `-o` or `--output`, as written (a cluster `-yq` gives `-y` and `-q`). */
  flag: string;
  value: ShellWord | null;
}

export interface ParsedArgs {
  options: Option[];
  positionals: ShellWord[];
}

export function parseArgs(words: readonly ShellWord[], valueFlags: readonly string[]): ParsedArgs {
  const options: Option[] = [];
  const positionals: ShellWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    const text = word.value;
    if (text === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (text.length < 2 || !text.startsWith('-')) {
      positionals.push(word);
    } else if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      if (eq > 0)
        options.push({
          flag: text.slice(0, eq),
          value: { value: text.slice(eq + 1), dynamic: word.dynamic },
        });
      else if (valueFlags.includes(text)) options.push({ flag: text, value: words[++i] ?? null });
      else options.push({ flag: text, value: null });
    } else {
      for (let j = 1; j < text.length; j++) {
        const flag = `-${text[j]}`;
        if (!valueFlags.includes(flag)) {
          options.push({ flag, value: null });
          continue;
        }
        const rest = text.slice(j + 1);
        options.push({
          flag,
          value: rest ? { value: rest, dynamic: word.dynamic } : (words[++i] ?? null),
        });
        break;
      }
    }
  }
  return { options, positionals };
}

export function hasFlag(args: ParsedArgs, ...flags: string[]): boolean {
  return args.options.some((o) => flags.includes(o.flag));
}

/** The value of the last occurrence of any of `flags`, or null. */
export function flagValue(args: ParsedArgs, ...flags: string[]): ShellWord | null {
  let found: ShellWord | null = null;
  for (const o of args.options) if (flags.includes(o.flag) && o.value) found = o.value;
  return found;
}

export function flagValues(args: ParsedArgs, ...flags: string[]): ShellWord[] {
  return args.options.flatMap((o) => (flags.includes(o.flag) && o.value ? [o.value] : []));
}
