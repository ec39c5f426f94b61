// Results kept for reuse (a shell parse, a Dockerfile's instructions) are shared by every
// caller that asks again: frozen, so a caller that changed one would fail loudly instead of
// changing what the next caller gets.

/**
 * Freeze an object graph. Cycles are expected (pipelines link commands both ways); a stack,
 * not recursion, since a long pipeline is a long chain.
 */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next === null || typeof next !== 'object' || Object.isFrozen(next)) continue;
    Object.freeze(next);
    pending.push(...Object.values(next));
  }
  return value;
}
