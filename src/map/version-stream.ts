// Version streams: packages of the image's own runtime follow the image's version. apt's
// `python3` or `python3-pip` in a python:3.11 image is Python 3.11 there, and so are tools
// tied to it (poetry, pip, bundler): py3.11-pip, never python-3.14 beside python-3.11.

import type { Catalog } from '../catalog/catalog.js';

interface Stream {
  /** The image's version-family package: `python-3.11` → 3.11. */
  family: RegExp;
  /** Names of the runtime itself and of packages built per version: [pattern, rebuild]. */
  members: [RegExp, (version: string, rest: string) => string][];
}

const STREAMS: readonly Stream[] = [
  {
    family: /^python-(3\.\d+)$/,
    members: [
      [/^python-3\.\d+(-.+)?$/, (v, rest) => `python-${v}${rest}`],
      [/^py3\.\d+-(.+)$/, (v, rest) => `py${v}-${rest}`],
      // Version-less meta packages (py3-pip) pull in the default Python: use the image's.
      [/^py3-(.+)$/, (v, rest) => `py${v}-${rest}`],
    ],
  },
  {
    family: /^ruby-(\d+\.\d+)$/,
    members: [
      [/^ruby-\d+\.\d+(-.+)?$/, (v, rest) => `ruby-${v}${rest}`],
      [/^ruby\d+\.\d+-(.+)$/, (v, rest) => `ruby${v}-${rest}`],
    ],
  },
  {
    family: /^php-(8\.\d+)$/,
    members: [[/^php-8\.\d+(-.+)?$/, (v, rest) => `php-${v}${rest}`]],
  },
  {
    family: /^nodejs-(\d+)$/,
    members: [[/^nodejs-\d+(-.+)?$/, (v, rest) => `nodejs-${v}${rest}`]],
  },
  {
    family: /^openjdk-(\d+)$/,
    members: [[/^openjdk-\d+(-.+)?$/, (v, rest) => `openjdk-${v}${rest}`]],
  },
];

/**
 * `name` as the image's runtime version has it (`python-3.14` → `python-3.11` when the
 * image's family is `python-3.11`), or null when it is not of that runtime, already
 * follows it, or the catalog has no such package.
 */
export function followImageVersion(
  name: string,
  family: string | null,
  catalog: Catalog,
): string | null {
  if (!family) return null;
  for (const stream of STREAMS) {
    const version = stream.family.exec(family)?.[1];
    if (!version) continue;
    for (const [pattern, rebuild] of stream.members) {
      const m = pattern.exec(name);
      if (!m) continue;
      const wanted = rebuild(version, m[1] ?? '');
      return wanted !== name && catalog.has(wanted) ? wanted : null;
    }
  }
  return null;
}
