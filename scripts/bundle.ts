// `npm run build`, after tsc: bundle the CLI's two entry points (the command and the batch
// worker) into single files in place of tsc's dist/src/cli/main.js and batch-worker.js.
// A cold command then compiles one file instead of resolving and loading ~300 modules
// (npm run bench, "cold convert"). tsc still type-checks and emits every module: the tests
// and the library (`import 'wolfify'`) use those; without this step the CLI runs unbundled.
import { build } from 'esbuild';
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outdir = `${root}dist/src/cli/`;

// Chunks of an earlier build have other hashes: clear them, so none is left behind.
for (const name of readdirSync(outdir)) {
  if (name.startsWith('bundle-')) rmSync(`${outdir}${name}`);
}

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts', 'src/cli/batch-worker.ts'],
  outdir: 'dist/src/cli',
  bundle: true,
  // What a command loads only when it runs (the wizard, the converter) goes in chunks of its own.
  splitting: true,
  chunkNames: 'bundle-[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // web-tree-sitter finds its own WebAssembly beside its module: it stays a package import.
  external: ['web-tree-sitter'],
  // The bundle sits in dist/src/cli/: src/package-path.ts finds rules/ from there.
  define: { WOLFIFY_ROOT: '"../../../"' },
  // CommonJS dependencies (dockerfile-ast, yaml) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as wolfifyRequire } from 'node:module';\nconst require = wolfifyRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(`${outdir}main.js`, 0o755);
