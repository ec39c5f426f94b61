import assert from 'node:assert/strict';
import test from 'node:test';
import { dockerignoreMatcher, melangeIgnoreLines } from '../src/dockerignore.js';

test('melangeIgnoreLines anchors each pattern at the context root, as Docker matches it', () => {
  const text = [
    '# local state',
    'node_modules',
    './dist/',
    '/.git',
    '*.md',
    '**/__pycache__',
    '!README.md',
    '',
    '.',
  ].join('\n');
  assert.deepEqual(melangeIgnoreLines(text), [
    '/node_modules',
    '/dist/',
    '/.git',
    '/*.md',
    '/**/__pycache__',
    '!/README.md',
  ]);
  assert.deepEqual(melangeIgnoreLines(null), []);
});

test('dockerignoreMatcher: the last matching line wins; a directory takes what is under it', () => {
  const ignored = dockerignoreMatcher('node_modules\n*.md\n!README.md\n');
  assert.equal(ignored('node_modules/express/index.js'), true);
  assert.equal(ignored('CHANGES.md'), true);
  assert.equal(ignored('README.md'), false);
  // Docker anchors patterns at the root: `*.md` does not reach into directories.
  assert.equal(ignored('docs/guide.md'), false);
  assert.equal(ignored('server.js'), false);
});

test('dockerignoreMatcher: comments, directories with all below them, ** at any depth', () => {
  const ignored = dockerignoreMatcher('# comment\n.git\ntests/\n**/*.pyc\n*.md\n!README.md\n');
  assert.equal(ignored('.git/objects/ab'), true);
  assert.equal(ignored('tests/test_app.py'), true);
  assert.equal(ignored('src/lib/util.pyc'), true);
  assert.equal(ignored('README.md'), false);
  assert.equal(ignored('src/main.py'), false);
  assert.equal(dockerignoreMatcher(null)('.git/config'), false);
});
