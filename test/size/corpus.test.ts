import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { convert } from '../../src/convert.js';
import type { SizeReport, SizeSide } from '../../src/model.js';
import { repoRoot } from '../schema.js';

// The size report always answers: over a corpus of realistic Dockerfiles (languages,
// distros, third-party bases, registries outside Docker Hub), at least 95% of results
// have numeric before, after and saved figures, each a range around the figure with a basis.

const dir = join(repoRoot, 'test', 'fixtures', 'size-corpus');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.Dockerfile'))
  .sort();

function sideOk(side: SizeSide): boolean {
  return (
    side.bytes !== null &&
    side.low !== null &&
    side.high !== null &&
    side.low <= side.bytes &&
    side.bytes <= side.high &&
    side.basis.length > 0 &&
    side.label.length > 0
  );
}

function answered(size: SizeReport | null): boolean {
  return (
    size !== null &&
    sideOk(size.before) &&
    sideOk(size.after) &&
    size.savedBytes !== null &&
    size.savedLow !== null &&
    size.savedHigh !== null &&
    size.savedLow <= size.savedBytes &&
    size.savedBytes <= size.savedHigh
  );
}

test('the corpus holds at least 40 varied Dockerfiles', () => {
  assert.ok(names.length >= 40, `${names.length} files`);
});

test('at least 95% of the corpus gets numeric before, after and saved ranges with a basis', async () => {
  const missing: string[] = [];
  const kinds = new Map<string, number>();
  for (const name of names) {
    const result = await convert(readFileSync(join(dir, name), 'utf8'), {
      source: `test/fixtures/size-corpus/${name}`,
    });
    const kind = result.size?.before.kind ?? 'none';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (!answered(result.size)) missing.push(`${name}: ${result.size?.before.basis ?? 'no size'}`);
  }
  const share = (names.length - missing.length) / names.length;
  assert.ok(
    share >= 0.95,
    `${(share * 100).toFixed(1)}% answered; missing:\n${missing.join('\n')}`,
  );
  // Only a base that is a variable without a value is unknowable.
  assert.deepEqual(
    missing.map((m) => m.split(':')[0]),
    ['44-arg-unresolved.Dockerfile'],
  );
  // Every level of the ladder is exercised by the corpus.
  for (const kind of ['measured', 'nearest', 'model', 'scratch', 'unknown'])
    assert.ok((kinds.get(kind) ?? 0) > 0, `no ${kind} result in the corpus`);
});
