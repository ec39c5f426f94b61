import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderBuildNotes } from '../../src/generate/build-notes.js';
import type { Result } from '../../src/model.js';

function result(extra: Partial<Result> = {}): Result {
  return {
    version: 1,
    source: 'svc/Dockerfile',
    verdict: 'ready',
    apko: {
      contents: { repositories: [], keyring: [], packages: [] },
      archs: ['x86_64', 'aarch64'],
    },
    melange: { package: { name: 'billing-api', version: '1.2.0', epoch: 0 } },
    melanges: [{ package: { name: 'billing-api', version: '1.2.0', epoch: 0 } }],
    contextDir: '..',
    packages: [],
    steps: [],
    findings: [],
    size: null,
    ...extra,
  };
}

const commands = (markdown: string): string[] =>
  [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').trim().split('\n'));

test('BUILD.md lists the commands that build and run the image, in order', () => {
  assert.deepEqual(commands(renderBuildNotes(result())), [
    'melange keygen',
    'melange build melange.yaml --source-dir .. --signing-key melange.rsa --arch x86_64,aarch64',
    'apko build apko.yaml billing-api:latest image.tar --arch x86_64,aarch64',
    'docker load < image.tar',
    'docker run --rm billing-api:latest-amd64',
  ]);
});

test('BUILD.md names the package file melange writes', () => {
  assert.match(renderBuildNotes(result()), /`\.\/packages\/<arch>\/billing-api-1\.2\.0-r0\.apk`/);
});

test('BUILD.md says what .melangeignore in the context should hold', () => {
  const notes = renderBuildNotes(result());
  assert.match(notes, /`\.\.\/\.melangeignore`/);
  assert.match(notes, /```gitignore\n\/packages\/\n\/melange-cache\/\n\/melange\.rsa\n\.git\//);
});

test('BUILD.md for an image without a package has only the apko commands', () => {
  const notes = renderBuildNotes(
    result({ melange: null, melanges: [], apko: { ...result().apko, archs: ['aarch64'] } }),
  );
  assert.deepEqual(commands(notes), [
    'apko build apko.yaml app:latest image.tar --arch aarch64',
    'docker load < image.tar',
    'docker run --rm app:latest-arm64',
  ]);
});

test('BUILD.md quotes a context directory with spaces', () => {
  const notes = renderBuildNotes(result({ contextDir: '../my app' }));
  assert.match(notes, /--source-dir '\.\.\/my app' /);
});

test('BUILD.md names the output directory inside the context in .melangeignore', () => {
  const notes = renderBuildNotes(result({ outputDir: 'wolfi' }));
  assert.match(
    notes,
    /```gitignore\n# wolfify's output directory: these files, your signing key, the packages\n\/wolfi\/\n\.git\/\n/,
  );
  assert.doesNotMatch(notes, /Add this output directory/);
});

test("BUILD.md carries the context's .dockerignore into .melangeignore", () => {
  const notes = renderBuildNotes(
    result({ outputDir: 'wolfi', contextIgnore: ['/node_modules', '/.env'] }),
  );
  assert.match(
    notes,
    /\.venv\/\n# the build context's \.dockerignore: Docker's COPY never saw these\n\/node_modules\n\/\.env\n```/,
  );
  assert.doesNotMatch(renderBuildNotes(result()), /build context's \.dockerignore/);
});

test('BUILD.md asks to add the output directory when it is not known to be inside', () => {
  const notes = renderBuildNotes(result());
  assert.match(notes, /Add this output directory too if it is inside the context/);
  assert.doesNotMatch(notes, /wolfify's output directory/);
});
