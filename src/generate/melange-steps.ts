// A RUN instruction → melange pipeline steps. The statements that only install,
// remove or configure packages (or create users) are left out: the build environment's
// packages replace them. Every other statement is kept with its exact source text.

import { analyzeRun, type RunInstruction } from '../analyze/run.js';
import { finding } from '../findings.js';
import type { Finding, RunFact, RunFactKind } from '../model.js';
import type { ShellParser } from '../shell/index.js';
import { quoteWord } from './quote.js';
import { hasSubstitution, shieldScript, type ScriptSplitter } from './melange-script.js';
import type { PipelineStep } from './pipelines/types.js';

/** melange copies --source-dir here; a step without working-directory starts here. */
export const WORKSPACE = '/home/build';

export interface StepTools {
  shell: ShellParser;
  scripts: ScriptSplitter;
  /** Lines of installer downloads (`curl … | sh`) that a Wolfi package replaces. */
  replacedInstallers: ReadonlySet<number>;
  /**
   * Image commands (`line\ttext`) that src/plan/carry carries another way (a package, an
   * apko field, a step into the package): the application's build does not run them as written.
   */
  carriedElsewhere?: ReadonlySet<string>;
}

/** One statement of a RUN, with what the analyzers found in it. */
export interface Leaf {
  text: string;
  line: number;
  facts: RunFact[];
  assignments: [string, string | null][] | null;
  keep: boolean;
  /** Set when a built-in pipeline performs the statement instead. */
  replacement?: PipelineStep;
  /** wolfify wrote this text (it may use melange substitutions on purpose). */
  trusted?: boolean;
}

export interface RunUnit {
  run: RunInstruction;
  stage: string;
  workdir: string;
  leaves: Leaf[];
  /** The script could not be split: it is kept (or left out) as a whole. */
  whole: boolean;
  /** The script with its architecture commands replaced by melange substitutions (trusted). */
  script?: string;
  /** The script ends in an `a && b` list, whose failure `set -e` lets through. */
  endsInAndList: boolean;
}

/** Facts the build environment or the apko config already take care of. */
const ENVIRONMENT_KINDS: ReadonlySet<RunFactKind> = new Set([
  'install',
  'remove',
  'module-enable',
  'housekeeping',
  'repository',
  'user',
  'group',
]);

/**
 * Splits a RUN into statements and decides which to keep. `role` is `build` for a
 * builder stage (mkdir/chmod are build steps there) and `app` for the final image,
 * where apko's paths create directories unless the RUN also builds something.
 */
export function runUnit(
  run: RunInstruction,
  stage: string,
  workdir: string,
  role: 'build' | 'app',
  tools: StepTools,
): RunUnit {
  const { shell, scripts } = tools;
  const statements =
    run.command.form === 'exec' || run.heredocs.length > 0 || run.script.startsWith('#!')
      ? null
      : scripts.statements(run.script);
  const leaves: Leaf[] = statements
    ? statements.map((s) => {
        const part = { ...run, script: s.text, lineMap: run.lineMap.slice(s.row) };
        const { facts } = analyzeRun(part, shell, stage);
        const line = run.lineMap[s.row] ?? run.line;
        return { text: s.text, line, facts, assignments: s.assignments, keep: true };
      })
    : [
        {
          text: wholeScript(run),
          line: run.line,
          facts: analyzeRun(run, shell, stage).facts,
          assignments: null,
          keep: true,
        },
      ];
  // A statement alone cannot see the `sha256sum -c` of the next one: the whole RUN decides.
  if (statements && leaves.some((l) => l.facts.some((f) => f.kind === 'download'))) {
    const verified = analyzeRun(run, shell, stage).facts.some(
      (f) => f.kind === 'download' && f.verified,
    );
    if (verified) {
      for (const leaf of leaves)
        leaf.facts = leaf.facts.map((f) => (f.kind === 'download' ? { ...f, verified } : f));
    }
  }
  for (const leaf of leaves) {
    const kinds = leaf.facts.map((f) => f.kind);
    const onlyEnvironment = kinds.length > 0 && kinds.every((k) => ENVIRONMENT_KINDS.has(k));
    const replaced = leaf.facts.some(
      (f) => f.kind === 'download' && tools.replacedInstallers.has(f.line),
    );
    // `chown app:app …`: the user exists in the image (apko accounts), not in melange's
    // sandbox, where the command fails. The package sets numeric owners instead
    // (finalOwnership); in a builder stage, COPY --from gives root ownership anyway.
    const namedChown =
      kinds.length > 0 &&
      leaf.facts.every((f) => f.kind === 'path' && f.op === 'chown' && !numericOwner(f.value));
    const carried =
      role === 'app' &&
      tools.carriedElsewhere !== undefined &&
      leaf.facts.some((f) => f.kind === 'command' || f.kind === 'download') &&
      leaf.facts.every(
        (f) =>
          (f.kind !== 'command' && f.kind !== 'download') ||
          (tools.carriedElsewhere?.has(
            `${f.line}\t${f.kind === 'command' ? f.text : (f.url ?? '')}`,
          ) ??
            false),
      );
    leaf.keep = !onlyEnvironment && !namedChown && !carried && !(replaced && statements !== null);
    // `$(uname -m)`, `$(dpkg --print-architecture)`: the architecture melange builds for.
    const arch = hasSubstitution(leaf.text) ? null : scripts.replaceArchCommands(leaf.text);
    if (arch !== null) Object.assign(leaf, { text: arch, trusted: true });
  }
  // `set -e` alone builds nothing; in the final image, neither do mkdir and chown (apko paths).
  const builds = leaves.some(
    (l) => l.keep && l.facts.some((f) => role === 'build' || f.kind !== 'path'),
  );
  if (!builds) for (const leaf of leaves) leaf.keep = false;
  const arch = hasSubstitution(run.script) ? null : scripts.replaceArchCommands(run.script);
  return {
    run,
    stage,
    workdir,
    leaves,
    whole: statements === null,
    endsInAndList: statements !== null && scripts.endsInAndList(run.script),
    ...(arch !== null ? { script: arch } : {}),
  };
}

/** `1000`, `1000:1000`, `0:0`: ids the build sandbox can set. */
function numericOwner(value: string | null): boolean {
  return value !== null && /^\d+([:.]\d+)?$/.test(value);
}

/** What `/bin/sh -c` runs for this RUN, heredoc bodies included. */
function wholeScript(run: RunInstruction): string {
  if (run.command.form === 'exec') return run.script;
  if (run.script.startsWith('#!')) return interpreterScript(run.script);
  return run.heredocs.length > 0 ? run.command.script : run.script;
}

/** `RUN <<EOF` with `#!/usr/bin/env python3`: the body is a file to run, not shell. */
function interpreterScript(body: string): string {
  let marker = 'WOLFIFY_SCRIPT';
  while (body.split('\n').includes(marker)) marker += '_';
  return [
    `cat > /tmp/wolfify-step <<'${marker}'`,
    body,
    marker,
    'chmod +x /tmp/wolfify-step',
    '/tmp/wolfify-step',
  ].join('\n');
}

export function keptLeaves(unit: RunUnit): Leaf[] {
  return unit.leaves.filter((l) => l.keep);
}

/** The unit's pipeline steps: runs blocks, with built-in pipelines where recognised. */
export function unitSteps(unit: RunUnit, name: string, before: string[]): PipelineStep[] {
  const kept = keptLeaves(unit);
  if (kept.length === 0) return [];
  const steps: PipelineStep[] = [];
  const allKept = kept.length === unit.leaves.length && !kept.some((l) => l.replacement);
  let chunk: string[] = [...before];
  const flush = () => {
    if (chunk.length === 0) return;
    steps.push({ name, 'working-directory': unit.workdir, runs: chunk.join('\n') });
    chunk = [];
  };
  if (allKept && !unit.whole) {
    // Nothing was left out: the script as written, continuations and all.
    chunk.push(unit.script ?? shieldScript(unit.run.script));
    // `set -e` does not stop at a failure left of `&&`, and melange ends each step with
    // `exit 0`: without this line a failing `a && b` would pass, where Docker's RUN fails.
    if (unit.endsInAndList) chunk.push('exit $?');
  } else {
    for (const leaf of kept) {
      if (leaf.replacement) {
        flush();
        // The RUN's other statements keep its name: the pipeline says which step is which.
        const uses = leaf.replacement.uses;
        steps.push({ name: uses ? `${name}: ${uses}` : name, ...leaf.replacement });
      } else chunk.push(leaf.trusted ? leaf.text : shieldScript(leaf.text));
    }
  }
  flush();
  return steps;
}

/** Lines that stand in for `--mount=type=bind` from the build context. */
export function mountLines(unit: RunUnit, findings: Finding[]): string[] {
  const lines: string[] = [];
  const where = { line: unit.run.line, stage: unit.stage };
  for (const mount of unit.run.mounts) {
    const type = mount.type;
    if (type === 'secret' || type === 'ssh') {
      findings.push(
        finding(
          'WF503',
          `RUN --mount=type=${type}: melange has no ${type} mounts; the step runs without it`,
          where,
          {
            hint:
              type === 'ssh'
                ? 'Vendor what the step fetches over SSH, or fetch it with `uses: git-checkout`.'
                : 'Give the build the credential another way (an environment variable set when you run melange), or vendor what it fetches.',
          },
        ),
      );
    } else if (type === 'bind' && !mount.options.from) {
      // The files stay after the step (Docker removes them): harmless for the build.
      const source = mount.options.source ?? mount.options.src ?? '.';
      const target = mount.options.target ?? mount.options.dst ?? mount.options.destination;
      if (target && !hasSubstitution(source + target))
        lines.push(
          `cp -a ${quoteWord(`${WORKSPACE}/${source.replace(/^\/+/, '')}`)} ${quoteWord(target)}`,
        );
    }
    // type=cache: melange keeps its own caches (--cache-dir); type=tmpfs changes nothing.
  }
  return lines;
}

/** Statements that download during the build, and kept ones that still call a package manager. */
function goArchAssignment(leaf: Leaf): readonly [string, string | null] | undefined {
  return leaf.assignments?.find(([name, value]) => name === 'GOARCH' && value !== null);
}

/** Architectures a RUN fixes with a literal `GOARCH=amd64`: its binaries run only there. */
export function fixedGoArchs(unit: RunUnit): string[] {
  return keptLeaves(unit).flatMap((leaf) => {
    const value = goArchAssignment(leaf)?.[1];
    return value && !value.includes('$') ? [value] : [];
  });
}

export function unitFindings(unit: RunUnit): Finding[] {
  const out: Finding[] = [];
  for (const leaf of keptLeaves(unit)) {
    const where = { line: leaf.line, stage: unit.stage };
    for (const fact of leaf.facts) {
      // A download the step checks (sha256sum -c, gpg --verify) is pinned: no finding.
      if (fact.kind === 'download' && !fact.verified) {
        out.push(
          finding(
            'WF502',
            `the build downloads ${fact.url ?? 'a file'} with ${fact.tool}, unverified`,
            where,
            {
              hint: 'Use a Wolfi package for the tool, or a `uses: fetch` step with expected-sha256.',
            },
          ),
        );
      }
    }
    const arch = goArchAssignment(leaf);
    if (arch) {
      out.push(
        finding(
          'WF504',
          `GOARCH=${arch[1] ?? ''} fixes the target architecture: every package melange builds would hold a ${arch[1] ?? ''} binary`,
          where,
          {
            hint: 'Write GOARCH=${TARGETARCH} (melange sets it per --arch); until then wolfify builds only that architecture, unless --arch names others.',
            severity: 'warning',
          },
        ),
      );
    }
    if (unit.whole && leaf.facts.some((f) => ENVIRONMENT_KINDS.has(f.kind))) {
      out.push(
        finding(
          'WF504',
          'this RUN could not be taken apart, so it is kept whole, package-manager commands included',
          where,
          {
            hint: 'Delete the install commands from the melange step: the build environment already has the packages.',
            severity: 'warning',
          },
        ),
      );
    }
  }
  return out;
}

/** A pipeline step of the package's build, and the RUN it came from. */
export interface Step {
  step: PipelineStep;
  /** The RUN it came from, for per-step environment. */
  unit?: RunUnit;
  /** The RUN's step name, before a built-in pipeline's suffix. */
  label?: string;
}

/** Steps were emitted before recognition: emit the RUN units again with their replacements. */
export function rebuildSteps(steps: Step[], units: readonly RunUnit[]): void {
  const byRun = new Map(units.map((u) => [u, true]));
  const rebuilt: Step[] = [];
  const done = new Set<RunUnit>();
  for (const entry of steps) {
    if (!entry.unit || !byRun.has(entry.unit)) {
      rebuilt.push(entry);
      continue;
    }
    if (done.has(entry.unit)) continue;
    done.add(entry.unit);
    const name = entry.label ?? entry.step.name ?? '';
    const before = mountLines(entry.unit, []);
    for (const step of unitSteps(entry.unit, name, before))
      rebuilt.push({ step, unit: entry.unit, label: name });
  }
  steps.splice(0, steps.length, ...rebuilt);
}
