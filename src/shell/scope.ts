// The shell variables a RUN script can see: the Dockerfile's ARG/ENV values (Docker
// exports them into the environment) overlaid with what the script assigns itself.

export type Lookup =
  | { state: 'known'; value: string }
  /** Assigned, but to something we cannot evaluate (`X=$(uname -m)`, a loop variable). */
  | { state: 'unknown' }
  /** Neither in ARG/ENV nor assigned by the script (it may still come from the base image). */
  | { state: 'unset' };

/** What a script did with its variables, for checks that need more than its commands. */
export interface VariableTrace {
  /** Variables read while unset (neither in the environment nor assigned by the script). */
  unset: Set<string>;
  /** Every value the script assigns to a variable (null: not known statically). */
  assigned: Map<string, (string | null)[]>;
}

/**
 * The environment variables a walk looked up, with the value each had (undefined: not
 * set): what the walk's result depends on, of all the environment.
 */
export type EnvironmentReads = Map<string, string | undefined>;

/** A variable's value in the environment, or undefined when it is not set there. */
export function environmentValue(
  env: Readonly<Record<string, string>>,
  name: string,
): string | undefined {
  // hasOwn: a variable named `constructor` must not find Object.prototype.
  return Object.hasOwn(env, name) ? (env[name] ?? '') : undefined;
}

interface Binding {
  /** null: assigned to a value we cannot evaluate. */
  value: string | null;
  exported: boolean;
}

export class Scope {
  private constructor(
    private readonly env: Readonly<Record<string, string>>,
    private readonly vars: Map<string, Binding>,
    private readonly trace: VariableTrace | null = null,
    private readonly reads: EnvironmentReads | null = null,
  ) {}

  static fromEnv(
    env: Readonly<Record<string, string>>,
    trace: VariableTrace | null = null,
    reads: EnvironmentReads | null = null,
  ): Scope {
    return new Scope(env, new Map(), trace, reads);
  }

  lookup(name: string): Lookup {
    const bound = this.vars.get(name);
    if (bound)
      return bound.value === null ? { state: 'unknown' } : { state: 'known', value: bound.value };
    const value = environmentValue(this.env, name);
    this.reads?.set(name, value);
    if (value !== undefined) return { state: 'known', value };
    this.trace?.unset.add(name);
    return { state: 'unset' };
  }

  assign(name: string, value: string | null, exported = false): void {
    const was = this.vars.get(name);
    this.vars.set(name, { value, exported: exported || (was?.exported ?? false) });
    this.traceAssignment(name, value);
  }

  private traceAssignment(name: string, value: string | null): void {
    if (!this.trace) return;
    const values = this.trace.assigned.get(name) ?? [];
    values.push(value);
    this.trace.assigned.set(name, values);
  }

  markExported(name: string): void {
    const was = this.vars.get(name);
    if (was) was.exported = true;
  }

  unset(name: string): void {
    // An unset variable expands to nothing, which we know for certain.
    this.vars.set(name, { value: '', exported: false });
  }

  /** A subshell `( … )`, `$( … )` or pipeline element: assignments inside do not leak out. */
  child(): Scope {
    return new Scope(
      this.env,
      new Map([...this.vars].map(([k, v]) => [k, { ...v }])),
      this.trace,
      this.reads,
    );
  }

  /** `X=1 cmd`: the command (not the shell) sees X; traced like an assignment. */
  notePrefix(prefix: Readonly<Record<string, string | null>>): void {
    for (const [name, value] of Object.entries(prefix)) this.traceAssignment(name, value);
  }

  /** A new shell process (`sh -c`): it sees the environment and exported variables only. */
  forNewShell(prefix: Readonly<Record<string, string | null>>): Scope {
    const vars = new Map<string, Binding>();
    for (const [name, bound] of this.vars) if (bound.exported) vars.set(name, { ...bound });
    for (const [name, value] of Object.entries(prefix)) {
      vars.set(name, { value, exported: true });
      this.traceAssignment(name, value);
    }
    return new Scope(this.env, vars, this.trace, this.reads);
  }
}
