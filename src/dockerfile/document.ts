// The Dockerfile as a list of pieces — each instruction with all its lines, and every
// other line (comments, blanks) on its own — so that a rewrite only touches the text
// of the pieces it changes and everything else comes out byte for byte.

import type { SourceInstruction } from '../parse/instructions.js';

/** A replacement inside one piece: offsets are relative to the piece's text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Piece {
  /** 1-based first and last line. */
  line: number;
  endLine: number;
  /** The instruction's keyword (upper case), or null for a comment or blank line. */
  keyword: string | null;
  /** The lines as written, each ending with `\n` (but the file's last when it has none). */
  original: string;
  edits: TextEdit[];
  /** Whole lines inserted before and after the piece (each without its `\n`). */
  before: string[];
  after: string[];
  /** The piece is left out (the line ends it had go with it). */
  removed: boolean;
}

export class DockerfileDocument {
  readonly pieces: Piece[] = [];
  private readonly byLine = new Map<number, Piece>();
  /** Offset of each line's start in the normalized text (index 0 ↔ line 1). */
  private readonly lineStarts: number[] = [];

  constructor(
    /** Normalized text (no BOM, `\n` line ends). */
    readonly text: string,
    instructions: readonly SourceInstruction[],
  ) {
    const lines = text.split('\n');
    // A final newline leaves an empty last element that is not a line.
    const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
    let offset = 0;
    for (let i = 0; i < count; i++) {
      this.lineStarts.push(offset);
      offset += (lines[i] ?? '').length + 1;
    }
    const starts = new Map(instructions.map((i) => [i.line, i]));
    for (let line = 1; line <= count;) {
      const instruction = starts.get(line);
      const endLine = instruction ? Math.max(line, Math.min(instruction.endLine, count)) : line;
      const piece: Piece = {
        line,
        endLine,
        keyword: instruction?.keyword ?? null,
        original: this.slice(line, endLine),
        edits: [],
        before: [],
        after: [],
        removed: false,
      };
      this.pieces.push(piece);
      for (let l = line; l <= endLine; l++) this.byLine.set(l, piece);
      line = endLine + 1;
    }
  }

  /** The piece that holds `line`. */
  pieceAt(line: number): Piece | undefined {
    return this.byLine.get(line);
  }

  /** The text of line `line` without its line end. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const end = this.text.indexOf('\n', start);
    return this.text.slice(start, end < 0 ? undefined : end);
  }

  /** Offset of (line, column) inside the piece that holds the line. */
  offsetInPiece(piece: Piece, line: number, column: number): number {
    return (this.lineStarts[line - 1] ?? 0) - (this.lineStarts[piece.line - 1] ?? 0) + column;
  }

  private slice(line: number, endLine: number): string {
    const start = this.lineStarts[line - 1] ?? 0;
    const next = this.lineStarts[endLine];
    return this.text.slice(start, next === undefined ? undefined : next);
  }

  /** The rewritten piece: inserted lines, then the edited text (nothing when removed). */
  converted(piece: Piece): string {
    const inserted = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');
    const body = piece.removed ? '' : applyEdits(piece.original, piece.edits);
    // A piece that ends the file without a newline gets one before lines added after it.
    const joint = piece.after.length > 0 && body !== '' && !body.endsWith('\n') ? '\n' : '';
    return inserted(piece.before) + body + joint + inserted(piece.after);
  }

  render(): string {
    return this.pieces.map((p) => this.converted(p)).join('');
  }
}

/** Apply non-overlapping edits; an edit overlapping an earlier one is a bug in the caller. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const edit of sorted) {
    if (edit.start < pos) throw new Error(`overlapping edits at ${edit.start}`);
    out += text.slice(pos, edit.start) + edit.text;
    pos = edit.end;
  }
  return out + text.slice(pos);
}
