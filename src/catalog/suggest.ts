// "Did you mean": catalog names that are plausibly the same software as an unknown name.
// Two kinds qualify: a near spelling (`curll` → `curl`, `ngnix` → `nginx`) and a name sharing
// the principal word (`libjpeg62-turbo-dev` → `libjpeg-turbo-dev`, `libmariadb-dev` →
// `mariadb-connector-c-dev`). Edit distance alone is not enough: `pixman` is two letters from
// `podman` and has nothing to do with it. The index is built once per catalog, so a RUN with
// thousands of unknown names looks at a few candidates each instead of the whole catalog.

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
  'default',
  'client',
  'server',
]);

/**
 * A name's words: split at `-_.+:` and where letters meet digits (`zlib1g` → zlib, 1, g).
 * A loop, not a regular expression: the index splits all 11k catalog names.
 */
function words(name: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= name.length; i++) {
    const c = name.charCodeAt(i);
    const separator = i === name.length || c === 45 || c === 95 || c === 46 || c === 43 || c === 58;
    const prev = name.charCodeAt(i - 1);
    const digitLetter =
      i > start &&
      ((isDigit(prev) && c >= 97 && c <= 122) || (prev >= 97 && prev <= 122 && isDigit(c)));
    if (separator || digitLetter) {
      if (i > start) out.push(name.slice(start, i));
      start = separator ? i + 1 : i;
    }
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNumber(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (!isDigit(word.charCodeAt(i))) return false;
  return true;
}

function tokens(lower: string): string[] {
  return (
    words(lower)
      .filter((t) => !isNumber(t))
      // `libglib` is about `glib`: keep both spellings.
      .flatMap((t) => (t.length > 5 && t.startsWith('lib') ? [t, t.slice(3)] : [t]))
  );
}

/** Tokens that name the software: not generic, not `lib` spelled out (`libxml` is `xml`). */
function stems(lower: string): string[] {
  return words(lower)
    .filter((t) => t.length > 1 && !isNumber(t) && !WEAK_TOKENS.has(t))
    .map((t) => (t.length > 5 && t.startsWith('lib') ? t.slice(3) : t));
}

/** How many edits still read as the same name: one for short names, more for long ones. */
function allowedEdits(length: number): number {
  return length <= 6 ? 1 : length <= 12 ? 2 : 3;
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

/** Rows of typoDistance, reused: it runs for every candidate of every unknown name. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Edit distance counting a swap of neighbours (`ngnix`/`nginx`) as one edit; bounded like above. */
export function typoDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if ((rows[0] as Int32Array).length <= b.length)
    rows = rows.map(() => new Int32Array(b.length * 2 + 1));
  // Three rows: the one before the previous (for swaps), the previous, and the current.
  let [before, prev, row] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const [letter, previous] = [a.charCodeAt(i - 1), i > 1 ? a.charCodeAt(i - 2) : -1];
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const theirs = b.charCodeAt(j - 1);
      let v = (prev[j - 1] as number) + (letter === theirs ? 0 : 1);
      v = Math.min(v, (prev[j] as number) + 1, (row[j - 1] as number) + 1);
      if (j > 1 && previous === theirs && letter === b.charCodeAt(j - 2))
        v = Math.min(v, (before[j - 2] as number) + 1);
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    const spare = before;
    before = prev;
    prev = row;
    row = spare;
  }
  return prev[b.length] as number;
}

/**
 * A name's distinct letter pairs, sorted, the ends marked (`^c`, `l$`) so that even a
 * four-letter name has five, each as a small number below 128 × 128 (two 7-bit letters,
 * anything past ASCII sharing one code). Sharing a code only adds candidates, never loses one.
 */
function bigrams(name: string): Int32Array {
  const grams = new Int32Array(name.length + 1);
  let prev = 0; // ^
  for (let i = 0; i <= name.length; i++) {
    const c = i === name.length ? 1 : Math.min(name.charCodeAt(i), 127); // $ is 1
    grams[i] = prev * 128 + c;
    prev = c;
  }
  grams.sort();
  // Each pair once: a name's count of pairs is of distinct ones.
  let unique = 0;
  for (let i = 0; i < grams.length; i++)
    if (i === 0 || grams[i] !== grams[i - 1]) grams[unique++] = grams[i] as number;
  return grams.slice(0, unique);
}

interface IndexedName {
  name: string;
  lower: string;
  stems: string[];
  /** Computed when first scored: most names never are. */
  tokens?: string[];
}

function tokensOf(entry: IndexedName): string[] {
  entry.tokens ??= tokens(entry.lower);
  return entry.tokens;
}

/**
 * Is `candidate` plausibly the software `target` names? A name holding the target's principal
 * word, or made only of the target's words; else a near spelling whose principal word is near
 * too (so `xz-utils` does not find `xdg-utils`, nor `apt-transport-https` `ruby-elastic-transport`).
 */
function plausible(target: IndexedName, candidate: IndexedName): boolean {
  const [mine, theirs] = [target.stems[0], candidate.stems[0]];
  if (mine !== undefined && candidate.stems.includes(mine)) return true;
  // `mesa-glx` for `libgl1-mesa-glx`: all its words are the target's, not `perl-config-ini`.
  if (theirs !== undefined && candidate.stems.every((s) => target.stems.includes(s))) return true;
  const edits = allowedEdits(target.lower.length);
  if (typoDistance(target.lower, candidate.lower, edits) > edits) return false;
  if (mine === undefined || theirs === undefined) return true;
  const stemEdits = allowedEdits(mine.length);
  return typoDistance(mine, theirs, stemEdits) <= stemEdits;
}

/** The plausibility rule on two plain names (the index applies it to its candidates). */
export function isPlausibleSuggestion(target: string, candidate: string): boolean {
  const [t, c] = [target.toLowerCase(), candidate.toLowerCase()];
  return plausible(
    { name: target, lower: t, stems: stems(t) },
    { name: candidate, lower: c, stems: stems(c) },
  );
}

/** Catalog names indexed by their words and letter pairs; built on the first question. */
export class SuggestionIndex {
  private readonly entries: IndexedName[];
  /** Every name's letter pairs, one name after another: name i's from gramStart[i] on. */
  private readonly grams: Int32Array;
  private readonly gramStart: Int32Array;
  /** Scratch space of candidates(): 1 for each of the target's letter pairs, 0 otherwise. */
  private readonly targetPairs = new Uint8Array(128 * 128);
  private readonly byStem = new Map<string, number[]>();
  /** For each letter pair, the names holding it, shortest first (a length range is a slice). */
  private readonly byPair: Int32Array[] = [];
  private readonly lengths: Int32Array;
  private readonly byLength = new Map<number, number[]>();
  /** Scratch space of candidates(): rare pairs shared with the target, per name, and who has any. */
  private readonly counts: Int32Array;
  private readonly touched: Int32Array;
  /** Scratch space of candidates(), per letter pair of the target: its slice, and their order. */
  private from = new Int32Array(64);
  private to = new Int32Array(64);
  private order = new Int32Array(64);

  constructor(names: readonly string[]) {
    this.entries = names.map((name) => {
      const lower = name.toLowerCase();
      return { name, lower, stems: stems(lower) };
    });
    this.counts = new Int32Array(this.entries.length);
    this.touched = new Int32Array(this.entries.length);
    this.gramStart = new Int32Array(this.entries.length + 1);
    this.lengths = Int32Array.from(this.entries, (entry) => entry.lower.length);
    const all: number[] = [];
    const byPair: number[][] = [];
    // Names in order of length, so that each pair's list comes out sorted by length.
    const byShortest = [...this.entries.keys()].sort(
      (a, b) => (this.lengths[a] as number) - (this.lengths[b] as number) || a - b,
    );
    this.entries.forEach((entry, i) => {
      for (const stem of new Set(entry.stems)) push(this.byStem, stem, i);
      for (const gram of bigrams(entry.lower)) all.push(gram);
      this.gramStart[i + 1] = all.length;
      push(this.byLength, entry.lower.length, i);
    });
    for (const i of byShortest)
      for (let g = this.gramStart[i] as number; g < (this.gramStart[i + 1] as number); g++)
        (byPair[all[g] as number] ??= []).push(i);
    byPair.forEach((names, gram) => (this.byPair[gram] = Int32Array.from(names)));
    this.grams = Int32Array.from(all);
  }

  /** Up to max plausible names, the closest first. */
  suggest(name: string, max = 3): string[] {
    const lower = name.toLowerCase();
    const target: IndexedName = { name, lower, stems: stems(lower) };
    const scored: { name: string; score: number }[] = [];
    for (const i of this.candidates(target)) {
      const candidate = this.entries[i] as IndexedName;
      if (candidate.lower === target.lower || !plausible(target, candidate)) continue;
      scored.push({ name: candidate.name, score: score(target, candidate) });
    }
    scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1));
    return scored.slice(0, max).map((s) => s.name);
  }

  /**
   * Names sharing a word with the target, and names of a near length with enough letter pairs
   * in common to be within the allowed edits: each edit (a swap included) breaks at most three
   * pairs. A name sharing `needed` of the target's pairs shares at least one of its
   * `pairs - needed + 1` rarest: only the names holding the rarest pairs are looked at, and
   * only those holding enough of them have all their pairs counted.
   */
  private candidates(target: IndexedName): Set<number> {
    const found = new Set<number>();
    for (const stem of target.stems) for (const i of this.byStem.get(stem) ?? []) found.add(i);
    const edits = allowedEdits(target.lower.length);
    const grams = bigrams(target.lower);
    const needed = grams.length - 3 * edits;
    const [shortest, longest] = [target.lower.length - edits, target.lower.length + edits];
    if (grams.length > this.from.length) {
      this.from = new Int32Array(grams.length * 2);
      this.to = new Int32Array(grams.length * 2);
      this.order = new Int32Array(grams.length * 2);
    }
    if (needed <= 0) {
      // Too short for pairs to prove anything: every name of a near length is a candidate.
      for (let length = shortest; length <= longest; length++)
        for (const i of this.byLength.get(length) ?? []) found.add(i);
      return found;
    }
    // Each pair's names of a near length: a slice of its list, which is sorted by length.
    const { from, to, order } = this;
    for (let k = 0; k < grams.length; k++) {
      const names = this.byPair[grams[k] as number] ?? EMPTY;
      const [first, end] = [
        this.firstOfLength(names, shortest),
        this.firstOfLength(names, longest + 1),
      ];
      from[k] = first;
      to[k] = end;
      // The pairs in order of how few names hold them (insertion sort: a name has few pairs).
      let at = k;
      for (; at > 0; at--) {
        const before = order[at - 1] as number;
        if ((to[before] as number) - (from[before] as number) <= end - first) break;
        order[at] = before;
      }
      order[at] = k;
    }
    // A name sharing `needed` pairs shares `needed - (pairs - counted)` of the `counted` rarest.
    const counted = Math.min(grams.length, grams.length - needed + 1 + EXTRA_COUNTED);
    const least = needed - (grams.length - counted);
    const { counts, touched, targetPairs, grams: all, gramStart } = this;
    let touches = 0;
    for (let o = 0; o < counted; o++) {
      const k = order[o] as number;
      const names = this.byPair[grams[k] as number] ?? EMPTY;
      for (let n = from[k] as number, end = to[k] as number; n < end; n++) {
        const i = names[n] as number;
        if (counts[i] === 0) touched[touches++] = i;
        counts[i] = (counts[i] as number) + 1;
      }
    }
    for (const gram of grams) targetPairs[gram] = 1;
    for (let t = 0; t < touches; t++) {
      const i = touched[t] as number;
      if ((counts[i] as number) >= least) {
        let shared = 0;
        for (let g = gramStart[i] as number, end = gramStart[i + 1] as number; g < end; g++)
          shared += targetPairs[all[g] as number] as number;
        if (shared >= needed) found.add(i);
      }
      counts[i] = 0;
    }
    for (const gram of grams) targetPairs[gram] = 0;
    return found;
  }

  /** Where names of at least `length` letters start in a list sorted by length. */
  private firstOfLength(names: Int32Array, length: number): number {
    let [low, high] = [0, names.length];
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.lengths[names[mid] as number] as number) < length) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

const EMPTY = new Int32Array(0);

/**
 * Rare pairs counted past the fewest that must be: each makes the count a stronger filter
 * and adds a longer list to count (3 was fastest on 20,000 unknown names).
 */
const EXTRA_COUNTED = 3;

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Lower is better: edit distance, minus agreement on tokens, plus tokens the target did not
 * ask for, then shorter names.
 */
function score(target: IndexedName, candidate: IndexedName): number {
  const limit = Math.max(2, Math.floor(target.lower.length / 3));
  const [mine, theirs] = [tokensOf(target), tokensOf(candidate)];
  const strong = mine.filter((t) => t.length >= 3 && !WEAK_TOKENS.has(t));
  const all = new Set(mine);
  const sharedStrong = strong.filter((t) => theirs.includes(t)).length;
  const distance = boundedDistance(target.lower, candidate.lower, limit);
  const shared = theirs.filter((t) => all.has(t)).length;
  const extra = theirs.length - shared;
  return (
    Math.min(distance, limit + 1) -
    2 * sharedStrong -
    shared +
    0.5 * extra +
    candidate.lower.length / 100
  );
}
