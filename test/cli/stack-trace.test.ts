import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { loadWithCodeCache } from '../../src/cli/code-cache.js';
import { sourceStack } from '../../src/cli/stack-trace.js';

// --debug's stack traces point into src/, not into the bundle the CLI runs as.

/** A bundle built the way scripts/bundle.ts builds the CLI, loaded the way main.ts loads it. */
function bundled(source: string): { file: string; exports: Record<string, () => void> } {
  const dir = mkdtempSync(join(tmpdir(), 'wolfify-stack-'));
  const file = join(dir, 'thrower.ts');
  writeFileSync(file, source);
  const bundle = join(dir, 'wolfify-TEST.cjs');
  buildSync({
    entryPoints: [file],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minifyWhitespace: true,
    sourcemap: 'external',
    sourcesContent: false,
    logLevel: 'silent',
  });
  const { cli } = loadWithCodeCache(bundle, join(dir, 'cache', 'none.v8'));
  return { file, exports: cli as unknown as Record<string, () => void> };
}

function stackOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).stack ?? '';
  }
  return '';
}

describe('stack traces of the bundled CLI', () => {
  it('show a frame in the bundle at its line in the source', () => {
    const { file, exports } = bundled(
      'export function outer(): void {\n  inner();\n}\n\nfunction inner(): never {\n  throw new Error("boom");\n}\n',
    );
    const stack = stackOf(() => exports.outer?.());
    assert.match(stack, /wolfify-TEST\.cjs:\d+:\d+/);
    const mapped = sourceStack(stack);
    assert.ok(mapped.includes(`at inner (${file}:6:`), mapped);
    assert.ok(mapped.includes(`outer (${file}:2:`), mapped);
    assert.doesNotMatch(mapped, /wolfify-TEST\.cjs/);
  });

  it('leave frames without a source map, and other lines, as they are', () => {
    const stack = 'Error: x\n    at f (/no/such/bundle.cjs:1:2)\n    at node:internal/main:3:4';
    assert.equal(sourceStack(stack), stack);
  });
});
