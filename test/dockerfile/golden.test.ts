import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import dockerfileAst from 'dockerfile-ast';
import { loadBuiltinCatalog } from '../../src/catalog/index.js';
import { loadChainguardImages, rewriteDockerfile } from '../../src/dockerfile/index.js';
import { parseDockerfile } from '../../src/parse/index.js';
import { ShellParser } from '../../src/shell/index.js';
import { repoRoot } from '../schema.js';

// Golden files: each sample's converted Dockerfile is committed in test/golden/dockerfile/,
// each hand-written edge case as test/fixtures/dockerfile/<name>.after.Dockerfile.
// Regenerate with `npm run test:update`, then read every changed line before committing.

const update = process.env.UPDATE_GOLDEN === '1';
const samplesDir = join(repoRoot, 'samples');
const goldenDir = join(repoRoot, 'test', 'golden', 'dockerfile');
const fixturesDir = join(repoRoot, 'test', 'fixtures', 'dockerfile');

/** Chainguard's published images and the user each runs as (test/fixtures, with its source). */
function publishedImages(): Record<string, { runAs: string | null }> {
  const path = join(repoRoot, 'test', 'fixtures', 'chainguard-images.json');
  return (
    JSON.parse(readFileSync(path, 'utf8')) as { images: Record<string, { runAs: string | null }> }
  ).images;
}

const samples = readdirSync(samplesDir)
  .filter((name) => existsSync(join(samplesDir, name, 'Dockerfile')))
  .map((name) => ({
    name,
    source: `samples/${name}/Dockerfile`,
    golden: join(goldenDir, `${name}.Dockerfile`),
  }));
const fixtures = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.before.Dockerfile'))
  .map((f) => {
    const name = f.slice(0, -'.before.Dockerfile'.length);
    return {
      name,
      source: `test/fixtures/dockerfile/${f}`,
      golden: join(fixturesDir, `${name}.after.Dockerfile`),
    };
  });

async function converted(source: string): Promise<string> {
  const text = readFileSync(join(repoRoot, source), 'utf8');
  return (await rewriteDockerfile(text, { source })).dockerfile;
}

/** Every `apk add` package name in a Dockerfile, read with the shell parser. */
async function apkAddNames(text: string): Promise<string[]> {
  const shell = await ShellParser.load();
  const names: string[] = [];
  for (const stage of parseDockerfile(text).stages) {
    for (const run of stage.instructions) {
      if (run.kind !== 'run') continue;
      for (const cmd of shell.commands(run.script, run.env).commands) {
        if (cmd.argv[0] !== 'apk' || cmd.argv[1] !== 'add') continue;
        const args = cmd.argv.slice(2);
        for (let i = 0; i < args.length; i++) {
          const arg = args[i] as string;
          if (arg === '--virtual' || arg === '-t') i++;
          else if (!arg.startsWith('-')) names.push(arg);
        }
      }
    }
  }
  return names;
}

test('there is a golden Dockerfile for every one of the fifteen samples', () => {
  assert.ok(samples.length >= 15, `only ${samples.length} samples`);
});

for (const { name, source, golden } of [...samples, ...fixtures]) {
  test(`${name}: the converted Dockerfile matches the reviewed golden file`, async () => {
    const output = await converted(source);
    if (update) {
      writeFileSync(golden, output);
      return;
    }
    assert.ok(existsSync(golden), `${golden} is missing: run npm run test:update and review it`);
    assert.equal(output, readFileSync(golden, 'utf8'));
  });

  test(`${name}: the converted Dockerfile parses again with dockerfile-ast and wolfify`, async () => {
    const output = await converted(source);
    const ast = dockerfileAst.DockerfileParser.parse(output);
    const original = dockerfileAst.DockerfileParser.parse(
      readFileSync(join(repoRoot, source), 'utf8'),
    );
    assert.equal(ast.getFROMs().length, original.getFROMs().length);
    assert.ok(parseDockerfile(output).stages.length > 0);
  });

  test(`${name}: every apk add package exists in the catalog`, async () => {
    const catalog = loadBuiltinCatalog();
    const names = await apkAddNames(await converted(source));
    assert.deepEqual(
      names.filter((n) => catalog.resolve(n) === null),
      [],
    );
  });
}

test('every Chainguard image the samples use is published or listed with a reason', async () => {
  const published = new Set(Object.keys(publishedImages()));
  const table = loadChainguardImages();
  const reasoned = new Set(
    [...table.images.values()].flatMap((e) =>
      e.reason ? [e.image, ...(e.runtime ? [e.runtime] : [])] : [],
    ),
  );
  const used = new Set<string>();
  for (const { source } of samples) {
    const text = readFileSync(join(repoRoot, source), 'utf8');
    for (const image of (await rewriteDockerfile(text, { source })).images)
      if (image.to) used.add(image.to.split('/').at(-1)?.split(':')[0] ?? '');
  }
  assert.ok(used.size >= 8, `only ${[...used].join(', ')}`);
  assert.deepEqual(
    [...used].filter((i) => !published.has(i) && !reasoned.has(i)),
    [],
  );
});

test('every image in the Chainguard table is published or has a reason', () => {
  const published = new Set(Object.keys(publishedImages()));
  for (const [id, entry] of loadChainguardImages().images) {
    for (const image of [entry.image, entry.runtime].filter((i) => i !== null)) {
      assert.ok(
        published.has(image) || entry.reason !== null,
        `${id}: ${image} is not in chainguard-images.json and has no reason`,
      );
    }
  }
});

test('the user each table entry runs as agrees with the published image', () => {
  const published = publishedImages();
  for (const [id, entry] of loadChainguardImages().images) {
    const runAs = published[entry.image]?.runAs;
    if (runAs === undefined || runAs === null) continue;
    assert.equal(
      entry.user,
      runAs === '0' ? 'root' : 'nonroot',
      `${id}: ${entry.image} runs as ${runAs}`,
    );
  }
});
