// `npm run bench`: how fast batch is, measured against what cannot be beaten.
//   1. batch: `wolfify batch --dry-run --format json` over a generated corpus (≥ 2,000 files),
//      against the floor — a node process that reads the same files and parses them with
//      dockerfile-ast alone. Target: batch within 3× the floor.
//   2. start-up: one `wolfify convert --json samples/flask/Dockerfile` against `node -e 0`.
//      Target: within 2.5×.
//   3. many names: one RUN installing 20,000 names no catalog knows (each an error finding
//      with suggestions), against the same Dockerfile with ten of them. Target: within 4×.
// For 1 and 2 it also times the parsers alone (dockerfile-ast and the bash grammar), which
// every conversion runs, and for 1 the writing of batch's JSON report: how much of each ratio
// is theirs.
// Both sides are whole processes, start-up included, run the same way, timed in wall and CPU
// time (what the command costs, however busy the machine). Every ratio is
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

// What the floor leaves out but a conversion cannot: the bash grammar (tree-sitter-bash, as
// WebAssembly) parsing each RUN body, each distinct body once (as the conversion keeps its
// parses). Not a target: it shows how much of a ratio the parsers alone take.
const PARSERS = `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
setFlagsFromString('--liftoff-only'); // as wolfify runs the grammar (src/cli/main.ts)
const [root, list] = process.argv.slice(2);
const require = createRequire(root + '/package.json');
const { DockerfileParser } = require('dockerfile-ast');
const { Parser, Language } = require('web-tree-sitter');
await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/web-tree-sitter.wasm') });
const parser = new Parser();
parser.setLanguage(await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')));
const paths = list.endsWith('.txt') ? readFileSync(list, 'utf8').split('\\n').filter(Boolean) : [list];
const parsed = new Set();
for (const path of paths) {
  for (const instruction of DockerfileParser.parse(readFileSync(path, 'utf8')).getInstructions()) {
    const body = instruction.getKeyword() === 'RUN' ? instruction.getRawArgumentsContent() : null;
    if (body && !parsed.has(body)) parsed.add(body), parser.parse(body).delete();
  }
}
if (parsed.size === 0) process.exit(3);
`;

// Writing a batch's JSON report, which every batch run ends with: the report of the corpus
// read back, then timed in the process (stringify, encode, write), as src/cli/batch.ts does.
const OUTPUT = `
import { openSync, readFileSync, writeSync } from 'node:fs';
const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const [start, cpu] = [process.hrtime.bigint(), process.cpuUsage()];
const text = \`\${JSON.stringify(report, null, 2)}\\n\`;
writeSync(openSync('/dev/null', 'w'), text);
const used = process.cpuUsage(cpu);
console.log(Number(process.hrtime.bigint() - start) / 1e9, (used.user + used.system) / 1e6);
`;

/** A script that prints its own wall and CPU seconds, for work timed inside the process. */
function timeInside(script: string, args: string[]): Timing {
  const child = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${script} exited ${child.status}:\n${child.stderr}`);
  const [seconds, cpu] = child.stdout.trim().split(' ').map(Number);
  return { seconds: seconds ?? NaN, cpu: cpu ?? NaN };
}

interface Timing {
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds (user + system) of the process and its threads, from the shell's `times`. */
  cpu: number;
}

/**
 * Run a command through `sh`, whose `times` reports what its children used: on a machine
 * shared with other work, CPU time says what the command costs where wall time also says
 * how busy the machine was.
 */
function time(command: string, args: string[], cwd: string): Timing {
  const start = process.hrtime.bigint();
  const child = spawnSync(
    'sh',
    ['-c', '"$@" >/dev/null </dev/null; status=$?; times; exit $status', 'sh', command, ...args],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.error) throw child.error;
  // 0 or 1 (findings) are normal outcomes; anything else means the run did not do the work.
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${child.status}:\n${child.stderr}`);
  }
  // `times` prints the shell's user and system time, then its children's: `0m0.480s 0m0.120s`.
  const children = child.stdout.trim().split('\n').at(-1) ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, m) => sum + Number(m[1]) * 60 + Number(m[2]),
    0,
  );
  return { seconds, cpu };
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Medians of wall and CPU time over runs. */
function repeat(runs: number, fn: () => Timing): Timing {
  const timings = Array.from({ length: runs }, fn);
  return {
    seconds: median(timings.map((t) => t.seconds)),
    cpu: median(timings.map((t) => t.cpu)),
  };
}

/** Both ratios, each against its target. */
function ratio(measured: Timing, floor: Timing, target: number, against: string): void {
  const wall = measured.seconds / floor.seconds;
  const cpu = measured.cpu / floor.cpu;
  const verdict = (r: number) => (r <= target ? 'met' : 'NOT met');
  console.log(
    `ratio:   ${fmt(wall)}× ${against} in wall time, ${fmt(cpu)}× in CPU time (target ≤ ${target}×: ${verdict(wall)} / ${verdict(cpu)})`,
  );
}

const seconds = (t: Timing) => `${fmt(t.seconds)} s (CPU ${fmt(t.cpu)} s)`;
const millis = (t: Timing) => `${fmt(t.seconds * 1000, 0)} ms (CPU ${fmt(t.cpu * 1000, 0)} ms)`;

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
    const parsersScript = join(temp, 'parsers.mjs');
    await writeFile(parsersScript, PARSERS);
    const outputScript = join(temp, 'output.mjs');
    await writeFile(outputScript, OUTPUT);
    const report = join(temp, 'report.json');
    console.log(
      `corpus:  ${paths.length} Dockerfiles (seed ${values.seed}), median of ${runs} runs`,
    );
    console.log('');

    const batchArgs = [cli, 'batch', '--dry-run', '--format', 'json', '--quiet'];
    if (values.jobs) batchArgs.push('--jobs', values.jobs);
    // One untimed run each warms the file cache for both sides alike (and keeps a report).
    time(process.execPath, [...batchArgs, '--output', report], corpus);
    time(process.execPath, [floorScript, root, list], corpus);
    const batch = repeat(runs, () => time(process.execPath, batchArgs, corpus));
    const floor = repeat(runs, () => time(process.execPath, [floorScript, root, list], corpus));
    console.log(
      `batch:   ${seconds(batch)}  ${fmt(paths.length / batch.seconds, 0)} files/s   (batch --dry-run --format json)`,
    );
    console.log(
      `floor:   ${seconds(floor)}  ${fmt(paths.length / floor.seconds, 0)} files/s   (read + dockerfile-ast parse)`,
    );
    ratio(batch, floor, 3, 'the floor');
    const parsers = repeat(runs, () => time(process.execPath, [parsersScript, root, list], corpus));
    console.log(
      `parsers: ${seconds(parsers)}  = ${fmt(parsers.seconds / floor.seconds)}× / ${fmt(parsers.cpu / floor.cpu)}× the floor   (the floor + the bash grammar on each distinct RUN)`,
    );
    const output = repeat(runs, () => timeInside(outputScript, [report]));
    console.log(
      `output:  ${seconds(output)}  = ${fmt(output.seconds / floor.seconds)}× / ${fmt(output.cpu / floor.cpu)}× the floor   (writing batch's JSON report alone: stringify, encode, write)`,
    );
    console.log('');

    const sample = join(root, 'samples', 'flask', 'Dockerfile');
    const convertArgs = [cli, 'convert', sample, '--json', '--quiet'];
    time(process.execPath, convertArgs, root);
    const convert = repeat(startupRuns, () => time(process.execPath, convertArgs, root));
    const bare = repeat(startupRuns, () => time(process.execPath, ['-e', '0'], root));
    console.log(
      `convert: ${millis(convert)}  (convert --json samples/flask/Dockerfile, median of ${startupRuns})`,
    );
    console.log(`node:    ${millis(bare)}  (node -e 0)`);
    ratio(convert, bare, 2.5, 'node start-up');
    const grammar = repeat(startupRuns, () =>
      time(process.execPath, [parsersScript, root, sample], root),
    );
    console.log(
      `parsers: ${millis(grammar)}  = ${fmt(grammar.seconds / bare.seconds)}× / ${fmt(grammar.cpu / bare.cpu)}× node start-up   (dockerfile-ast and the bash grammar loaded, the sample's RUN bodies parsed)`,
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
    console.log(
      `names:   ${seconds(manyTime)}  (one RUN installing ${names.length} unknown names, median of ${runs})`,
    );
    console.log(`ten:     ${millis(tenTime)}  (the same RUN with ten of them)`);
    ratio(manyTime, tenTime, 4, 'ten names');
  } finally {
    if (values.keep) console.log(`kept ${temp}`);
    else await rm(temp, { recursive: true, force: true });
  }
}

await main();
