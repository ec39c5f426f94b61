// The Dockerfile text as lines, normalized once so that every later step
// (dockerfile-ast and our own line reading) agrees on line numbers.

import { MAX_INPUT_BYTES, inputTooLarge } from './limits.js';

export interface SourceText {
  /** Text without BOM, with `\n` line ends. */
  text: string;
  /** `lines[i]` is Dockerfile line i + 1. */
  lines: string[];
  /** What normalization removed: a UTF-8 byte order mark, CRLF line ends. */
  bom: boolean;
  crlf: boolean;
}

export function readSource(text: string, fileName: string | null): SourceText {
  // Checked before anything else touches the text: the cost of what follows is per byte.
  if (text.length > MAX_INPUT_BYTES || Buffer.byteLength(text, 'utf8') > MAX_INPUT_BYTES)
    throw inputTooLarge(fileName);
  // Docker ignores a UTF-8 BOM. A lone CR becomes a line break too, because editors
  // (and dockerfile-ast's line numbering) treat it as one.
  const bom = text.startsWith('\uFEFF');
  const crlf = text.includes('\r');
  const normalized = (bom ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  return { text: normalized, lines: normalized.split('\n'), bom, crlf };
}
