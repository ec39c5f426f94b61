import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadBuiltinCatalog } from '../src/catalog/index.js';
import { convert } from '../src/convert.js';
import { renderFiles } from '../src/generate/files.js';
import { buildInputsFor } from '../src/workspace/inputs.js';
import { apkoSchemaErrors, repoRoot } from './schema.js';

// Golden files: every sample's reviewed output is committed in samples/<name>/wolfi/.
// Regenerate with `npm run test:update`, then read every changed line before committing.

const update = process.env.UPDATE_GOLDEN === '1';
const samplesDir = join(repoRoot, 'samples');
const samples = readdirSync(samplesDir).filter((name) =>
  existsSync(join(samplesDir, name, 'Dockerfile')),
);

test('there are at least twelve samples', () => {
  assert.ok(samples.length >= 12, `only ${samples.length} samples`);
});

for (const name of samples) {
  const source = `samples/${name}/Dockerfile`;
  const outDir = join(samplesDir, name, 'wolfi');

  test(`${name}: output matches the reviewed golden files`, async () => {
    // The golden files live in samples/<name>/wolfi/: the build context is their parent.
    const text = readFileSync(join(repoRoot, source), 'utf8');
    const result = await convert(text, {
      source,
      contextDir: '..',
      outputDir: 'wolfi',
      // As the CLI reads them: entrypoint scripts, bases compose files say this repo builds,
      // and the sample's own files as its build context (the report counts what it copies).
      ...(await buildInputsFor(join(repoRoot, source), text, {}, join(samplesDir, name), {
        skip: 'wolfi',
      })),
    });
    for (const file of renderFiles(result)) {
      const path = join(outDir, file.path);
      if (update) {
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, file.content);
        continue;
      }
      assert.ok(existsSync(path), `${path} is missing: run npm run test:update and review it`);
      assert.equal(file.content, readFileSync(path, 'utf8'), `${path} differs`);
    }
  });

  test(`${name}: every package in apko.yaml exists in the catalog`, async () => {
    const result = await convert(readFileSync(join(repoRoot, source), 'utf8'), { source });
    const catalog = loadBuiltinCatalog();
    const missing = result.apko.contents.packages.filter(
      (p) => !p.endsWith('@local') && catalog.resolve(p) === null,
    );
    assert.deepEqual(missing, []);
  });

  test(`${name}: apko.yaml validates against the official schema`, async () => {
    const result = await convert(readFileSync(join(repoRoot, source), 'utf8'), { source });
    const apko = renderFiles(result).find((f) => f.path === 'apko.yaml');
    assert.ok(apko);
    assert.deepEqual(apkoSchemaErrors(parse(apko.content)), []);
  });
}
