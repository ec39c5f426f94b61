// `ADD <url>` in melange: software a Wolfi package provides comes from that package
// (rules/installers.yaml); anything else is downloaded when melange builds, and checked
// against the checksum the Dockerfile gave.

import { posix } from 'node:path';
import { matchInstaller, type InstallerRule } from '../analyze/installers.js';
import type { Catalog } from '../catalog/index.js';
import { finding } from '../findings.js';
import type { Finding } from '../model.js';
import type { CopyInstruction } from '../plan/model.js';
import { chooseInstallerPackage, loadBuiltinInstallers } from '../supply-chain.js';
import { target } from './melange-copy.js';
import { quoteWord } from './quote.js';
import type { Where } from './melange-stage-paths.js';

/** Where Wolfi packages put commands: a link there would clash with the package's file. */
const SYSTEM_BIN = new Set(['/usr/bin', '/usr/sbin', '/bin', '/sbin']);

/** What decides whether a Wolfi package replaces a download. */
export interface InstallerChoice {
  /** Installer rules for `ADD <url>` (default: rules/installers.yaml). */
  installers?: readonly InstallerRule[];
  catalog: Catalog;
  repositories: readonly string[];
}

export interface PackagedDownload {
  /** Shell lines that link the download's path to the package's command (none otherwise). */
  lines: string[];
  /** The Wolfi package that replaces the download. */
  package: string;
  /** The file that now links to the package's command, or null. */
  link: string | null;
}

/**
 * `ADD <url>` of software Wolfi packages (rules/installers.yaml), such as a release
 * binary: the package replaces it, for every architecture and signed. A command the
 * Dockerfile put elsewhere (`/usr/local/bin/tini`) links to the package's command.
 */
export function packagedDownload(
  url: string,
  dest: string,
  intoPackage: boolean,
  where: Where,
  rules: InstallerChoice,
  findings: Finding[],
): PackagedDownload | null {
  const match = matchInstaller(url, rules.installers ?? loadBuiltinInstallers());
  if (!match) return null;
  const choice = chooseInstallerPackage(match, rules.catalog, rules.repositories);
  if (choice.kind !== 'package') return null;
  const file = dest.endsWith('/') ? posix.join(dest, downloadName(url)) : dest;
  const dir = posix.dirname(file);
  const command = posix.basename(file);
  // A command: in a bin directory, or named after the package (`ADD …/tini /tini`).
  const named = [match.rule.package, choice.name].some(
    (p) => p === command || p?.startsWith(`${command}-`),
  );
  const link = !SYSTEM_BIN.has(dir) && (/\/s?bin$/.test(dir) || named);
  const lines: string[] = [];
  if (link) {
    if (dir !== '/') lines.push(`mkdir -p ${target(dir, intoPackage)}`);
    lines.push(`ln -sf "$(command -v ${quoteWord(command)})" ${target(file, intoPackage)}`);
  }
  const detail = choice.detail ? ` (${choice.detail})` : '';
  const place = link
    ? `; ${file} links to its ${command}`
    : SYSTEM_BIN.has(dir)
      ? ''
      : `; its files are where the package puts them, not at ${file}`;
  findings.push(
    finding(
      'WF405',
      `ADD ${url}: ${match.rule.name} replaced by the Wolfi package ${choice.name}${detail}${place}`,
      where,
      { hint: 'Remove the ADD from the build; apko installs the package, signed.' },
    ),
  );
  return { lines, package: choice.name, link: link ? file : null };
}

/** `ADD <url>`: downloaded when melange builds, checked when the Dockerfile gave a checksum. */
export function download(
  url: string,
  copy: CopyInstruction,
  dest: string,
  intoPackage: boolean,
  owner: string | null,
  where: Where,
  findings: Finding[],
): string[] {
  const file = dest.endsWith('/') ? posix.join(dest, downloadName(url)) : dest;
  const to = target(file, intoPackage);
  const lines = [
    `mkdir -p ${target(posix.dirname(file), intoPackage)}`,
    `wget -q -O ${to} ${quoteWord(url)}`,
  ];
  const [algorithm, digest] = (copy.checksum ?? '').split(':', 2);
  if ((algorithm === 'sha256' || algorithm === 'sha512') && digest)
    lines.push(`printf '%s  %s\\n' ${quoteWord(digest)} ${to} | ${algorithm}sum -c -`);
  else
    findings.push(
      finding('WF502', `ADD ${url} downloads during the melange build without a checksum`, where, {
        hint: 'Add --checksum=sha256:… to the ADD (wolfify then checks it), or use `uses: fetch` with expected-sha256.',
      }),
    );
  // Docker gives a downloaded file mode 0600 unless --chmod says otherwise.
  lines.push(`chmod ${quoteWord(copy.chmod ?? '0600')} ${to}`);
  if (owner) lines.push(`chown ${owner} ${to}`);
  return lines;
}

/** The file name `ADD <url> dir/` gives a download. */
function downloadName(url: string): string {
  return posix.basename(URL.canParse(url) ? new URL(url).pathname : url) || 'download';
}
