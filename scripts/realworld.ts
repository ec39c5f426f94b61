// `npm run realworld`: convert every Dockerfile of test/fixtures/realworld/ and print what the
// person who must ship each image asks first — will it run the app? Per file: the verdict, the
// RUN commands dropped, the installs left unmapped, whether the image has a command, and the size.
// Then the totals the open issues are judged by. Figures only; the pass/fail lives in the tests.
// Usage: node dist/scripts/realworld.js [--json] [DIR]

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { convert } from '../src/convert.js';
import type { Result } from '../src/model.js';

const { values, positionals } = parseArgs({
  options: { json: { type: 'boolean', default: false } },
  allowPositionals: true,
});

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = positionals[0] ?? join(root, 'test', 'fixtures', 'realworld');

/** What one conversion says about the image, in the terms of the issues' "Done when" lists. */
export interface Judgement {
  file: string;
  verdict: string;
  errors: number;
  commands: number;
  dropped: number;
  installs: number;
  unmapped: number;
  hasCommand: boolean;
  sized: boolean;
  /**
   * Issue #14: the image keeps the runtime its base is named after (a rule knows the base) and
   * has a command whose program starts — or the miss is an error (WF207, WF214, WF311, WF314).
   */
  baseKept: boolean;
}

interface StepLike {
  fate?: string;
  command?: string;
}

export function judge(file: string, result: Result): Judgement {
  const extra = result as Result & { verdict?: string; steps?: StepLike[] };
  const steps = extra.steps ?? [];
  const runSteps = steps.filter((s) => !/^(COPY|ADD)\b/i.test(s.command ?? ''));
  const installs = result.packages.filter(
    (p) => p.manager !== 'base-image' && p.manager !== 'installer',
  );
  const unmapped = result.findings.filter((f) => f.id === 'WF203').length;
  const size = result.size as
    (Result['size'] & { before: { bytes: number | null }; after: { bytes: number | null } }) | null;
  return {
    file,
    verdict: extra.verdict ?? '(none)',
    errors: result.findings.filter((f) => f.severity === 'error').length,
    commands: runSteps.length,
    // Before Result.steps exists, a RUN not carried shows as WF305.
    dropped:
      steps.length > 0
        ? steps.filter((s) => s.fate === 'dropped').length
        : result.findings.filter((f) => f.id === 'WF305').length,
    installs: installs.length,
    unmapped,
    hasCommand: Boolean(result.apko.entrypoint || result.apko.cmd),
    baseKept: baseKept(result),
    sized:
      size !== null &&
      typeof size.before.bytes === 'number' &&
      typeof size.after.bytes === 'number' &&
      typeof size.savedBytes === 'number',
  };
}

const BASE_MISSES = new Set(['WF207', 'WF214', 'WF311', 'WF314']);

function baseKept(result: Result): boolean {
  const reported = result.findings.some((f) => f.severity === 'error' && BASE_MISSES.has(f.id));
  const base = result.packages.find((p) => p.manager === 'base-image' && p.target === 'image');
  const runtime = base !== undefined && base.rule !== 'images:unknown';
  const command = Boolean(result.apko.entrypoint || result.apko.cmd);
  const starts = !result.findings.some((f) => f.id === 'WF314');
  return (runtime && command && starts) || reported;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`;

async function main(): Promise<void> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('Dockerfile'))
    .sort();
  const judgements: Judgement[] = [];
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    try {
      judgements.push(judge(file, await convert(text, { source: file })));
    } catch (error) {
      judgements.push({
        file,
        verdict: `failed: ${(error as Error).message}`,
        errors: 1,
        commands: 0,
        dropped: 0,
        installs: 0,
        unmapped: 0,
        hasCommand: false,
        sized: false,
        baseKept: false,
      });
    }
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(judgements, null, 2) + '\n');
    return;
  }
  for (const j of judgements) {
    const flags = [
      j.dropped > 0 ? `${j.dropped} dropped` : '',
      j.unmapped > 0 ? `${j.unmapped} unmapped` : '',
      j.hasCommand ? '' : 'no command',
      j.sized ? '' : 'size unknown',
    ].filter(Boolean);
    console.log(`${j.file.padEnd(40)} ${j.verdict.padEnd(13)} ${flags.join(', ')}`);
  }
  const sum = (f: (j: Judgement) => number) => judgements.reduce((n, j) => n + f(j), 0);
  const count = (f: (j: Judgement) => boolean) => judgements.filter(f).length;
  const verdicts = new Map<string, number>();
  for (const j of judgements) verdicts.set(j.verdict, (verdicts.get(j.verdict) ?? 0) + 1);
  console.log('');
  console.log(`Dockerfiles: ${judgements.length}`);
  console.log(
    `verdicts: ${[...verdicts].map(([v, n]) => `${n} ${v}`).join(' · ')}; ` +
      `ready with a dropped step or unmapped package: ${count((j) => j.verdict === 'ready' && (j.dropped > 0 || j.unmapped > 0))}`,
  );
  console.log(
    `RUN commands dropped: ${sum((j) => j.dropped)} of ${sum((j) => j.commands)} (${percent(
      sum((j) => j.dropped),
      sum((j) => j.commands),
    )}); ` +
      `carried whole: ${count((j) => j.dropped === 0)} (${percent(
        count((j) => j.dropped === 0),
        judgements.length,
      )})`,
  );
  console.log(
    `installs unmapped: ${sum((j) => j.unmapped)} of ${sum((j) => j.installs)} (${percent(
      sum((j) => j.unmapped),
      sum((j) => j.installs),
    )})`,
  );
  console.log(
    `base runtime and command kept, or the miss reported as an error (#14): ${count((j) => j.baseKept)} of ${judgements.length} (${percent(
      count((j) => j.baseKept),
      judgements.length,
    )})`,
  );
  console.log(
    `with a command: ${percent(
      count((j) => j.hasCommand),
      judgements.length,
    )}; ` +
      `sized: ${percent(
        count((j) => j.sized),
        judgements.length,
      )}`,
  );
}

await main();
