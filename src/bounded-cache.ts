// Answers that depend only on their key, kept for the next caller that asks: one RUN is read
// by the analysers, the carry plan, the melange generator and the self-check, and a batch
// sees the same scripts, images and package names in many files. Bounded, so that a long
// batch or a library user's process does not grow without end: past the limit the oldest
// entry is forgotten (and computed again if it is asked for again). Oldest, not least
// recently used: a hit is then one Map lookup, which is what makes caching a cheap answer
// (a catalog lookup) pay; moving the entry on every hit costs more than the lookup saves.
// A kept value is shared by every caller: it must not be changed.

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value kept for `key`, or `compute(key)`, kept. */
  get(key: K, compute: (key: K) => V): V {
    const entries = this.entries;
    const kept = entries.get(key);
    if (kept !== undefined || entries.has(key)) return kept as V;
    const value = compute(key);
    if (entries.size >= this.limit) entries.delete(entries.keys().next().value as K);
    entries.set(key, value);
    return value;
  }
}

/**
 * A BoundedCache per owner: answers computed from one catalog or one data table are kept
 * with it, and a different catalog (an imported APKINDEX, a test's own) gets its own.
 */
export class BoundedCacheByOwner<O extends object, K, V> {
  private readonly caches = new WeakMap<O, BoundedCache<K, V>>();

  constructor(private readonly limit: number) {}

  of(owner: O): BoundedCache<K, V> {
    let cache = this.caches.get(owner);
    if (!cache) this.caches.set(owner, (cache = new BoundedCache(this.limit)));
    return cache;
  }
}
