// A RUN script → its top-level statements, each with its own source text, so that the
// package-manager parts can be left out of a melange step while everything else keeps
// its exact shell quoting. tree-sitter-bash reads the script; nothing here is a regex.

import type { Node, Parser } from 'web-tree-sitter';
import { BoundedCache } from '../bounded-cache.js';
import { deepFreeze } from '../deep-freeze.js';
import { archCommandValue } from '../plan/arch.js';
import { newBashParser } from '../shell/grammar.js';

/** One statement of a script: `a`, `b` and `c` in `a && b; c`. */
export interface Statement {
  /** The statement's source text, as written (quotes, continuations, heredocs). */
  text: string;
  /** 0-based row of its first line in the script. */
  row: number;
  /**
   * A simple command's leading `NAME=value` words; a value is null when it needs
   * expanding. The list is null when the statement is not a simple command.
   */
  assignments: [string, string | null][] | null;
}

let loading: Promise<ScriptSplitter> | null = null;

export class ScriptSplitter {
  private readonly shapes = new BoundedCache<string, ScriptShape>(KEPT_SCRIPTS);

  private constructor(private readonly parser: Parser) {}

  /** The shared splitter; the grammar is loaded on the first call only. */
  static load(): Promise<ScriptSplitter> {
    loading ??= ScriptSplitter.create().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  }

  private static async create(): Promise<ScriptSplitter> {
    return new ScriptSplitter(await newBashParser());
  }

  /**
   * The statements joined by `&&`, `;` or newlines at the top level, or null when the
   * script cannot be taken apart without changing what it does: a syntax error, a
   * background `&`, or nothing to split. `a || b`, pipelines, loops and subshells stay
   * one statement each.
   */
  statements(script: string): Statement[] | null {
    return this.shape(script).statements;
  }

  /** Whether the script's last statement is a list whose last operator is `&&`. */
  endsInAndList(script: string): boolean {
    return this.shape(script).endsInAndList;
  }

  /**
   * `$(uname -m)`, `` `dpkg --print-architecture` `` … replaced by melange's substitution for
   * the architecture being built (src/plan/arch.ts), or null when the script asks for none.
   */
  replaceArchCommands(script: string): string | null {
    return this.shape(script).archReplaced;
  }

  /** The generator asks about each RUN and statement many times: one parse answers all. */
  private shape(script: string): ScriptShape {
    return this.shapes.get(script, () => {
      const tree = this.parser.parse(script);
      if (!tree) return { statements: null, endsInAndList: false, archReplaced: null };
      try {
        const root = tree.rootNode;
        return {
          // Frozen: every caller that asks for the script shares it.
          statements: deepFreeze(splitStatements(root)),
          endsInAndList: endsInAndList(root),
          archReplaced: replaceArchCommands(script, root),
        };
      } finally {
        tree.delete();
      }
    });
  }
}

/** What the generator asks of a script, read from one parse. */
interface ScriptShape {
  statements: Statement[] | null;
  endsInAndList: boolean;
  archReplaced: string | null;
}

/** Scripts whose shape is kept: enough for the distinct RUNs of a large batch. */
const KEPT_SCRIPTS = 4096;

function splitStatements(root: Node): Statement[] | null {
  if (root.hasError) return null;
  const out: Statement[] = [];
  for (const child of root.children) {
    if (!child) continue;
    if (!child.isNamed) {
      if (child.type === '&') return null;
      continue;
    }
    if (child.type === 'comment') continue;
    flattenAnd(child, out);
  }
  return out.length > 0 ? out : null;
}

function endsInAndList(root: Node): boolean {
  const statements = root.namedChildren.filter((c) => c && c.type !== 'comment');
  let last = statements[statements.length - 1] ?? null;
  if (last?.type === 'redirected_statement') last = last.namedChildren[0] ?? null;
  if (last?.type !== 'list') return false;
  const operators = last.children.filter((c) => c?.type === '&&' || c?.type === '||');
  return operators[operators.length - 1]?.type === '&&';
}

function replaceArchCommands(script: string, root: Node): string | null {
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: Node) => {
    if (node.type === 'command_substitution') {
      const inner = node.namedChildren.filter((c) => c?.type !== 'comment');
      const command = inner.length === 1 ? inner[0] : null;
      const words = command?.type === 'command' ? command.namedChildren : [];
      const argv = words.map((w) => (w && PLAIN_WORDS.has(w.type) ? w.text : null));
      const value = argv.every((w) => w !== null) ? archCommandValue(argv as string[]) : null;
      if (value) {
        edits.push({ start: node.startIndex, end: node.endIndex, text: value });
        return;
      }
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(root);
  if (edits.length === 0) return null;
  let out = script;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** Node types of a command's literal words: the name and plain arguments. */
const PLAIN_WORDS = new Set(['command_name', 'word']);

/** `a && b && c` is `list(list(a && b) && c)`; a list holding `||` stays whole. */
function flattenAnd(node: Node, out: Statement[]): void {
  if (isAndList(node)) {
    for (const child of node.namedChildren) if (child) flattenAnd(child, out);
    return;
  }
  // tree-sitter-bash reads `a && b > f` as `(a && b) > f`; the shell redirects b only.
  const body = node.type === 'redirected_statement' ? node.namedChildren[0] : null;
  if (body && isAndList(body) && node.text.startsWith(body.text)) {
    const before = out.length;
    flattenAnd(body, out);
    const last = out[out.length - 1];
    if (last && out.length > before) {
      last.text += node.text.slice(body.text.length);
      last.assignments = null;
    }
    return;
  }
  if (node.type === 'comment') return;
  out.push({ text: node.text, row: node.startPosition.row, assignments: assignments(node) });
}

function isAndList(node: Node): boolean {
  return node.type === 'list' && !node.children.some((c) => c?.type === '||');
}

function assignments(node: Node): [string, string | null][] | null {
  if (node.type !== 'command') return null;
  const out: [string, string | null][] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type !== 'variable_assignment') break;
    const name = child.childForFieldName('name')?.text;
    const value = child.childForFieldName('value');
    const literal = value ? literalValue(value) : '';
    if (!name) return null;
    out.push([name, literal]);
  }
  return out;
}

/** `x`, `'x y'` or `"x y"` without expansions or escapes; anything else is not literal. */
function literalValue(node: Node): string | null {
  const text = node.text;
  if (node.type === 'raw_string') return text.slice(1, -1);
  if (/[$`\\"']/.test(node.type === 'string' ? text.slice(1, -1) : text)) return null;
  if (node.type === 'string') return text.slice(1, -1);
  return node.type === 'word' || node.type === 'number' ? text : null;
}

/** melange substitutes any `${{…}}` in a step, and has no escape for it. */
export const MELANGE_SUBSTITUTION = '${{';

export function hasSubstitution(text: string): boolean {
  return text.includes(MELANGE_SUBSTITUTION);
}

/**
 * A script that contains `${{` runs from base64 instead: melange then sees no `${{`,
 * and the shell runs exactly the original text (eval keeps `set -e`, `cd` and exports).
 */
export function shieldScript(script: string): string {
  if (!hasSubstitution(script)) return script;
  const encoded = Buffer.from(script, 'utf8').toString('base64');
  return [
    '# wolfify: this step contains "$" "{{", which melange would substitute; it runs from',
    '# base64 so that the shell sees the original text. Decode it with: base64 -d',
    `eval "$(printf '%s' '${encoded}' | base64 -d)"`,
  ].join('\n');
}
