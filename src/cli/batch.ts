import type { Command } from 'commander';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ConvertOptions } from '../convert.js';
import { WolfifyError, type ExitCode } from '../errors.js';
import { failsAt, verdictOf } from '../verdict.js';
import type { OutputFile, Result, Severity } from '../model.js';
import type { BatchReport, ConversionFailure, FormatName } from '../report/index.js';
import { FileView } from '../workspace/file-view.js';
import {
  contextFromOutDir,
  outputDirFor,
  outputDirInContext,
  readDockerfile,
  writeOutputs,
} from '../workspace/files.js';
import { buildInputsFor } from '../workspace/inputs.js';
import { resolveConversion, type ConversionFlags } from '../workspace/settings.js';
import { addConversionFlags } from './options.js';
import { createProgress, progressEnabled } from './progress.js';
import { painter } from '../report/paint.js';
import { colourEnabled } from '../workspace/terminal.js';
import { packageUrl } from '../package-path.js';
import { sourceStack } from './stack-trace.js';

// `wolfify batch`: every Dockerfile of a repository through the same convert() as the
// `convert` command, one report at the end, and exit codes a CI job can act on.
// A file that fails is reported and counted; the others still run (prettier's habit).

export interface BatchFlags extends ConversionFlags {
  outDir?: string;
  force?: boolean;
  dryRun?: boolean;
  check?: boolean;
  format: string[];
  output: string[];
  gitignore: boolean;
  quiet?: boolean;
  verbose?: boolean;
  to: string;
  org?: string;
  registry?: string;
  jobs: number | 'auto';
}

const collect = (value: string, previous: string[]) => [...previous, value];

const parseJobs = (value: string): number | 'auto' => {
  if (value === 'auto') return value;
  if (!/^[0-9]+$/.test(value) || Number(value) < 1) {
    throw new WolfifyError(`--jobs ${value}: expected a positive whole number or auto`, 2);
  }
  return Number(value);
};

/** Workers cost a start-up each (~0.5 s of CPU): worth it only for a batch of some size. */
const AUTO_JOBS_MIN_FILES = 32;

/**
 * `auto`: workers only where they leave a core to the main thread, which orders, writes and
 * reports. Measured on 2 cores over the 2,000-file bench corpus: 2026-11-29, 2 workers 4.50 s,
 * none 4.19 s; 2026-12-05, 2 workers 7.19 s and 7.48 s, none 7.31 s and 6.77 s (each worker
 * converted at half the speed of one thread alone).
 */
export function jobsFor(
  jobs: number | 'auto',
  files: number,
  cpus = availableParallelism(),
): number {
  if (jobs !== 'auto') return jobs;
  return files >= AUTO_JOBS_MIN_FILES && cpus >= 4 ? Math.min(cpus - 1, 4) : 1;
}

export function registerBatch(program: Command): void {
  addConversionFlags(
    program
      .command('batch')
      .description(
        'convert every Dockerfile below the working directory (or those the patterns name)',
      )
      .argument(
        '[patterns...]',
        'globs, directories or files (default: Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile)',
      )
      .option(
        '--out-dir <dir>',
        "mirror each Dockerfile's path under this directory (default: a wolfi/ folder beside each)",
      )
      .option('--force', 'overwrite generated files that already exist')
      .option('--dry-run', 'convert and report, but write no files')
      .option(
        '--check',
        'compare the generated files with those on disk; exit 1 if any differ or are missing',
      )
      .option(
        '--format <name>',
        'report format: text, json, sarif, junit, markdown (repeatable)',
        collect,
        [],
      )
      .option(
        '--output <file>',
        'write the matching --format to this file (repeatable)',
        collect,
        [],
      )
      .option('--no-gitignore', 'also convert Dockerfiles that .gitignore files ignore')
      .option('--to <format>', 'what to write: apko (apko + melange configs) or dockerfile', 'apko')
      .option('--org <org>', 'with --to dockerfile: images come from cgr.dev/<org>/ (default ORG)')
      .option('--registry <host/path>', 'with --to dockerfile: a mirror of Chainguard images')
      .option(
        '--jobs <n>',
        'convert in this many worker threads (default auto: up to 4, by CPUs, from 32 files on; else 1)',
        parseJobs,
        'auto',
      )
      .option('-v, --verbose', 'also list package decisions, notes and every folder written')
      .option('-q, --quiet', 'report only incomplete files (errors), and no progress'),
  ).action(async (patterns: string[], flags: BatchFlags, command: Command) => {
    await batchCommand(patterns, flags, Boolean(command.optsWithGlobals().debug));
  });
}

// ---------------------------------------------------------------- the run

export interface BatchOptions {
  /** The tree the sources are relative to (discover.ts searchRoot). */
  cwd: string;
  /** Where the command runs, when not at cwd: flags and the config resolve from here. */
  workingDirectory?: string;
  /** Conversion options for one Dockerfile (config answers differ per file). */
  optionsFor: (source: string) => ConvertOptions;
  /** Images the repository builds → their Dockerfile (absolute): `--base`, config `bases`. */
  baseFiles?: Readonly<Record<string, string>>;
  outDir: string | null;
  mode: 'write' | 'dry-run' | 'check';
  force: boolean;
  /** Called after each file, for progress. */
  onFile?: (source: string) => void;
  /** The core to run; tests pass a stand-in. Default: the real convert() and renderFiles(). */
  engine?: Engine;
  /**
   * Convert in this many worker threads, each resolving `flags` for itself (the same flags
   * the command got). Ignored with an `engine`, which cannot cross into a worker.
   */
  pool?: { jobs: number; flags: BatchFlags };
}

export interface Engine {
  convert(text: string, options: ConvertOptions): Promise<Result>;
  renderFiles(result: Result): OutputFile[];
}

/** The engine `--to` asks for: the batch command and each worker build theirs with this. */
export function engineFor(flags: Pick<BatchFlags, 'to' | 'org' | 'registry'>): Promise<Engine> {
  return flags.to === 'dockerfile' ? dockerfileEngine(flags) : defaultEngine();
}

/**
 * `--to dockerfile`: the Chainguard-based Dockerfile is the file written (`wolfi/Dockerfile`);
 * the report carries the rewrite's findings next to the same package decisions as apko mode.
 */
async function dockerfileEngine(flags: Pick<BatchFlags, 'org' | 'registry'>): Promise<Engine> {
  const [{ convert }, { rewriteDockerfile }] = await Promise.all([
    import('../convert.js'),
    import('../dockerfile/index.js'),
  ]);
  const rewritten = new Map<string, string>();
  return {
    async convert(text, options) {
      const result = await convert(text, options);
      const rewrite = await rewriteDockerfile(text, {
        source: result.source,
        ...(options.buildArgs ? { buildArgs: options.buildArgs } : {}),
        ...(options.rules ? { rules: options.rules } : {}),
        ...(options.catalog ? { catalog: options.catalog } : {}),
        ...(flags.org !== undefined ? { org: flags.org } : {}),
        ...(flags.registry !== undefined ? { registry: flags.registry } : {}),
      });
      rewritten.set(result.source, rewrite.dockerfile);
      return { ...result, findings: rewrite.findings, verdict: verdictOf(rewrite.findings) };
    },
    renderFiles: (result) => [{ path: 'Dockerfile', content: rewritten.get(result.source) ?? '' }],
  };
}

/** Loaded on first use: `--help` should not pay for the parser and the catalog. */
async function defaultEngine(): Promise<Engine> {
  const [{ convert }, { renderFiles }] = await Promise.all([
    import('../convert.js'),
    import('../generate/files.js'),
  ]);
  return { convert, renderFiles };
}

/**
 * What a Dockerfile's conversion learns from where it sits in the batch: its name in reports
 * and the folders its generated files are relative to. Both the sequential path and the
 * workers call this, so the two cannot drift apart.
 */
export function placementFor(
  cwd: string,
  source: string,
  outDir: string | null,
): Pick<ConvertOptions, 'source' | 'contextDir' | 'outputDir'> {
  const dir = join(cwd, outputDirFor(source, outDir));
  const dockerfile = join(cwd, source);
  return {
    source,
    contextDir: contextFromOutDir(dir, dockerfile),
    outputDir: outputDirInContext(dir, dockerfile),
  };
}

/** The Dockerfile's build context for the size report, unless sizes are off. */
export interface BatchRun {
  report: BatchReport;
  /** Unified diffs of drifted files (--check). */
  diffs: string[];
  /** Folders written (relative to cwd). */
  written: string[];
  /** Errors that were bugs, not bad input: they make the exit code 2. */
  internalErrors: Error[];
}

/** One Dockerfile converted (its files rendered unless a dry run), or why it was not. */
type Conversion = { result: Result; files: OutputFile[] } | { error: unknown };

/** Convert `sources` (relative to options.cwd) and collect the report, in file order. */
export async function runBatch(
  sources: readonly string[],
  options: BatchOptions,
): Promise<BatchRun> {
  const render = options.mode !== 'dry-run';
  const conversions =
    options.engine === undefined && options.pool !== undefined && options.pool.jobs > 1
      ? pooledConversions(sources, options, options.pool, render)
      : sequentialConversions(sources, options, options.engine ?? (await defaultEngine()), render);
  const run: BatchRun = {
    report: { results: [], failures: [] },
    diffs: [],
    written: [],
    internalErrors: [],
  };
  if (options.mode === 'check') run.report.check = { changed: [], missing: [] };
  const claimed = new Map<string, string>();

  let i = 0;
  for await (const conversion of conversions) {
    const source = sources[i++] as string;
    try {
      if ('error' in conversion) throw conversion.error;
      const { result, files } = conversion;
      const key = resolve(options.cwd, outputDirFor(source, options.outDir));
      const owner = claimed.get(key);
      if (owner !== undefined) {
        throw new WolfifyError(
          `its output folder ${display(options.cwd, key)} is already used by ${owner}; rename one of them`,
          2,
          source,
        );
      }
      claimed.set(key, source);

      if (options.mode === 'check') {
        await compareWithDisk(options.cwd, key, files, run);
      } else if (options.mode === 'write') {
        await writeOutputs(key, files, { force: options.force });
        run.written.push(display(options.cwd, key));
      }
      run.report.results.push(result);
    } catch (error) {
      run.report.failures.push(failureOf(source, error, run));
    }
    options.onFile?.(source);
  }
  return run;
}

/** One file after another in this thread, sharing one view of the files around them. */
async function* sequentialConversions(
  sources: readonly string[],
  options: BatchOptions,
  engine: Engine,
  render: boolean,
): AsyncGenerator<Conversion> {
  const view = new FileView();
  for (const source of sources) {
    let conversion: Conversion;
    try {
      const input = await readDockerfile(join(options.cwd, source));
      const settings = options.optionsFor(source);
      const placement = placementFor(options.cwd, source, options.outDir);
      const result = await engine.convert(input.text, {
        ...settings,
        ...(await buildInputsFor(
          join(options.cwd, source),
          input.text,
          options.baseFiles ?? {},
          options.cwd,
          settings.size === false ? null : { skip: placement.outputDir ?? null },
          view,
        )),
        ...placement,
      });
      conversion = { result, files: render ? engine.renderFiles(result) : [] };
    } catch (error) {
      conversion = { error };
    }
    yield conversion;
  }
}

// ---------------------------------------------------------------- the worker pool

/** A file for a worker (src/cli/batch-worker.ts). */
export interface BatchJob {
  index: number;
  source: string;
  render: boolean;
}

/** What a worker needs once, at start. */
export interface BatchWorkerSetup {
  flags: BatchFlags;
  /** BatchOptions' cwd, workingDirectory and outDir. */
  cwd: string;
  workingDirectory: string;
  outDir: string | null;
}

/** An error as it crosses back from a worker: enough to rebuild a WolfifyError. */
export interface BatchJobError {
  wolfify: boolean;
  message: string;
  exitCode: number;
  file: string | null;
  line: number | null;
  stack: string | null;
}

export type BatchJobOutcome =
  /** `result`: the Result as JSON. */
  { index: number; result: string; files: OutputFile[] } | { index: number; error: BatchJobError };

/** Two jobs a worker: the next one is waiting when it finishes one. */
const IN_FLIGHT_PER_WORKER = 2;

/**
 * Conversions from a pool of worker threads, handed out as workers free up and yielded in
 * file order. Results that arrive early wait, but only a bounded window ahead of the oldest.
 */
async function* pooledConversions(
  sources: readonly string[],
  options: BatchOptions,
  pool: { jobs: number; flags: BatchFlags },
  render: boolean,
): AsyncGenerator<Conversion> {
  const { Worker } = await import('node:worker_threads');
  const size = Math.max(1, Math.min(pool.jobs, sources.length));
  const window = size * IN_FLIGHT_PER_WORKER * 4;
  // commander's flags are plain data; the round trip makes sure of it before they cross.
  const setup: BatchWorkerSetup = {
    flags: JSON.parse(JSON.stringify(pool.flags)) as BatchFlags,
    cwd: options.cwd,
    workingDirectory: options.workingDirectory ?? options.cwd,
    outDir: options.outDir,
  };
  const arrived = new Map<number, Conversion>();
  let fatal: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  let next = 0;
  let oldest = 0;
  let stopping = false;
  const inFlight = new Map<InstanceType<typeof Worker>, number>();
  const feed = (worker: InstanceType<typeof Worker>) => {
    let count = inFlight.get(worker) ?? 0;
    while (count < IN_FLIGHT_PER_WORKER && next < sources.length && next < oldest + window) {
      const job: BatchJob = { index: next, source: sources[next] as string, render };
      worker.postMessage(job);
      next++;
      count++;
    }
    inFlight.set(worker, count);
  };
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL('./batch-worker.js', import.meta.url), { workerData: setup });
    worker.on('message', (outcome: BatchJobOutcome) => {
      inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
      arrived.set(
        outcome.index,
        'error' in outcome
          ? { error: reviveError(outcome.error) }
          : { result: JSON.parse(outcome.result) as Result, files: outcome.files },
      );
      feed(worker);
      notify();
    });
    worker.on('error', (error) => {
      fatal ??= error;
      notify();
    });
    worker.on('exit', (code) => {
      if (!stopping) fatal ??= new Error(`a batch worker stopped (exit code ${code})`);
      notify();
    });
    return worker;
  });
  try {
    for (const worker of workers) feed(worker);
    for (; oldest < sources.length; oldest++) {
      let conversion = arrived.get(oldest);
      while (conversion === undefined) {
        if (fatal) throw fatal;
        await new Promise<void>((resolve) => (wake = resolve));
        conversion = arrived.get(oldest);
      }
      arrived.delete(oldest);
      yield conversion;
      // The window moved on: idle workers may take more.
      for (const worker of workers) feed(worker);
    }
  } finally {
    stopping = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function reviveError(error: BatchJobError): Error {
  const revived = error.wolfify
    ? new WolfifyError(error.message, error.exitCode as ExitCode, error.file, error.line)
    : new Error(error.message);
  if (error.stack !== null) revived.stack = error.stack;
  return revived;
}

function failureOf(source: string, error: unknown, run: BatchRun): ConversionFailure {
  if (error instanceof WolfifyError) {
    return { source, error: { message: error.message, line: error.line } };
  }
  const bug = error instanceof Error ? error : new Error(String(error));
  run.internalErrors.push(bug);
  return { source, error: { message: `internal error: ${bug.message}`, line: null } };
}

async function compareWithDisk(
  cwd: string,
  dir: string,
  files: readonly OutputFile[],
  run: BatchRun,
): Promise<void> {
  const { createTwoFilesPatch } = await import('diff');
  for (const file of files) {
    const path = join(dir, file.path);
    const shown = display(cwd, path);
    let onDisk: string;
    try {
      onDisk = await readFile(path, 'utf8');
    } catch {
      run.report.check?.missing.push(shown);
      continue;
    }
    if (onDisk === file.content) continue;
    run.report.check?.changed.push(shown);
    run.diffs.push(createTwoFilesPatch(shown, shown, onDisk, file.content, 'on disk', 'generated'));
  }
}

/** A path as reports show it: relative to the working directory when inside it, POSIX-style. */
function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}

// ---------------------------------------------------------------- exit code

export function exitCodeOf(run: BatchRun, threshold: Severity | 'never'): 0 | 1 | 2 {
  if (run.internalErrors.length > 0) return 2;
  const { report } = run;
  if (report.failures.length > 0) return 1;
  if (report.check && report.check.changed.length + report.check.missing.length > 0) return 1;
  return report.results.some((r) => failsAt(r, threshold)) ? 1 : 0;
}

// ---------------------------------------------------------------- the command

interface Destination {
  format: FormatName;
  /** A file, or null for stdout. */
  output: string | null;
}

async function batchCommand(patterns: string[], flags: BatchFlags, debug: boolean): Promise<void> {
  // Loaded here, not at the top: every other command starts without the glob and report code.
  const [report, { discoverDockerfiles, searchRoot }] = await Promise.all([
    import('../report/index.js'),
    import('../workspace/discover.js'),
  ]);
  if (flags.to !== 'apko' && flags.to !== 'dockerfile')
    throw new WolfifyError(`--to ${flags.to}: expected apko or dockerfile`, 2);
  const cwd = process.cwd();
  const conversion = await resolveConversion(flags, cwd);
  const threshold = conversion.failOn;
  const destinations = pairFormats(flags.format, flags.output, report.isFormatName);
  // Sources, reports and outputs are relative to the searched tree: cwd, or where patterns
  // above it start. --out-dir, like every flag, is relative to cwd.
  const root = await searchRoot(patterns, cwd);
  const outDir =
    flags.outDir === undefined
      ? null
      : root === resolve(cwd)
        ? flags.outDir
        : relative(root, resolve(cwd, flags.outDir));
  const mode = flags.check ? 'check' : flags.dryRun ? 'dry-run' : 'write';

  const sources = await discoverDockerfiles(patterns, {
    cwd: root,
    workingDirectory: cwd,
    skip: outDir === null ? [] : [outDir],
    gitignore: flags.gitignore,
  });
  if (sources.length === 0) {
    const what = patterns.length > 0 ? patterns.join(' ') : 'the default patterns';
    throw new WolfifyError(`no Dockerfiles found for ${what} below ${root}`, 2);
  }

  const jobs = jobsFor(flags.jobs, sources.length);
  const quiet = Boolean(flags.quiet);
  const progress = createProgress(
    sources.length,
    process.stderr,
    progressEnabled(process.stderr, process.env, quiet),
  );
  let run: BatchRun;
  try {
    run = await runBatch(sources, {
      cwd: root,
      workingDirectory: cwd,
      // One thread: the engine `--to` asks for, here. More: each worker builds its own.
      ...(jobs > 1
        ? { pool: { jobs, flags } }
        : flags.to === 'dockerfile'
          ? { engine: await engineFor(flags) }
          : {}),
      optionsFor: (source) => conversion.forDockerfile(join(root, source)).options,
      baseFiles: conversion.baseFiles,
      outDir,
      mode,
      force: Boolean(flags.force),
      onFile: (source) => progress.tick(source),
    });
  } finally {
    progress.done();
  }
  if (debug)
    for (const bug of run.internalErrors)
      process.stderr.write(`${bug.stack ? sourceStack(bug.stack) : bug.message}\n`);

  const toolVersion = await packageVersion();
  const stdoutFormat = destinations.find((d) => d.output === null)?.format ?? null;
  for (const destination of destinations) {
    const paint = painter(destination.output === null && colourEnabled(process.stdout));
    const context = { paint, verbose: Boolean(flags.verbose), quiet, toolVersion };
    const text = report.FORMATTERS[destination.format](run.report, context);
    if (destination.output === null) process.stdout.write(text);
    else await writeReport(destination.output, text);
  }

  const errPaint = painter(colourEnabled(process.stderr));
  if (!quiet && stdoutFormat !== 'text') {
    process.stderr.write(`${report.formatTotals(report.summarize(run.report), errPaint)}\n`);
  }
  if (mode === 'write' && !quiet) {
    if (flags.verbose) for (const dir of run.written) process.stderr.write(`wrote ${dir}\n`);
    const folders = run.written.length === 1 ? 'folder' : 'folders';
    process.stderr.write(`wrote the generated files into ${run.written.length} ${folders}\n`);
  }
  if (run.report.check) {
    // Diffs are the product of --check, but stdout may already carry a machine format.
    const stream =
      stdoutFormat === null || stdoutFormat === 'text' ? process.stdout : process.stderr;
    stream.write(checkReport(run, process.argv.slice(2)));
  }
  if (process.env.GITHUB_STEP_SUMMARY) {
    await appendFile(process.env.GITHUB_STEP_SUMMARY, report.FORMATTERS.markdown(run.report)).catch(
      (error: Error) => {
        process.stderr.write(`wolfify: cannot append to GITHUB_STEP_SUMMARY: ${error.message}\n`);
      },
    );
  }
  process.exitCode = exitCodeOf(run, threshold);
}

/**
 * `--format` and `--output` repeat and pair up in order (hadolint): the first format goes to the
 * first output, and so on; formats without an output go to stdout — at most one of them.
 */
export function pairFormats(
  formats: readonly string[],
  outputs: readonly string[],
  known: (name: string) => name is FormatName,
): Destination[] {
  const names = formats.length > 0 ? formats : ['text'];
  if (outputs.length > names.length) {
    throw new WolfifyError(
      `${outputs.length} --output files but ${names.length} --format names: pair each output with a format`,
      2,
    );
  }
  const destinations = names.map((name, i): Destination => {
    if (!known(name)) {
      throw new WolfifyError(`--format ${name}: expected text, json, sarif, junit or markdown`, 2);
    }
    return { format: name, output: outputs[i] ?? null };
  });
  if (destinations.filter((d) => d.output === null).length > 1) {
    throw new WolfifyError(
      'only one --format can go to standard output; give the others an --output file',
      2,
    );
  }
  return destinations;
}

/** Report files are complete or absent, like generated files; they may be replaced. */
async function writeReport(path: string, text: string): Promise<void> {
  const temp = join(dirname(resolve(path)), `.wolfify-report-${process.pid}.tmp`);
  try {
    await mkdir(dirname(resolve(path)), { recursive: true });
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new WolfifyError(`cannot write ${path}: ${(error as Error).message}`, 2);
  }
}

/** prettier --check's shape: what differs, then one line on how to fix it. */
export function checkReport(run: BatchRun, argv: readonly string[]): string {
  const check = run.report.check;
  if (!check) return '';
  const lines: string[] = [];
  for (const diff of run.diffs) lines.push(diff.trimEnd());
  for (const path of check.missing) lines.push(`missing: ${path}`);
  const drift = check.changed.length + check.missing.length;
  if (drift === 0) {
    lines.push('All generated files are up to date.');
  } else {
    const files = drift === 1 ? 'generated file is' : 'generated files are';
    lines.push(`${drift} ${files} out of date. Run \`${fixCommand(argv)}\` to update them.`);
  }
  return `${lines.join('\n')}\n`;
}

/** The same command, writing this time: without --check/--dry-run, with --force. */
export function fixCommand(argv: readonly string[]): string {
  const args = argv.filter((a) => a !== '--check' && a !== '--dry-run');
  if (!args.includes('--force')) args.push('--force');
  return ['wolfify', ...args].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

async function packageVersion(): Promise<string> {
  const url = packageUrl('package.json');
  try {
    const pkg = JSON.parse(await readFile(url, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
