// dockerfile-ast finds where each instruction starts and what its keyword is;
// from there we read its text ourselves (continuations, comment lines, heredoc
// bodies), because that is where dockerfile-ast stops following Docker.

import dockerfileAst from 'dockerfile-ast';
import { deepFreeze } from '../deep-freeze.js';
import { WolfifyError } from '../errors.js';
import { readHeredocBodies, heredocMarker, type HeredocBody } from './heredoc.js';
import { joinSegments, readLogicalLine, type Segment } from './logical-line.js';
import type { SourceText } from './source.js';
import { extractFlags, splitRawWords } from './words.js';

const { DockerfileParser } = dockerfileAst;

/** BuildKit reads heredocs only for these. */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

export interface SourceInstruction {
  /** Upper-cased, as Docker compares them. */
  keyword: string;
  line: number;
  endLine: number;
  raw: string;
  /** The logical line after the keyword, one segment per physical line. */
  segments: Segment[];
  /** The segments joined as Docker joins them (escape + newline removed). */
  text: string;
  heredocs: HeredocBody[];
}

export interface SourceDocument {
  directives: Record<string, string>;
  escape: string;
  instructions: SourceInstruction[];
}

// The last text's instructions are kept: parseDockerfile keeps its own last result, but the
// same text also comes back with other build args, and to the Dockerfile rewriter
// (src/dockerfile/index.ts), which parses it and then reads its instructions.
let last: { text: string; document: SourceDocument } | null = null;

export function readInstructions(source: SourceText, file: string | null): SourceDocument {
  if (last?.text === source.text) return last.document;
  // `file` only names the file in errors, and a document that failed is not kept.
  const document = deepFreeze(readDocument(source, file));
  last = { text: source.text, document };
  return document;
}

function readDocument(source: SourceText, file: string | null): SourceDocument {
  const document = DockerfileParser.parse(source.text);
  const directives: [string, string][] = [];
  let escape = '\\';
  for (const directive of document.getDirectives()) {
    const name = directive.getName().toLowerCase();
    // Docker allows each directive once; the first one counts.
    if (directives.some(([known]) => known === name)) continue;
    const value = directive.getValue();
    directives.push([name, value]);
    if (name !== 'escape') continue;
    if (value !== '\\' && value !== '`') {
      throw new WolfifyError(
        `invalid escape directive "${value}": it must be \\ or \``,
        2,
        file,
        directive.getRange().start.line + 1,
      );
    }
    escape = value;
  }

  const { lines } = source;
  const instructions: SourceInstruction[] = [];
  // Index of the first line not yet consumed: dockerfile-ast may see instructions
  // inside heredoc bodies that BuildKit reads as text.
  let nextFree = 0;
  for (const node of document.getInstructions()) {
    const start = node.getRange().start.line;
    if (start < nextFree) continue;
    const keyword = node.getKeyword();
    const keywordEnd = node.getInstructionRange().end;
    const logical = readLogicalLine(lines, keywordEnd.line, keywordEnd.character, escape);
    const text = joinSegments(logical.segments);
    let endLine = logical.endLine;
    let heredocs: HeredocBody[] = [];
    // A marker is a raw word, which is a piece of the text: no `<<`, no heredoc (and no need
    // to split a RUN of thousands of words).
    if (HEREDOC_KEYWORDS.has(keyword) && text.includes('<<')) {
      const words = splitRawWords(text.slice(extractFlags(text).rest), escape);
      const markers = words.flatMap((word) => heredocMarker(word) ?? []);
      if (markers.length > 0) {
        const read = readHeredocBodies(lines, endLine, markers);
        if ('unterminated' in read) {
          throw new WolfifyError(
            `unterminated heredoc: no line "${read.unterminated.name}" ends ${read.unterminated.word}`,
            2,
            file,
            start + 1,
          );
        }
        heredocs = read.bodies;
        endLine = heredocs[heredocs.length - 1]?.endLine ?? endLine;
      }
    }
    instructions.push({
      keyword,
      line: start + 1,
      endLine,
      raw: lines.slice(start, endLine).join('\n'),
      segments: logical.segments,
      text,
      heredocs,
    });
    nextFree = endLine;
  }
  return { directives: Object.fromEntries(directives), escape, instructions };
}
