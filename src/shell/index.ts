// The shell parser: tree-sitter-bash compiled to WebAssembly. Loading the grammar is
// asynchronous (./grammar.ts, once per process); parsing is synchronous.

import type { Parser } from 'web-tree-sitter';
import { BoundedCache } from '../bounded-cache.js';
import { deepFreeze } from '../deep-freeze.js';
import type { ShellParse } from './command.js';
import { newBashParser } from './grammar.js';
import { environmentValue, Scope, type EnvironmentReads, type VariableTrace } from './scope.js';
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

/** Scripts whose walks are kept, oldest dropped first: the distinct RUNs of a large batch. */
const KEPT_SCRIPTS = 4096;
/** Walks kept per script, for as many environments that give it different values. */
const KEPT_WALKS_PER_SCRIPT = 8;

/** One walk of a script: its result depends only on the environment variables it read. */
interface KeptWalk {
  reads: [name: string, value: string | undefined][];
  parse: ShellParse;
  trace: VariableTrace;
}

export class ShellParser {
  private readonly kept = new BoundedCache<string, KeptWalk[]>(KEPT_SCRIPTS);

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
   * The analysers, the carry plan and the self-check each ask for the same RUN, often with
   * environments that differ in variables the script never reads, and a batch sees the same
   * RUN in many files: a walk is kept (frozen, since callers share it) per script with the
   * environment variables it read, and serves any environment that gives them the same values.
   */
  commands(
    script: string,
    env: Readonly<Record<string, string>>,
    trace: VariableTrace | null = null,
  ): ShellParse {
    const walks = this.kept.get(script, () => []);
    let kept = walks.find((w) =>
      w.reads.every(([name, value]) => environmentValue(env, name) === value),
    );
    if (kept === undefined) {
      const recorded: VariableTrace = { unset: new Set(), assigned: new Map() };
      const reads: EnvironmentReads = new Map();
      const out: ShellParse = { commands: [], errors: [] };
      walkScript((s) => this.parser.parse(s), script, Scope.fromEnv(env, recorded, reads), out, {
        shellDepth: 0,
        rowOffset: 0,
      });
      kept = { reads: [...reads], parse: deepFreeze(out), trace: recorded };
      if (walks.length >= KEPT_WALKS_PER_SCRIPT) walks.shift();
      walks.push(kept);
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
