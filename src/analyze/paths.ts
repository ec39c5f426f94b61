// Filesystem setup steps that apko can declare under `paths`: mkdir, touch, chown, chmod,
// `ln -s`, and `install -d`.

import type { RunFact } from '../model.js';
import type { ShellWord } from '../shell/index.js';
import { flagValue, hasFlag, parseArgs } from './options.js';
import { commandFact } from './packages.js';
import type { CommandSite } from './site.js';

type PathFact = Extract<RunFact, { kind: 'path' }>;

function pathFact(
  op: PathFact['op'],
  paths: string[],
  value: string | null,
  recursive: boolean,
  site: CommandSite,
): PathFact {
  return { kind: 'path', op, paths, value, recursive, line: site.line };
}

export function mkdir(args: readonly ShellWord[], site: CommandSite): RunFact[] {
  const parsed = parseArgs(args, ['-m', '--mode', '--context']);
  const paths = parsed.positionals.map((w) => w.value);
  if (paths.length === 0) return [];
  const mode = flagValue(parsed, '-m', '--mode')?.value ?? null;
  return [pathFact('mkdir', paths, mode, hasFlag(parsed, '-p', '--parents'), site)];
}

/** `touch FILE…`: an empty file, which apko can create (`type: empty-file`). */
export function touch(args: readonly ShellWord[], site: CommandSite): RunFact[] {
  const parsed = parseArgs(args, ['-d', '--date', '-t', '-r', '--reference']);
  const paths = parsed.positionals.map((w) => w.value);
  return paths.length === 0 ? [] : [pathFact('touch', paths, null, false, site)];
}

export function chown(args: readonly ShellWord[], site: CommandSite): RunFact[] {
  const parsed = parseArgs(args, ['--from']);
  const [owner, ...paths] = parsed.positionals;
  // --reference=FILE copies the owner of another file: the first word is already a path.
  if (hasFlag(parsed, '--reference'))
    return [
      pathFact(
        'chown',
        parsed.positionals.map((w) => w.value),
        null,
        recursive(parsed),
        site,
      ),
    ];
  if (!owner || paths.length === 0) return [];
  return [
    pathFact(
      'chown',
      paths.map((w) => w.value),
      owner.value,
      recursive(parsed),
      site,
    ),
  ];
}

function recursive(parsed: ReturnType<typeof parseArgs>): boolean {
  return hasFlag(parsed, '-R', '--recursive');
}

/** Letters of a symbolic mode, which chmod accepts even where an option could stand (`chmod -w f`). */
const MODE_LETTERS = 'rwxXstugo';

function isNegativeMode(word: string): boolean {
  return (
    word.length > 1 &&
    word.startsWith('-') &&
    [...word.slice(1)].every((ch) => MODE_LETTERS.includes(ch))
  );
}

export function chmod(args: readonly ShellWord[], site: CommandSite): RunFact[] {
  const options: ShellWord[] = [];
  let mode: string | null = null;
  const paths: string[] = [];
  let reference = false;
  for (const word of args) {
    const value = word.value;
    if (mode === null && !reference && isNegativeMode(value) && value !== '-R') mode = value;
    else if (value.startsWith('--reference')) reference = true;
    else if (value.startsWith('-') && value.length > 1) options.push(word);
    else if (mode === null && !reference) mode = value;
    else paths.push(value);
  }
  if (paths.length === 0) return [];
  return [pathFact('chmod', paths, mode, recursive(parseArgs(options, [])), site)];
}

/** `ln -s target link`, `ln -s target` (link in the current directory), `ln -s a b dir/`. */
export function ln(args: readonly ShellWord[], site: CommandSite, argv: string[]): RunFact[] {
  const parsed = parseArgs(args, ['-t', '--target-directory', '-S', '--suffix']);
  if (!hasFlag(parsed, '-s', '--symbolic')) return [commandFact(argv, site)];
  const names = parsed.positionals.map((w) => w.value);
  const directory = flagValue(parsed, '-t', '--target-directory')?.value ?? null;
  const linkIn = (dir: string, target: string): string =>
    `${dir.replace(/\/+$/, '')}/${basenameOf(target)}`;
  if (directory !== null)
    return names.map((t) => pathFact('symlink', [linkIn(directory, t)], t, false, site));
  const [target, link] = names;
  if (target === undefined) return [];
  if (names.length === 1) return [pathFact('symlink', [basenameOf(target)], target, false, site)];
  if (names.length === 2 && link !== undefined)
    return [pathFact('symlink', [link], target, false, site)];
  const dir = names[names.length - 1] ?? '.';
  return names.slice(0, -1).map((t) => pathFact('symlink', [linkIn(dir, t)], t, false, site));
}

function basenameOf(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** `install -d [-m MODE] [-o USER] [-g GROUP] dirs` creates directories; other uses copy files. */
export function install(args: readonly ShellWord[], site: CommandSite, argv: string[]): RunFact[] {
  const parsed = parseArgs(args, [
    '-m',
    '--mode',
    '-o',
    '--owner',
    '-g',
    '--group',
    '-S',
    '--suffix',
    '-t',
    '--target-directory',
  ]);
  if (!hasFlag(parsed, '-d', '--directory')) return [commandFact(argv, site)];
  const paths = parsed.positionals.map((w) => w.value);
  if (paths.length === 0) return [];
  const facts: RunFact[] = [
    pathFact('mkdir', paths, flagValue(parsed, '-m', '--mode')?.value ?? null, true, site),
  ];
  const owner = flagValue(parsed, '-o', '--owner')?.value;
  const group = flagValue(parsed, '-g', '--group')?.value;
  if (owner !== undefined || group !== undefined) {
    facts.push(
      pathFact(
        'chown',
        paths,
        `${owner ?? ''}${group !== undefined ? `:${group}` : ''}`,
        false,
        site,
      ),
    );
  }
  return facts;
}
