// The shell parser: tree-sitter-bash compiled to WebAssembly. Loading the grammar is
// asynchronous and costs ~30 ms, so it happens once, here; parsing is synchronous.

import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { ShellParse } from './command.js';
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

export class ShellParser {
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
    const require = createRequire(import.meta.url);
    await Parser.init();
    const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    const parser = new Parser();
    parser.setLanguage(bash);
    return new ShellParser(parser);
  }

  /**
   * Every simple command of a shell script, with variables from `env` expanded. A `trace`
   * collects the variables the script reads while unset and every value it assigns.
   */
  commands(
    script: string,
    env: Readonly<Record<string, string>>,
    trace: VariableTrace | null = null,
  ): ShellParse {
    const out: ShellParse = { commands: [], errors: [] };
    walkScript((s) => this.parser.parse(s), script, Scope.fromEnv(env, trace), out, {
      shellDepth: 0,
      rowOffset: 0,
    });
    return out;
  }

  /** An exec-form command (`RUN ["sh", "-c", "…"]`): Docker does not expand it, a nested shell does. */
  commandsFromArgv(argv: readonly string[], env: Readonly<Record<string, string>>): ShellParse {
    const out: ShellParse = { commands: [], errors: [] };
    walkArgv((s) => this.parser.parse(s), argv, Scope.fromEnv(env), out);
    return out;
  }
}
