// Accounts: useradd/groupadd (shadow-utils), Debian's adduser/addgroup, busybox's
// adduser/addgroup (Alpine), and the commands that add an existing user to a group.
// apko declares accounts up front, so each becomes a user or group fact.

import type { RunFact } from '../model.js';
import type { ShellWord } from '../shell/index.js';
import { flagValue, hasFlag, parseArgs, type ParsedArgs } from './options.js';
import { commandFact } from './packages.js';
import { report, type CommandSite } from './site.js';

export type UserFact = Extract<RunFact, { kind: 'user' }>;

/** A change to a user that may have been created earlier (`usermod -aG`, `adduser app docker`). */
export interface AccountChange {
  user: string;
  groups: string[];
  /** `usermod -G` without `-a` replaces the supplementary groups. */
  replaceGroups: boolean;
  uid: number | null;
  group: string | null;
  shell: string | null;
  home: string | null;
  line: number;
}

export interface AccountResult {
  facts: RunFact[];
  changes: AccountChange[];
}

function number(word: ShellWord | null): number | null {
  if (
    !word ||
    word.dynamic ||
    word.value === '' ||
    ![...word.value].every((ch) => ch >= '0' && ch <= '9')
  )
    return null;
  return Number(word.value);
}

function text(word: ShellWord | null): string | null {
  return word ? word.value : null;
}

function groupList(word: ShellWord | null): string[] {
  return word ? word.value.split(',').filter((g) => g !== '') : [];
}

function change(
  user: string,
  site: CommandSite,
  groups: string[],
  replaceGroups = false,
): AccountChange {
  return {
    user,
    groups,
    replaceGroups,
    uid: null,
    group: null,
    shell: null,
    home: null,
    line: site.line,
  };
}

function nothing(): AccountResult {
  return { facts: [], changes: [] };
}

/** A name we cannot read makes the whole account unknowable. */
function unreadable(
  word: ShellWord,
  kind: 'user' | 'group',
  site: CommandSite,
  argv: string[],
): AccountResult {
  report(
    site,
    'WF102',
    `cannot tell the name of the ${kind} \`${word.value}\``,
    'Give the variable a value with ARG or ENV, or write the name literally.',
  );
  return { facts: [commandFact(argv, site)], changes: [] };
}

const USERADD_VALUES = [
  '-u',
  '--uid',
  '-g',
  '--gid',
  '-G',
  '--groups',
  '-s',
  '--shell',
  '-d',
  '--home-dir',
  '--home',
  '-c',
  '--comment',
  '-e',
  '--expiredate',
  '-f',
  '--inactive',
  '-k',
  '--skel',
  '-K',
  '--key',
  '-p',
  '--password',
  '-b',
  '--base-dir',
  '-R',
  '--root',
  '-P',
  '--prefix',
  '-Z',
  '--selinux-user',
];

export function useradd(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): AccountResult {
  const parsed = parseArgs(args, USERADD_VALUES);
  const name = parsed.positionals[0];
  if (!name) return nothing();
  if (name.dynamic) return unreadable(name, 'user', site, argv);
  const group = text(flagValue(parsed, '-g', '--gid'));
  const noOwnGroup = hasFlag(parsed, '-N', '--no-user-group') || group !== null;
  return {
    facts: [
      {
        kind: 'user',
        name: name.value,
        uid: number(flagValue(parsed, '-u', '--uid')),
        group,
        groups: groupList(flagValue(parsed, '-G', '--groups')),
        shell: text(flagValue(parsed, '-s', '--shell')),
        home: text(flagValue(parsed, '-d', '--home-dir', '--home')),
        system: hasFlag(parsed, '-r', '--system'),
        ownGroup: hasFlag(parsed, '-U', '--user-group') || !noOwnGroup,
        line: site.line,
      },
    ],
    changes: [],
  };
}

const GROUPADD_VALUES = [
  '-g',
  '--gid',
  '-K',
  '--key',
  '-p',
  '--password',
  '-R',
  '--root',
  '-P',
  '--prefix',
  '-U',
  '--users',
];

export function groupadd(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): AccountResult {
  const parsed = parseArgs(args, GROUPADD_VALUES);
  const name = parsed.positionals[0];
  if (!name) return nothing();
  if (name.dynamic) return unreadable(name, 'group', site, argv);
  const members = groupList(flagValue(parsed, '-U', '--users'));
  return {
    facts: [groupFact(name.value, parsed, site)],
    changes: members.map((user) => change(user, site, [name.value])),
  };
}

function groupFact(name: string, parsed: ParsedArgs, site: CommandSite): RunFact {
  return {
    kind: 'group',
    name,
    gid: number(flagValue(parsed, '-g', '--gid')),
    system: hasFlag(parsed, '-r', '-S', '--system'),
    line: site.line,
  };
}

const ADDUSER_VALUES = [
  // Debian
  '--uid',
  '--gid',
  '--shell',
  '--home',
  '--gecos',
  '--comment',
  '--ingroup',
  '--firstuid',
  '--lastuid',
  '--firstgid',
  '--lastgid',
  '--conf',
  '--extrausers',
  // busybox
  '-u',
  '-G',
  '-s',
  '-h',
  '-g',
  '-k',
];

/**
 * `adduser [options] name` creates a user; `adduser user group` (both Debian and
 * busybox) adds an existing user to a group. Debian spells options long, busybox short.
 */
export function adduser(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): AccountResult {
  const parsed = parseArgs(args, ADDUSER_VALUES);
  const [name, second] = parsed.positionals;
  if (!name) return nothing();
  if (name.dynamic) return unreadable(name, 'user', site, argv);
  if (second) {
    if (second.dynamic) return unreadable(second, 'group', site, argv);
    return { facts: [], changes: [change(name.value, site, [second.value])] };
  }
  const system = hasFlag(parsed, '--system', '-S');
  // Debian: `adduser --group name` without --system is addgroup.
  if (hasFlag(parsed, '--group') && !system) {
    return { facts: [groupFact(name.value, parsed, site)], changes: [] };
  }
  const gid = flagValue(parsed, '--gid');
  const group = text(flagValue(parsed, '--ingroup', '-G')) ?? text(gid);
  // Debian --system users and busybox -S users land in nogroup unless told otherwise;
  // every other user gets a group of its own name.
  const ownGroup = group === null && (system ? hasFlag(parsed, '--group') : true);
  return {
    facts: [
      {
        kind: 'user',
        name: name.value,
        uid: number(flagValue(parsed, '--uid', '-u')),
        group: group ?? (ownGroup ? null : 'nogroup'),
        groups: [],
        shell: text(flagValue(parsed, '--shell', '-s')),
        home: text(flagValue(parsed, '--home', '-h')),
        system,
        ownGroup,
        line: site.line,
      },
    ],
    changes: [],
  };
}

const ADDGROUP_VALUES = ['-g', '--gid', '--conf'];

/** `addgroup [-S] [-g GID] name`; `addgroup user group` adds a user to a group. */
export function addgroup(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): AccountResult {
  const parsed = parseArgs(args, ADDGROUP_VALUES);
  const [name, second] = parsed.positionals;
  if (!name) return nothing();
  if (name.dynamic) return unreadable(name, second ? 'user' : 'group', site, argv);
  if (second) {
    if (second.dynamic) return unreadable(second, 'group', site, argv);
    return { facts: [], changes: [change(name.value, site, [second.value])] };
  }
  return { facts: [groupFact(name.value, parsed, site)], changes: [] };
}

const USERMOD_VALUES = [
  '-u',
  '--uid',
  '-g',
  '--gid',
  '-G',
  '--groups',
  '-s',
  '--shell',
  '-d',
  '--home',
  '-l',
  '--login',
  '-c',
  '--comment',
  '-e',
  '--expiredate',
  '-f',
  '--inactive',
  '-p',
  '--password',
  '-R',
  '--root',
  '-P',
  '--prefix',
];

export function usermod(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): AccountResult {
  const parsed = parseArgs(args, USERMOD_VALUES);
  const name = parsed.positionals[0];
  if (!name) return nothing();
  if (name.dynamic) return unreadable(name, 'user', site, argv);
  const groups = flagValue(parsed, '-G', '--groups');
  return {
    facts: [],
    changes: [
      {
        ...change(
          name.value,
          site,
          groupList(groups),
          groups !== null && !hasFlag(parsed, '-a', '--append'),
        ),
        uid: number(flagValue(parsed, '-u', '--uid')),
        group: text(flagValue(parsed, '-g', '--gid')),
        shell: text(flagValue(parsed, '-s', '--shell')),
        home: text(flagValue(parsed, '-d', '--home')),
      },
    ],
  };
}

/** `gpasswd -a user group`. */
export function gpasswd(
  args: readonly ShellWord[],
  site: CommandSite,
  argv: string[],
): AccountResult {
  const parsed = parseArgs(args, [
    '-a',
    '--add',
    '-d',
    '--delete',
    '-M',
    '--members',
    '-A',
    '--administrators',
  ]);
  const user = flagValue(parsed, '-a', '--add');
  const group = parsed.positionals[0];
  if (!user || !group) return { facts: [commandFact(argv, site)], changes: [] };
  if (user.dynamic) return unreadable(user, 'user', site, argv);
  if (group.dynamic) return unreadable(group, 'group', site, argv);
  return { facts: [], changes: [change(user.value, site, [group.value])] };
}

/** Apply a change to the user it names; false when that user is not known. */
export function applyChange(users: ReadonlyMap<string, UserFact>, c: AccountChange): boolean {
  const user = users.get(c.user);
  if (!user) return false;
  const groups = c.replaceGroups ? c.groups : [...user.groups, ...c.groups];
  user.groups = [...new Set(groups)];
  if (c.uid !== null) user.uid = c.uid;
  if (c.group !== null) {
    user.group = c.group;
    user.ownGroup = false;
  }
  if (c.shell !== null) user.shell = c.shell;
  if (c.home !== null) user.home = c.home;
  return true;
}
