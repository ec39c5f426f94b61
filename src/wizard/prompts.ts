// The wizard asks through this seam: the real terminal uses @inquirer/prompts, tests
// inject scripted answers. Values are strings so that a script can name them.

export interface Choice {
  value: string;
  name?: string;
  description?: string;
}

export interface Prompts {
  select(question: { message: string; choices: Choice[]; default?: string }): Promise<string>;
  checkbox(question: {
    message: string;
    choices: (Choice & { checked?: boolean })[];
    /** At least one must be chosen. */
    required?: boolean;
  }): Promise<string[]>;
  /** A list filtered by what the user types; `source` is called again on every keystroke. */
  search(question: { message: string; source: (term: string) => Choice[] }): Promise<string>;
  input(question: {
    message: string;
    default?: string;
    /** true, or the reason the answer is refused (the prompt asks again). */
    validate?: (value: string) => true | string;
  }): Promise<string>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
}

/** The user pressed Ctrl-C (or the process got SIGINT): stop, write nothing, exit 130. */
export class WizardCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'WizardCancelled';
  }
}

// @inquirer/core's errors for Ctrl-C and for an aborted signal; matched by name so that
// this module does not import @inquirer/core (a dependency of a dependency).
const CANCELLING_ERRORS = new Set(['ExitPromptError', 'AbortPromptError']);

export interface TerminalStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/** Prompts on a terminal. @inquirer/prompts is loaded on first use: other commands never pay for it. */
export function terminalPrompts(streams: TerminalStreams): Prompts {
  type Inquirer = typeof import('@inquirer/prompts');
  let loaded: Promise<Inquirer> | null = null;
  const context = { input: streams.input, output: streams.output, signal: streams.signal };
  async function ask<T>(run: (inquirer: Inquirer) => Promise<T>): Promise<T> {
    loaded ??= import('@inquirer/prompts');
    try {
      return await run(await loaded);
    } catch (error) {
      if (error instanceof Error && CANCELLING_ERRORS.has(error.name)) throw new WizardCancelled();
      throw error;
    }
  }
  return {
    select: (q) =>
      ask((p) =>
        p.select<string>(
          { message: q.message, choices: q.choices, default: q.default, pageSize: 12 },
          context,
        ),
      ),
    checkbox: (q) =>
      ask((p) =>
        p.checkbox<string>(
          { message: q.message, choices: q.choices, required: q.required ?? false, pageSize: 12 },
          context,
        ),
      ),
    search: (q) =>
      ask((p) =>
        p.search<string>(
          { message: q.message, source: (term) => q.source(term ?? ''), pageSize: 12 },
          context,
        ),
      ),
    input: (q) =>
      ask((p) =>
        p.input(
          {
            message: q.message,
            ...(q.default === undefined ? {} : { default: q.default }),
            ...(q.validate ? { validate: q.validate } : {}),
          },
          context,
        ),
      ),
    confirm: (q) =>
      ask((p) => p.confirm({ message: q.message, default: q.default ?? true }, context)),
  };
}
