// The one home of the bash grammar: tree-sitter-bash compiled to WebAssembly. Instantiating
// it costs a cold command ~30 ms, so it is loaded once per process and shared by every
// parser (the shell analysis in ./index.ts, the script splitter of the melange generator).
// Each user gets a Parser of its own: a Parser holds parse state, the Language does not.

import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

let loading: Promise<Language> | null = null;

function loadBashLanguage(): Promise<Language> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    // Named, not found beside web-tree-sitter's own module: the CLI bundles that module.
    const runtime = require.resolve('web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    return Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
  })().catch((error: unknown) => {
    // A failed load (missing wasm) must not poison later attempts.
    loading = null;
    throw error;
  });
  return loading;
}

/** A new bash parser over the shared grammar; the grammar is loaded on the first call only. */
export async function newBashParser(): Promise<Parser> {
  const bash = await loadBashLanguage();
  const parser = new Parser();
  parser.setLanguage(bash);
  return parser;
}
