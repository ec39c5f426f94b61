// "Did you mean": nearest catalog names by edit distance, helped by shared
// name tokens, so `libjpeg62-turbo-dev` still finds `libjpeg-turbo-dev`.

/** Tokens too common to say two names are about the same software. */
const WEAK_TOKENS = new Set([
  'lib',
  'dev',
  'doc',
  'bin',
  'common',
  'utils',
  'tools',
  'data',
  'py3',
  'py',
  'python',
  'python3',
  'perl',
  'ruby',
]);

function tokens(name: string): string[] {
  return (
    name
      .toLowerCase()
      .split(/[-_.+:]+|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])/)
      .filter((t) => t.length > 0 && !/^\d+$/.test(t))
      // `libglib` is about `glib`: keep both spellings.
      .flatMap((t) => (t.length > 5 && t.startsWith('lib') ? [t, t.slice(3)] : [t]))
  );
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed limit. */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length] ?? limit + 1;
}

export function suggestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const target = name.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  const strong = tokens(target).filter((t) => t.length >= 3 && !WEAK_TOKENS.has(t));
  const all = new Set(tokens(target));
  const scored: { name: string; score: number }[] = [];
  for (const candidate of candidates) {
    const ctokens = tokens(candidate);
    const sharedStrong = strong.filter((t) => ctokens.includes(t)).length;
    const distance = boundedDistance(target, candidate, limit);
    if (distance > limit && sharedStrong === 0) continue;
    const shared = ctokens.filter((t) => all.has(t)).length;
    const extra = ctokens.length - shared;
    // Lower is better: edit distance, minus agreement on tokens, plus tokens the target did not ask for.
    const score =
      Math.min(distance, limit + 1) -
      2 * sharedStrong -
      shared +
      0.5 * extra +
      candidate.length / 100;
    scored.push({ name: candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1));
  return scored.slice(0, max).map((s) => s.name);
}
