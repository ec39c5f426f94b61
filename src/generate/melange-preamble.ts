// melange runs every `runs` step as a fresh `/bin/sh` with `set -e` and its own PATH: the
// PATH a Dockerfile set, and BuildKit's platform args, are exported at the top of each step
// that needs them. Step names stay unique, so melange's log says which step failed.

import { PLATFORM_ARGS } from '../plan/arch.js';
import { DEFAULT_PATH } from './apko.js';
import type { PipelineStep } from './pipelines/types.js';
import { quoteWord } from './quote.js';

/** A `runs` step with the PATH it needs exported first; PATH never stays in `environment`. */
export function withPreamble(
  step: PipelineStep,
  shared: ReadonlyMap<string, string>,
): PipelineStep {
  const values = new Map(step.runs ? shared : []);
  const env: Record<string, string> = { ...step.environment };
  for (const key of ['PATH', ...PLATFORM_ARGS])
    if (key in env) {
      values.set(key, env[key] as string);
      delete env[key];
    }
  const lines = [...values]
    .filter(([key, value]) => !(key === 'PATH' && value === DEFAULT_PATH))
    .map(([key, value]) => `export ${key}=${quoteWord(value)}`);
  // A built-in pipeline (go/build) sets its own PATH and architecture.
  const rest: PipelineStep = step.runs
    ? { ...step, runs: [...lines, step.runs].join('\n') }
    : { ...step };
  if (Object.keys(env).length > 0) rest.environment = env;
  else delete rest.environment;
  return rest;
}

/** Step names say which step failed in melange's log: a repeated one gets ` (2)`, ` (3)`. */
export function uniqueNames(steps: PipelineStep[]): PipelineStep[] {
  const seen = new Map<string, number>();
  return steps.map((step) => {
    if (step.name === undefined) return step;
    const count = (seen.get(step.name) ?? 0) + 1;
    seen.set(step.name, count);
    return count === 1 ? step : { ...step, name: `${step.name} (${count})` };
  });
}
