// The shell parser: tree-sitter-bash compiled to WebAssembly. Loading the grammar is
// asynchronous (./grammar.ts, once per process); parsing is synchronous.

import type { Parser } from 'web-tree-sitter';
import { deepFreeze } from '../deep-freeze.js';
import type { ShellParse } from './command.js';
import { newBashParser } from './grammar.js';
import { Scope, type VariableTrace } from './scope.js';
import { walkArgv, walkScript } from './walk.js';

export type {
  Redirect,
  ScriptSpan,
  ShellError,
  ShellErrorKind,
  ShellParse,
  ShellWord,
  SimpleCommand,
} from './command.js';
export { MAX_SHELL_NESTING } from './walk.js';
export type { VariableTrace } from './scope.js';
export { basename, nestedScript, unwrapCommand, type Unwrapped } from './wrappers.js';

let loading: Promise<ShellParser> | null = null;

/** Parses kept for reuse, oldest dropped first: enough for the distinct RUNs of a large batch. */
const KEPT_PARSES = 1024;

export class ShellParser {
  private readonly kept = new Map<string, { parse: ShellParse; trace: VariableTrace }>();

  private constructor(private readonly parser: Parser) {}

  /** The shared parser; the grammar is loaded on the first call only. */
  static load(): Promise<ShellParser> {
    loading ??= ShellParser.create().catch((error: unknown) => {
      // A failed load (missing wasm) must not poison later attempts.
      loading = null;
      throw error;
    });
    return loading;
  }

  private static async create(): Promise<ShellParser> {
    return new ShellParser(await newBashParser());
  }

  /**
   * Every simple command of a shell script, with variables from `env` expanded. A `trace`
   * collects the variables the script reads while unset and every value it assigns.
   * The analysers, the carry plan and the self-check each ask for the same RUN, and a batch
   * sees the same RUN in many files: a parse is kept (frozen, since callers share it) per
   * script and environment, with the trace it recorded, replayed into the caller's trace.
   */
  commands(
    script: string,
    env: Readonly<Record<string, string>>,
    trace: VariableTrace | null = null,
  ): ShellParse {
    const key = `${JSON.stringify(env)}\0${script}`;
    let kept = this.kept.get(key);
    if (kept === undefined) {
      const recorded: VariableTrace = { unset: new Set(), assigned: new Map() };
      const out: ShellParse = { commands: [], errors: [] };
      walkScript((s) => this.parser.parse(s), script, Scope.fromEnv(env, recorded), out, {
        shellDepth: 0,
        rowOffset: 0,
      });
      kept = { parse: deepFreeze(out), trace: recorded };
      if (this.kept.size >= KEPT_PARSES) this.kept.delete(this.kept.keys().next().value as string);
      this.kept.set(key, kept);
    }
    if (trace !== null) replayTrace(kept.trace, trace);
    return kept.parse;
  }

  /** An exec-form command (`RUN ["sh", "-c", "…"]`): Docker does not expand it, a nested shell does. */
  commandsFromArgv(argv: readonly string[], env: Readonly<Record<string, string>>): ShellParse {
    const out: ShellParse = { commands: [], errors: [] };
    walkArgv((s) => this.parser.parse(s), argv, Scope.fromEnv(env), out);
    return out;
  }
}

/** Append what one parse recorded to a caller's trace, as if the parse had traced into it. */
function replayTrace(recorded: VariableTrace, into: VariableTrace): void {
  for (const name of recorded.unset) into.unset.add(name);
  for (const [name, values] of recorded.assigned) {
    const list = into.assigned.get(name) ?? [];
    list.push(...values);
    into.assigned.set(name, list);
  }
}
