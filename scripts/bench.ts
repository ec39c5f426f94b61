// `npm run bench`: how fast batch is, measured against what cannot be beaten.
//   1. batch: `wolfify batch --dry-run --format json` over a generated corpus (≥ 2,000 files),
//      against the floor — a node process that reads the same files and parses them with
//      dockerfile-ast alone. Target: batch within 3× the floor.
//   2. start-up: one `wolfify convert --json samples/flask/Dockerfile` against `node -e 0`.
//      Target: within 2.5×.
//   3. many names: one RUN installing 20,000 names no catalog knows (each an error finding
//      with suggestions), against the same Dockerfile with ten of them. Target: within 4×.
// Both sides are whole processes, start-up included, run the same way. Every ratio is
// against a floor measured in the same run, so a busy machine slows both sides alike.
// Usage: node dist/scripts/bench.js [--files N] [--runs N] [--seed N] [--keep]

import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus, seededRandom } from './corpus.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '2000' },
    names: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    'startup-runs': { type: 'string', default: '10' },
    seed: { type: 'string', default: '20240601' },
    jobs: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

// dist/scripts/bench.js → the package root.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');

// The floor: read each listed file and parse it, nothing else.
const FLOOR = `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const [root, list] = process.argv.slice(2);
const { DockerfileParser } = createRequire(root + '/package.json')('dockerfile-ast');
let instructions = 0;
for (const path of readFileSync(list, 'utf8').split('\\n').filter(Boolean)) {
  instructions += DockerfileParser.parse(readFileSync(path, 'utf8')).getInstructions().length;
}
if (instructions === 0) process.exit(3);
`;

interface Timing {
  seconds: number;
  status: number | null;
}

function time(command: string, args: string[], cwd: string): Timing {
  const start = process.hrtime.bigint();
  const child = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.error) throw child.error;
  // 0 or 1 (findings) are normal outcomes; anything else means the run did not do the work.
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${child.status}:\n${child.stderr}`);
  }
  return { seconds, status: child.status };
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function repeat(runs: number, fn: () => Timing): number {
  return median(Array.from({ length: runs }, () => fn().seconds));
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

const SYLLABLES = ['ka', 'lo', 'mi', 'ru', 'zen', 'tor', 'vex', 'qua', 'dri', 'pel', 'sno', 'gwu'];
const AFFIXES: [string, string][] = [
  ['', ''],
  ['lib', '-dev'],
  ['', '-utils'],
  ['python3-', ''],
  ['lib', '1'],
];

/** `count` distinct package-like names (`libkaru-dev`, `zentor-utils`…) that Wolfi does not have. */
function unknownNames(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const names = new Set<string>();
  while (names.size < count) {
    const [prefix, suffix] = pick(AFFIXES);
    const stem = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join(
      '',
    );
    names.add(`${prefix}${stem}${names.size}${suffix}`);
  }
  return [...names];
}

function installing(names: readonly string[]): string {
  return `FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}\nCMD ["bash"]\n`;
}

async function main(): Promise<void> {
  const files = Number(values.files);
  const runs = Number(values.runs);
  const startupRuns = Number(values['startup-runs']);
  const cpu = cpus();
  console.log('wolfify benchmark');
  console.log(`date:    ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, ${platform()} ${release()}`,
  );
  console.log(`node:    ${process.version}`);

  const temp = await mkdtemp(join(tmpdir(), 'wolfify-bench-'));
  try {
    const corpus = join(temp, 'corpus');
    const paths = await generateCorpus(corpus, files, Number(values.seed), join(root, 'samples'));
    const list = join(temp, 'files.txt');
    await writeFile(list, paths.map((p) => join(corpus, p)).join('\n'));
    const floorScript = join(temp, 'floor.mjs');
    await writeFile(floorScript, FLOOR);
    console.log(
      `corpus:  ${paths.length} Dockerfiles (seed ${values.seed}), median of ${runs} runs`,
    );
    console.log('');

    const batchArgs = [cli, 'batch', '--dry-run', '--format', 'json', '--quiet'];
    if (values.jobs) batchArgs.push('--jobs', values.jobs);
    // One untimed run each warms the file cache for both sides alike.
    time(process.execPath, batchArgs, corpus);
    time(process.execPath, [floorScript, root, list], corpus);
    const batch = repeat(runs, () => time(process.execPath, batchArgs, corpus));
    const floor = repeat(runs, () => time(process.execPath, [floorScript, root, list], corpus));
    const batchRatio = batch / floor;
    console.log(
      `batch:   ${fmt(batch)} s  ${fmt(paths.length / batch, 0)} files/s   (batch --dry-run --format json)`,
    );
    console.log(
      `floor:   ${fmt(floor)} s  ${fmt(paths.length / floor, 0)} files/s   (read + dockerfile-ast parse)`,
    );
    console.log(
      `ratio:   ${fmt(batchRatio)}× the floor (target ≤ 3×: ${batchRatio <= 3 ? 'met' : 'NOT met'})`,
    );
    console.log('');

    const sample = join(root, 'samples', 'flask', 'Dockerfile');
    const convertArgs = [cli, 'convert', sample, '--json', '--quiet'];
    time(process.execPath, convertArgs, root);
    const convert = repeat(startupRuns, () => time(process.execPath, convertArgs, root));
    const bare = repeat(startupRuns, () => time(process.execPath, ['-e', '0'], root));
    const startRatio = convert / bare;
    console.log(
      `convert: ${fmt(convert * 1000, 0)} ms  (convert --json samples/flask/Dockerfile, median of ${startupRuns})`,
    );
    console.log(`node:    ${fmt(bare * 1000, 0)} ms  (node -e 0)`);
    console.log(
      `ratio:   ${fmt(startRatio)}× node start-up (target ≤ 2.5×: ${startRatio <= 2.5 ? 'met' : 'NOT met'})`,
    );
    console.log('');

    const names = unknownNames(Number(values.names), Number(values.seed));
    const many = join(temp, 'many.Dockerfile');
    const ten = join(temp, 'ten.Dockerfile');
    await writeFile(many, installing(names));
    await writeFile(ten, installing(names.slice(0, 10)));
    const manyArgs = [cli, 'convert', many, '--json', '--quiet'];
    const tenArgs = [cli, 'convert', ten, '--json', '--quiet'];
    time(process.execPath, manyArgs, temp);
    const manyTime = repeat(runs, () => time(process.execPath, manyArgs, temp));
    const tenTime = repeat(startupRuns, () => time(process.execPath, tenArgs, temp));
    const namesRatio = manyTime / tenTime;
    console.log(
      `names:   ${fmt(manyTime)} s  (one RUN installing ${names.length} unknown names, median of ${runs})`,
    );
    console.log(`ten:     ${fmt(tenTime * 1000, 0)} ms  (the same RUN with ten of them)`);
    console.log(
      `ratio:   ${fmt(namesRatio)}× ten names (target ≤ 4×: ${namesRatio <= 4 ? 'met' : 'NOT met'})`,
    );
  } finally {
    if (values.keep) console.log(`kept ${temp}`);
    else await rm(temp, { recursive: true, force: true });
  }
}

await main();
