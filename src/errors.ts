// Expected failures carry an exit code from the contract (DESIGN.md) and a place.
// The CLI prints them as one line; anything else that escapes is a bug.

export type ExitCode = 0 | 1 | 2;

export class WolfifyError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = 2,
    /** Where the problem is: a file path, optionally with a 1-based line. */
    readonly file: string | null = null,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'WolfifyError';
  }

  /** `file:line: message`, the way compilers and linters say it. */
  describe(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}` : ''}: ` : '';
    return `${where}${this.message}`;
  }
}
