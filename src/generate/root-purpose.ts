// Root only on purpose. wolfify runs images as non-root by default, but some images are
// designed to start as root and give it up themselves — an entrypoint that steps down with
// gosu/su-exec/setpriv, an init system (s6-overlay, runit, supervisord), sshd or cron, a
// server whose default configuration binds a port below 1024. Forcing non-root on those
// breaks them at start, so each case is decided and said: a non-root equivalent where Wolfi
// has one, else root kept with the reason and what to do.

import type { BaseContract } from '../map/contracts.js';
import { basename, type ShellParser } from '../shell/index.js';
import type { StartCommand } from './command-start.js';

/** Commands that drop from root to another user before running the service. */
const STEP_DOWN = new Set(['gosu', 'su-exec', 'setpriv', 'runuser', 's6-setuidgid', 'chpst']);
/** Init systems and daemons that need root to start (they manage users themselves). */
const ROOT_DAEMONS: Readonly<Record<string, string>> = {
  supervisord: 'supervisord (an init system) starts its programs as root',
  runsvdir: 'runit starts its services as root',
  'runsvdir-start': 'runit starts its services as root',
  's6-svscan': 's6 starts its services as root',
  '/init': "s6-overlay's /init needs root to set up the container",
  sshd: 'sshd needs root to bind port 22 and switch to the logged-in user',
  cron: 'cron runs jobs as their owners, which needs root',
  crond: 'cron runs jobs as their owners, which needs root',
};

export interface RootPurposeInput {
  command: StartCommand | null;
  /** The image's base contract (startsAsRoot, a non-root equivalent). */
  contract: BaseContract | null;
  /** Text of scripts the command runs from the build context (entrypoint scripts). */
  scripts: readonly string[];
  /** The command starts a script copied from the build context whose text was not read. */
  unreadScript: boolean;
  /** The image's packages (a step-down tool installed beside an unread script says enough). */
  packages: ReadonlySet<string>;
  shell: ShellParser;
}

export type RootPurpose =
  | { kind: 'none' }
  | { kind: 'root'; why: string }
  | { kind: 'non-root-equivalent'; from: number; to: number; note: string };

export function rootPurpose(input: RootPurposeInput): RootPurpose {
  const why = reasonForRoot(input);
  if (why) return { kind: 'root', why };
  const nonRoot = input.contract?.nonRoot;
  if (nonRoot) return { kind: 'non-root-equivalent', ...nonRoot };
  return { kind: 'none' };
}

function reasonForRoot(input: RootPurposeInput): string | null {
  const argv =
    input.command && 'argv' in input.command
      ? input.command.argv
      : input.command
        ? input.shell.commands(input.command.script, {}).commands.flatMap((c) => c.argv)
        : [];
  for (const word of argv) {
    const daemon = ROOT_DAEMONS[word] ?? ROOT_DAEMONS[basename(word)];
    if (daemon) return daemon;
    if (STEP_DOWN.has(basename(word)))
      return `the command starts as root and steps down with ${basename(word)}`;
  }
  for (const script of input.scripts) {
    for (const command of input.shell.commands(script, {}).commands) {
      const name = basename(command.argv[0] ?? '');
      const program = name === 'exec' ? basename(command.argv[1] ?? '') : name;
      if (STEP_DOWN.has(program))
        return `its entrypoint script starts as root and steps down with ${program}`;
      if (program === 'chroot' && command.argv.some((a) => a.startsWith('--userspec')))
        return 'its entrypoint script starts as root and steps down with chroot --userspec';
      const daemon = ROOT_DAEMONS[program];
      if (daemon) return daemon;
    }
  }
  // `COPY docker-entrypoint.sh` next to an installed gosu: the script is the step-down.
  const tool = [...STEP_DOWN].find((t) => input.packages.has(t));
  if (input.unreadScript && tool)
    return `it installs ${tool} and starts with an entrypoint script, the pattern of a step-down from root`;
  return input.contract?.startsAsRoot ?? null;
}
