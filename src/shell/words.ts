// Word expansion as the shell does it, limited to what is knowable before the build
// runs: parameter expansion from known variables, quote removal, and field splitting
// of unquoted expansions. Anything else (command substitution, arithmetic, unknown
// variables) keeps its source text and marks the word dynamic.

import type { Node } from 'web-tree-sitter';
import type { ShellWord } from './command.js';
import type { Scope } from './scope.js';

export interface ExpansionContext {
  /** The text the nodes were parsed from: gaps between child nodes are read from it. */
  source: string;
  scope: Scope;
  /** Called for every `$( … )`, backtick and `<( … )` so its commands are walked too. */
  substitution(node: Node): void;
  /**
   * Keep backslash-newline inside double quotes. Used when a string is re-parsed as a
   * script (`sh -c "…"`): the nested parse then counts the same rows as the outer one.
   */
  keepContinuations?: boolean;
}

/** A piece of a word; only unquoted, non-dynamic pieces are subject to field splitting. */
interface Piece {
  text: string;
  quoted: boolean;
  dynamic: boolean;
}

/** Characters of the default IFS. */
function isIfs(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n';
}

/** Expand one word into zero or more fields (`$PKGS` with `a b` gives two). */
export function expandFields(node: Node, ctx: ExpansionContext): ShellWord[] {
  return splitFields(pieces(node, ctx, false));
}

/** Expand a word without field splitting, as in `X=$Y` or a redirect target. */
export function expandJoined(node: Node, ctx: ExpansionContext): ShellWord {
  const parts = pieces(node, ctx, true);
  return { value: parts.map((p) => p.text).join(''), dynamic: parts.some((p) => p.dynamic) };
}

/** Expand the body of a heredoc whose delimiter is unquoted. */
export function expandHeredoc(body: Node, ctx: ExpansionContext): ShellWord {
  const parts = spanPieces(body, body.startIndex, body.endIndex, ctx, true, heredocUnescape);
  return { value: parts.map((p) => p.text).join(''), dynamic: parts.some((p) => p.dynamic) };
}

function splitFields(parts: Piece[]): ShellWord[] {
  const fields: ShellWord[] = [];
  let text = '';
  let dynamic = false;
  let open = false;
  const close = (): void => {
    if (open) fields.push({ value: text, dynamic });
    text = '';
    dynamic = false;
    open = false;
  };
  for (const part of parts) {
    if (part.quoted || part.dynamic) {
      text += part.text;
      dynamic ||= part.dynamic;
      open = true;
      continue;
    }
    for (const ch of part.text) {
      if (isIfs(ch)) close();
      else {
        text += ch;
        open = true;
      }
    }
  }
  close();
  return fields;
}

function literal(text: string, quoted: boolean): Piece {
  return { text, quoted, dynamic: false };
}

function unresolved(node: Node): Piece {
  return { text: node.text, quoted: true, dynamic: true };
}

/** Expansions nested deeper than this (`${A:-${B:-…}}`) are left unevaluated. */
const MAX_EXPANSION_DEPTH = 64;

function pieces(node: Node, ctx: ExpansionContext, quoted: boolean, depth = 0): Piece[] {
  if (depth > MAX_EXPANSION_DEPTH) return [unresolved(node)];
  switch (node.type) {
    case 'word':
      return quoted
        ? [literal(doubleQuoteUnescape(node.text, ctx), true)]
        : unquotedWord(node.text, ctx);
    case 'raw_string':
      return [literal(node.text.slice(1, -1), true)];
    case 'ansi_c_string':
      return [literal(ansiCUnescape(node.text.slice(2, -1)), true)];
    // The empty quoted piece keeps `""` as one empty field, as the shell does.
    case 'string':
      return [
        literal('', true),
        ...spanPieces(
          node,
          node.startIndex + 1,
          node.endIndex - 1,
          ctx,
          true,
          doubleQuoteUnescape,
          depth,
        ),
      ];
    case 'translated_string':
      return [
        literal('', true),
        ...spanPieces(
          node,
          node.startIndex + 2,
          node.endIndex - 1,
          ctx,
          true,
          doubleQuoteUnescape,
          depth,
        ),
      ];
    case 'string_content':
      return [literal(doubleQuoteUnescape(node.text, ctx), true)];
    case 'concatenation':
      return spanPieces(node, node.startIndex, node.endIndex, ctx, quoted, (t) => t, depth);
    case 'simple_expansion':
      return simpleExpansion(node, ctx, quoted);
    case 'expansion':
      return parameterExpansion(node, ctx, quoted, depth);
    case 'command_substitution':
    case 'process_substitution':
      ctx.substitution(node);
      return [unresolved(node)];
    case 'arithmetic_expansion':
      return [unresolved(node)];
    default:
      // number, brace_expression, regex, extglob_pattern …: taken as written.
      return [literal(node.text, quoted)];
  }
}

/**
 * Pieces of the source range [from, to) of `node`: its named children expanded, and
 * any text between them (quote characters excluded by the caller's range) kept literal.
 */
function spanPieces(
  node: Node,
  from: number,
  to: number,
  ctx: ExpansionContext,
  quoted: boolean,
  unescapeGap: (text: string, ctx: ExpansionContext) => string,
  depth = 0,
): Piece[] {
  const out: Piece[] = [];
  let pos = from;
  const gap = (end: number): void => {
    if (end > pos) {
      const raw = ctx.source.slice(pos, end);
      if (quoted) out.push(literal(unescapeGap(raw, ctx), true));
      else out.push(...unquotedWord(raw, ctx));
    }
  };
  for (const child of node.namedChildren) {
    if (!child || child.startIndex < pos || child.endIndex > to) continue;
    gap(child.startIndex);
    out.push(...pieces(child, ctx, quoted, depth + 1));
    pos = child.endIndex;
  }
  gap(to);
  return out;
}

function simpleExpansion(node: Node, ctx: ExpansionContext, quoted: boolean): Piece[] {
  const name = node.namedChild(0);
  if (!name || name.type !== 'variable_name') return [unresolved(node)];
  const found = ctx.scope.lookup(name.text);
  return found.state === 'known' ? [literal(found.value, quoted)] : [unresolved(node)];
}

/** `${X}`, `${X:-default}`, `${X:+alt}`, `${X#prefix}`, `${X%suffix}`; the rest is dynamic. */
function parameterExpansion(
  node: Node,
  ctx: ExpansionContext,
  quoted: boolean,
  depth: number,
): Piece[] {
  const kids = node.children.filter((k): k is Node => k !== null);
  const nameNode = kids[1];
  if (!nameNode || nameNode.type !== 'variable_name') return [unresolved(node)];
  const found = ctx.scope.lookup(nameNode.text);
  const opNode = kids[2];
  const close = kids[kids.length - 1];
  if (!opNode || opNode.type === '}' || !close) {
    return found.state === 'known' ? [literal(found.value, quoted)] : [unresolved(node)];
  }
  const op = opNode.text;
  const operand = (): Piece[] =>
    spanPieces(
      node,
      opNode.endIndex,
      close.startIndex,
      ctx,
      quoted,
      doubleQuoteUnescape,
      depth + 1,
    );
  const isEmpty = found.state === 'known' && found.value === '';
  switch (op) {
    case ':-':
    case '-':
    case ':=':
    case '=': {
      if (found.state === 'unknown') return [unresolved(node)];
      const useDefault = found.state === 'unset' || (op.startsWith(':') && isEmpty);
      if (found.state === 'known' && !useDefault) return [literal(found.value, quoted)];
      const value = operand();
      if (op.endsWith('=')) {
        const text = value.map((p) => p.text).join('');
        ctx.scope.assign(nameNode.text, value.some((p) => p.dynamic) ? null : text);
      }
      return value;
    }
    case ':+':
    case '+': {
      if (found.state === 'unknown') return [unresolved(node)];
      const set = found.state === 'known' && !(op === ':+' && isEmpty);
      return set ? operand() : [];
    }
    case '#':
    case '##':
    case '%':
    case '%%': {
      if (found.state !== 'known') return [unresolved(node)];
      const pattern = operand();
      const text = pattern.map((p) => p.text).join('');
      // Only literal patterns: glob matching is not worth emulating here.
      if (
        pattern.some((p) => p.dynamic) ||
        [...text].some((ch) => ch === '*' || ch === '?' || ch === '[')
      )
        return [unresolved(node)];
      const value = found.value;
      if (op.startsWith('#'))
        return [literal(value.startsWith(text) ? value.slice(text.length) : value, quoted)];
      return [
        literal(value.endsWith(text) ? value.slice(0, value.length - text.length) : value, quoted),
      ];
    }
    default:
      return [unresolved(node)];
  }
}

/** An unquoted word: a backslash quotes the next character; backslash-newline vanishes. */
function unquotedWord(text: string, ctx: ExpansionContext): Piece[] {
  const out: Piece[] = [];
  let plain = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch !== '\\' || i + 1 >= text.length) {
      plain += ch;
      continue;
    }
    const next = text[++i] ?? '';
    if (plain) out.push(literal(plain, false));
    plain = '';
    if (next === '\n') {
      if (ctx.keepContinuations) out.push(literal('\\\n', true));
    } else out.push(literal(next, true));
  }
  if (plain) out.push(literal(plain, false));
  return out;
}

/** Inside double quotes a backslash only escapes `$`, `` ` ``, `"`, `\` and newline. */
function doubleQuoteUnescape(text: string, ctx: ExpansionContext): string {
  return backslashUnescape(text, ctx, '$`"\\');
}

/** In an unquoted heredoc, `"` is an ordinary character. */
function heredocUnescape(text: string, ctx: ExpansionContext): string {
  return backslashUnescape(text, ctx, '$`\\');
}

function backslashUnescape(text: string, ctx: ExpansionContext, escapable: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const next = text[i + 1];
    if (ch === '\\' && next !== undefined && (escapable.includes(next) || next === '\n')) {
      if (next === '\n' && ctx.keepContinuations) out += '\\\n';
      else if (next !== '\n') out += next;
      i++;
    } else out += ch;
  }
  return out;
}

const ANSI_C: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** `$'…'` strings: C escapes, including `\xHH`. */
function ansiCUnescape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const next = text[i + 1];
    if (ch !== '\\' || next === undefined) {
      out += ch;
      continue;
    }
    const simple = ANSI_C[next];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (next === 'x') {
      let hex = '';
      while (hex.length < 2 && isHexDigit(text[i + 2 + hex.length]))
        hex += text[i + 2 + hex.length];
      out += hex ? String.fromCharCode(parseInt(hex, 16)) : '\\x';
      i += 1 + hex.length;
    } else {
      out += ch + next;
      i++;
    }
  }
  return out;
}

function isHexDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch.length === 1 && '0123456789abcdefABCDEF'.includes(ch);
}
