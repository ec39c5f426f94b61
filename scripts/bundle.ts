// `npm run build`, after tsc: bundle the CLI, so that a cold command compiles one file instead
// of resolving and loading ~300 modules (npm run bench, "cold convert"):
// - dist/src/cli/wolfify-<hash>.cjs, the commands (src/cli/program.ts and all it uses), one
//   CommonJS file: that is what V8's code cache takes on Node 20 (src/cli/code-cache.ts);
// - dist/src/cli/main.js, the front door, in place of tsc's: it knows the bundle's name;
// - dist/src/cli/batch-worker.js, a thread of `batch --jobs`, in place of tsc's.
// tsc still type-checks and emits every module: the tests and the library (`import 'wolfify'`)
// use those; without this step the CLI runs unbundled.
import { build, type BuildOptions } from 'esbuild';
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outdir = `${root}dist/src/cli/`;

// Bundles of an earlier build have other hashes: clear them, so none is left behind.
for (const name of readdirSync(outdir)) {
  if (name.startsWith('bundle-') || /^wolfify-.*\.cjs(\.map)?$/.test(name))
    rmSync(`${outdir}${name}`);
}

const common: BuildOptions = {
  absWorkingDir: root,
  outdir: 'dist/src/cli',
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // `<bundle>.map` beside each bundle, for --debug's stack traces (src/cli/stack-trace.ts);
  // no sourceMappingURL comment (nothing else reads it) and no copy of the sources.
  sourcemap: 'external',
  sourcesContent: false,
};
// The bundles sit in dist/src/cli/: src/package-path.ts finds rules/ from there.
const root3 = { WOLFIFY_ROOT: '"../../../"' };
// CommonJS dependencies (dockerfile-ast, yaml) call require() for Node's own modules.
const esmRequire =
  "import { createRequire as wolfifyRequire } from 'node:module';\nconst require = wolfifyRequire(import.meta.url);";

// The wizard's prompts, and the ~0.5 MB of character sets under them, in a bundle of their own
// that only `wolfify wizard` loads (src/wizard/prompts.ts imports them on first use): every
// other command would read them for nothing.
const WIZARD_PROMPTS = 'wizard-prompts.cjs';
await build({
  ...common,
  stdin: { contents: "export * from '@inquirer/prompts';", resolveDir: root, loader: 'js' },
  outdir: undefined,
  outfile: `dist/src/cli/${WIZARD_PROMPTS}`,
  format: 'cjs',
  minifyWhitespace: true,
});

const commands = await build({
  ...common,
  entryPoints: ['src/cli/program.ts'],
  entryNames: 'wolfify-[hash]',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // A module's import.meta.url (the files it finds beside itself) is the bundle's own URL.
  define: { ...root3, 'import.meta.url': 'wolfifyBundleUrl' },
  banner: { js: "const wolfifyBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // import() of a bundled module becomes require(): the bundle runs as a vm.Script, where
  // import() has no loader.
  supported: { 'dynamic-import': false },
  // web-tree-sitter's CommonJS build: its ES module build reaches Node's require through
  // import(), which the line above would turn into a call of the name it is declaring.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  plugins: [
    {
      // commander requires child_process (and net under it) at start-up for subcommands that
      // are programs of their own, which wolfify has none of: ~10 ms of every cold command.
      // It gets a stand-in that loads the module on first use.
      name: 'child-process-on-first-use',
      setup(build) {
        build.onResolve({ filter: /^node:child_process$/ }, (args) =>
          args.importer.includes('/node_modules/commander/')
            ? { path: 'child_process', namespace: 'on-first-use' }
            : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: 'on-first-use' }, () => ({
          contents:
            "let module_;\nmodule.exports = new Proxy({}, { get: (_, key) => (module_ ??= require('node:child_process'))[key] });",
          loader: 'js',
        }));
      },
    },
    {
      name: 'wizard-prompts',
      setup(build) {
        build.onResolve({ filter: /^@inquirer\/prompts$/ }, () => ({
          path: `./${WIZARD_PROMPTS}`,
          external: true,
        }));
      },
    },
  ],
  minifyWhitespace: true,
  metafile: true,
});
const bundle = Object.keys(commands.metafile.outputs).find((path) => path.endsWith('.cjs'));
if (bundle === undefined) throw new Error('esbuild wrote no CommonJS bundle');

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  format: 'esm',
  define: { WOLFIFY_BUNDLE: JSON.stringify(basename(bundle)) },
  // Only the build without the bundle (tsc alone) loads the modules themselves.
  external: ['./program.js'],
  allowOverwrite: true,
});
chmodSync(`${outdir}main.js`, 0o755);

await build({
  ...common,
  entryPoints: ['src/cli/batch-worker.ts'],
  format: 'esm',
  define: root3,
  banner: { js: esmRequire },
  allowOverwrite: true,
});
