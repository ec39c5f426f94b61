// Variable expansion with Docker's rules (moby/buildkit frontend/dockerfile/shell/lex.go):
// `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`,
// `${VAR:?word}`, `${VAR?word}`. In Dockerfile word mode quotes are processed as well
// ('…' is literal, "…" expands). Unlike Docker, an unset variable is not replaced by an
// empty string: it stays as written and is reported, so nothing is silently lost.

import { WolfifyError } from '../errors.js';
import { MAX_NESTING, MAX_TOTAL_EXPANSION, MAX_VALUE_LENGTH, kib } from './limits.js';

/** undefined: never declared; null: declared (`ARG X`) without a value — both are unset. */
export type VariableLookup = (name: string) => string | null | undefined;

/** Shared by all expansions of one parse, so that the total work stays linear. */
export class ExpansionBudget {
  private used = 0;
  constructor(readonly total: number = MAX_TOTAL_EXPANSION) {}

  charge(length: number, fail: (message: string) => never): void {
    this.used += length;
    if (this.used > this.total) fail(`variable expansion exceeds ${kib(this.total)} in total`);
  }
}

export interface ExpandOptions {
  lookup: VariableLookup;
  /** The Dockerfile escape character (`\` or backtick). */
  escape: string;
  /** Dockerfile word mode: remove quotes, single quotes prevent expansion. */
  quotes: boolean;
  budget: ExpansionBudget;
  /** Raises the limit errors with the caller's file and line. */
  fail: (message: string) => never;
  onUnresolved: (name: string) => void;
  onSyntaxError: (message: string) => void;
}

export interface Expansion {
  value: string;
  /** The value split into words as Docker's ProcessWords would (unquoted expansions split). */
  words: string[];
}

export function expandWord(text: string, options: ExpandOptions): Expansion {
  return new Expander(text, options).run();
}

/**
 * Expands `$VAR` references in `text` with `vars`. No quote processing; `\$` is a
 * literal `$` and `\\` stays as it is. Unresolved variables stay as written and are
 * listed (each once) in `unresolved`.
 */
export function expandVariables(
  text: string,
  vars: Record<string, string | null | undefined>,
): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const fail = (message: string): never => {
    throw new WolfifyError(message);
  };
  const { value } = expandWord(text, {
    lookup: (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined),
    escape: '\\',
    quotes: false,
    budget: new ExpansionBudget(),
    fail,
    onUnresolved: (name) => {
      if (!unresolved.includes(name)) unresolved.push(name);
    },
    onSyntaxError: () => {},
  });
  return { value, unresolved };
}

const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

/** Docker's `wordsStruct`: the value, and the words it splits into. */
class Output {
  value = '';
  readonly words: string[] = [];
  private word = '';
  private inWord = false;

  constructor(
    private readonly limit: number,
    private readonly overflow: () => never,
  ) {}

  /** A character that splits words when it is whitespace. */
  char(ch: string): void {
    this.value += ch;
    if (isSpace(ch)) {
      if (this.inWord && this.word.length > 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else {
      this.word += ch;
      this.inWord = true;
    }
    this.check();
  }

  /** Text that belongs to the current word whatever it contains (quoted or escaped). */
  raw(text: string): void {
    this.value += text;
    this.word += text;
    this.inWord = true;
    this.check();
  }

  /** The result of a `$` expansion: splits on whitespace, like unquoted text. */
  expansion(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (isSpace(ch)) {
        if (i > start) this.raw(text.slice(start, i));
        this.char(ch);
        start = i + 1;
      }
    }
    if (start < text.length) this.raw(text.slice(start));
  }

  finish(): string[] {
    if (this.word.length > 0) this.words.push(this.word);
    this.word = '';
    return this.words;
  }

  private check(): void {
    if (this.value.length > this.limit) this.overflow();
  }
}

class Expander {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly options: ExpandOptions,
  ) {}

  run(): Expansion {
    const out = this.output();
    this.sequence(null, 0, out);
    return { value: out.value, words: out.finish() };
  }

  private output(): Output {
    // Measured as growth over the text itself, so a large heredoc without
    // variables is fine while an ARG chain that doubles at each step is not.
    return new Output(MAX_VALUE_LENGTH + this.text.length, () =>
      this.options.fail(`variable expansion exceeds ${kib(MAX_VALUE_LENGTH)}`),
    );
  }

  /** Reads up to `stop` (consumed) or the end; returns whether `stop` was found. */
  private sequence(stop: string | null, depth: number, out: Output): boolean {
    const { text, options } = this;
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (stop !== null && ch === stop) {
        this.pos++;
        return true;
      }
      if (ch === '$') {
        out.expansion(this.dollar(depth));
      } else if (options.quotes && ch === "'") {
        out.raw(this.singleQuoted());
      } else if (options.quotes && ch === '"') {
        out.raw(this.doubleQuoted(depth));
      } else if (ch === options.escape) {
        this.escaped(out);
      } else {
        out.char(ch);
        this.pos++;
      }
    }
    return false;
  }

  private escaped(out: Output): void {
    const { text, options } = this;
    const next = text[this.pos + 1];
    if (options.quotes) {
      // Outside quotes the escape character makes the next character literal.
      this.pos += 2;
      if (next !== undefined) out.raw(next);
      return;
    }
    if (next === '$') {
      out.raw('$');
      this.pos += 2;
    } else if (next === options.escape) {
      out.raw(options.escape + next);
      this.pos += 2;
    } else {
      out.char(options.escape);
      this.pos++;
    }
  }

  private singleQuoted(): string {
    const close = this.text.indexOf("'", this.pos + 1);
    if (close < 0) {
      this.options.onSyntaxError('unterminated single quote');
      const rest = this.text.slice(this.pos + 1);
      this.pos = this.text.length;
      return rest;
    }
    const inside = this.text.slice(this.pos + 1, close);
    this.pos = close + 1;
    return inside;
  }

  private doubleQuoted(depth: number): string {
    const { text, options } = this;
    const out = this.output();
    this.pos++;
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (ch === '"') {
        this.pos++;
        return out.value;
      }
      if (ch === '$') {
        out.raw(this.dollar(depth));
        continue;
      }
      this.pos++;
      if (ch === options.escape) {
        const next = text[this.pos];
        if (next === undefined) continue;
        // Only these can be escaped inside double quotes; any other escape stays.
        if (next === '"' || next === '$' || next === options.escape) {
          out.raw(next);
          this.pos++;
          continue;
        }
      }
      out.raw(ch);
    }
    options.onSyntaxError('unterminated double quote');
    return out.value;
  }

  /** At a `$`: returns its replacement and moves past the reference. */
  private dollar(depth: number): string {
    const { text, options } = this;
    const start = this.pos;
    this.pos++;
    if (text[this.pos] !== '{') {
      const name = this.name();
      if (name === '') return '$';
      return this.resolve(name, text.slice(start, this.pos));
    }
    this.pos++;
    const name = this.name();
    const op = text[this.pos];
    if (name === '' || op === undefined) {
      return this.badSubstitution(
        start,
        depth,
        op === undefined ? "missing '}'" : 'bad substitution',
      );
    }
    if (op === '}') {
      this.pos++;
      return this.resolve(name, text.slice(start, this.pos));
    }
    const colon = op === ':';
    const modifier = colon ? text[this.pos + 1] : op;
    if (modifier !== '-' && modifier !== '+' && modifier !== '?') {
      return this.badSubstitution(
        start,
        depth,
        `unsupported modifier in ${text.slice(start, this.pos + 2)}`,
      );
    }
    this.pos += colon ? 2 : 1;
    if (depth >= MAX_NESTING) {
      options.fail(`variable references are nested more than ${MAX_NESTING} deep`);
    }
    const word = this.output();
    if (!this.sequence('}', depth + 1, word)) {
      options.onSyntaxError(`missing '}' in ${text.slice(start, start + 40)}`);
      return text.slice(start);
    }
    const value = options.lookup(name);
    const set = value !== undefined && value !== null;
    // With the colon, an empty value counts as unset (POSIX).
    const useWord = !set || (colon && value === '');
    let result: string;
    if (modifier === '-') result = useWord ? word.value : value;
    else if (modifier === '+') result = useWord ? '' : word.value;
    else if (useWord) {
      options.onUnresolved(name);
      result = text.slice(start, this.pos);
    } else result = value;
    options.budget.charge(result.length, options.fail);
    return result;
  }

  /** Keeps an unparseable `${…` as written, skipping to its closing brace if there is one. */
  private badSubstitution(start: number, depth: number, message: string): string {
    this.options.onSyntaxError(message);
    if (depth >= MAX_NESTING) {
      this.options.fail(`variable references are nested more than ${MAX_NESTING} deep`);
    }
    this.sequence('}', depth + 1, this.output());
    const literal = this.text.slice(start, this.pos);
    this.options.budget.charge(literal.length, this.options.fail);
    return literal;
  }

  private resolve(name: string, literal: string): string {
    const value = this.options.lookup(name);
    if (value === undefined || value === null) {
      this.options.onUnresolved(name);
      return literal;
    }
    this.options.budget.charge(value.length, this.options.fail);
    return value;
  }

  /** A variable name, a run of digits, or one special parameter character. */
  private name(): string {
    const { text } = this;
    const first = text[this.pos];
    if (first === undefined) return '';
    if (/[0-9]/.test(first)) {
      const start = this.pos;
      while (/[0-9]/.test(text[this.pos] ?? '')) this.pos++;
      return text.slice(start, this.pos);
    }
    if ('@*#?-$!'.includes(first)) {
      this.pos++;
      return first;
    }
    const start = this.pos;
    while (/[A-Za-z0-9_]/.test(text[this.pos] ?? '')) this.pos++;
    return text.slice(start, this.pos);
  }
}
