// `wolfify convert --to dockerfile`: read a Dockerfile (or stdin), rewrite it onto
// Chainguard images, and print it, write it to --out-dir, or replace the file in place
// (keeping FILE.bak and the file's mode).

import { chmod, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DockerfileRewriteOptions } from '../dockerfile/index.js';
import { WolfifyError } from '../errors.js';
import type { Finding, Severity } from '../model.js';
import { formatVerdict } from '../report/text.js';
import { failsAt } from '../verdict.js';
import { readDockerfile, writeOutputs } from '../workspace/files.js';
import { painter } from '../report/paint.js';

export interface ToDockerfileFlags {
  org?: string;
  registry?: string;
  inPlace?: boolean;
  json?: boolean;
  quiet?: boolean;
  outDir?: string;
  force?: boolean;
}

export interface ToDockerfileStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Convert one Dockerfile; returns the exit code (0, or 1 for findings at `failOn` or worse). */
export async function convertToDockerfile(
  path: string,
  flags: ToDockerfileFlags,
  options: Omit<DockerfileRewriteOptions, 'source' | 'org' | 'registry'>,
  failOn: Severity | 'never',
  streams: ToDockerfileStreams = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  },
): Promise<number> {
  if (flags.inPlace && path === '-')
    throw new WolfifyError('--in-place needs a file; it cannot replace standard input', 2);
  if (flags.inPlace && (flags.json || flags.outDir))
    throw new WolfifyError('--in-place writes the file itself; leave out --json and --out-dir', 2);
  const { rewriteDockerfile } = await import('../dockerfile/index.js');
  const input = await readDockerfile(path, streams.stdin);
  const result = await rewriteDockerfile(input.text, {
    ...options,
    source: input.source,
    ...(flags.org !== undefined ? { org: flags.org } : {}),
    ...(flags.registry !== undefined ? { registry: flags.registry } : {}),
  });

  if (flags.inPlace) {
    await replaceInPlace(path, result.dockerfile);
    if (!flags.quiet) streams.stderr.write(`rewrote ${path} (the original is in ${path}.bak)\n`);
  } else if (flags.outDir) {
    const written = await writeOutputs(
      flags.outDir,
      [{ path: 'Dockerfile', content: result.dockerfile }],
      { force: Boolean(flags.force) },
    );
    if (!flags.quiet && !flags.json) streams.stderr.write(`wrote ${written.join(', ')}\n`);
  }
  if (flags.json) streams.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (!flags.inPlace && !flags.outDir) streams.stdout.write(result.dockerfile);
  if (!flags.quiet) {
    streams.stderr.write(`${formatVerdict(result, painter(false))}\n`);
    streams.stderr.write(formatFindings(input.source, result.findings));
  }
  return failsAt(result, failOn) ? 1 : 0;
}

/** `file:line: severity WFxxx: message`, one per line, as compilers print them. */
export function formatFindings(source: string, findings: readonly Finding[]): string {
  return findings
    .map(
      (f) =>
        `${source}${f.line !== null ? `:${f.line}` : ''}: ${f.severity} ${f.id}: ${f.message}\n`,
    )
    .join('');
}

/**
 * The original goes to FILE.bak, the rewrite replaces FILE; both keep the file's mode.
 * Each is written to a temporary name and renamed, so neither is ever half written.
 */
async function replaceInPlace(path: string, rewritten: string): Promise<void> {
  let mode: number;
  let original: Buffer;
  try {
    mode = (await stat(path)).mode & 0o7777;
    // The backup is the file's bytes, not the decoded text: nothing is normalised.
    original = await readFile(path);
  } catch (error) {
    throw new WolfifyError(`cannot read ${path}: ${(error as Error).message}`, 2);
  }
  const backup = `${path}.bak`;
  const temp = (name: string): string =>
    join(dirname(name), `.${basename(name)}.wolfify-${process.pid}.tmp`);
  const written: string[] = [];
  try {
    for (const [target, content] of [
      [backup, original],
      [path, rewritten],
    ] as const) {
      const t = temp(target);
      written.push(t);
      await writeFile(t, content, { flag: 'wx', mode });
      // writeFile's mode is filtered by the umask; the copy must match the original exactly.
      await chmod(t, mode);
      await rename(t, target);
    }
  } catch (error) {
    await Promise.all(written.map((t) => rm(t, { force: true })));
    throw new WolfifyError(`cannot rewrite ${path}: ${(error as Error).message}`, 2);
  }
}
