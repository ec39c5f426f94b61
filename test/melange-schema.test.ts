import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadBuiltinCatalog } from '../src/catalog/index.js';
import { convert } from '../src/convert.js';
import { renderFiles } from '../src/generate/files.js';
import { melangeSchemaErrors, repoRoot } from './schema.js';

// Every sample that builds or copies an application yields a melange config that the official
// schema accepts (relaxed as test/schema.ts explains) and whose build packages all exist.

const samplesDir = join(repoRoot, 'samples');
const samples = readdirSync(samplesDir).filter((name) =>
  existsSync(join(samplesDir, name, 'Dockerfile')),
);

/** Every melange config a sample's conversion writes (melange.yaml, and one per build). */
async function melangeFilesOf(name: string): Promise<{ path: string; config: unknown }[]> {
  const source = `samples/${name}/Dockerfile`;
  const result = await convert(readFileSync(join(repoRoot, source), 'utf8'), { source });
  return renderFiles(result)
    .filter((f) => /^melange[^/]*\.yaml$/.test(f.path.split('/').at(-1) ?? ''))
    .map((f) => ({ path: f.path, config: parse(f.content) as unknown }));
}

async function melangeOf(name: string): Promise<Record<string, unknown> | null> {
  const file = (await melangeFilesOf(name)).find((f) => f.path === 'melange.yaml');
  return file ? (file.config as Record<string, unknown>) : null;
}

for (const name of samples) {
  test(`${name}: every melange config validates against the official melange schema`, async () => {
    const files = await melangeFilesOf(name);
    assert.ok(
      files.some((f) => f.path === 'melange.yaml'),
      `${name} has an application but no melange.yaml`,
    );
    for (const { path, config } of files)
      assert.deepEqual(melangeSchemaErrors(config), [], `${name}/${path}`);
  });

  test(`${name}: every build environment package exists in the catalog`, async () => {
    const config = await melangeOf(name);
    const env = config?.environment as { contents: { packages: string[] } } | undefined;
    const catalog = loadBuiltinCatalog();
    const missing = (env?.contents.packages ?? []).filter((p) => catalog.resolve(p) === null);
    assert.deepEqual(missing, []);
  });
}

test('the relaxed schema still rejects an unknown key in a pipeline step', () => {
  const config = {
    package: { name: 'x', version: '1.0.0', epoch: 0 },
    environment: { contents: { packages: ['busybox'] } },
    pipeline: [{ runs: 'true', shell: 'bash' }],
  };
  assert.equal(melangeSchemaErrors(config).length, 1);
});
