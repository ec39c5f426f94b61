// Where a RUN script sits in the Dockerfile, and how its top-level commands are chained.
// The shell parser gives each command's range in the script; this module maps those
// ranges back to Dockerfile lines and columns, and reads the few characters *between*
// sibling commands (`&&`, `;`, newlines, continuations) to know which connector goes
// when a command is removed. Anything else between two commands (`then`, `|`, `(`) means
// they are not plain siblings, and a removed command there is replaced by `true`.

import type { ScriptSpan, SimpleCommand } from '../shell/index.js';

/** Row r of the script is Dockerfile line `line`, starting at `column`. */
interface RowPlace {
  /** Offset of the row in the script. */
  start: number;
  /** Length of the row's text, its continuation joiner included. */
  length: number;
  line: number;
  column: number;
}

export interface SourcePosition {
  line: number;
  column: number;
}

/** Maps script offsets to Dockerfile positions; null when a row cannot be found verbatim. */
export class ScriptPlacement {
  private constructor(
    readonly script: string,
    private readonly rows: RowPlace[],
  ) {}

  /**
   * `lineText(n)` gives Dockerfile line n. Each script row is either a whole line's tail
   * (its last row, heredoc lines) or a line's text up to its continuation escape.
   */
  static locate(
    script: string,
    lineMap: readonly number[],
    lineText: (line: number) => string,
    escape: string,
  ): ScriptPlacement | null {
    const texts = script.split('\n');
    const rows: RowPlace[] = [];
    let start = 0;
    for (const [r, row] of texts.entries()) {
      const line = lineMap[r];
      if (line === undefined) return null;
      const source = lineText(line);
      const column = rowColumn(row, source, escape, r < texts.length - 1);
      if (column === null) return null;
      rows.push({ start, length: row.length, line, column });
      start += row.length + 1;
    }
    return new ScriptPlacement(script, rows);
  }

  position(offset: number): SourcePosition {
    let row = this.rows[0] as RowPlace;
    for (const r of this.rows) if (r.start <= offset) row = r;
    return { line: row.line, column: row.column + Math.min(offset - row.start, row.length) };
  }

  /** Dockerfile lines the script's rows occupy. */
  lines(): Set<number> {
    return new Set(this.rows.map((r) => r.line));
  }

  /** Offsets [start, end) of the row holding `offset`, and of the next row's start. */
  rowAt(offset: number): { start: number; end: number; last: boolean } {
    let index = 0;
    for (const [i, r] of this.rows.entries()) if (r.start <= offset) index = i;
    const row = this.rows[index] as RowPlace;
    return {
      start: row.start,
      end: row.start + row.length,
      last: index === this.rows.length - 1,
    };
  }
}

function rowColumn(row: string, source: string, escape: string, continued: boolean): number | null {
  // The row is the tail of its line: the last row, heredoc script lines.
  if (source.endsWith(row)) return source.length - row.length;
  // A continued row: the line's text up to its escape, with blanks allowed after it.
  if (continued && row.endsWith('\\')) {
    const content = row.slice(0, -1);
    const trimmed = source.trimEnd();
    const column = trimmed.length - 1 - content.length;
    if (column >= 0 && trimmed.endsWith(escape) && source.startsWith(content, column))
      return column;
  }
  return null;
}

// ---------------------------------------------------------------- connectors

export type Separator = ';' | '&&' | '||' | '|' | '&';

/** What lies between two commands: one separator and blanks, or something else. */
export interface Gap {
  separator: Separator | null;
  clean: boolean;
}

/**
 * Read the text between two commands. Newlines count as `;`; a newline after `&&`
 * or `||` only continues the line. Comments run to the end of their line.
 */
export function readGap(text: string): Gap {
  let newline = false;
  const operators: Separator[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === ' ' || ch === '\t') continue;
    if (ch === '\\' && next === '\n') {
      i++;
      continue;
    }
    if (ch === '\n') {
      newline = true;
      continue;
    }
    if (ch === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if ((ch === '&' || ch === '|') && next === ch) {
      operators.push(ch === '&' ? '&&' : '||');
      i++;
      continue;
    }
    if (ch === ';' && next !== ';') {
      operators.push(';');
      continue;
    }
    if (ch === '|' || ch === '&') {
      operators.push(ch);
      continue;
    }
    return { separator: null, clean: false };
  }
  const strong = operators.filter((op) => op !== ';');
  if (strong.length > 1) return { separator: null, clean: false };
  if (strong.length === 1) {
    // `a; && b` is not a list; `a &&\n b` is.
    if (operators.length > 1) return { separator: null, clean: false };
    return { separator: strong[0] as Separator, clean: true };
  }
  return { separator: operators.length > 0 || newline ? ';' : null, clean: true };
}

// ---------------------------------------------------------------- top-level items

/** A top-level command of the script, or `X || true` taken together. */
export interface ScriptItem {
  command: SimpleCommand;
  span: ScriptSpan;
  /**
   * Plain `;`/`&&`/newline (or the script's edge) on both sides: the item can go with one
   * connector. Otherwise (`a | b`, `then a; fi`, `a >/dev/null`) it is replaced by `true`.
   */
  detachable: boolean;
}

/**
 * A run of items joined only by `&&`, `;` or newlines: within it a command and one
 * connector can go without changing what the others do.
 */
export interface ItemGroup {
  items: ScriptItem[];
  /** The group is the whole script (nothing but blanks before and after it). */
  whole: boolean;
}

const NO_OPS: ReadonlySet<string> = new Set(['true', ':']);

/** Top-level commands (not inside another command's words) grouped into plain lists. */
export function groupItems(script: string, commands: readonly SimpleCommand[]): ItemGroup[] {
  const spanned = commands.filter(
    (c): c is SimpleCommand & { span: ScriptSpan } => c.span !== null,
  );
  const top = spanned
    .filter(
      (c) =>
        !spanned.some(
          (o) =>
            o !== c &&
            o.span.start <= c.span.start &&
            o.span.end >= c.span.end &&
            (o.span.start < c.span.start || o.span.end > c.span.end),
        ),
    )
    .sort((a, b) => a.span.start - b.span.start);
  // `X || true`: the pair is one item.
  const items: ScriptItem[] = [];
  for (const command of top) {
    const previous = items[items.length - 1];
    if (
      previous &&
      NO_OPS.has(command.argv[0] ?? '') &&
      command.argv.length === 1 &&
      readGap(script.slice(previous.span.end, command.span.start)).separator === '||'
    ) {
      previous.span = { start: previous.span.start, end: command.span.end };
      continue;
    }
    items.push({ command, span: { ...command.span }, detachable: false });
  }
  const gaps = items.map((item, i) =>
    readGap(script.slice(i === 0 ? 0 : (items[i - 1]?.span.end ?? 0), item.span.start)),
  );
  gaps.push(readGap(script.slice(items[items.length - 1]?.span.end ?? 0)));
  const plain = (gap: Gap, edge: boolean): boolean =>
    gap.clean &&
    (edge
      ? gap.separator === null || gap.separator === ';'
      : gap.separator === ';' || gap.separator === '&&');
  for (const [i, item] of items.entries()) {
    item.detachable =
      plain(gaps[i] as Gap, i === 0) && plain(gaps[i + 1] as Gap, i === items.length - 1);
  }
  const groups: ItemGroup[] = [];
  let current: ScriptItem[] = [];
  let startsClean = false;
  for (const [i, item] of items.entries()) {
    const before = readGap(
      script.slice(i === 0 ? 0 : (items[i - 1]?.span.end ?? 0), item.span.start),
    );
    const joined = i > 0 && before.clean && (before.separator === ';' || before.separator === '&&');
    if (!joined) {
      if (current.length > 0) groups.push({ items: current, whole: false });
      current = [];
      startsClean =
        i === 0 && before.clean && before.separator !== '&&' && before.separator !== '||';
    }
    current.push(item);
  }
  if (current.length > 0) {
    const last = current[current.length - 1] as ScriptItem;
    const after = readGap(script.slice(last.span.end));
    const endsClean = after.clean && (after.separator === null || after.separator === ';');
    groups.push({ items: current, whole: startsClean && endsClean && groups.length === 0 });
  }
  return groups;
}
