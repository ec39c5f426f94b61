// `--debug` prints stack traces. The CLI runs as bundles (scripts/bundle.ts), whose positions
// (`wolfify-<hash>.cjs:51:443203`) say nothing to the person reading them; each bundle has its
// source map beside it (`<bundle>.map`), so a frame in a bundle is shown where it is in src/.
// Only read when a trace is printed: a normal run never opens a map.

import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WRAPPER_HEAD } from './code-cache.js';

/** `    at name (/path/file.cjs:12:34)` or `    at /path/file.cjs:12:34`. */
const FRAME = /^(\s*at (?:.+ \()?)(\/.+?\.c?js):(\d+):(\d+)(\)?)$/;

const maps = new Map<string, SourceMap | null>();

function mapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as never);
    } catch {
      map = null; // not a bundle (tsc's modules), or no map shipped: the frame stays
    }
    maps.set(file, map);
  }
  return map;
}

/** The place in src/ of a position in a bundle, or null. */
function original(file: string, line: number, column: number): string | null {
  const map = mapOf(file);
  if (!map) return null;
  // The code cache's wrapper (src/cli/code-cache.ts) sits before the bundle's first line.
  const shift = line === 1 && file.endsWith('.cjs') ? WRAPPER_HEAD.length : 0;
  const entry = map.findEntry(line - 1, column - 1 - shift) as {
    originalSource?: string;
    originalLine?: number;
    originalColumn?: number;
  };
  if (entry.originalSource === undefined || entry.originalLine === undefined) return null;
  const source = entry.originalSource.startsWith('file:')
    ? fileURLToPath(entry.originalSource)
    : isAbsolute(entry.originalSource)
      ? entry.originalSource
      : resolve(dirname(file), entry.originalSource);
  return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
}

/** A stack trace with each frame in a bundle replaced by its place in the sources. */
export function sourceStack(stack: string): string {
  return stack
    .split('\n')
    .map((frame) => {
      const m = FRAME.exec(frame);
      if (!m) return frame;
      const [, head = '', file = '', line = '', column = '', tail = ''] = m;
      const place = original(file, Number(line), Number(column));
      return place ? `${head}${place}${tail}` : frame;
    })
    .join('\n');
}
