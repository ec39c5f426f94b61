// Docker Bake files (docker-bake.hcl / .json and their .override. variants): which image name
// each target builds from which Dockerfile, so that `FROM acme/base` can follow the
// Dockerfile of the repository that builds it. Pure: file texts in, targets out.
//
// HCL is read by a small tokenizer and parser for the part of HCL bake files use: blocks with
// labels, attributes, strings with `${…}` interpolation of `variable` defaults, heredocs,
// lists, objects, and `inherits`. An expression wolfify cannot evaluate (a function call, an
// operator, a `for`) is parsed past and left unknown: the target's other attributes still count.
// The npm HCL parsers are Go compiled to WebAssembly (megabytes, slow to start) or unmaintained.

/** A bake target that builds an image from a Dockerfile of the repository. */
export interface BakeTarget {
  name: string;
  /** The build context, relative to the bake file's directory (`.` by default). */
  context: string;
  /** The Dockerfile, relative to the context unless absolute (`Dockerfile` by default). */
  dockerfile: string;
  /** Image names the target is tagged with, variables filled in. */
  tags: string[];
}

export interface BakeSource {
  /** `docker-bake.hcl`, `docker-bake.override.json`, …: `.json` files are JSON. */
  name: string;
  text: string;
}

/** The files bake reads by default, in the order it merges them (later ones override). */
export const BAKE_FILES = [
  'docker-bake.json',
  'docker-bake.hcl',
  'docker-bake.override.json',
  'docker-bake.override.hcl',
] as const;

/** An HCL file that does not parse. */
export class BakeSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

// ------------------------------------------------------------------ values

type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'template'; parts: (string | Expr)[] }
  | { kind: 'variable'; name: string }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'object'; entries: [string, Expr][] }
  | { kind: 'unknown' };

type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | undefined;

interface Body {
  attributes: Map<string, Expr>;
  blocks: { type: string; labels: string[]; body: Body }[];
}

/**
 * The targets of a directory's bake files, merged as bake merges them: a later file's
 * variable default or target attribute replaces an earlier one's. As in bake, an environment
 * variable named like a declared variable overrides its default (`TAG=v2 docker buildx bake`).
 * A file that does not parse throws BakeSyntaxError (with `name` in its message).
 */
export function bakeTargets(
  sources: readonly BakeSource[],
  environment: Readonly<Record<string, string | undefined>> = {},
): BakeTarget[] {
  const variables = new Map<string, Expr>();
  const targets = new Map<string, Map<string, Expr>>();
  for (const source of sources) {
    let body: Body;
    try {
      body = source.name.endsWith('.json') ? jsonBody(source.text) : parseHcl(source.text);
    } catch (error) {
      if (error instanceof BakeSyntaxError)
        throw new BakeSyntaxError(`${source.name}:${error.line}: ${error.message}`, error.line);
      throw error;
    }
    for (const block of body.blocks) {
      const label = block.labels[0];
      if (label === undefined) continue;
      if (block.type === 'variable') {
        const value = block.body.attributes.get('default');
        if (value) variables.set(label, value);
        else if (!variables.has(label)) variables.set(label, { kind: 'literal', value: '' });
      } else if (block.type === 'target') {
        const attributes = targets.get(label) ?? new Map<string, Expr>();
        for (const [key, value] of block.body.attributes) attributes.set(key, value);
        targets.set(label, attributes);
      }
    }
  }

  for (const name of variables.keys()) {
    const value = environment[name];
    if (value !== undefined) variables.set(name, { kind: 'literal', value });
  }
  const evaluate = evaluator(variables);
  const resolved = new Map<string, Map<string, Value>>();
  const resolve = (name: string, seen: Set<string>): Map<string, Value> => {
    const done = resolved.get(name);
    if (done) return done;
    const out = new Map<string, Value>();
    const own = targets.get(name);
    if (!own || seen.has(name)) return out;
    seen.add(name);
    // Parents first, in order; the target's own attributes win.
    const inherits = own.get('inherits');
    const parents = inherits ? evaluate(inherits) : undefined;
    for (const parent of Array.isArray(parents) ? parents : [])
      if (typeof parent === 'string')
        for (const [k, v] of resolve(parent, seen)) if (k !== 'inherits') out.set(k, v);
    for (const [k, expr] of own) out.set(k, evaluate(expr));
    resolved.set(name, out);
    return out;
  };

  const out: BakeTarget[] = [];
  for (const name of targets.keys()) {
    const attributes = resolve(name, new Set());
    const tags = attributes.get('tags');
    const context = attributes.get('context') ?? '.';
    const dockerfile = attributes.get('dockerfile') ?? 'Dockerfile';
    if (!Array.isArray(tags) || typeof context !== 'string' || typeof dockerfile !== 'string')
      continue;
    out.push({
      name,
      context,
      dockerfile,
      tags: tags.filter((t): t is string => typeof t === 'string' && t !== ''),
    });
  }
  return out;
}

/** Values of expressions, variables taken from their values (each evaluated once). */
function evaluator(variables: ReadonlyMap<string, Expr>): (expr: Expr) => Value {
  const cache = new Map<string, Value>();
  const evaluating = new Set<string>();
  const variable = (name: string): Value => {
    if (cache.has(name)) return cache.get(name);
    const expr = variables.get(name);
    if (!expr || evaluating.has(name)) return undefined;
    evaluating.add(name);
    const value = evaluate(expr);
    evaluating.delete(name);
    cache.set(name, value);
    return value;
  };
  const evaluate = (expr: Expr): Value => {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'variable':
        return variable(expr.name);
      case 'list':
        return expr.items.map(evaluate);
      case 'object':
        return Object.fromEntries(expr.entries.map(([k, v]) => [k, evaluate(v)]));
      case 'unknown':
        return undefined;
      case 'template': {
        let text = '';
        for (const part of expr.parts) {
          const value = typeof part === 'string' ? part : evaluate(part);
          if (value === undefined || value === null || typeof value === 'object') return undefined;
          text += String(value);
        }
        return text;
      }
    }
  };
  return evaluate;
}

// ------------------------------------------------------------------ JSON

/** A JSON bake file as the HCL body it stands for (its strings are templates too). */
function jsonBody(text: string): Body {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new BakeSyntaxError((error as Error).message, 1);
  }
  const body: Body = { attributes: new Map(), blocks: [] };
  if (!isObject(doc)) return body;
  for (const type of ['variable', 'target'] as const) {
    const blocks = doc[type];
    if (!isObject(blocks)) continue;
    for (const [label, content] of Object.entries(blocks)) {
      const attributes = new Map<string, Expr>();
      if (isObject(content))
        for (const [key, value] of Object.entries(content)) attributes.set(key, jsonExpr(value));
      body.blocks.push({ type, labels: [label], body: { attributes, blocks: [] } });
    }
  }
  return body;
}

function jsonExpr(value: unknown): Expr {
  if (typeof value === 'string') return templateOf(value, 1);
  if (Array.isArray(value)) return { kind: 'list', items: value.map(jsonExpr) };
  if (isObject(value))
    return {
      kind: 'object',
      entries: Object.entries(value).map(([k, v]) => [k, jsonExpr(v)]),
    };
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return { kind: 'literal', value };
  return { kind: 'unknown' };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ------------------------------------------------------------------ HCL tokens

type Token =
  | { kind: 'ident'; text: string; line: number }
  | { kind: 'number'; value: number; line: number }
  | { kind: 'string'; expr: Expr; line: number }
  | { kind: 'punct'; text: string; line: number }
  | { kind: 'newline'; line: number }
  | { kind: 'eof'; line: number };

const PUNCTUATION = ['==', '!=', '<=', '>=', '&&', '||', '=>', '...', ...'{}[]()=,:.?+-*/%<>!'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const at = (s: string) => text.startsWith(s, i);
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      tokens.push({ kind: 'newline', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || at('//')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (at('/*')) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new BakeSyntaxError('unterminated comment', line);
      line += countNewlines(text.slice(i, end));
      i = end + 2;
    } else if (c === '"') {
      const start = line;
      const end = stringEnd(text, i + 1, line);
      const raw = text.slice(i + 1, end);
      tokens.push({ kind: 'string', expr: templateOf(unescape(raw, line), start), line: start });
      line += countNewlines(raw);
      i = end + 1;
    } else if (at('<<')) {
      const heredoc = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(text.slice(i, i + 200));
      if (!heredoc) {
        tokens.push({ kind: 'punct', text: '<', line });
        i++;
        continue;
      }
      const [opener, indent, marker] = heredoc as unknown as [string, string, string];
      const bodyStart = i + opener.length;
      const lines = text.slice(bodyStart).split('\n');
      const closing = lines.findIndex((l) => l.trim() === marker);
      if (closing === -1) throw new BakeSyntaxError(`heredoc ${marker} is not closed`, line);
      let content = lines.slice(0, closing);
      if (indent) {
        const margin = Math.min(
          ...content.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
        );
        content = content.map((l) => l.slice(Number.isFinite(margin) ? margin : 0));
      }
      tokens.push({ kind: 'string', expr: templateOf(content.join('\n') + '\n', line), line });
      const consumed = lines.slice(0, closing + 1).join('\n').length;
      line += closing + 1;
      i = bodyStart + consumed;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(
        text.slice(i, i + 64),
      ) as RegExpExecArray;
      tokens.push({ kind: 'number', value: Number(m[0]), line });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_-]/.test(text[j] as string)) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), line });
      i = j;
    } else {
      const p = PUNCTUATION.find((s) => at(s));
      if (!p) throw new BakeSyntaxError(`unexpected character ${JSON.stringify(c)}`, line);
      tokens.push({ kind: 'punct', text: p, line });
      i += p.length;
    }
  }
  tokens.push({ kind: 'eof', line });
  return tokens;
}

function countNewlines(text: string): number {
  let n = 0;
  for (const c of text) if (c === '\n') n++;
  return n;
}

/** Index of the closing quote of a string starting at `i`, past escapes and `${…}` nesting. */
function stringEnd(text: string, i: number, line: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '\n' && depth === 0) break;
    else if ((c === '$' || c === '%') && text[i + 1] === '{' && text[i - 1] !== c) {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === '"' && depth === 0) return i;
  }
  throw new BakeSyntaxError('unterminated string', line);
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
};

function unescape(raw: string, line: number): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[++i] as string;
    if (next === 'u' || next === 'U') {
      const width = next === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(raw.slice(i + 1, i + 1 + width), 16));
      i += width;
    } else if (ESCAPES[next] !== undefined) out += ESCAPES[next];
    else throw new BakeSyntaxError(`unknown escape \\${next}`, line);
  }
  return out;
}

/** A string's literal text and `${…}` interpolations; `$${` and `%%{` are literal. */
function templateOf(text: string, line: number): Expr {
  const parts: (string | Expr)[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      literal += `${c}{`;
      i += 2;
    } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
      }
      if (depth > 0) throw new BakeSyntaxError('unterminated ${ in a string', line);
      if (literal) parts.push(literal);
      literal = '';
      // A directive (%{ if }) decides text wolfify does not evaluate.
      const inner = text.slice(i + 2, j - 1).replace(/^~|~$/g, '');
      parts.push(c === '%' ? { kind: 'unknown' } : new HclParser(tokenize(inner)).lone());
      i = j - 1;
    } else literal += c;
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts.length === 1 && typeof parts[0] === 'string'
    ? { kind: 'literal', value: parts[0] }
    : { kind: 'template', parts };
}

// ------------------------------------------------------------------ HCL parser

function parseHcl(text: string): Body {
  return new HclParser(tokenize(text)).file();
}

const CLOSERS = new Set([')', ']', '}', ',']);

class HclParser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  file(): Body {
    const body = this.body();
    const t = this.peek();
    if (t.kind !== 'eof') throw this.error(t, 'expected an attribute or a block');
    return body;
  }

  /** One expression filling the whole input (an interpolation). */
  lone(): Expr {
    this.skipNewlines();
    const expr = this.expression();
    this.skipNewlines();
    return this.peek().kind === 'eof' ? expr : { kind: 'unknown' };
  }

  private body(): Body {
    const body: Body = { attributes: new Map(), blocks: [] };
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind !== 'ident') return body;
      this.i++;
      if (this.isPunct('=')) {
        this.i++;
        body.attributes.set(t.text, this.expression());
        this.endOfItem();
        continue;
      }
      const labels: string[] = [];
      for (let l = this.peek(); l.kind === 'ident' || l.kind === 'string'; l = this.peek()) {
        this.i++;
        if (l.kind === 'ident') labels.push(l.text);
        else if (l.expr.kind === 'literal' && typeof l.expr.value === 'string')
          labels.push(l.expr.value);
        else throw this.error(l, 'a block label must be a plain string');
      }
      this.expect('{');
      const inner = this.body();
      this.expect('}');
      this.endOfItem();
      body.blocks.push({ type: t.text, labels, body: inner });
    }
  }

  private expression(): Expr {
    const primary = this.primary();
    // Operators and conditionals: parsed past, their value unknown.
    if (this.peek().kind === 'punct' && !CLOSERS.has((this.peek() as { text: string }).text)) {
      this.skipExpressionRest();
      return { kind: 'unknown' };
    }
    return primary;
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'string') return t.expr;
    if (t.kind === 'number') return { kind: 'literal', value: t.value };
    if (t.kind === 'punct' && (t.text === '-' || t.text === '!')) {
      this.primary();
      return { kind: 'unknown' };
    }
    if (t.kind === 'punct' && t.text === '(') {
      this.skipNewlines();
      this.expression();
      this.skipNewlines();
      this.expect(')');
      return { kind: 'unknown' };
    }
    if (t.kind === 'punct' && t.text === '[') return this.list();
    if (t.kind === 'punct' && t.text === '{') return this.object();
    if (t.kind === 'ident') {
      if (t.text === 'true' || t.text === 'false')
        return { kind: 'literal', value: t.text === 'true' };
      if (t.text === 'null') return { kind: 'literal', value: null };
      if (this.isPunct('(')) {
        this.i++;
        this.sequence(')');
        return this.traversal({ kind: 'unknown' });
      }
      return this.traversal({ kind: 'variable', name: t.text });
    }
    throw this.error(t, 'expected a value');
  }

  /** `.attr` and `[index]` after a value: not evaluated. */
  private traversal(expr: Expr): Expr {
    let out = expr;
    while (this.isPunct('.') || this.isPunct('[')) {
      const open = this.next() as { text: string };
      if (open.text === '.') this.next();
      else {
        this.sequence(']');
      }
      out = { kind: 'unknown' };
    }
    return out;
  }

  private list(): Expr {
    this.skipNewlines();
    if (this.isIdent('for')) {
      this.skipUntilClose(']');
      return { kind: 'unknown' };
    }
    return { kind: 'list', items: this.sequence(']') };
  }

  /** Comma-separated expressions up to `close` (consumed). */
  private sequence(close: string): Expr[] {
    const items: Expr[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct(close)) {
        this.i++;
        return items;
      }
      items.push(this.expression());
      this.skipNewlines();
      if (this.isPunct('...')) this.i++;
      if (this.isPunct(',')) this.i++;
      else if (!this.isPunct(close)) throw this.error(this.peek(), `expected , or ${close}`);
    }
  }

  private object(): Expr {
    this.skipNewlines();
    if (this.isIdent('for')) {
      this.skipUntilClose('}');
      return { kind: 'unknown' };
    }
    const entries: [string, Expr][] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct('}')) {
        this.i++;
        return { kind: 'object', entries };
      }
      const key = this.next();
      const name =
        key.kind === 'ident'
          ? key.text
          : key.kind === 'string' && key.expr.kind === 'literal'
            ? String(key.expr.value)
            : null;
      if (name === null) throw this.error(key, 'expected an object key');
      if (!this.isPunct('=') && !this.isPunct(':'))
        throw this.error(this.peek(), 'expected = or :');
      this.i++;
      entries.push([name, this.expression()]);
      if (this.isPunct(',')) this.i++;
    }
  }

  /** The rest of an operator expression, up to its end at this nesting level. */
  private skipExpressionRest(): void {
    for (let t = this.peek(); ; t = this.peek()) {
      if (t.kind === 'eof' || t.kind === 'newline') return;
      if (t.kind === 'punct' && CLOSERS.has(t.text)) return;
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{')) {
        this.i++;
        this.skipUntilClose(t.text === '(' ? ')' : t.text === '[' ? ']' : '}');
      } else this.i++;
    }
  }

  /** Past the bracket that closes the one just opened (nested ones included). */
  private skipUntilClose(close: string): void {
    const stack = [close];
    while (stack.length > 0) {
      const t = this.next();
      if (t.kind === 'eof') throw this.error(t, `expected ${close}`);
      if (t.kind !== 'punct') continue;
      if (t.text === '(') stack.push(')');
      else if (t.text === '[') stack.push(']');
      else if (t.text === '{') stack.push('}');
      else if (t.text === stack[stack.length - 1]) stack.pop();
    }
  }

  private endOfItem(): void {
    const t = this.peek();
    if (t.kind === 'newline') this.i++;
    else if (!(t.kind === 'eof' || (t.kind === 'punct' && t.text === '}')))
      throw this.error(t, 'expected a new line after an attribute or block');
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.i++;
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) throw this.error(t, `expected ${text}`);
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private isIdent(text: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text === text;
  }

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private error(t: Token, message: string): BakeSyntaxError {
    const found =
      t.kind === 'eof'
        ? 'the end of the file'
        : t.kind === 'newline'
          ? 'a new line'
          : t.kind === 'ident'
            ? t.text
            : t.kind === 'punct'
              ? t.text
              : t.kind;
    return new BakeSyntaxError(`${message}, found ${found}`, t.line);
  }
}
