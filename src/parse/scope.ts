// The variables an instruction sees: ARGs and ENVs in scope, with Docker's rule
// that an ENV always wins over an ARG of the same name.

import { MAX_SCOPE_COPIES } from './limits.js';

/** Counts variables copied into snapshots across one parse (see MAX_SCOPE_COPIES). */
export class CopyBudget {
  private used = 0;
  constructor(private readonly fail: (message: string) => never) {}

  charge(count: number): void {
    this.used += count;
    if (this.used > MAX_SCOPE_COPIES) {
      this.fail(`too many ARG/ENV variables in scope (more than ${MAX_SCOPE_COPIES} copies)`);
    }
  }
}

export class VariableScope {
  private readonly args = new Map<string, string | null>();
  private readonly env: Map<string, string>;
  private snapshot: Readonly<Record<string, string>> | null = null;

  constructor(
    private readonly budget: CopyBudget,
    /** ENV inherited from the stage this one is built FROM. */
    inheritedEnv: ReadonlyMap<string, string> = new Map(),
    /** Variables Docker provides without a declaration (platform ARGs in the global scope). */
    private readonly implicit: (name: string) => string | null | undefined = () => undefined,
  ) {
    budget.charge(inheritedEnv.size);
    this.env = new Map(inheritedEnv);
  }

  readonly lookup = (name: string): string | null | undefined => {
    const env = this.env.get(name);
    if (env !== undefined) return env;
    return this.args.has(name) ? this.args.get(name) : this.implicit(name);
  };

  hasArg(name: string): boolean {
    return this.args.has(name);
  }

  setArg(name: string, value: string | null): void {
    this.args.set(name, value);
    this.snapshot = null;
  }

  setEnv(name: string, value: string): void {
    this.env.set(name, value);
    this.snapshot = null;
  }

  envVariables(): ReadonlyMap<string, string> {
    return this.env;
  }

  /** ARG and ENV values in scope; one frozen object shared until the scope changes. */
  values(): Readonly<Record<string, string>> {
    if (this.snapshot === null) {
      const entries: [string, string][] = [];
      for (const [name, value] of this.args) {
        if (value !== null && !this.env.has(name)) entries.push([name, value]);
      }
      for (const entry of this.env) entries.push(entry);
      this.budget.charge(entries.length);
      this.snapshot = Object.freeze(Object.fromEntries(entries));
    }
    return this.snapshot;
  }
}
