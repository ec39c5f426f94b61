import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedCache, BoundedCacheByOwner } from '../src/bounded-cache.js';

test('computes a value once and shares it while it is kept', () => {
  const cache = new BoundedCache<string, { n: number }>(4);
  let computed = 0;
  const first = cache.get('a', () => ({ n: ++computed }));
  assert.equal(
    cache.get('a', () => ({ n: ++computed })),
    first,
  );
  assert.equal(computed, 1);
});

test('keeps an undefined or null answer like any other', () => {
  const cache = new BoundedCache<string, string | null>(4);
  let computed = 0;
  cache.get('x', () => (computed++, null));
  cache.get('x', () => (computed++, null));
  assert.equal(computed, 1);
});

test('forgets the oldest entry past its limit and computes it again when asked', () => {
  const cache = new BoundedCache<number, number>(2);
  const computed: number[] = [];
  const square = (k: number) => (computed.push(k), k * k);
  for (const k of [1, 2, 1, 3, 2, 1]) cache.get(k, square);
  // 3 pushed out 1 (the oldest), then 1 pushed out 2.
  assert.deepEqual(computed, [1, 2, 3, 1]);
});

test('after many answers keeps the newest and forgets the first', () => {
  const cache = new BoundedCache<number, number>(4);
  const computed: number[] = [];
  const square = (k: number) => (computed.push(k), k * k);
  for (let k = 1; k <= 1000; k++) cache.get(k, square);
  computed.length = 0;
  for (const k of [999, 1000, 1]) cache.get(k, square);
  assert.deepEqual(computed, [1]);
});

test('gives each owner a cache of its own', () => {
  const caches = new BoundedCacheByOwner<object, string, string>(4);
  const a = {};
  const b = {};
  caches.of(a).get('k', () => 'from a');
  assert.equal(
    caches.of(b).get('k', () => 'from b'),
    'from b',
  );
  assert.equal(caches.of(a), caches.of(a));
});
