// Heredocs (`RUN <<EOF`, `COPY <<EOF /dest`), read the way BuildKit does:
// markers are whole words of the instruction line, bodies follow that line in
// order, each ends at a line equal to its name (after leading tabs for `<<-`).

import type { Heredoc } from '../model.js';

export interface HeredocMarker {
  /** The word as written, e.g. `<<-'EOF'`. */
  word: string;
  name: string;
  /** `<<-`: leading tabs are removed from body lines and the terminator. */
  chomp: boolean;
  /** `<<'EOF'` / `<<"EOF"`: the body is not expanded. */
  quoted: boolean;
}

export interface HeredocBody extends HeredocMarker {
  /** Body lines as written, without the terminator. */
  lines: string[];
  /** 1-based line of the first body line (of the terminator when the body is empty). */
  line: number;
  /** 1-based line of the terminator. */
  endLine: number;
  /** The terminator line as written. */
  terminator: string;
}

/** BuildKit's heredoc word pattern: an optional fd, `<<`, an optional `-`, then the name. */
const MARKER = /^(\d*)<<(-?)([^<]*)$/;

export function heredocMarker(word: string): HeredocMarker | null {
  const match = MARKER.exec(word);
  if (!match) return null;
  const written = match[3] ?? '';
  const name = written.replace(/['"\\]/g, '');
  if (name === '') return null;
  return { word, name, chomp: match[2] === '-', quoted: name !== written };
}

/**
 * Reads the bodies of `markers` from `lines`, starting at index `start`.
 * Returns null (with the marker that is missing its terminator) when the file ends first.
 */
export function readHeredocBodies(
  lines: readonly string[],
  start: number,
  markers: readonly HeredocMarker[],
): { bodies: HeredocBody[] } | { unterminated: HeredocMarker } {
  const bodies: HeredocBody[] = [];
  let index = start;
  for (const marker of markers) {
    const first = index;
    for (;;) {
      if (index >= lines.length) return { unterminated: marker };
      const line = lines[index] as string;
      const candidate = marker.chomp ? line.replace(/^\t+/, '') : line;
      if (candidate === marker.name) break;
      index++;
    }
    const body = lines.slice(first, index);
    bodies.push({
      ...marker,
      lines: marker.chomp ? body.map((l) => l.replace(/^\t+/, '')) : body,
      line: first + 1,
      endLine: index + 1,
      terminator: lines[index] as string,
    });
    index++;
  }
  return { bodies };
}

/** The file content the heredoc produces: every body line ends with a newline. */
export function heredocContent(body: HeredocBody): string {
  return body.lines.map((l) => `${l}\n`).join('');
}

export function toHeredoc(body: HeredocBody, content: string = heredocContent(body)): Heredoc {
  return { name: body.name, content, line: body.line };
}

const SHELLS = new Set([
  'sh',
  'bash',
  'ash',
  'dash',
  '/bin/sh',
  '/bin/bash',
  '/bin/ash',
  '/bin/dash',
]);
const SHELL_SHEBANG = /^#!\s*(\/usr\/bin\/env\s+)?(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)(\s|$)/;

/**
 * Whether the heredoc *is* the RUN's shell script, so analyzers should read its body:
 * the command words are only the marker (`RUN <<EOF`), or a shell and its options
 * plus the marker, in either order (`RUN bash -e <<EOF`, `RUN <<EOF sh`). A body
 * whose `#!` line names another interpreter (python, node…) is not a shell script.
 */
export function isScriptHeredoc(words: readonly string[], body: HeredocBody): boolean {
  const markerAt = words.indexOf(body.word);
  if (markerAt !== 0 && markerAt !== words.length - 1) return false;
  const others = words.filter((_, i) => i !== markerAt);
  if (others.length > 0) {
    const [shell, ...options] = others;
    if (shell === undefined || !SHELLS.has(shell)) return false;
    for (let i = 0; i < options.length; i++) {
      const option = options[i] as string;
      if (option === '-o' && i + 1 < options.length) i++;
      else if (!/^[-+][a-z]+$/.test(option)) return false;
    }
  }
  const firstLine = body.lines[0] ?? '';
  return !firstLine.startsWith('#!') || SHELL_SHEBANG.test(firstLine);
}
