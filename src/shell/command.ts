// What the shell parser hands to the analyzers: simple commands with their words
// already expanded as far as the Dockerfile's ARG/ENV and the script's own
// assignments allow.

/** One field of a command line after expansion, quote removal and field splitting. */
export interface ShellWord {
  value: string;
  /**
   * True when part of the word came from something we cannot evaluate statically
   * (an unknown variable, `$(…)`, `$((…))`). The unresolved part keeps its source
   * text, so `value` still reads like `$PKGS` in messages.
   */
  dynamic: boolean;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `<<`, `<<<`, `>&`, … as written. */
  op: string;
  /** The file (or fd) for file redirects, the text for here-strings and heredocs. */
  target: ShellWord;
}

/** A range of the RUN script, as string offsets [start, end). */
export interface ScriptSpan {
  start: number;
  end: number;
}

export interface SimpleCommand {
  /** Words after expansion of known variables, quotes removed. */
  argv: string[];
  /** The same fields as `argv`, each with its own `dynamic` flag. */
  words: ShellWord[];
  /** 0-based row of the command in the RUN script. */
  row: number;
  /** Source text of the command, with its redirections. */
  text: string;
  /** The next command in a pipeline (`curl … | sh` → `sh`). */
  pipedTo: SimpleCommand | null;
  /** The previous command in a pipeline (`echo a b | xargs …` → `echo`). */
  pipedFrom: SimpleCommand | null;
  /**
   * The command whose words contain this command's output through `$(…)`, backticks
   * or `<(…)` (`bash -c "$(curl …)"` → `bash`).
   */
  substitutedInto: SimpleCommand | null;
  redirects: Redirect[];
  /** Some word had an unresolvable expansion or a command substitution. */
  dynamic: boolean;
  /**
   * Where the command sits in the script given to the parser, for rewriting it in
   * place; null for commands of a nested script (`sh -c '…'`, `eval`), whose text is
   * not a range of that script.
   */
  span: ScriptSpan | null;
  /** Per word of `words`: the source range it was expanded from (shared by split fields), or null. */
  wordSpans: (ScriptSpan | null)[];
  /**
   * The patterns of each `case` branch the command sits in, outermost first
   * (`amd64|x86_64) …` → `['amd64', 'x86_64']`); empty outside any `case`.
   */
  caseBranches: string[][];
}

export type ShellErrorKind = 'syntax' | 'depth';

export interface ShellError {
  kind: ShellErrorKind;
  row: number;
  message: string;
}

export interface ShellParse {
  commands: SimpleCommand[];
  errors: ShellError[];
}
