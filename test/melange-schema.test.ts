import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadBuiltinCatalog } from '../src/catalog/index.js';
import { convert } from '../src/convert.js';
import { renderFiles } from '../src/generate/files.js';
import { melangeSchemaErrors, repoRoot, schemasAvailable } from './schema.js';

// Every sample that builds or copies an application yields a melange config that the official
// schema accepts (relaxed as test/schema.ts explains) and whose build packages all exist.

const samplesDir = join(repoRoot, 'samples');
const samples = readdirSync(samplesDir).filter((name) =>
  existsSync(join(samplesDir, name, 'Dockerfile')),
);

async function melangeOf(name: string): Promise<Record<string, unknown> | null> {
  const source = `samples/${name}/Dockerfile`;
  const result = await convert(readFileSync(join(repoRoot, source), 'utf8'), { source });
  const file = renderFiles(result).find((f) => f.path === 'melange.yaml');
  return file ? (parse(file.content) as Record<string, unknown>) : null;
}

for (const name of samples) {
  test(
    `${name}: melange.yaml validates against the official melange schema`,
    { skip: !schemasAvailable && 'no ../shared/schemas' },
    async () => {
      const config = await melangeOf(name);
      assert.ok(config, `${name} has an application but no melange.yaml`);
      assert.deepEqual(melangeSchemaErrors(config), []);
    },
  );

  test(`${name}: every build environment package exists in the catalog`, async () => {
    const config = await melangeOf(name);
    const env = config?.environment as { contents: { packages: string[] } } | undefined;
    const catalog = loadBuiltinCatalog();
    const missing = (env?.contents.packages ?? []).filter((p) => catalog.resolve(p) === null);
    assert.deepEqual(missing, []);
  });
}

test(
  'the relaxed schema still rejects an unknown key in a pipeline step',
  { skip: !schemasAvailable && 'no ../shared/schemas' },
  () => {
    const config = {
      package: { name: 'x', version: '1.0.0', epoch: 0 },
      environment: { contents: { packages: ['busybox'] } },
      pipeline: [{ runs: 'true', shell: 'bash' }],
    };
    assert.equal(melangeSchemaErrors(config).length, 1);
  },
);
