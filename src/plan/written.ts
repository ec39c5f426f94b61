// What a RUN writes, as far as its commands say: where pip installs, the virtual
// environments it makes, and the paths it writes outside its directory. A build ships
// them (src/generate/melange.ts); a stage built FROM another needs them.

import { posix } from 'node:path';
import type { RunFact } from '../model.js';

const PIP = /^pip(3(\.\d+)?)?$/;
const PYTHON = /^python(3(\.\d+)?)?$/;

/** `pip install …` or `python -m pip install …` with the system pip (not a venv's). */
export function isSystemPipInstall(argv: readonly string[]): boolean {
  const [head = '', ...rest] = argv;
  if (head.includes('/')) return false;
  const args = PIP.test(head)
    ? rest
    : PYTHON.test(head) && rest[0] === '-m' && rest[1] === 'pip'
      ? rest.slice(2)
      : null;
  return (
    args !== null &&
    args[0] === 'install' &&
    !args.some((a) => /^--(target|prefix|root|user)\b/.test(a))
  );
}

/**
 * Paths a RUN writes outside its directory, as far as its commands say: `go build -o
 * /out/api`, `cp x /relay`, `mkdir -p /data`. A stage built FROM this one needs them.
 */
export function writtenPaths(facts: readonly RunFact[], workdir: string): string[] {
  const out: string[] = [];
  for (const fact of facts) {
    if (fact.kind === 'path' && fact.op === 'mkdir') out.push(...fact.paths);
    if (fact.kind !== 'command') continue;
    const argv = fact.argv;
    const program = posix.basename(argv[0] ?? '');
    argv.forEach((word, i) => {
      if ((word === '-o' || word === '--output') && argv[i + 1]) out.push(argv[i + 1] as string);
      else if (word.startsWith('--output=')) out.push(word.slice('--output='.length));
    });
    if (['cp', 'mv', 'install', 'ln'].includes(program) && argv.length > 2)
      out.push(argv[argv.length - 1] as string);
  }
  return out
    .filter((p) => !p.includes('$') && !p.startsWith('-'))
    .map((p) => posix.resolve(workdir, p))
    .filter((p) => p !== '/' && !p.startsWith('/proc') && !p.startsWith('/dev'));
}

/** `python3 -m venv /opt/venv` and `virtualenv x`: directories the package must ship. */
export function venvPaths(
  facts: readonly { kind: string; argv?: string[] }[],
  workdir: string,
): string[] {
  const out: string[] = [];
  for (const fact of facts) {
    const argv = fact.argv;
    if (fact.kind !== 'command' || !argv) continue;
    const [head = '', a, b] = argv;
    const program = posix.basename(head);
    const module = PYTHON.test(program) && a === '-m' && (b === 'venv' || b === 'virtualenv');
    const args = module ? argv.slice(3) : program === 'virtualenv' ? argv.slice(1) : [];
    const target = args.filter((w) => !w.startsWith('-')).pop();
    if (target) out.push(posix.resolve(workdir, target));
  }
  return out;
}
