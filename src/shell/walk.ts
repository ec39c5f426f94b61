// Walks a tree-sitter-bash syntax tree in execution order and collects every simple
// command, wherever it sits: lists, pipelines, subshells, groups, if/for/while/case,
// function bodies, command substitutions, and scripts run by `sh -c`, `su -c`, `eval`
// or a shell reading a heredoc.

import type { Node, Tree } from 'web-tree-sitter';
import type { Redirect, ScriptSpan, ShellParse, ShellWord, SimpleCommand } from './command.js';
import { Scope } from './scope.js';
import { expandFields, expandHeredoc, expandJoined, type ExpansionContext } from './words.js';
import { nestedScript, scriptText, unwrapCommand } from './wrappers.js';

export type ParseScript = (script: string) => Tree | null;

/** `sh -c "sh -c '…'"` nesting beyond this is reported, not followed. */
export const MAX_SHELL_NESTING = 8;
/** Syntax nesting beyond this is reported, not followed: it keeps recursion off the stack limit. */
const MAX_NODE_DEPTH = 200;
/** A script with many syntax errors reports the first few; the rest add nothing. */
const MAX_SYNTAX_ERRORS = 5;

/** Where a nested script sits in the outermost RUN script. */
interface Origin {
  shellDepth: number;
  rowOffset: number;
}

/** Parse `script` and append its commands and errors to `out`. */
export function walkScript(
  parse: ParseScript,
  script: string,
  scope: Scope,
  out: ShellParse,
  origin: Origin,
): void {
  const tree = parse(script);
  if (!tree) {
    out.errors.push({
      kind: 'syntax',
      row: origin.rowOffset,
      message: 'the shell parser gave up on this script',
    });
    return;
  }
  try {
    collectSyntaxErrors(tree.rootNode, origin.rowOffset, out);
    new Walker(parse, script, scope, out, origin).statement(tree.rootNode, 0);
  } catch (error) {
    // The depth limits should make this unreachable; if a pathological script still
    // exhausts the stack, it is a finding about that script, not a crash.
    if (!(error instanceof RangeError)) throw error;
    out.errors.push({
      kind: 'depth',
      row: origin.rowOffset,
      message: 'the script is nested too deeply to analyze',
    });
  } finally {
    tree.delete();
  }
}

/** An exec-form RUN (`["sh", "-c", "…"]`): one command, no expansion, maybe a nested script. */
export function walkArgv(
  parse: ParseScript,
  argv: readonly string[],
  scope: Scope,
  out: ShellParse,
): void {
  const words = argv.map((value) => ({ value, dynamic: false }));
  const command = newCommand(words, 0, argv.join(' '));
  out.commands.push(command);
  const nested = nestedScript(words, unwrapCommand(words).start);
  const scriptWord = nested?.kind === 'argument' ? words[nested.index] : undefined;
  if (scriptWord)
    runNested(parse, scriptText(scriptWord), scope.forNewShell({}), out, {
      shellDepth: 1,
      rowOffset: 0,
    });
}

function runNested(
  parse: ParseScript,
  script: string,
  scope: Scope,
  out: ShellParse,
  origin: Origin,
): void {
  if (origin.shellDepth > MAX_SHELL_NESTING) {
    out.errors.push({
      kind: 'depth',
      row: origin.rowOffset,
      message: `shell scripts nested more than ${MAX_SHELL_NESTING} deep (sh -c inside sh -c …) were not analyzed`,
    });
    return;
  }
  walkScript(parse, script, scope, out, origin);
}

function newCommand(
  words: ShellWord[],
  row: number,
  text: string,
  span: ScriptSpan | null = null,
  wordSpans: (ScriptSpan | null)[] = words.map(() => null),
): SimpleCommand {
  return {
    argv: words.map((w) => w.value),
    words,
    row,
    text,
    pipedTo: null,
    pipedFrom: null,
    substitutedInto: null,
    redirects: [],
    dynamic: words.some((w) => w.dynamic),
    span,
    wordSpans,
    caseBranches: [],
  };
}

function addWords(cmd: SimpleCommand, words: ShellWord[]): void {
  if (words.length === 0) return;
  cmd.words.push(...words);
  cmd.wordSpans.push(...words.map(() => null));
  cmd.argv.push(...words.map((w) => w.value));
  cmd.dynamic ||= words.some((w) => w.dynamic);
}

function collectSyntaxErrors(root: Node, rowOffset: number, out: ShellParse): void {
  if (!root.hasError) return;
  const found: { row: number; message: string }[] = [];
  const visit = (node: Node, depth: number): void => {
    if (found.length >= MAX_SYNTAX_ERRORS || depth > MAX_NODE_DEPTH) return;
    if (node.isMissing) {
      found.push({ row: node.startPosition.row, message: `missing \`${node.type}\`` });
      return;
    }
    // An ERROR node that wraps other errors is tree-sitter's recovery spanning a
    // region; the inner errors say where the problem is.
    if (node.isError && !node.children.some((c) => c?.hasError)) {
      // The stray token (`)`, an `if` without `fi`) is where the reader should look.
      const stray = node.children.find((c) => c !== null && !c.isNamed);
      found.push(
        stray
          ? { row: stray.startPosition.row, message: `unexpected \`${snippet(stray.text)}\`` }
          : { row: node.startPosition.row, message: `cannot parse \`${snippet(node.text)}\`` },
      );
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child, depth + 1);
  };
  visit(root, 0);
  for (const f of found)
    out.errors.push({ kind: 'syntax', row: f.row + rowOffset, message: f.message });
}

function snippet(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/** The first and last command at the top level of a statement, for pipeline links. */
interface Span {
  first: SimpleCommand | null;
  last: SimpleCommand | null;
}

const NONE: Span = { first: null, last: null };

function join(a: Span, b: Span): Span {
  return { first: a.first ?? b.first, last: b.last ?? a.last };
}

class Walker {
  /** Functions defined in the script: calling one is not a command of its own. */
  private readonly functions = new Set<string>();
  /** Too-deep syntax is reported once per script. */
  private tooDeep = false;
  /** Patterns of the `case` branches being walked, outermost first. */
  private readonly branches: string[][] = [];

  constructor(
    private readonly parse: ParseScript,
    private readonly source: string,
    private scope: Scope,
    private readonly out: ShellParse,
    private readonly origin: Origin,
  ) {}

  statement(node: Node, depth: number): Span {
    if (depth > MAX_NODE_DEPTH) {
      if (this.tooDeep) return NONE;
      this.tooDeep = true;
      this.out.errors.push({
        kind: 'depth',
        row: this.row(node),
        message: `shell syntax nested more than ${MAX_NODE_DEPTH} levels deep was not analyzed`,
      });
      return NONE;
    }
    switch (node.type) {
      case 'command':
        return this.command(node, depth);
      case 'declaration_command':
        return this.declaration(node, depth);
      case 'variable_assignment':
        this.assign(node, depth, false);
        return NONE;
      case 'unset_command':
        for (const arg of node.namedChildren)
          if (arg && !arg.text.startsWith('-')) this.scope.unset(arg.text);
        return NONE;
      case 'pipeline':
        return this.pipeline(node.namedChildren, depth, NONE);
      case 'subshell':
      case 'command_substitution':
      case 'process_substitution':
        return this.isolated(() => this.children(node, depth));
      case 'redirected_statement':
        return this.redirected(node, depth);
      case 'for_statement':
        return this.forLoop(node, depth);
      case 'case_statement':
        return this.caseStatement(node, depth);
      case 'function_definition': {
        const name = node.childForFieldName('name');
        if (name) this.functions.add(name.text);
        return this.children(node, depth);
      }
      case 'comment':
      case 'heredoc_body':
        return NONE;
      case 'string':
      case 'concatenation':
      case 'expansion':
      case 'simple_expansion':
        // Words outside commands (`case $(x) in`, `[ "$(id -u)" = 0 ]`): only their
        // command substitutions matter.
        expandJoined(node, this.expansion(depth));
        return NONE;
      default:
        return this.children(node, depth);
    }
  }

  private children(node: Node, depth: number): Span {
    let span = NONE;
    for (const child of node.namedChildren)
      if (child) span = join(span, this.statement(child, depth + 1));
    return span;
  }

  private isolated(walk: () => Span): Span {
    const outer = this.scope;
    this.scope = outer.child();
    try {
      return walk();
    } finally {
      this.scope = outer;
    }
  }

  private row(node: Node): number {
    return node.startPosition.row + this.origin.rowOffset;
  }

  /** Expansion hooks; substitutions found on the way are walked as statements. */
  private expansion(depth: number, found: SimpleCommand[] = []): ExpansionContext {
    return {
      source: this.source,
      scope: this.scope,
      substitution: (node) => {
        const before = this.out.commands.length;
        this.statement(node, depth + 1);
        found.push(...this.out.commands.slice(before));
      },
    };
  }

  private command(node: Node, depth: number): Span {
    const inner: SimpleCommand[] = [];
    const ctx = this.expansion(depth, inner);
    const words: ShellWord[] = [];
    const wordNodes: Node[] = [];
    const prefix: Record<string, string | null> = {};
    const redirects: Redirect[] = [];
    let hasName = false;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (child.type === 'variable_assignment') {
        const name = child.childForFieldName('name')?.text;
        const value = child.childForFieldName('value');
        const word = value ? expandJoined(value, ctx) : { value: '', dynamic: false };
        if (name) prefix[name] = word.dynamic ? null : word.value;
      } else if (field === 'name' || field === 'argument') {
        hasName ||= field === 'name';
        const source = field === 'name' ? (child.namedChild(0) ?? child) : child;
        for (const word of expandFields(source, ctx)) {
          words.push(word);
          wordNodes.push(source);
        }
      } else if (child.type.endsWith('_redirect')) {
        const redirect = this.redirect(child, ctx);
        if (redirect) redirects.push(redirect);
        for (const word of this.wordsAfterRedirect(child, ctx)) {
          words.push(word);
          wordNodes.push(child);
        }
      }
    }
    if (!hasName) {
      // `X=1 >file`: assignments that stay in the shell.
      for (const [name, value] of Object.entries(prefix)) this.scope.assign(name, value);
      return NONE;
    }
    this.scope.notePrefix(prefix);
    if (words.length === 0 || this.functions.has(words[0]?.value ?? '')) return NONE;
    const cmd = newCommand(
      words,
      this.row(node),
      node.text,
      this.span(node),
      wordNodes.map((n) => this.span(n)),
    );
    cmd.redirects.push(...redirects);
    cmd.caseBranches = this.branches.map((b) => [...b]);
    for (const c of inner) c.substitutedInto ??= cmd;
    this.out.commands.push(cmd);
    this.nestedArgument(cmd, wordNodes, prefix);
    if (redirects.some((r) => r.op === '<<<')) this.nestedStdin(cmd, node);
    return { first: cmd, last: cmd };
  }

  /** `sh -c '…'`, `su -c '…'`, `eval …`: the string is a script; walk it too. */
  private nestedArgument(
    cmd: SimpleCommand,
    wordNodes: Node[],
    prefix: Record<string, string | null>,
  ): void {
    const unwrapped = unwrapCommand(cmd.words);
    const nested = nestedScript(cmd.words, unwrapped.start);
    if (!nested) return;
    const depth = this.origin.shellDepth + 1;
    if (nested.kind === 'eval') {
      const script = cmd.argv.slice(nested.from).join(' ');
      // eval runs in the current shell: same variables, same row.
      runNested(this.parse, script, this.scope, this.out, {
        shellDepth: depth,
        rowOffset: cmd.row,
      });
      return;
    }
    if (nested.kind !== 'argument') return;
    const word = cmd.words[nested.index];
    const node = wordNodes[nested.index];
    if (!word || !node) return;
    // `bash -c "$(curl …)"`: the script is a download, not text we can read; the
    // substitution's commands were walked already and know they feed this command.
    if (node.descendantsOfType(['command_substitution', 'process_substitution']).length > 0) return;
    let script = scriptText(word);
    const sameNode = wordNodes.filter((n) => n.id === node.id).length === 1;
    if (sameNode && script === word.value) {
      // Re-expand keeping backslash-newlines so nested rows line up with the RUN's lines.
      const again = expandFields(node, {
        source: this.source,
        scope: this.scope,
        substitution: () => {},
        keepContinuations: true,
      });
      if (again.length === 1 && again[0]) script = again[0].value;
    }
    const rowOffset = node.startPosition.row + this.origin.rowOffset;
    runNested(this.parse, script, this.scope.forNewShell(prefix), this.out, {
      shellDepth: depth,
      rowOffset,
    });
  }

  /** `bash <<EOF … EOF` and `sh <<< '…'`: the shell's standard input is the script. */
  private nestedStdin(cmd: SimpleCommand, at: Node): void {
    const nested = nestedScript(cmd.words, unwrapCommand(cmd.words).start);
    if (nested?.kind !== 'stdin') return;
    const input = [...cmd.redirects].reverse().find((r) => r.op.startsWith('<<'));
    if (!input) return;
    const rowOffset = at.startPosition.row + this.origin.rowOffset + (input.op === '<<<' ? 0 : 1);
    runNested(this.parse, input.target.value, this.scope.forNewShell({}), this.out, {
      shellDepth: this.origin.shellDepth + 1,
      rowOffset,
    });
  }

  private redirect(node: Node, ctx: ExpansionContext): Redirect | null {
    if (node.type === 'file_redirect') {
      const op = node.children.find((c) => c !== null && !c.isNamed)?.text ?? '>';
      const destination = node.childrenForFieldName('destination')[0];
      return destination ? { op, target: expandJoined(destination, ctx) } : null;
    }
    if (node.type === 'herestring_redirect') {
      const value = node.namedChildren.find((c) => c !== null && c.type !== 'file_descriptor');
      return value ? { op: '<<<', target: expandJoined(value, ctx) } : null;
    }
    return null;
  }

  /**
   * tree-sitter-bash reads `cmd >file a b` as a redirect with three destinations; the
   * shell runs `cmd a b >file`. The words after the first destination are arguments.
   */
  private wordsAfterRedirect(node: Node, ctx: ExpansionContext): ShellWord[] {
    if (node.type !== 'file_redirect') return [];
    return node
      .childrenForFieldName('destination')
      .slice(1)
      .flatMap((extra) => (extra ? expandFields(extra, ctx) : []));
  }

  private declaration(node: Node, depth: number): Span {
    const keyword = node.child(0)?.text ?? '';
    const words: ShellWord[] = [{ value: keyword, dynamic: false }];
    const ctx = this.expansion(depth);
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') {
        const assigned = this.assign(child, depth, keyword === 'export');
        words.push({
          value: `${assigned.name}=${assigned.word.value}`,
          dynamic: assigned.word.dynamic,
        });
      } else if (child.type === 'variable_name') {
        if (keyword === 'export') this.scope.markExported(child.text);
        words.push({ value: child.text, dynamic: false });
      } else words.push(...expandFields(child, ctx));
    }
    // `export PATH=…` shapes later build steps, so it stays visible as a command.
    const cmd = newCommand(words, this.row(node), node.text, this.span(node));
    this.out.commands.push(cmd);
    return { first: cmd, last: cmd };
  }

  /** Source range of a node, when it is a range of the outermost script. */
  private span(node: Node): ScriptSpan | null {
    return this.origin.shellDepth === 0 ? { start: node.startIndex, end: node.endIndex } : null;
  }

  private assign(node: Node, depth: number, exported: boolean): { name: string; word: ShellWord } {
    const name = node.childForFieldName('name')?.text ?? '';
    const value = node.childForFieldName('value');
    const word = value ? expandJoined(value, this.expansion(depth)) : { value: '', dynamic: false };
    if (name) this.scope.assign(name, word.dynamic ? null : word.value, exported);
    return { name, word };
  }

  /** Pipeline elements run in subshells; each element's output feeds the next. */
  private pipeline(elements: (Node | null)[], depth: number, before: Span): Span {
    let span = before;
    let previous = before.last;
    for (const element of elements) {
      if (!element) continue;
      const current = this.isolated(() => this.statement(element, depth + 1));
      if (previous && current.first) {
        previous.pipedTo = current.first;
        current.first.pipedFrom = previous;
      }
      previous = current.last ?? previous;
      span = join(span, current);
    }
    return span;
  }

  private redirected(node: Node, depth: number): Span {
    const before = this.out.commands.length;
    const body = node.childForFieldName('body');
    let span = body ? this.statement(body, depth + 1) : NONE;
    // tree-sitter-bash wraps `a | b >f` and `a && b >f` whole, but the shell gives the
    // redirect to `b` alone; `{ a; b; } >f` and loops do redirect every command inside.
    const simple = body?.type === 'command' || body?.type === 'pipeline' || body?.type === 'list';
    const owner = simple ? span.last : null;
    const targets = simple
      ? owner
        ? [owner]
        : []
      : this.out.commands.slice(before).filter((c) => c.substitutedInto === null);
    const ctx = this.expansion(depth);
    const after: (() => Span)[] = [];
    for (const r of node.childrenForFieldName('redirect')) {
      if (!r) continue;
      const texts: string[] = [];
      const redirects: Redirect[] = [];
      if (r.type === 'heredoc_redirect') {
        const parts = this.heredoc(r, ctx, depth, span, after);
        redirects.push(...parts.redirects);
        texts.push(parts.text);
      } else {
        const one = this.redirect(r, ctx);
        if (one) redirects.push(one);
        texts.push(r.text);
        if (owner) addWords(owner, this.wordsAfterRedirect(r, ctx));
      }
      for (const cmd of targets) {
        cmd.redirects.push(...redirects);
        if (cmd === owner) cmd.text = [cmd.text, ...texts].join(' ');
      }
    }
    if (owner) this.nestedStdin(owner, node);
    for (const next of after) span = join(span, next());
    return span;
  }

  /**
   * tree-sitter-bash puts what follows `<<EOF` on its line inside the heredoc node: more
   * redirects, `| next` and `&& next`. Those are queued in `after`, to run after the body.
   */
  private heredoc(
    node: Node,
    ctx: ExpansionContext,
    depth: number,
    span: Span,
    after: (() => Span)[],
  ): { redirects: Redirect[]; text: string } {
    const redirects: Redirect[] = [];
    const op = node.child(0)?.text ?? '<<';
    const start = node.children.find((c) => c?.type === 'heredoc_start');
    const body = node.children.find((c) => c?.type === 'heredoc_body');
    const end = node.children.find((c) => c?.type === 'heredoc_end');
    const delimiter = start?.text ?? '';
    const quotedDelimiter = [...delimiter].some((ch) => ch === '"' || ch === "'" || ch === '\\');
    const content: ShellWord = !body
      ? { value: '', dynamic: false }
      : quotedDelimiter
        ? { value: body.text, dynamic: false }
        : expandHeredoc(body, ctx);
    redirects.push({ op, target: content });
    const inline: string[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (field === 'redirect') {
        const r = this.redirect(child, ctx);
        if (r) redirects.push(r);
        inline.push(child.text);
      } else if (child.type === 'pipeline') {
        after.push(() => this.pipeline(child.namedChildren, depth, span));
      } else if (field === 'right') {
        after.push(() => this.statement(child, depth + 1));
      }
    }
    const text =
      [`${op}${delimiter}`, ...inline].join(' ') + `\n${body?.text ?? ''}${end?.text ?? ''}`;
    return { redirects, text };
  }

  /** `case WORD in p1|p2) …;; esac`: each branch's commands remember the branch's patterns. */
  private caseStatement(node: Node, depth: number): Span {
    let span = NONE;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child?.isNamed) continue;
      if (node.fieldNameForChild(i) === 'value') {
        this.statement(child, depth + 1);
        continue;
      }
      if (child.type !== 'case_item') continue;
      const patterns: string[] = [];
      const body: Node[] = [];
      for (let j = 0; j < child.childCount; j++) {
        const part = child.child(j);
        if (!part?.isNamed) continue;
        if (child.fieldNameForChild(j) === 'value') patterns.push(patternText(part));
        else body.push(part);
      }
      this.branches.push(patterns);
      try {
        for (const statement of body) span = join(span, this.statement(statement, depth + 1));
      } finally {
        this.branches.pop();
      }
    }
    return span;
  }

  private forLoop(node: Node, depth: number): Span {
    const ctx = this.expansion(depth);
    for (const value of node.childrenForFieldName('value')) if (value) expandFields(value, ctx);
    const variable = node.childForFieldName('variable');
    // The loop variable takes several values: none of them is *the* value.
    if (variable) this.scope.assign(variable.text, null);
    const body = node.childForFieldName('body');
    return body ? this.statement(body, depth + 1) : NONE;
  }
}

/** A case pattern as the shell compares it: quotes removed, anything dynamic kept as written. */
function patternText(node: Node): string {
  if (node.type === 'raw_string') return node.text.slice(1, -1);
  if (node.type === 'string' && !node.namedChildren.some((c) => c?.type !== 'string_content'))
    return node.text.slice(1, -1);
  return node.text;
}
