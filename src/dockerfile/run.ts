// One RUN instruction rewritten in place: each top-level command is kept, edited,
// replaced or removed; removed commands take one connector with them, and a RUN
// left with nothing to do goes entirely.

import { analyzeApk } from '../analyze/apk.js';
import { analyzeApt } from '../analyze/apt.js';
import { analyzeDnf } from '../analyze/dnf.js';
import type { RunInstruction } from '../analyze/run.js';
import { moduleStream } from '../analyze/stage.js';
import { cacheRemoval } from '../analyze/repositories.js';
import type { CommandSite } from '../analyze/site.js';
import { analyzeZypper } from '../analyze/zypper.js';
import type { RunFact } from '../model.js';
import { basename, unwrapCommand, type ShellParser, type SimpleCommand } from '../shell/index.js';
import type { DockerfileDocument, Piece, TextEdit } from './document.js';
import { rewriteInstall, rewriteRemove, wolfiNames } from './packages.js';
import {
  KEEP,
  REMOVE,
  report,
  type CommandInput,
  type CommandRewrite,
  type StageState,
} from './rewrite.js';
import { groupItems, ScriptPlacement, type ItemGroup, type ScriptItem } from './script.js';
import { rewriteTar } from './tar.js';
import { isAccountCommand, rewriteAccount } from './users.js';
import { sourceWords } from './words.js';

const PACKAGE_MANAGERS = new Set([
  'apt-get',
  'apt',
  'aptitude',
  'apk',
  'yum',
  'dnf',
  'dnf5',
  'microdnf',
  'tdnf',
  'zypper',
]);

/** Tools that only configure Debian's package sources: nothing to configure in Wolfi. */
const APT_SOURCE_TOOLS = new Set(['add-apt-repository', 'apt-add-repository', 'apt-key']);

export interface RunOutcome {
  changed: boolean;
  removed: boolean;
}

export function rewriteRun(
  run: RunInstruction,
  piece: Piece,
  doc: DockerfileDocument,
  shell: ShellParser,
  state: StageState,
  escape: string,
): RunOutcome {
  const unchanged = { changed: false, removed: false };
  if (run.command.form === 'exec') {
    const parse = shell.commandsFromArgv(run.command.argv, run.env);
    if (parse.commands.some((c) => wouldChange(c, run, state)))
      cannotRewrite(state, run.line, 'it is in exec form (a JSON array)');
    return unchanged;
  }
  const parse = shell.commands(run.script, run.env);
  const placement = ScriptPlacement.locate(run.script, run.lineMap, (l) => doc.lineText(l), escape);
  const rewrites = new Map<SimpleCommand, CommandRewrite>();
  for (const cmd of parse.commands) {
    const rewrite = rewriteCommand(cmd, run, placement, state);
    if (rewrite.kind !== 'keep') rewrites.set(cmd, rewrite);
  }
  if (rewrites.size === 0) return unchanged;
  if (!placement || parse.errors.length > 0) {
    cannotRewrite(
      state,
      run.line,
      parse.errors.length > 0
        ? 'its shell syntax could not be read completely'
        : 'its text could not be matched line by line',
    );
    return unchanged;
  }
  const groups = groupItems(run.script, parse.commands);
  const onTop = new Set(groups.flatMap((g) => g.items.map((i) => i.command)));
  for (const cmd of rewrites.keys()) {
    if (!onTop.has(cmd)) {
      cannotRewrite(state, run.line, `\`${cmd.text}\` runs inside another command (sh -c, $(…))`);
      rewrites.delete(cmd);
    }
  }
  const edits: TextEdit[] = [];
  for (const group of groups) {
    const result = groupEdits(group, rewrites);
    if (result === 'remove-run') {
      removeRun(piece, doc, placement);
      return { changed: true, removed: true };
    }
    edits.push(...result);
  }
  if (edits.length === 0) return unchanged;
  for (const edit of edits) placeEdit(edit, piece, doc, placement);
  return { changed: true, removed: false };
}

function cannotRewrite(state: StageState, line: number, why: string): void {
  report(
    state,
    line,
    'WF601',
    `this RUN installs packages or changes accounts but was left as written: ${why}`,
    'Rewrite it by hand with apk add --no-cache and busybox adduser/addgroup.',
  );
}

function wouldChange(cmd: SimpleCommand, run: RunInstruction, state: StageState): boolean {
  const probe: StageState = {
    ...state,
    findings: [],
    packages: [],
    installed: new Set(state.installed),
    streams: new Map(state.streams),
  };
  return rewriteCommand(cmd, run, null, probe).kind !== 'keep';
}

function rewriteCommand(
  cmd: SimpleCommand,
  run: RunInstruction,
  placement: ScriptPlacement | null,
  state: StageState,
): CommandRewrite {
  const unwrapped = unwrapCommand(cmd.words);
  if (unwrapped.viaXargs) return KEEP;
  const words = sourceWords(cmd, run.script).slice(unwrapped.start);
  const head = words[0];
  if (!head || head.dynamic) return KEEP;
  const name = basename(head.value);
  const line = run.lineMap[cmd.row] ?? run.line;
  const input: CommandInput = { cmd, words, line, script: run.script };
  const site: CommandSite = { line, text: cmd.text, stage: state.stage, findings: state.findings };
  const args = cmd.words.slice(unwrapped.start + 1);
  if (PACKAGE_MANAGERS.has(name)) {
    return packageCommand(packageFacts(name, args, site, cmd.argv), input, placement, state);
  }
  if (APT_SOURCE_TOOLS.has(name)) {
    if (name === 'apt-key' && args[0]?.value === 'list') return KEEP;
    report(state, line, 'WF404', `\`${name}\` configures Debian package sources; it is taken out`);
    return REMOVE;
  }
  if (name === 'apt-mark') return REMOVE;
  if (name === 'rm') return cacheRemoval(args, site) ? REMOVE : KEEP;
  if (isAccountCommand(name)) return rewriteAccount(name, input, state);
  if (name === 'tar') return rewriteTar(input, state);
  return KEEP;
}

function packageFacts(
  name: string,
  args: SimpleCommand['words'],
  site: CommandSite,
  argv: string[],
): RunFact[] {
  switch (name) {
    case 'apk':
      return analyzeApk(args, site, argv);
    case 'zypper':
      return analyzeZypper(args, site, argv);
    case 'apt-get':
    case 'apt':
    case 'aptitude':
      return analyzeApt(args, site, argv);
    default:
      return analyzeDnf(args, site, argv);
  }
}

function packageCommand(
  facts: RunFact[],
  input: CommandInput,
  placement: ScriptPlacement | null,
  state: StageState,
): CommandRewrite {
  const install = facts.find((f) => f.kind === 'install');
  if (install?.kind === 'install') {
    // Without a place in the script (exec form, `sh -c '…'`) it can only be reported.
    if (!placement || !input.cmd.span) return { kind: 'replace', text: 'apk add' };
    return rewriteInstall(install, input, placement, state);
  }
  const remove = facts.find((f) => f.kind === 'remove');
  if (remove?.kind === 'remove')
    return rewriteRemove(remove.manager, remove.packages, input, state);
  const modules = facts.find((f) => f.kind === 'module-enable');
  if (modules?.kind === 'module-enable') {
    // The stream picks the version of the module's packages installed later in the stage.
    for (const spec of modules.modules) {
      const { module, stream } = moduleStream(spec);
      if (stream) state.streams.set(module, stream);
    }
    const names = modules.install
      ? modules.modules.flatMap((spec) =>
          wolfiNames({ name: moduleStream(spec).module, version: null }, 'dnf', input.line, state),
        )
      : [];
    report(
      state,
      input.line,
      'WF210',
      names.length > 0
        ? `module streams do not exist in Wolfi; the module's package is installed as ${names.join(' ')}`
        : 'module streams do not exist in Wolfi; the command is removed',
    );
    if (names.length === 0) return REMOVE;
    for (const name of names) state.installed.add(name);
    return { kind: 'replace', text: `apk add --no-cache ${names.join(' ')}` };
  }
  if (facts.some((f) => f.kind === 'housekeeping')) return REMOVE;
  return KEEP;
}

/**
 * Edits for one group. Removed commands at the start of a group take the connector
 * after them; the others take the connector before them. A group with nothing left
 * keeps a `true` where it was, unless it is the whole script.
 */
function groupEdits(
  group: ItemGroup,
  rewrites: ReadonlyMap<SimpleCommand, CommandRewrite>,
): TextEdit[] | 'remove-run' {
  const rewriteOf = (item: ScriptItem): CommandRewrite => {
    const rewrite = rewrites.get(item.command) ?? KEEP;
    // A command that cannot go with a connector stays as a `true` in its place.
    if (rewrite.kind === 'remove' && !item.detachable) return { kind: 'replace', text: 'true' };
    return rewrite;
  };
  const rewritten = group.items.map(rewriteOf);
  const removed = rewritten.map((r) => r.kind === 'remove');
  if (removed.every(Boolean)) {
    if (group.whole) return 'remove-run';
    // Nothing left in a list inside something else: a `true` keeps the syntax whole.
    removed[0] = false;
    rewritten[0] = { kind: 'replace', text: 'true' };
  }
  const edits: TextEdit[] = [];
  let keptBefore: number | null = null;
  for (const [i, item] of group.items.entries()) {
    const rewrite = rewritten[i] as CommandRewrite;
    if (removed[i]) {
      if (keptBefore === null) {
        const nextKept = group.items.find((_, j) => j > i && !removed[j]);
        edits.push({
          start: item.span.start,
          end: nextKept?.span.start ?? item.span.end,
          text: '',
        });
      } else {
        edits.push({ start: keptBefore, end: item.span.end, text: '' });
      }
      continue;
    }
    const span =
      rewrite.kind === 'replace' && rewrites.get(item.command)?.kind === 'remove'
        ? item.span
        : (item.command.span ?? item.span);
    if (rewrite.kind === 'replace')
      edits.push({ start: span.start, end: span.end, text: rewrite.text });
    if (rewrite.kind === 'edit') edits.push(...rewrite.edits);
    keptBefore = item.span.end;
  }
  return mergeRemovals(edits);
}

/** Removals of neighbouring commands touch or overlap; as plain deletions they can be joined. */
function mergeRemovals(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextEdit[] = [];
  for (const edit of sorted) {
    const last = out[out.length - 1];
    if (last && edit.start < last.end && last.text === '' && edit.text === '') {
      last.end = Math.max(last.end, edit.end);
      continue;
    }
    out.push({ ...edit });
  }
  return out;
}

/** Script edit → piece edit; comment lines inside a deleted range move above the RUN. */
function placeEdit(
  edit: TextEdit,
  piece: Piece,
  doc: DockerfileDocument,
  placement: ScriptPlacement,
): void {
  const from = placement.position(edit.start);
  const to = placement.position(edit.end);
  const rows = placement.lines();
  for (let line = from.line + 1; line < to.line; line++) {
    if (!rows.has(line) && doc.lineText(line).trimStart().startsWith('#'))
      piece.before.push(doc.lineText(line));
  }
  piece.edits.push({
    start: doc.offsetInPiece(piece, from.line, from.column),
    end: doc.offsetInPiece(piece, to.line, to.column),
    text: edit.text,
  });
}

function removeRun(piece: Piece, doc: DockerfileDocument, placement: ScriptPlacement): void {
  const rows = placement.lines();
  for (let line = piece.line; line <= piece.endLine; line++) {
    if (!rows.has(line) && line !== piece.line && doc.lineText(line).trimStart().startsWith('#'))
      piece.before.push(doc.lineText(line));
  }
  piece.removed = true;
}
