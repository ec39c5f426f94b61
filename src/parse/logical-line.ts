// Docker's line continuation rules, which dockerfile-ast only half applies
// (its argument text keeps comment lines that sit inside a continued RUN).

/** One physical line's share of a logical instruction line. */
export interface Segment {
  /** 1-based Dockerfile line. */
  line: number;
  /** The text on that line, without the trailing escape character. */
  text: string;
}

export interface LogicalLine {
  segments: Segment[];
  /** 1-based line of the last segment. */
  endLine: number;
}

/**
 * Reads one logical line starting at `lines[start]`, column `column`.
 * Like Docker: a line ending in the escape character (trailing blanks allowed)
 * continues on the next line, and blank or `#` comment lines met while
 * continuing are dropped, not passed to the shell.
 */
export function readLogicalLine(
  lines: readonly string[],
  start: number,
  column: number,
  escape: string,
): LogicalLine {
  const segments: Segment[] = [];
  let index = start;
  let text = (lines[index] ?? '').slice(column);
  for (;;) {
    const cut = continuationCut(text, escape);
    if (cut < 0) {
      segments.push({ line: index + 1, text });
      return { segments, endLine: index + 1 };
    }
    segments.push({ line: index + 1, text: text.slice(0, cut) });
    index++;
    while (index < lines.length && isSkippedInContinuation(lines[index] ?? '')) index++;
    if (index >= lines.length) {
      return { segments, endLine: segments[segments.length - 1]?.line ?? start + 1 };
    }
    text = lines[index] ?? '';
  }
}

/** Docker-joined text: the escape and newline vanish, nothing is inserted. */
export function joinSegments(segments: readonly Segment[]): string {
  return segments.map((s) => s.text).join('');
}

/** Segments from character `offset` of the joined text on. */
export function segmentsFrom(segments: readonly Segment[], offset: number): Segment[] {
  const result: Segment[] = [];
  let position = 0;
  for (const segment of segments) {
    const end = position + segment.text.length;
    if (end > offset) {
      result.push({ line: segment.line, text: segment.text.slice(Math.max(0, offset - position)) });
    }
    position = end;
  }
  const last = segments[segments.length - 1];
  return result.length === 0 && last ? [{ line: last.line, text: '' }] : result;
}

/** Index of the continuation escape character, or -1 when the line does not continue. */
function continuationCut(text: string, escape: string): number {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end > 0 && text[end - 1] === escape ? end - 1 : -1;
}

function isSkippedInContinuation(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed === '' || trimmed.startsWith('#');
}
