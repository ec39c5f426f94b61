import { analyzeRun, type RunAnalysis, type RunInstruction } from '../../src/analyze/run.js';
import type { RunFact } from '../../src/model.js';
import { ShellParser } from '../../src/shell/index.js';

// Shared by the analyzer tests: RUN instructions built from a script, and their facts.

export const shell = await ShellParser.load();

/** A RUN whose script starts on Dockerfile line `line`, one script row per line. */
export function runOf(script: string, line = 1, env: Record<string, string> = {}): RunInstruction {
  const rows = script.split('\n');
  return {
    kind: 'run',
    line,
    endLine: line + rows.length - 1,
    raw: `RUN ${script}`,
    command: { form: 'shell', script },
    script,
    lineMap: rows.map((_, i) => line + i),
    mounts: [],
    network: null,
    heredocs: [],
    env,
  };
}

export function analyze(script: string, env: Record<string, string> = {}): RunAnalysis {
  return analyzeRun(runOf(script, 1, env), shell, 'build');
}

export function facts(script: string, env: Record<string, string> = {}): RunFact[] {
  return analyze(script, env).facts;
}
