#!/usr/bin/env node
// The front door. Node's compile cache (Node ≥ 22.1) keeps the compiled code of every module
// between runs, which is most of a short command's start-up; it must start before the other
// modules load, so they come in through a dynamic import. Older runtimes have no such cache.
import module from 'node:module';

const { enableCompileCache } = module as { enableCompileCache?: () => unknown };
enableCompileCache?.();

await import('./program.js');
