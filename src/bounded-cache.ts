// Answers that depend only on their key, kept for the next caller that asks: one RUN is read
// by the analysers, the carry plan, the melange generator and the self-check, and a batch
// sees the same scripts, images and package sets in many files. Bounded, so that a long
// batch or a library user's process does not grow without end: past the limit the entry
// used least recently is forgotten (and computed again if it is asked for again).
// A kept value is shared by every caller: it must not be changed.

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value kept for `key`, or `compute(key)`, kept. */
  get(key: K, compute: (key: K) => V): V {
    const entries = this.entries;
    if (entries.has(key)) {
      const value = entries.get(key) as V;
      // Used again: it moves to the end of the order in which entries are forgotten.
      entries.delete(key);
      entries.set(key, value);
      return value;
    }
    const value = compute(key);
    if (entries.size >= this.limit) entries.delete(entries.keys().next().value as K);
    entries.set(key, value);
    return value;
  }
}
