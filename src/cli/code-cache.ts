// The bundled CLI (scripts/bundle.ts) run with a V8 code cache. Compiling the bundle's
// JavaScript is a large part of a short command's start-up; V8 can hand back the bytecode of
// every function a command compiled, and take it again on the next run instead of compiling.
// Node ≥ 22 does this for modules itself (module.enableCompileCache); Node 20 has only
// vm.Script's cachedData, which takes CommonJS, so the bundle is one CommonJS file.
//
// A cache must never change what runs: the bundle's name holds a hash of its content, the
// file name adds the Node version and architecture, and V8 rejects data made by another V8
// or under other flags (a rejected cache is written anew). A cache that cannot be read or
// written costs nothing but the compile: the cache directory may be read-only or absent.

import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** What the bundle exports: src/cli/program.ts. */
export interface BundledCli {
  runCli(argv: readonly string[]): Promise<void>;
}

/**
 * Node's own CommonJS wrapper, on the bundle's first line so that line numbers stay the
 * file's (columns of the first line move by its length: src/cli/stack-trace.ts).
 */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';

/** Enough for every command under a few Node versions and bundles; the oldest go first. */
const MAX_CACHE_FILES = 24;

/**
 * The cache file of one bundle for one command: each command runs (and so compiles) other
 * code, and a cache holds what the run that wrote it compiled.
 */
export function codeCacheFile(dir: string, bundle: string, argv: readonly string[]): string {
  const word = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const command = word !== undefined && /^[a-z]{1,20}$/.test(word) ? word : 'none';
  return join(dir, `${basename(bundle)}.${process.version}.${process.arch}.${command}.v8`);
}

/**
 * Load the CommonJS bundle at `bundle` with the cache in `cacheFile`. `save` stores the cache
 * once the command has run, when there was none or V8 rejected it.
 */
export function loadWithCodeCache(
  bundle: string,
  cacheFile: string,
): { cli: BundledCli; save(): void } {
  // The build writes the bundle in ASCII; read as Latin-1 it becomes a one-byte string
  // without UTF-8 decoding (a third of the time).
  const bytes = readFileSync(bundle);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`${WRAPPER_HEAD}${source}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return {
    cli: module.exports as BundledCli,
    save() {
      if (stale) writeCache(cacheFile, script.createCachedData());
    },
  };
}

function writeCache(file: string, data: Buffer): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed: a concurrent run reads the old cache or the new, never half.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, file);
    evictOldest(dir);
  } catch {
    // No cache this time: the next run compiles again.
  }
}

function evictOldest(dir: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.v8') || name.endsWith('.tmp'))
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path } of files.slice(MAX_CACHE_FILES)) rmSync(path, { force: true });
}
