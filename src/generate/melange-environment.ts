// The variables melange's steps run with. Docker gave each RUN its stage's ENV and ARGs;
// melange has one `environment` for the whole build and one per step: what every step
// agrees on goes into the first, the rest into the steps that need it.

import { finding } from '../findings.js';
import type { Finding } from '../model.js';
import { expandVariables } from '../parse/index.js';
import { PLATFORM_ARGS, platformValue } from '../plan/arch.js';
import { DEFAULT_PATH } from './apko.js';
import { withPreamble } from './melange-preamble.js';
import { hasSubstitution } from './melange-script.js';
import type { StagePaths } from './melange-stage-paths.js';
import type { RunUnit } from './melange-steps.js';
import type { PipelineStep } from './pipelines/types.js';

/** melange runs steps as root; Docker's root had this HOME. */
const ROOT_HOME = '/root';

export class StepEnvironments {
  private shared = new Map<string, string>();
  private reported = new Set<string>();

  constructor(
    /** ENV each stage's base image sets (GOPATH, JAVA_HOME …), by stage id. */
    private readonly stageBaseEnvironment:
      ReadonlyMap<string, Readonly<Record<string, string>>> | undefined,
    private readonly paths: StagePaths,
    private readonly findings: Finding[],
  ) {}

  /**
   * The build's environment, and its steps with the variables that are theirs alone: the
   * whole build's `environment` holds what every step agrees on.
   */
  withEnvironments(
    steps: readonly { step: PipelineStep; unit?: RunUnit }[],
    buildEnvironment: ReadonlyMap<string, string>,
  ): { environment: Map<string, string>; pipeline: PipelineStep[] } {
    const environment = this.common(steps, buildEnvironment);
    // melange starts every step with its own PATH: the one the Dockerfile set (a venv's
    // bin, PNPM_HOME) is exported at the top of each step that runs a script.
    // Likewise BuildKit's platform args, as melange substitutions, which melange expands in
    // a script for the architecture it builds.
    const preamble = new Map<string, string>();
    for (const key of ['PATH', ...PLATFORM_ARGS]) {
      const value = environment.get(key);
      if (value !== undefined) preamble.set(key, value);
      environment.delete(key);
    }
    const pipeline = steps.map(({ step, unit }) =>
      unit ? withPreamble(this.withStepEnvironment(step, unit), preamble) : step,
    );
    return { environment, pipeline };
  }

  /**
   * Variables every step sees: ENV and ARG values, the same for all steps that have them,
   * then those the build itself sets (`buildEnvironment`: VIRTUAL_ENV, BUNDLE_PATH).
   */
  private common(
    steps: readonly { unit?: RunUnit }[],
    buildEnvironment: ReadonlyMap<string, string>,
  ): Map<string, string> {
    const values = new Map<string, Set<string>>();
    for (const { unit } of steps) {
      if (!unit) continue;
      for (const [key, value] of Object.entries(this.stepEnvironment(unit))) {
        const set = values.get(key) ?? new Set();
        set.add(value);
        values.set(key, set);
      }
    }
    const out = new Map<string, string>();
    for (const [key, set] of [...values].sort(([a], [b]) => (a < b ? -1 : 1)))
      if (set.size === 1) out.set(key, [...set][0] as string);
    // Docker ran the steps as root with HOME=/root; melange's HOME is the workspace, so the
    // caches uv, pip, npm and composer keep under ~ would go into the package with `COPY . .`.
    if (!values.has('HOME') && steps.some(({ unit }) => unit)) out.set('HOME', ROOT_HOME);
    for (const [key, value] of buildEnvironment) {
      if (key === 'VIRTUAL_ENV') {
        out.set('PATH', `${value}/bin:${out.get('PATH') ?? DEFAULT_PATH}`);
      }
      out.set(key, value);
    }
    // withEnvironments removes what it puts elsewhere (PATH, platform args): the steps set it.
    this.shared = new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return this.shared;
  }

  /** The RUN's variables as melange needs them: platform ARGs and $PATH spelled out. */
  private stepEnvironment(unit: RunUnit): Record<string, string> {
    // The base image's ENV first: Docker's RUN saw it, and the Dockerfile's ENV overrides it.
    const out: Record<string, string> = {
      ...this.stageBaseEnvironment?.get(unit.stage),
    };
    // `ARG TARGETARCH` without a value: BuildKit fills it in per platform.
    for (const i of this.paths.stageOf(unit.stage)?.instructions ?? []) {
      if (i === unit.run) break;
      const value = i.kind === 'arg' ? platformValue(i.name, 'melange') : null;
      if (i.kind === 'arg' && value !== null) out[i.name] = value;
    }
    for (const [key, raw] of Object.entries(unit.run.env)) {
      const value = platformValue(key, 'melange') ?? expandPath(raw);
      if (hasSubstitution(raw)) {
        if (!this.reported.has(key)) {
          this.reported.add(key);
          this.findings.push(
            finding(
              'WF507',
              `${key} contains "\${{", which melange would substitute; it is left out of the build environment`,
              { line: unit.run.line, stage: unit.stage },
              { hint: 'Set it inside the step that needs it in melange.yaml.' },
            ),
          );
        }
        continue;
      }
      out[key] = value;
    }
    return out;
  }

  /** The step with the variables of its RUN that the common environment does not set. */
  private withStepEnvironment(step: PipelineStep, unit: RunUnit | undefined): PipelineStep {
    if (!unit) return step;
    const own: Record<string, string> = { ...step.environment };
    for (const [key, value] of Object.entries(this.stepEnvironment(unit)))
      if (this.shared.get(key) !== value && !(key in own)) own[key] = value;
    const rest = { ...step };
    delete rest.environment;
    return Object.keys(own).length > 0 ? { ...rest, environment: own } : rest;
  }
}

/** An ENV value's unresolved `$PATH` is the default PATH, as in apko. */
function expandPath(value: string): string {
  return expandVariables(value, { PATH: DEFAULT_PATH }).value;
}
