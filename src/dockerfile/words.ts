// A command's words as the rewriters need them: the expanded value to decide with,
// and the source text to write back, so `$UID` and quotes survive a rewrite.

import type { ScriptSpan, SimpleCommand } from '../shell/index.js';

export interface SourceWord {
  /** Index in the command's words. */
  index: number;
  value: string;
  dynamic: boolean;
  /** The word as written, or its value shell-quoted when it has no range of its own. */
  source: string;
  span: ScriptSpan | null;
}

export function sourceWords(cmd: SimpleCommand, script: string): SourceWord[] {
  return cmd.words.map((word, index) => {
    const span = cmd.wordSpans[index] ?? null;
    // Fields split from one unquoted word (`$FLAGS`) share its range: none is the whole of it.
    const shared = span !== null && cmd.wordSpans.some((s, i) => i !== index && s === span);
    const own = span !== null && !shared ? span : null;
    return {
      index,
      value: word.value,
      dynamic: word.dynamic,
      source: own ? script.slice(own.start, own.end) : quoteWord(word.value),
      span: own,
    };
  });
}

const SAFE = new Set(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-'.split(''),
);

/** Quote a word for /bin/sh when it has characters the shell would read. */
export function quoteWord(word: string): string {
  if (word !== '' && [...word].every((ch) => SAFE.has(ch))) return word;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** An option's spellings and whether it takes a value. */
export interface OptionSpec {
  key: string;
  value: boolean;
}

export interface ReadOption {
  key: string;
  /** As written: `-u`, `--uid`, or the unknown word. */
  spelled: string;
  /** The value's source text, or null. */
  value: string | null;
  /** The expanded value, or null. */
  valueText: string | null;
}

export interface ReadArgs {
  options: ReadOption[];
  positionals: SourceWord[];
  /** Options not in the table, as written. */
  unknown: string[];
}

/**
 * getopt-style reading that keeps source text: `-abc` clusters, `-uVALUE`,
 * `--name=value`, `--name value`, `--` ends options.
 */
export function readArgs(
  words: readonly SourceWord[],
  specs: Readonly<Record<string, OptionSpec>>,
): ReadArgs {
  const options: ReadOption[] = [];
  const positionals: SourceWord[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as SourceWord;
    const text = word.value;
    if (text === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (word.dynamic || text.length < 2 || !text.startsWith('-')) {
      positionals.push(word);
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq > 0 ? text.slice(0, eq) : text;
      const spec = specs[name];
      if (!spec) {
        unknown.push(text);
        continue;
      }
      if (!spec.value) {
        options.push({ key: spec.key, spelled: name, value: null, valueText: null });
      } else if (eq > 0) {
        const at = word.source.indexOf('=');
        options.push({
          key: spec.key,
          spelled: name,
          value: at >= 0 ? word.source.slice(at + 1) : quoteWord(text.slice(eq + 1)),
          valueText: text.slice(eq + 1),
        });
      } else {
        const next = words[++i];
        options.push({
          key: spec.key,
          spelled: name,
          value: next?.source ?? null,
          valueText: next?.value ?? null,
        });
      }
      continue;
    }
    for (let j = 1; j < text.length; j++) {
      const flag = `-${text[j]}`;
      const spec = specs[flag];
      if (!spec) {
        unknown.push(flag);
        continue;
      }
      if (!spec.value) {
        options.push({ key: spec.key, spelled: flag, value: null, valueText: null });
        continue;
      }
      const rest = text.slice(j + 1);
      if (rest) {
        options.push({ key: spec.key, spelled: flag, value: quoteWord(rest), valueText: rest });
      } else {
        const next = words[++i];
        options.push({
          key: spec.key,
          spelled: flag,
          value: next?.source ?? null,
          valueText: next?.value ?? null,
        });
      }
      break;
    }
  }
  return { options, positionals, unknown };
}

export function option(args: ReadArgs, key: string): ReadOption | null {
  let found: ReadOption | null = null;
  for (const o of args.options) if (o.key === key) found = o;
  return found;
}

export function has(args: ReadArgs, key: string): boolean {
  return args.options.some((o) => o.key === key);
}

/** Build an option table from `[key, value?, ...spellings]` rows. */
export function optionTable(
  rows: readonly [key: string, value: boolean, ...spellings: string[]][],
): Record<string, OptionSpec> {
  const table: Record<string, OptionSpec> = {};
  for (const [key, value, ...spellings] of rows)
    for (const s of spellings) table[s] = { key, value };
  return table;
}
