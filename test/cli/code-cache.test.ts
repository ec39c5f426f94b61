import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codeCacheFile, loadWithCodeCache } from '../../src/cli/code-cache.js';

// The loader runs a CommonJS bundle through V8 with a code cache: the cache may speed a run up,
// never change what it does.

function scratchBundle(): { dir: string; bundle: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wolfify-code-cache-'));
  const bundle = join(dir, 'wolfify-TEST.cjs');
  writeFileSync(
    bundle,
    "exports.runCli = async (argv) => { exports.ran = argv.slice(2).join(' '); };\n",
  );
  return { dir, bundle };
}

describe('the code cache of the bundled CLI', () => {
  it('is written after the first run and taken, not rewritten, by the next', async () => {
    const { dir, bundle } = scratchBundle();
    const file = codeCacheFile(join(dir, 'cache'), bundle, ['node', 'main.js', 'convert', 'x']);
    const first = loadWithCodeCache(bundle, file);
    await first.cli.runCli(['node', 'main.js', 'convert', 'x']);
    first.save();
    const written = statSync(file).mtimeMs;
    const second = loadWithCodeCache(bundle, file);
    await second.cli.runCli(['node', 'main.js', 'convert', 'y']);
    second.save();
    assert.equal((second.cli as unknown as { ran: string }).ran, 'convert y');
    assert.equal(statSync(file).mtimeMs, written);
  });

  it('is kept per bundle, Node version, architecture and command', () => {
    const file = codeCacheFile('/c', '/dist/wolfify-ABC.cjs', [
      'node',
      'main.js',
      '--debug',
      'batch',
    ]);
    assert.equal(file, `/c/wolfify-ABC.cjs.${process.version}.${process.arch}.batch.v8`);
    assert.match(codeCacheFile('/c', '/b.cjs', ['node', 'main.js', '--help']), /\.none\.v8$/);
    assert.match(codeCacheFile('/c', '/b.cjs', ['node', 'main.js', '../x']), /\.none\.v8$/);
  });

  it('replaces a cache V8 rejects, and the bundle still runs', async () => {
    const { dir, bundle } = scratchBundle();
    const file = join(dir, 'broken.v8');
    writeFileSync(file, 'not a code cache');
    const run = loadWithCodeCache(bundle, file);
    await run.cli.runCli(['node', 'main.js', 'rules']);
    run.save();
    assert.notEqual(readFileSync(file, 'utf8'), 'not a code cache');
  });

  it('costs nothing but the compile when the cache cannot be written', async () => {
    const { dir, bundle } = scratchBundle();
    writeFileSync(join(dir, 'not-a-directory'), '');
    const run = loadWithCodeCache(bundle, join(dir, 'not-a-directory', 'cache.v8'));
    await run.cli.runCli(['node', 'main.js', 'convert']);
    assert.doesNotThrow(() => run.save());
  });

  it('keeps at most 24 cache files, the newest', async () => {
    const { dir, bundle } = scratchBundle();
    const cacheDir = join(dir, 'cache');
    for (let i = 0; i < 26; i++) {
      const run = loadWithCodeCache(bundle, join(cacheDir, `old-${String(i).padStart(2, '0')}.v8`));
      run.save();
    }
    assert.equal(readdirSync(cacheDir).length, 24);
  });
});
