// Accounts in a Chainguard image are made with busybox: `adduser`/`addgroup` with short
// options. shadow's useradd/groupadd/usermod/gpasswd and Debian's adduser/addgroup
// (long options, interactive by default) become their busybox equivalents, unless the
// stage installs shadow itself.
//
// | source                          | busybox                                         |
// | ------------------------------- | ----------------------------------------------- |
// | useradd -u UID / --uid          | adduser -u UID                                  |
// | useradd -g GRP / --gid          | adduser -G GRP (a gid made in the stage → name) |
// | useradd -G a,b / --groups       | … && addgroup USER a && addgroup USER b         |
// | useradd -s / -d / -c            | adduser -s / -h / -g                            |
// | useradd -r / --system           | adduser -S (and addgroup -S USER for its group) |
// | useradd -m; -M; neither         | (home made); -H; -H (shadow's default)          |
// | useradd -l, -U                  | dropped: busybox has no lastlog, makes the group |
// | groupadd -g GID / -r            | addgroup -g GID / -S                            |
// | usermod -aG g USER, gpasswd -a  | addgroup USER g                                 |
// | adduser --system --group …      | addgroup -S NAME && adduser -D -S -G NAME …     |
// `-D` always: without it busybox adduser stops at a password prompt.

import type { DistroFamily } from '../model.js';
import {
  KEEP,
  report,
  type CommandInput,
  type CommandRewrite,
  type StageState,
} from './rewrite.js';
import { has, option, optionTable, readArgs, type ReadArgs, type SourceWord } from './words.js';

/** A user as busybox adduser can make it. */
interface Account {
  name: string;
  uid: string | null;
  group: string | null;
  groups: string[];
  shell: string | null;
  home: string | null;
  gecos: string | null;
  system: boolean;
  createHome: boolean;
  /** Make a group named after the user first (system users; busybox does it for others). */
  ownGroup: boolean;
}

const USERADD = optionTable([
  ['uid', true, '-u', '--uid'],
  ['group', true, '-g', '--gid'],
  ['groups', true, '-G', '--groups'],
  ['shell', true, '-s', '--shell'],
  ['home', true, '-d', '--home-dir', '--home'],
  ['gecos', true, '-c', '--comment'],
  ['skel', true, '-k', '--skel'],
  ['create-home', false, '-m', '--create-home'],
  ['no-create-home', false, '-M', '--no-create-home'],
  ['system', false, '-r', '--system'],
  ['user-group', false, '-U', '--user-group'],
  ['no-user-group', false, '-N', '--no-user-group'],
  ['no-log-init', false, '-l', '--no-log-init'],
  ['non-unique', false, '-o', '--non-unique'],
  ['password', true, '-p', '--password'],
  ['expire', true, '-e', '--expiredate'],
  ['inactive', true, '-f', '--inactive'],
  ['key', true, '-K', '--key'],
]);

const GROUPADD = optionTable([
  ['gid', true, '-g', '--gid'],
  ['system', false, '-r', '--system'],
  ['force', false, '-f', '--force'],
  ['non-unique', false, '-o', '--non-unique'],
  ['key', true, '-K', '--key'],
  ['password', true, '-p', '--password'],
]);

const USERMOD = optionTable([
  ['append', false, '-a', '--append'],
  ['groups', true, '-G', '--groups'],
]);

const GPASSWD = optionTable([['add', true, '-a', '--add']]);

/** Debian's adduser and busybox's, long and short spellings. */
const ADDUSER = optionTable([
  ['system', false, '--system', '-S'],
  ['group-of-own', false, '--group'],
  ['group', true, '--ingroup', '-G'],
  ['gid', true, '--gid'],
  ['uid', true, '--uid', '-u'],
  ['home', true, '--home', '-h'],
  ['shell', true, '--shell', '-s'],
  ['gecos', true, '--gecos', '--comment', '-g'],
  ['skel', true, '-k', '--skel'],
  ['no-create-home', false, '--no-create-home', '-H'],
  ['no-password', false, '--disabled-password', '--disabled-login', '-D', '--empty-password'],
  ['quiet', false, '--quiet', '-q', '--force-badname', '--allow-bad-names', '--allow-all-names'],
  ['ignored', true, '--firstuid', '--lastuid', '--firstgid', '--lastgid', '--conf'],
]);

const ADDGROUP = optionTable([
  ['system', false, '--system', '-S'],
  ['gid', true, '--gid', '-g'],
  ['quiet', false, '--quiet', '-q', '--force-badname', '--allow-bad-names'],
]);

const ACCOUNT_TOOLS = new Set(['useradd', 'groupadd', 'usermod', 'gpasswd', 'adduser', 'addgroup']);

export function isAccountCommand(name: string): boolean {
  return ACCOUNT_TOOLS.has(name);
}

export function rewriteAccount(
  name: string,
  input: CommandInput,
  state: StageState,
): CommandRewrite {
  const shadowTool =
    name === 'useradd' || name === 'groupadd' || name === 'usermod' || name === 'gpasswd';
  if (shadowTool && state.shadow) return KEEP;
  const args = input.words.slice(1);
  switch (name) {
    case 'useradd':
      return useradd(args, input, state);
    case 'groupadd':
      return groupadd(args, input, state);
    case 'usermod':
      return usermod(args, input, state);
    case 'gpasswd':
      return gpasswd(args, input, state);
    case 'adduser':
      return adduser(args, input, state);
    default:
      return addgroup(args, input, state);
  }
}

function unsupported(
  args: ReadArgs,
  keys: string[],
  input: CommandInput,
  state: StageState,
): boolean {
  const bad = [
    ...args.unknown,
    ...args.options.filter((o) => keys.includes(o.key)).map((o) => o.spelled),
  ];
  if (bad.length === 0) return false;
  report(
    state,
    input.line,
    'WF606',
    `\`${input.words[0]?.value ?? ''}\` uses ${bad.map((b) => `\`${b}\``).join(', ')}, which busybox adduser/addgroup cannot do; the command is left as written`,
    'Install shadow (apk add shadow) to keep useradd/groupadd, or rewrite the command by hand.',
  );
  return true;
}

/** shadow's useradd makes a home only with -m, or by default on Fedora/SUSE (CREATE_HOME yes) for non-system users. */
function shadowCreatesHome(args: ReadArgs, family: DistroFamily): boolean {
  if (has(args, 'create-home')) return true;
  if (has(args, 'no-create-home') || has(args, 'system')) return false;
  return family === 'fedora' || family === 'suse';
}

function useradd(words: SourceWord[], input: CommandInput, state: StageState): CommandRewrite {
  const args = readArgs(words, USERADD);
  const name = args.positionals[0];
  if (!name || args.positionals.length > 1) return KEEP;
  if (unsupported(args, ['non-unique', 'password', 'expire', 'inactive', 'key'], input, state))
    return KEEP;
  const group = option(args, 'group')?.value ?? null;
  const system = has(args, 'system');
  const account: Account = {
    name: name.source,
    uid: option(args, 'uid')?.value ?? null,
    group: group === null && has(args, 'no-user-group') ? 'users' : group,
    groups: splitGroups(option(args, 'groups')?.valueText ?? null),
    shell: option(args, 'shell')?.value ?? null,
    home: option(args, 'home')?.value ?? null,
    gecos: option(args, 'gecos')?.value ?? null,
    system,
    createHome: shadowCreatesHome(args, state.family),
    ownGroup: group === null && !has(args, 'no-user-group') && system,
  };
  return {
    kind: 'replace',
    text: accountCommands(account, input, state, option(args, 'skel')?.value ?? null),
  };
}

function groupadd(words: SourceWord[], input: CommandInput, state: StageState): CommandRewrite {
  const args = readArgs(words, GROUPADD);
  const name = args.positionals[0];
  if (!name || args.positionals.length > 1) return KEEP;
  if (unsupported(args, ['non-unique', 'key', 'password'], input, state)) return KEEP;
  const gid = option(args, 'gid');
  return {
    kind: 'replace',
    text: groupCommand(
      name,
      has(args, 'system'),
      gid?.value ?? null,
      gid?.valueText ?? null,
      state,
    ),
  };
}

function usermod(words: SourceWord[], input: CommandInput, state: StageState): CommandRewrite {
  const args = readArgs(words, USERMOD);
  const user = args.positionals[0];
  const groups = splitGroups(option(args, 'groups')?.valueText ?? null);
  if (!user || args.positionals.length > 1 || groups.length === 0) {
    report(
      state,
      input.line,
      'WF606',
      '`usermod` has no busybox equivalent except adding a user to groups; the command is left as written',
      'Install shadow (apk add shadow), or create the user with the right options in the first place.',
    );
    return KEEP;
  }
  if (unsupported(args, [], input, state)) return KEEP;
  return { kind: 'replace', text: groups.map((g) => `addgroup ${user.source} ${g}`).join(' && ') };
}

function gpasswd(words: SourceWord[], input: CommandInput, state: StageState): CommandRewrite {
  const args = readArgs(words, GPASSWD);
  const user = option(args, 'add')?.value;
  const group = args.positionals[0];
  if (!user || !group || args.positionals.length > 1 || args.unknown.length > 0) {
    report(
      state,
      input.line,
      'WF606',
      '`gpasswd` has no busybox equivalent except `-a USER GROUP`; the command is left as written',
      'Install shadow (apk add shadow).',
    );
    return KEEP;
  }
  return { kind: 'replace', text: `addgroup ${user} ${group.source}` };
}

function adduser(words: SourceWord[], input: CommandInput, state: StageState): CommandRewrite {
  const args = readArgs(words, ADDUSER);
  const [name, second] = args.positionals;
  if (!name || args.positionals.length > 2) return KEEP;
  if (unsupported(args, [], input, state)) return KEEP;
  // `adduser USER GROUP` adds an existing user to a group, in both dialects.
  if (second) {
    return args.options.length === 0
      ? KEEP
      : { kind: 'replace', text: `addgroup ${name.source} ${second.source}` };
  }
  const system = has(args, 'system');
  if (has(args, 'group-of-own') && !system) {
    // Debian: `adduser --group NAME` is addgroup.
    const gid = option(args, 'gid');
    return {
      kind: 'replace',
      text: groupCommand(name, false, gid?.value ?? null, gid?.valueText ?? null, state),
    };
  }
  if (state.family === 'alpine' && isBusyboxAlready(input.words.slice(1), args)) return KEEP;
  const gid = option(args, 'gid');
  const account: Account = {
    name: name.source,
    uid: option(args, 'uid')?.value ?? null,
    group: option(args, 'group')?.value ?? gid?.value ?? null,
    groups: [],
    shell: option(args, 'shell')?.value ?? null,
    home: option(args, 'home')?.value ?? null,
    gecos: option(args, 'gecos')?.value ?? null,
    system,
    createHome: !has(args, 'no-create-home'),
    ownGroup: has(args, 'group-of-own'),
  };
  return {
    kind: 'replace',
    text: accountCommands(account, input, state, option(args, 'skel')?.value ?? null),
  };
}

function addgroup(words: SourceWord[], input: CommandInput, state: StageState): CommandRewrite {
  const args = readArgs(words, ADDGROUP);
  const [name, second] = args.positionals;
  if (!name || args.positionals.length > 2) return KEEP;
  if (unsupported(args, [], input, state)) return KEEP;
  if (second) return KEEP;
  const gid = option(args, 'gid');
  const text = groupCommand(
    name,
    has(args, 'system'),
    gid?.value ?? null,
    gid?.valueText ?? null,
    state,
  );
  const written = input.words.map((w) => w.source).join(' ');
  return text === written ? KEEP : { kind: 'replace', text };
}

/** Short options only, and -D: busybox runs it as written. */
function isBusyboxAlready(words: SourceWord[], args: ReadArgs): boolean {
  const long = words.some((w) => w.value.startsWith('--'));
  return !long && has(args, 'no-password');
}

function splitGroups(list: string | null): string[] {
  if (list === null) return [];
  return list.split(',').filter((g) => g !== '');
}

function groupCommand(
  name: SourceWord,
  system: boolean,
  gid: string | null,
  gidText: string | null,
  state: StageState,
): string {
  if (gidText !== null && isNumber(gidText)) state.groups.set(gidText, name.value);
  return ['addgroup', system ? '-S' : null, gid !== null ? `-g ${gid}` : null, name.source]
    .filter((p) => p !== null)
    .join(' ');
}

function accountCommands(
  account: Account,
  input: CommandInput,
  state: StageState,
  skel: string | null,
): string {
  const commands: string[] = [];
  let group = account.group;
  if (group !== null && isNumber(group)) {
    const named = group === '0' ? 'root' : state.groups.get(group);
    if (named) group = named;
    else {
      report(
        state,
        input.line,
        'WF606',
        `busybox adduser -G takes a group name, and no group with gid ${group} is made in this stage; \`-G ${group}\` is written as is`,
        'Create the group with addgroup -g first, or name the group.',
      );
    }
  }
  if (account.ownGroup && group === null) {
    commands.push(
      ['addgroup', account.system ? '-S' : null, account.name].filter((p) => p !== null).join(' '),
    );
    group = account.name;
  }
  commands.push(
    [
      'adduser -D',
      account.system ? '-S' : null,
      account.createHome ? null : '-H',
      account.uid !== null ? `-u ${account.uid}` : null,
      group !== null ? `-G ${group}` : null,
      account.home !== null ? `-h ${account.home}` : null,
      account.shell !== null ? `-s ${account.shell}` : null,
      account.gecos !== null ? `-g ${account.gecos}` : null,
      skel !== null ? `-k ${skel}` : null,
      account.name,
    ]
      .filter((p) => p !== null)
      .join(' '),
  );
  for (const extra of account.groups) commands.push(`addgroup ${account.name} ${extra}`);
  return commands.join(' && ');
}

function isNumber(text: string): boolean {
  return text !== '' && [...text].every((ch) => ch >= '0' && ch <= '9');
}
