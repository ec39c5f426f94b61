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

/** Every melange config the sample writes, in build order (melange.yaml last when it has one). */
async function melangesOf(
  name: string,
): Promise<{ path: string; config: Record<string, unknown> }[]> {
  const source = `samples/${name}/Dockerfile`;
  const result = await convert(readFileSync(join(repoRoot, source), 'utf8'), { source });
  return renderFiles(result)
    .filter((f) => /^melange(-.+)?\.yaml$/.test(f.path))
    .map((f) => ({ path: f.path, config: parse(f.content) as Record<string, unknown> }));
}

const packagesOf = (config: Record<string, unknown>): string[] =>
  (config.environment as { contents: { packages: string[] } } | undefined)?.contents.packages ?? [];

/** The package and subpackage names a config builds. */
function built(config: Record<string, unknown>): string[] {
  const pkg = config.package as { name: string };
  const subs = (config.subpackages as { name: string }[] | undefined) ?? [];
  return [pkg.name, ...subs.map((s) => s.name)];
}

for (const name of samples) {
  test(`${name}: every melange config validates against the official melange schema`, async () => {
    const files = await melangesOf(name);
    assert.ok(files.length > 0, `${name} has an application but no melange config`);
    for (const { path, config } of files)
      assert.deepEqual(melangeSchemaErrors(config), [], `${name}/${path}`);
  });

  test(`${name}: every build environment package exists in the catalog or an earlier build`, async () => {
    const catalog = loadBuiltinCatalog();
    const earlier: string[] = [];
    for (const { config } of await melangesOf(name)) {
      const missing = packagesOf(config).filter((p) =>
        p.endsWith('@local')
          ? !earlier.includes(p.slice(0, -'@local'.length))
          : catalog.resolve(p) === null,
      );
      assert.deepEqual(missing, []);
      earlier.push(...built(config));
    }
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
