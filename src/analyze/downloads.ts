// curl and wget: where the download comes from, whether it is executed straight
// away (`curl … | sh`), and whether the same RUN checks it (`sha256sum -c`).

import type { RunFact } from '../model.js';
import { basename, unwrapCommand, type ShellWord, type SimpleCommand } from '../shell/index.js';
import { hasFlag, parseArgs } from './options.js';
import type { CommandSite } from './site.js';

export const CURL_VALUE_FLAGS = [
  '-o',
  '--output',
  '-H',
  '--header',
  '-u',
  '--user',
  '-d',
  '--data',
  '--data-binary',
  '--data-raw',
  '--data-urlencode',
  '-X',
  '--request',
  '-A',
  '--user-agent',
  '-e',
  '--referer',
  '-b',
  '--cookie',
  '-c',
  '--cookie-jar',
  '-K',
  '--config',
  '-m',
  '--max-time',
  '--connect-timeout',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '-w',
  '--write-out',
  '-x',
  '--proxy',
  '-T',
  '--upload-file',
  '-F',
  '--form',
  '-r',
  '--range',
  '-E',
  '--cert',
  '--cacert',
  '--capath',
  '--key',
  '-C',
  '--continue-at',
  '-z',
  '--time-cond',
  '--output-dir',
  '-y',
  '--speed-time',
  '-Y',
  '--speed-limit',
  '--limit-rate',
  '--max-redirs',
  '--resolve',
  '--interface',
  '--dns-servers',
  '--proto',
  '--proto-redir',
  '-Q',
  '--quote',
  '--url',
  '--netrc-file',
  '--oauth2-bearer',
  '--pinnedpubkey',
  '-t',
  '--telnet-option',
  '--local-port',
  '--ciphers',
  '--variable',
  '--expand-url',
];

export const WGET_VALUE_FLAGS = [
  '-O',
  '--output-document',
  '-o',
  '--output-file',
  '-a',
  '--append-output',
  '-P',
  '--directory-prefix',
  '-t',
  '--tries',
  '-T',
  '--timeout',
  '-w',
  '--wait',
  '-U',
  '--user-agent',
  '--header',
  '--user',
  '--password',
  '-e',
  '--execute',
  '-i',
  '--input-file',
  '-B',
  '--base',
  '--post-data',
  '--post-file',
  '--ca-certificate',
  '--certificate',
  '--private-key',
  '-Q',
  '--quota',
  '--limit-rate',
  '-l',
  '--level',
  '-A',
  '--accept',
  '-R',
  '--reject',
  '-D',
  '--domains',
  '--load-cookies',
  '--save-cookies',
  '--method',
  '--body-data',
  '--progress',
];

/** Programs that execute what they read: piping a download into them runs it unseen. */
const INTERPRETERS: ReadonlySet<string> = new Set([
  'sh',
  'bash',
  'dash',
  'ash',
  'zsh',
  'ksh',
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'node',
  'php',
  'eval',
  'source',
  '.',
]);

function interpreterOf(cmd: SimpleCommand | null): string | null {
  if (!cmd) return null;
  const head = cmd.words[unwrapCommand(cmd.words).start];
  if (!head || head.dynamic) return null;
  const name = basename(head.value);
  // `python3.12` runs code just like `python3`.
  const family = name.replace(/[0-9.]+$/, '');
  return INTERPRETERS.has(name) || INTERPRETERS.has(family) ? name : null;
}

export function download(
  tool: 'curl' | 'wget',
  args: readonly ShellWord[],
  cmd: SimpleCommand,
  verified: boolean,
  site: CommandSite,
): RunFact {
  const parsed = parseArgs(args, tool === 'curl' ? CURL_VALUE_FLAGS : WGET_VALUE_FLAGS);
  const explicit = parsed.options.find((o) => o.flag === '--url')?.value ?? null;
  const url = explicit ?? parsed.positionals[0] ?? null;
  return {
    kind: 'download',
    tool,
    url: url ? url.value : null,
    pipedTo: interpreterOf(cmd.pipedTo) ?? interpreterOf(cmd.substitutedInto),
    verified,
    line: site.line,
  };
}

const CHECKSUM_TOOLS: ReadonlySet<string> = new Set([
  'sha1sum',
  'sha224sum',
  'sha256sum',
  'sha384sum',
  'sha512sum',
  'b2sum',
  'shasum',
  'b3sum',
]);

/**
 * A command that checks a download: `sha256sum -c`, `shasum -a 256 -c`, `gpg --verify`,
 * `gpgv`, `cosign verify…`, `minisign -V`. md5sum does not count: MD5 proves nothing.
 */
export function isVerification(cmd: SimpleCommand): boolean {
  const words = cmd.words.slice(unwrapCommand(cmd.words).start);
  const [head, ...args] = words;
  if (!head || head.dynamic) return false;
  const name = basename(head.value);
  if (CHECKSUM_TOOLS.has(name))
    return hasFlag(parseArgs(args, ['-a', '--algorithm']), '-c', '--check');
  if (name === 'gpg' || name === 'gpg2') return args.some((a) => a.value === '--verify');
  if (name === 'gpgv') return true;
  if (name === 'cosign') return args.some((a) => a.value.startsWith('verify'));
  if (name === 'minisign') return args.some((a) => a.value === '-V' || a.value === '--verify');
  return false;
}
