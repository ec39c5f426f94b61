// Counted nouns in messages and reports: "1 error", "2 warnings". One home, so every
// message says it the same way.

/** `n word`, with the plural `s` when n is not 1 (or the irregular plural given). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
