import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { lstat, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { WolfifyError } from '../errors.js';
import type { OutputFile } from '../model.js';
import { MAX_INPUT_BYTES, inputTooLarge, kib } from '../parse/limits.js';

// The front ends' contact with the file system: reading a Dockerfile and what it needs from
// beside it, and writing results so that each file is complete or absent, and never over a
// file without --force.

export interface DockerfileInput {
  text: string;
  /** How reports name it: the path as given, or `-` for stdin. */
  source: string;
}

export async function readDockerfile(
  path: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<DockerfileInput> {
  const tooLarge = (): WolfifyError => inputTooLarge(path);
  if (path === '-')
    return { text: decode(await readStream(stdin, MAX_INPUT_BYTES, tooLarge), '-'), source: '-' };
  let bytes: Buffer;
  try {
    bytes = await readBounded(path, MAX_INPUT_BYTES, tooLarge, () => {
      return new WolfifyError('is a directory; name the Dockerfile inside it', 2, path);
    });
  } catch (error) {
    throw asReadError(error, path);
  }
  return { text: decode(bytes, path), source: path };
}

/**
 * A file's bytes, reading no more than limit + 1 of them: a device (`/dev/zero`), a FIFO or a
 * file still being written may never end, so the size stat reports is not enough to trust.
 * A regular file is read at once, synchronously: the caller waits for it anyway, and a batch
 * reads thousands.
 */
export async function readBounded(
  path: string,
  limit: number,
  tooLarge: () => Error,
  /** The error for a directory (default: the system's own, on reading it). */
  isDirectory?: () => Error,
): Promise<Buffer> {
  const info = statSync(path);
  if (isDirectory && info.isDirectory()) throw isDirectory();
  if (!info.isFile()) return readChunks(path, limit, tooLarge);
  if (info.size > limit) throw tooLarge();
  const fd = openSync(path, 'r');
  try {
    // One read more than the size finds the end, or a file that grew past the limit.
    const buffer = Buffer.allocUnsafe(Math.min(info.size + 1, limit + 1));
    let total = 0;
    while (total < buffer.length) {
      const n = readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) break;
      total += n;
    }
    if (total > limit) throw tooLarge();
    return buffer.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

/** Anything but a regular file, in chunks until its end or the limit. */
async function readChunks(path: string, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) throw tooLarge();
    }
    return Buffer.concat(chunks);
  } finally {
    await handle.close();
  }
}

function asReadError(error: unknown, path: string): WolfifyError {
  if (error instanceof WolfifyError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES'
        ? 'permission denied'
        : String((error as Error).message);
  return new WolfifyError(`cannot read ${path}: ${reason}`, 2, null);
}

/**
 * A config or rule file's text, held to the Dockerfile's limit (they are smaller still).
 * Errors name the file as `shown` and say `what` it is: `cannot read rule file: no such file`.
 */
export async function readSettingsFile(path: string, shown: string, what: string): Promise<string> {
  const tooLarge = () =>
    new WolfifyError(`the file is larger than ${kib(MAX_INPUT_BYTES)}; refusing to read it`, 2);
  try {
    return (await readBounded(path, MAX_INPUT_BYTES, tooLarge)).toString('utf8');
  } catch (e) {
    if (e instanceof WolfifyError) throw new WolfifyError(e.message, 2, shown);
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message);
    throw new WolfifyError(`cannot read ${what}: ${reason}`, 2, shown);
  }
}

/** A stream's bytes up to limit: a pipe that never ends is refused, and no longer read. */
async function readStream(
  stream: NodeJS.ReadableStream,
  limit: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(bytes);
    total += bytes.length;
    // Leaving the loop destroys the stream, so the process can exit while the writer still writes.
    if (total > limit) throw tooLarge();
  }
  return Buffer.concat(chunks);
}

/** Dockerfiles are text: NUL bytes mean a binary file; other invalid UTF-8 is replaced and parsed. */
export function decode(bytes: Buffer, source: string): string {
  if (bytes.includes(0))
    throw new WolfifyError('not a text file (it contains NUL bytes)', 2, source);
  return bytes.toString('utf8');
}

/**
 * Write files into outDir: every file goes to a temporary name first and is renamed only
 * when all were written, so a failure leaves earlier files as they were.
 */
export async function writeOutputs(
  outDir: string,
  files: readonly OutputFile[],
  options: { force: boolean },
): Promise<string[]> {
  const root = resolve(outDir);
  await ensureDirectory(root, outDir);
  const targets = files.map((file) => ({ file, path: insideDirectory(root, file.path) }));
  for (const { path } of targets) await refuseUnsafeTarget(path, root, options.force);

  const temps: string[] = [];
  try {
    for (const { file, path } of targets) {
      await mkdir(dirname(path), { recursive: true });
      const temp = join(dirname(path), `.${basename(path)}.wolfify-${process.pid}.tmp`);
      temps.push(temp);
      await writeFile(temp, file.content, { flag: 'wx' });
    }
  } catch (error) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw new WolfifyError(`cannot write into ${outDir}: ${(error as Error).message}`, 2);
  }
  for (const [i, { path }] of targets.entries()) {
    try {
      await rename(temps[i] as string, path);
    } catch (error) {
      // Checked above, so only a race gets here: leave no temporary files behind.
      await Promise.all(temps.slice(i).map((t) => rm(t, { force: true })));
      throw new WolfifyError(`cannot write ${path}: ${(error as Error).message}`, 2);
    }
  }
  return targets.map(({ path }) => path);
}

async function ensureDirectory(root: string, shown: string): Promise<void> {
  try {
    const info = await stat(root);
    if (!info.isDirectory())
      throw new WolfifyError(`--out-dir ${shown} exists and is not a directory`, 2);
  } catch (error) {
    if (error instanceof WolfifyError) throw error;
    await mkdir(root, { recursive: true });
  }
}

/** Names come from the Dockerfile in places: keep every write inside the chosen directory. */
export function insideDirectory(root: string, name: string): string {
  const path = resolve(root, name);
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..') || resolve(rel) === rel) {
    throw new WolfifyError(`refusing to write ${name}: it is outside ${root}`, 2);
  }
  return path;
}

async function refuseUnsafeTarget(path: string, root: string, force: boolean): Promise<void> {
  // A symlinked directory on the way (`sub -> /elsewhere`) would carry the write outside root.
  let parent = root;
  for (const part of relative(root, dirname(path)).split(sep).filter(Boolean)) {
    parent = join(parent, part);
    const info = await lstat(parent).catch(() => null);
    if (!info) break;
    if (info.isSymbolicLink())
      throw new WolfifyError(
        `refusing to write through the symbolic link ${relative(root, parent)}`,
        2,
      );
  }
  let info;
  try {
    info = await lstat(path);
  } catch {
    return;
  }
  if (info.isDirectory())
    throw new WolfifyError(`${path} is a directory; refusing to replace it`, 2);
  if (info.isSymbolicLink())
    throw new WolfifyError(
      `refusing to write through the symbolic link ${relative(root, path)}`,
      2,
    );
  if (!force) {
    throw new WolfifyError(`${path} exists; pass --force to overwrite it`, 2);
  }
}

// Conventional names get the plain folder; any other name gets a folder of its own, so that
// `Dockerfile` and `Dockerfile.prod` in one directory never write over each other.
const DEFAULT_NAMES = new Set(['Dockerfile', 'Containerfile']);

/**
 * The folder that receives a Dockerfile's generated files. `source` is relative to the
 * working directory, POSIX-style. With --out-dir the Dockerfile's path is mirrored under it:
 * `services/api/Dockerfile` → `DIR/services/api`, `services/api/Dockerfile.prod` →
 * `DIR/services/api/Dockerfile.prod`. Without it: `services/api/wolfi` and
 * `services/api/wolfi/Dockerfile.prod`.
 */
export function outputDirFor(source: string, outDir: string | null): string {
  const parts = source.split('/');
  const name = parts.pop() ?? source;
  const own = DEFAULT_NAMES.has(name) ? [] : [name];
  return outDir === null ? join(...parts, 'wolfi', ...own) : join(outDir, ...parts, ...own);
}

/**
 * The build context (the Dockerfile's directory) as seen from the output directory:
 * BUILD.md runs `melange build --source-dir <this>` from where the files are written.
 */
export function contextFromOutDir(outDir: string | null | undefined, dockerfile: string): string {
  if (!outDir || dockerfile === '-') return '.';
  return (
    relative(resolve(outDir), dirname(resolve(dockerfile)))
      .split(sep)
      .join('/') || '.'
  );
}

/**
 * The output directory as seen from the build context (POSIX, e.g. `wolfi`), when it is
 * inside the context: `COPY . .` would otherwise copy it, signing key included, into the
 * package. null when it is the context itself, outside it, or unknown (stdin, no --out-dir).
 */
export function outputDirInContext(
  outDir: string | null | undefined,
  dockerfile: string,
): string | null {
  if (!outDir || dockerfile === '-') return null;
  const rel = relative(dirname(resolve(dockerfile)), resolve(outDir));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}
