// Package-manager commands → apk. An install keeps its place and layout: the command
// name and options up to the package list become `apk add --no-cache`, each package
// word becomes its Wolfi names (from the rules and the catalog only), and words with
// no Wolfi name go. Removals of packages the stage added become `apk del`.

import { MANAGER_FAMILY, mapPackage } from '../map/index.js';
import type { PackageManager, RequestedPackage } from '../model.js';
import type { TextEdit } from './document.js';
import {
  KEEP,
  REMOVE,
  report,
  type CommandInput,
  type CommandRewrite,
  type StageState,
} from './rewrite.js';
import type { ScriptPlacement } from './script.js';
import type { SourceWord } from './words.js';

/** Wolfi names for one requested package, recorded in the stage's package list. */
export function wolfiNames(
  pkg: RequestedPackage,
  manager: PackageManager,
  line: number,
  state: StageState,
): string[] {
  const streams = manager === 'dnf' ? [...state.streams].map(([m, s]) => `${m}:${s}`) : [];
  const mapping = mapPackage(pkg.name, MANAGER_FAMILY[manager], state.ctx, streams);
  const found = { from: pkg.name, manager, stage: state.stage, line, rule: mapping.rule };
  switch (mapping.kind) {
    case 'mapped':
      state.packages.push({ ...found, to: mapping.to, outcome: 'mapped' });
      return mapping.to;
    case 'dropped':
      report(state, line, 'WF204', `${pkg.name} is not needed in Wolfi: ${mapping.reason}`);
      state.packages.push({ ...found, to: [], outcome: 'dropped' });
      return [];
    case 'private':
      report(
        state,
        line,
        'WF205',
        `${pkg.name} → ${mapping.to.join(', ')} moved from public Wolfi to Chainguard's private repository on ${mapping.on}; left out of apk add`,
        "Chainguard images can install it from your organisation's repository: add it back by hand.",
      );
      state.packages.push({ ...found, to: [], outcome: 'private' });
      return [];
    case 'unknown': {
      const suggestions = mapping.suggestions.length
        ? `; did you mean ${mapping.suggestions.map((s) => `\`${s}\``).join(', ')}?`
        : '';
      report(
        state,
        line,
        'WF203',
        `no Wolfi package for ${manager} package \`${pkg.name}\`${suggestions}; left out of apk add`,
        'Map it in a rule file (--rules) or drop it there with a reason.',
      );
      state.packages.push({ ...found, to: [], outcome: 'unknown' });
      return [];
    }
  }
}

/** Does `word` spell the package `name` (`name`, `name=1.2`, `name/bookworm`, `name:amd64`)? */
function spells(word: SourceWord, name: string): boolean {
  if (word.dynamic || !word.value.startsWith(name)) return false;
  const next = word.value[name.length];
  return next === undefined || '=<>~/:@*'.includes(next);
}

export interface InstallCommand {
  manager: PackageManager;
  packages: RequestedPackage[];
  virtual: string | null;
}

export function rewriteInstall(
  install: InstallCommand,
  input: CommandInput,
  placement: ScriptPlacement,
  state: StageState,
): CommandRewrite {
  const { words, cmd } = input;
  const span = cmd.span;
  if (!span) return KEEP;
  // Line the requested packages up with the words that spell them, in order.
  const matched = new Map<number, RequestedPackage>();
  let next = 0;
  for (const word of words.slice(1)) {
    const pkg = install.packages[next];
    if (pkg && word.span && spells(word, pkg.name)) {
      matched.set(word.index, pkg);
      next++;
    }
  }
  const names = new Set<string>();
  const output = new Map<number, string[]>();
  for (const [index, pkg] of matched) {
    const fresh = wolfiNames(pkg, install.manager, input.line, state).filter((n) => !names.has(n));
    for (const n of fresh) names.add(n);
    output.set(index, fresh);
  }
  if (names.size === 0) return REMOVE;
  for (const n of names) state.installed.add(n);

  const firstIndex = Math.min(...matched.keys());
  const headEnd = words.filter((w) => w.index < firstIndex && w.span).at(-1)?.span?.end;
  if (headEnd === undefined) return KEEP;
  const head = `apk add --no-cache${install.virtual !== null ? ` --virtual ${install.virtual}` : ''}`;
  const edits: TextEdit[] = [];
  const deletions: TextEdit[] = [];
  if (input.script.slice(span.start, headEnd) !== head)
    edits.push({ start: span.start, end: headEnd, text: head });
  let previousEnd = headEnd;
  for (const word of words) {
    if (word.index < firstIndex || !word.span) continue;
    const wanted = output.get(word.index);
    if (wanted && wanted.length > 0) {
      const text = wanted.join(' ');
      if (text !== word.source) edits.push({ start: word.span.start, end: word.span.end, text });
    } else {
      deletions.push(deleteWord(word.span, previousEnd, placement, input.script));
    }
    previousEnd = word.span.end;
  }
  return { kind: 'edit', edits: [...edits, ...mergeDeletions(deletions)] };
}

/** A word alone on a continued row goes with its row; otherwise with the blanks before it. */
function deleteWord(
  span: { start: number; end: number },
  previousEnd: number,
  placement: ScriptPlacement,
  script: string,
): TextEdit {
  const row = placement.rowAt(span.start);
  const rest = script.slice(row.start, span.start) + script.slice(span.end, row.end);
  const alone = !row.last && rest.trim() === '\\';
  return alone
    ? { start: row.start, end: row.end + 1, text: '' }
    : { start: previousEnd, end: span.end, text: '' };
}

function mergeDeletions(deletions: TextEdit[]): TextEdit[] {
  const sorted = [...deletions].sort((a, b) => a.start - b.start);
  const merged: TextEdit[] = [];
  for (const d of sorted) {
    const last = merged[merged.length - 1];
    if (last && d.start <= last.end) last.end = Math.max(last.end, d.end);
    else merged.push({ ...d });
  }
  return merged;
}

/**
 * `apt-get purge`/`dnf remove` of build dependencies goes. Debian keeps the libraries a
 * build linked against with `apt-mark manual`; apk has no such mark, so `apk del` of the
 * -dev packages could take those libraries with it. The packages stay installed instead.
 */
export function rewriteRemove(
  manager: PackageManager,
  packages: string[],
  input: CommandInput,
  state: StageState,
): CommandRewrite {
  // apk's own `apk del` (of names or of a --virtual group) already works.
  if (manager === 'apk') return KEEP;
  report(
    state,
    input.line,
    'WF608',
    `\`${input.words[0]?.value ?? manager}\` removes ${packages.map((p) => `\`${p}\``).join(', ')} again; in the rewrite they stay installed`,
    'Move the build into its own stage and copy only the result, so build dependencies never reach the image.',
  );
  return REMOVE;
}
