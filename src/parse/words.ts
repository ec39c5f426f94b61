// Splitting instruction text into words the way Docker's Dockerfile parser does
// (moby/buildkit frontend/dockerfile/parser/line_parsers.go): quotes and escapes
// are kept in the words; removing them is the job of word expansion (expand.ts).

const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n';

/** Docker `parseWords`: whitespace-separated words, quote-aware, quotes and escapes kept. */
export function splitRawWords(text: string, escape: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let blankOk = false;
  let quote: string | null = null;
  for (let pos = 0; pos < text.length; pos++) {
    let ch = text[pos] as string;
    if (quote !== null) {
      if (ch === quote) quote = null;
      else if (ch === escape && quote !== "'") {
        if (pos + 1 === text.length) continue;
        word += ch;
        pos++;
        ch = text[pos] as string;
      }
      word += ch;
      continue;
    }
    if (isSpace(ch)) {
      if (inWord && (blankOk || word.length > 0)) words.push(word);
      word = '';
      inWord = false;
      blankOk = false;
      continue;
    }
    inWord = true;
    if (ch === "'" || ch === '"') {
      quote = ch;
      blankOk = true;
    } else if (ch === escape) {
      if (pos + 1 === text.length) continue;
      word += ch;
      pos++;
      ch = text[pos] as string;
    }
    word += ch;
  }
  if (inWord && (blankOk || word.length > 0)) words.push(word);
  return words;
}

export interface RawFlag {
  name: string;
  /** null for a bare `--flag`. Quotes and backslash escapes are already removed, as Docker does. */
  value: string | null;
}

/**
 * Docker `extractBuilderFlags`: leading `--name[=value]` words. Returns them and
 * the offset where the instruction's own arguments start. Docker always uses
 * backslash here, whatever the escape directive says.
 */
export function extractFlags(text: string): { flags: RawFlag[]; rest: number } {
  const flags: RawFlag[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isSpace(text[pos] as string)) pos++;
    if (!text.startsWith('--', pos)) return { flags, rest: pos };
    const { word, end } = readFlagWord(text, pos);
    // A lone `--` ends the flags, and is itself dropped.
    if (word === '--') return { flags, rest: end };
    const body = word.slice(2);
    const eq = body.indexOf('=');
    flags.push(
      eq < 0 ? { name: body, value: null } : { name: body.slice(0, eq), value: body.slice(eq + 1) },
    );
    pos = end;
  }
}

function readFlagWord(text: string, start: number): { word: string; end: number } {
  let word = '';
  let quote: string | null = null;
  let pos = start;
  for (; pos < text.length; pos++) {
    let ch = text[pos] as string;
    if (quote === null && isSpace(ch)) break;
    if (quote === null && (ch === "'" || ch === '"')) {
      quote = ch;
      continue;
    }
    if (quote !== null && ch === quote) {
      quote = null;
      continue;
    }
    if (ch === '\\') {
      if (pos + 1 === text.length) continue;
      pos++;
      ch = text[pos] as string;
    }
    word += ch;
  }
  return { word, end: pos };
}
