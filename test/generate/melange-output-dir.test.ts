import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { contextFromOutDir, outputDirInContext } from '../../src/workspace/files.js';

// The CLI tells the generator where its output lands inside the build context, so that
// `COPY . .` in melange does not copy apko.yaml, REPORT.md or the signing key into the app.

const project = join('/tmp', 'shop');

test('an output directory inside the build context is named relative to it, POSIX-style', () => {
  const dockerfile = join(project, 'Dockerfile');
  assert.equal(outputDirInContext(join(project, 'wolfi'), dockerfile), 'wolfi');
  assert.equal(outputDirInContext(join(project, 'deploy', 'wolfi'), dockerfile), 'deploy/wolfi');
  // The sibling it mirrors: melange's --source-dir from the output directory.
  assert.equal(contextFromOutDir(join(project, 'deploy', 'wolfi'), dockerfile), '../..');
});

test('an output directory outside the context, the context itself, or none is not named', () => {
  const dockerfile = join(project, 'Dockerfile');
  assert.equal(outputDirInContext(join('/tmp', 'out'), dockerfile), null);
  assert.equal(outputDirInContext(join('/tmp', 'shop-out'), dockerfile), null);
  assert.equal(outputDirInContext(project, dockerfile), null);
  assert.equal(outputDirInContext(undefined, dockerfile), null);
  assert.equal(outputDirInContext(join(project, 'wolfi'), '-'), null);
});
