import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { convert } from '../../src/convert.js';
import { repoRoot } from '../schema.js';

// The self-check over every sample and every realistic Dockerfile: each build-breaker it finds
// in today's output is listed here with the defect behind it. The list may only shrink: a new
// entry is a generated config that would fail `melange build`.

const KNOWN: Readonly<Record<string, readonly string[]>> = {
  // `pip install pipenv` is dropped, so `pipenv install` has no pipenv.
  'test/fixtures/realworld/python-pipenv-alpine.Dockerfile': ['WF527'],
};

const corpus = [
  ...readdirSync(join(repoRoot, 'samples'))
    .filter((n) => existsSync(join(repoRoot, 'samples', n, 'Dockerfile')))
    .map((n) => `samples/${n}/Dockerfile`),
  ...readdirSync(join(repoRoot, 'test', 'fixtures', 'realworld'))
    .filter((n) => n.endsWith('.Dockerfile'))
    .map((n) => `test/fixtures/realworld/${n}`),
];

test('the self-check finds only the known build-breakers in the samples and realistic Dockerfiles', async () => {
  const found: Record<string, string[]> = {};
  for (const source of corpus) {
    const result = await convert(readFileSync(join(repoRoot, source), 'utf8'), { source });
    const ids = result.findings.filter((f) => /^WF52\d$/.test(f.id)).map((f) => f.id);
    if (ids.length > 0) found[source] = ids.sort();
  }
  assert.deepEqual(found, KNOWN);
});
