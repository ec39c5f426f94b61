import { finding } from './findings.js';
import type { CommandFact } from './generate/apko.js';
import type { Finding, RunFact, Stage } from './model.js';
import { basename } from './shell/index.js';

// The commands of the image's RUNs that nothing carries: apko runs no commands, and no melange
// package performs them. Each RUN that loses commands gets ONE finding listing all of them, so a
// twenty-command RUN is one line in the report, not twenty.

export function notCarriedFindings(
  commands: readonly CommandFact[],
  chain: readonly Stage[],
): Finding[] {
  const byRun = new Map<string, { line: number; stage: string; texts: string[] }>();
  for (const command of commands) {
    const owner = runAt(chain, command.line);
    const line = owner?.line ?? command.line;
    const stage = owner?.stage ?? chain[chain.length - 1]?.id ?? '';
    const key = `${stage}:${line}`;
    const entry = byRun.get(key) ?? { line, stage, texts: [] };
    entry.texts.push(command.text);
    byRun.set(key, entry);
  }
  return [...byRun.values()].map(({ line, stage, texts }) =>
    finding(
      'WF305',
      texts.length === 1
        ? `RUN step in the final image cannot run in apko: ${texts[0] ?? ''}`
        : `RUN step in the final image cannot run in apko (${texts.length} commands): ${texts.join('; ')}`,
      { line, stage },
      { hint: 'Move it into the melange pipeline so its result ships in the package.' },
    ),
  );
}

/**
 * The interpreter a replaced installer was piped into (`curl … | python3 -`): with the download
 * gone (a Wolfi package instead), it has nothing to run, so it is not a lost step.
 */
export function runsReplacedInstaller(
  command: CommandFact,
  facts: readonly RunFact[],
  replacedLines: ReadonlySet<number>,
): boolean {
  if (!replacedLines.has(command.line)) return false;
  const head = command.argv[0];
  return facts.some(
    (f) =>
      f.kind === 'download' &&
      f.line === command.line &&
      f.pipedTo !== null &&
      head !== undefined &&
      basename(head) === f.pipedTo,
  );
}

/** The RUN instruction (and its stage) whose lines hold a Dockerfile line. */
function runAt(chain: readonly Stage[], line: number): { line: number; stage: string } | null {
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      if (instruction.kind === 'run' && instruction.line <= line && line <= instruction.endLine)
        return { line: instruction.line, stage: stage.id };
    }
  }
  return null;
}
