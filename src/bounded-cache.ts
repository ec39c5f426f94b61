// Answers that depend only on their key, kept for the next caller that asks: one RUN is read
// by the analysers, the carry plan, the melange generator and the self-check, and a batch
// sees the same scripts, images and package names in many files. Bounded, so that a long
// batch or a library user's process does not grow without end: answers are kept in two
// generations of half the limit each; when the newer is full, the older is forgotten (and
// its answers computed again if they are asked for again). Not least recently used: a hit
// is then a Map lookup or two, which is what makes caching a cheap answer (a catalog lookup)
// pay. Not one Map evicting its first entry either: V8 leaves a deleted entry in place until
// the table is rebuilt, so finding the first one walks every hole before it, and 20,000
// unknown names spent more time there than on looking them up.
// A kept value is shared by every caller: it must not be changed.

export class BoundedCache<K, V> {
  private newer = new Map<K, V>();
  private older = new Map<K, V>();
  private readonly generation: number;

  constructor(limit: number) {
    this.generation = Math.max(1, Math.floor(limit / 2));
  }

  /** The value kept for `key`, or `compute(key)`, kept. */
  get(key: K, compute: (key: K) => V): V {
    const kept = this.newer.get(key);
    if (kept !== undefined || this.newer.has(key)) return kept as V;
    const old = this.older.get(key);
    if (old !== undefined || this.older.has(key)) return old as V;
    const value = compute(key);
    if (this.newer.size >= this.generation) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
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
