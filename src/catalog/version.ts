// apk version ordering, enough to pick the newest of several index entries
// and to order version families (`python-3.10` < `python-3.9` would be wrong as text).

const SUFFIX_ORDER: Record<string, number> = {
  alpha: -4,
  beta: -3,
  pre: -2,
  rc: -1,
  '': 0,
  cvs: 1,
  svn: 2,
  git: 3,
  hg: 4,
  p: 5,
};

interface Parsed {
  parts: (number | string)[];
  suffixes: [number, number][];
  release: number;
}

function parse(version: string): Parsed {
  let rest = version;
  let release = 0;
  const r = /-r(\d+)$/.exec(rest);
  if (r?.[1] !== undefined) {
    release = Number(r[1]);
    rest = rest.slice(0, r.index);
  }
  const [main = '', ...suffixTexts] = rest.split('_');
  const parts: (number | string)[] = [];
  for (const piece of main.split('.')) {
    const m = /^(\d*)([a-z]*)$/i.exec(piece);
    if (m) {
      if (m[1]) parts.push(Number(m[1]));
      if (m[2]) parts.push(m[2]);
    } else {
      parts.push(piece);
    }
  }
  const suffixes: [number, number][] = suffixTexts.map((s) => {
    const m = /^([a-z]*)(\d*)$/.exec(s);
    return [SUFFIX_ORDER[m?.[1] ?? ''] ?? 0, Number(m?.[2] || 0)];
  });
  return { parts, suffixes, release };
}

function comparePart(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return 1;
  if (typeof b === 'number') return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when a < b, positive when a > b, 0 when equal (apk order). */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  const n = Math.max(pa.parts.length, pb.parts.length);
  for (let i = 0; i < n; i++) {
    const x = pa.parts[i];
    const y = pb.parts[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = comparePart(x, y);
    if (c !== 0) return Math.sign(c);
  }
  const s = Math.max(pa.suffixes.length, pb.suffixes.length);
  for (let i = 0; i < s; i++) {
    const [ka, na] = pa.suffixes[i] ?? [0, 0];
    const [kb, nb] = pb.suffixes[i] ?? [0, 0];
    if (ka !== kb) return Math.sign(ka - kb);
    if (na !== nb) return Math.sign(na - nb);
  }
  return Math.sign(pa.release - pb.release);
}

/** `python-3.12-base=3.12.14-r2` → `python-3.12-base`; `so:libc.so.6>=6` → `so:libc.so.6`. */
export function dependencyName(spec: string): string {
  const cut = spec.search(/[<>=~]/);
  return cut === -1 ? spec : spec.slice(0, cut);
}
