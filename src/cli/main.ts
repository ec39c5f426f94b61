#!/usr/bin/env node
// The front door. Most of a short command's start-up is compiling JavaScript, so the code is
// compiled once and kept: `npm run build` bundles the CLI into one file that runs with a V8
// code cache (./code-cache.ts); without the bundle (tsc alone) the modules load as they are,
// with Node's own compile cache where the runtime has one (Node ≥ 22.1).

import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { wolfifyCacheDir } from '../cache-dir.js';
import { codeCacheFile, loadWithCodeCache } from './code-cache.js';

// The shell grammar is WebAssembly. V8's optimising tier recompiles it in the background
// and holds the process open ~0.7 s at exit; the baseline tier alone parses RUN bodies
// faster for scripts of Dockerfile size (measured: 0.07 ms vs 0.22 ms a parse). Set before
// any code compiles: V8 keys its code cache on its flags.
setFlagsFromString('--liftoff-only');

/** The bundle's file name beside this one, set by scripts/bundle.ts; absent under tsc alone. */
declare const WOLFIFY_BUNDLE: string | undefined;

if (typeof WOLFIFY_BUNDLE === 'string') {
  const bundle = fileURLToPath(new URL(WOLFIFY_BUNDLE, import.meta.url));
  const cacheFile = codeCacheFile(join(wolfifyCacheDir(), 'code'), bundle, process.argv);
  const { cli, save } = loadWithCodeCache(bundle, cacheFile);
  await cli.runCli(process.argv);
  // A run that ended in a usage or input error (exit 2: `wolfify conver`) compiled little
  // worth keeping, and a mistyped command would keep a cache of its own.
  if (Number(process.exitCode ?? 0) < 2) save();
} else {
  const { enableCompileCache } = module as { enableCompileCache?: () => unknown };
  enableCompileCache?.();
  const { runCli } = await import('./program.js');
  await runCli(process.argv);
}
