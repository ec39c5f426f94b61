// One RUN instruction → facts: what it installs, removes, downloads, which accounts
// and paths it sets up, and every other command as a build step. Each fact keeps the
// Dockerfile line of the command that produced it.

import { posix } from 'node:path';
import { finding } from '../findings.js';
import type { Finding, Instruction, RunFact } from '../model.js';
import {
  basename,
  unwrapCommand,
  type ShellParse,
  type ShellParser,
  type ShellWord,
  type SimpleCommand,
} from '../shell/index.js';
import { analyzeApk } from './apk.js';
import { unbuiltArchitectureBranch } from './architecture.js';
import { analyzeApt } from './apt.js';
import { analyzeDnf } from './dnf.js';
import { download, isVerification } from './downloads.js';
import { parseArgs } from './options.js';
import { commandFact, housekeeping, repository } from './packages.js';
import { chmod, chown, touch, install, ln, mkdir } from './paths.js';
import { cacheRemoval, repositoryWrite } from './repositories.js';
import { report, type CommandSite } from './site.js';
import {
  addgroup,
  adduser,
  applyChange,
  gpasswd,
  groupadd,
  useradd,
  usermod,
  type AccountResult,
  type UserFact,
} from './users.js';
import { analyzeZypper } from './zypper.js';

export type RunInstruction = Extract<Instruction, { kind: 'run' }>;

export interface RunAnalysis {
  facts: RunFact[];
  findings: Finding[];
}

/** Users created so far in the stage, by name: later RUNs may add them to groups. */
export type KnownUsers = Map<string, UserFact>;

export function analyzeRun(run: RunInstruction, shell: ShellParser, stageId: string): RunAnalysis {
  return analyzeRunWithUsers(run, shell, stageId, new Map());
}

/** As analyzeRun, with the users that earlier RUNs of the same stage created. */
export function analyzeRunWithUsers(
  run: RunInstruction,
  shell: ShellParser,
  stageId: string,
  users: KnownUsers,
): RunAnalysis {
  const findings: Finding[] = [];
  const exec = run.command.form === 'exec' ? run.command.argv : null;
  const lineOf = (row: number): number =>
    exec ? run.line : (run.lineMap[row] ?? run.lineMap.at(-1) ?? run.line);
  const foreign = exec ? null : foreignInterpreter(run.script);
  if (foreign) {
    return {
      facts: [{ kind: 'command', argv: foreign, text: run.script, line: lineOf(0) }],
      findings,
    };
  }
  const parse: ShellParse = exec
    ? shell.commandsFromArgv(exec, run.env)
    : shell.commands(run.script, run.env);
  for (const error of parse.errors) {
    const line = lineOf(error.row);
    const where = { line, stage: stageId };
    if (error.kind === 'syntax') {
      findings.push(
        finding('WF106', `shell syntax error in RUN: ${error.message}`, where, {
          hint: 'Facts were extracted from the parts that parse; check this RUN by hand.',
        }),
      );
    } else {
      findings.push(finding('WF107', error.message, where));
    }
  }
  const verified = parse.commands.some(isVerification);
  const perCommand: { cmd: SimpleCommand; site: CommandSite; facts: RunFact[] }[] = [];
  for (const cmd of parse.commands) {
    const site: CommandSite = { line: lineOf(cmd.row), text: cmd.text, stage: stageId, findings };
    const produced = commandFacts(cmd, site, verified, users);
    // An install in a `case` branch for other architectures never reaches the image.
    const unbuilt = unbuiltArchitectureBranch(cmd.caseBranches);
    perCommand.push({
      cmd,
      site,
      facts: produced.map((f) => (f.kind === 'install' && unbuilt ? { ...f, onlyOn: unbuilt } : f)),
    });
  }
  return { facts: scratchDirectories(perCommand), findings };
}

/**
 * `mkdir -p /usr/src/redis; tar -C /usr/src/redis …; make …; rm -r /usr/src/redis`: a
 * directory the RUN removes again is the build's scratch, not a path of the image. Its
 * mkdir is a build step (a command), so the build creates it and apko does not. So is a
 * path that holds a variable the shell sets as it runs (`mkdir "wp-content/$dir"` in a
 * loop): apko would take `$dir` literally.
 */
function scratchDirectories(
  perCommand: readonly { cmd: SimpleCommand; site: CommandSite; facts: RunFact[] }[],
): RunFact[] {
  const removedAfter = (index: number, path: string) =>
    perCommand
      .slice(index + 1)
      .some(({ facts }) =>
        facts.some(
          (f) =>
            f.kind === 'command' &&
            f.argv[0] === 'rm' &&
            f.argv
              .slice(1)
              .some(
                (a) =>
                  !a.startsWith('-') &&
                  !/[*?[]/.test(a) &&
                  (posix.normalize(path) === posix.normalize(a) ||
                    posix.normalize(path).startsWith(`${posix.normalize(a)}/`)),
              ),
        ),
      );
  return perCommand.flatMap(({ cmd, site, facts }, index) =>
    facts.map((f) =>
      f.kind === 'path' &&
      ((f.op === 'mkdir' && f.paths.every((p) => removedAfter(index, p))) ||
        f.paths.some((p) => p.includes('$')))
        ? commandFact(
            cmd.words.slice(unwrapCommand(cmd.words).start).map((w) => w.value),
            site,
          )
        : f,
    ),
  );
}

const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);

/**
 * `RUN <<EOF` with `#!/usr/bin/env python3`: the body is not shell. The kernel splits a
 * shebang line on blanks, so that is all the parsing it gets.
 */
function foreignInterpreter(script: string): string[] | null {
  if (!script.startsWith('#!')) return null;
  const end = script.indexOf('\n');
  const argv = script
    .slice(2, end < 0 ? undefined : end)
    .split(' ')
    .flatMap((w) => w.split('\t'))
    .filter((w) => w !== '');
  const program = argv[0] ? basename(argv[0]) : '';
  const interpreter = program === 'env' ? argv.slice(1).find((w) => !w.startsWith('-')) : program;
  return interpreter === undefined || SHELLS.has(basename(interpreter)) ? null : argv;
}

/** Commands that only steer the shell itself: they leave nothing in the image. */
const SHELL_ONLY: ReadonlySet<string> = new Set([
  'set',
  'true',
  'false',
  ':',
  'local',
  'declare',
  'typeset',
  'readonly',
  'shopt',
  'exit',
  'return',
  'test',
  '[',
  'unset',
  'wait',
]);

/** Commands that only print: they matter when their output goes into a file. */
const PRINTERS: ReadonlySet<string> = new Set(['echo', 'printf']);

/** Writers whose only effect is the file they write (handled as a repository fact). */
const FILE_WRITERS: ReadonlySet<string> = new Set([
  'tee',
  'echo',
  'printf',
  'cat',
  'gpg',
  'gpg2',
  'cp',
  'mv',
  'install',
]);

function commandFacts(
  cmd: SimpleCommand,
  site: CommandSite,
  verified: boolean,
  users: KnownUsers,
): RunFact[] {
  const unwrapped = unwrapCommand(cmd.words);
  const words = cmd.words.slice(unwrapped.start);
  if (unwrapped.viaXargs) words.push(...xargsInput(cmd));
  const [head, ...args] = words;
  if (!head) return [];
  if (head.dynamic) return [commandFact(cmd.argv, site)];
  const name = basename(head.value);
  const facts: RunFact[] = [];
  const written = repositoryWrite(cmd, name, args, site);
  if (written) {
    facts.push(written);
    if (FILE_WRITERS.has(name)) return facts;
  }
  if (SHELL_ONLY.has(name)) return facts;
  if (PRINTERS.has(name)) return writesFile(cmd) ? [...facts, commandFact(cmd.argv, site)] : facts;
  facts.push(...dispatch(name, args, cmd, site, verified, users));
  return facts;
}

function dispatch(
  name: string,
  args: ShellWord[],
  cmd: SimpleCommand,
  site: CommandSite,
  verified: boolean,
  users: KnownUsers,
): RunFact[] {
  const argv = cmd.argv;
  switch (name) {
    case 'apt-get':
    case 'apt':
    case 'aptitude':
      return analyzeApt(args, site, argv);
    case 'apk':
      return analyzeApk(args, site, argv);
    case 'yum':
    case 'dnf':
    case 'dnf5':
    case 'microdnf':
    case 'tdnf':
      return analyzeDnf(args, site, argv);
    case 'yum-config-manager':
      return analyzeDnf([{ value: 'config-manager', dynamic: false }, ...args], site, argv);
    case 'zypper':
      return analyzeZypper(args, site, argv);
    case 'add-apt-repository':
    case 'apt-add-repository':
      return [repository('apt', parseArgs(args, []).positionals[0]?.value ?? site.text, site)];
    case 'apt-key':
      return args[0]?.value === 'list'
        ? [commandFact(argv, site)]
        : [repository('apt', site.text, site)];
    case 'rpm':
      return args.some((a) => a.value === '--import')
        ? [repository('dnf', site.text, site)]
        : [commandFact(argv, site)];
    case 'apt-mark':
      return [housekeeping('apt', site)];
    case 'useradd':
      return accounts(useradd(args, site, argv), site, users, argv);
    case 'adduser':
      return accounts(adduser(args, site, argv), site, users, argv);
    case 'groupadd':
      return accounts(groupadd(args, site, argv), site, users, argv);
    case 'addgroup':
      return accounts(addgroup(args, site, argv), site, users, argv);
    case 'usermod':
      return accounts(usermod(args, site, argv), site, users, argv);
    case 'gpasswd':
      return accounts(gpasswd(args, site, argv), site, users, argv);
    case 'curl':
    case 'wget':
      return [download(name, args, cmd, verified, site)];
    case 'mkdir':
      return mkdir(args, site);
    case 'touch':
      return touch(args, site);
    case 'chown':
      return chown(args, site);
    case 'chmod':
      return chmod(args, site);
    case 'ln':
      return ln(args, site, argv);
    case 'install':
      return install(args, site, argv);
    case 'rm':
      return [cacheRemoval(args, site, true) ?? commandFact(argv, site)];
    default:
      // `$(nproc)` only feeds the command around it, which is the step to report.
      if (cmd.substitutedInto) return [];
      // `cd` stays: later build steps (melange `runs:`) depend on the directory.
      return [commandFact(argv, site)];
  }
}

/** Record new users; apply group changes to known users, or say they could not be. */
function accounts(
  result: AccountResult,
  site: CommandSite,
  users: KnownUsers,
  argv: string[],
): RunFact[] {
  for (const fact of result.facts) if (fact.kind === 'user') users.set(fact.name, fact);
  const facts = [...result.facts];
  for (const change of result.changes) {
    if (applyChange(users, change)) continue;
    const groups = change.groups.map((g) => `\`${g}\``).join(', ');
    report(
      site,
      'WF313',
      `changes user \`${change.user}\`${groups ? ` (groups ${groups})` : ''}, which this stage does not create`,
      'The user probably comes from the base image; declare it and its groups in the apko accounts by hand.',
    );
    // Keep the command as a build step, once, so that nothing is dropped silently.
    if (!facts.some((f) => f.kind === 'command')) facts.push(commandFact(argv, site));
  }
  return facts;
}

function writesFile(cmd: SimpleCommand): boolean {
  return cmd.redirects.some(
    (r) => (r.op === '>' || r.op === '>>' || r.op === '>|') && !r.target.value.startsWith('/dev/'),
  );
}

/** What xargs appends: the words echoed into it, or an unknowable input. */
function xargsInput(cmd: SimpleCommand): ShellWord[] {
  const stdin = [...cmd.redirects].reverse().find((r) => r.op === '<<<' || r.op.startsWith('<<'));
  if (stdin) return splitInput([stdin.target]);
  const from = cmd.pipedFrom;
  if (from) {
    const fromWords = from.words.slice(unwrapCommand(from.words).start);
    const [head, ...args] = fromWords;
    const name = head && !head.dynamic ? basename(head.value) : '';
    if (name === 'echo')
      return splitInput(args.filter((a) => !(a.value.startsWith('-') && a.value.length === 2)));
    if (name === 'printf') return splitInput(args.slice(1));
  }
  return [{ value: 'the input of xargs', dynamic: true }];
}

function splitInput(words: ShellWord[]): ShellWord[] {
  return words.flatMap((w) =>
    w.value
      .split('\n')
      .flatMap((line) => line.split(' '))
      .flatMap((part) => part.split('\t'))
      .filter((part) => part !== '')
      .map((value) => ({ value, dynamic: w.dynamic })),
  );
}
