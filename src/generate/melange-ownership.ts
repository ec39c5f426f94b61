// Owners and modes of the files the package ships, as the final image had them: apko
// writes the accounts, but only the package can give its own files their owner, and the
// build sandbox can set numeric ids only.

import { posix } from 'node:path';
import type { StageAnalysis } from '../analyze/stage.js';
import { finding } from '../findings.js';
import type { ApkoConfig, Finding, Stage } from '../model.js';
import type { CopyInstruction } from '../plan/model.js';
import { within } from '../plan/paths.js';
import type { PackagedPath } from './melange-checks.js';
import { target } from './melange-copy.js';
import type { StagePaths, Where } from './melange-stage-paths.js';
import { quoteWord } from './quote.js';

/** Who the image's users and groups are: the accounts apko writes, and the base image's users. */
export interface ImageAccounts {
  accounts: ApkoConfig['accounts'];
  baseImageUsers: Readonly<Record<string, number>>;
}

/** `--chown=user:group` → numeric ids the build sandbox can set. */
export function copyOwner(
  copy: CopyInstruction,
  where: Where,
  accounts: ImageAccounts,
  findings: Finding[],
): string | null {
  return copy.chown ? ids(copy.chown, where, accounts, findings) : null;
}

function ids(
  spec: string,
  where: Where,
  { accounts, baseImageUsers }: ImageAccounts,
  findings: Finding[],
): string | null {
  const [user = '', group] = spec.split(/[:.]/, 2);
  const uid = /^\d+$/.test(user)
    ? Number(user)
    : (accounts?.users.find((u) => u.username === user)?.uid ?? baseImageUsers[user]);
  const primary = accounts?.users.find((u) => u.uid === uid)?.gid ?? uid;
  const gid =
    group === undefined || group === ''
      ? primary
      : /^\d+$/.test(group)
        ? Number(group)
        : (accounts?.groups.find((g) => g.groupname === group)?.gid ??
          (group === user ? primary : undefined));
  if (uid === undefined || gid === undefined) {
    findings.push(
      finding(
        'WF509',
        `${spec}: not a user and group of the image; the package's files keep owner root`,
        where,
        {
          // The files are placed; only their owner differs: a change to accept, not a loss.
          severity: 'warning',
          hint: 'Use numeric ids, or declare the user in the Dockerfile (useradd) so wolfify knows its id.',
        },
      ),
    );
    return null;
  }
  return `${uid}:${gid}`;
}

export interface FinalOwnershipInput {
  /** The final image's stages, base first. */
  chain: readonly Stage[];
  analyses: readonly StageAnalysis[];
  paths: StagePaths;
  /** Paths in the image the package provides (directories include what is under them). */
  packaged: readonly PackagedPath[];
  /** Files of `ADD <url>` that now link to a Wolfi package's command. */
  links: ReadonlySet<string>;
  accounts: ImageAccounts;
}

export interface FinalOwnership {
  /** Shell lines that set them in the package. */
  lines: string[];
  /** Final-image chown/chmod lines whose paths the package now sets. */
  owned: number[];
}

/**
 * `chown -R app:app /app/media` and `chmod -R g=u …` in the final image on files the
 * package ships: apko can only set one directory's owner, the package sets them all.
 */
export function finalOwnership(input: FinalOwnershipInput, findings: Finding[]): FinalOwnership {
  const { paths: stagePaths, links, packaged } = input;
  const lines: string[] = [];
  const owned: number[] = [];
  for (const stage of input.chain) {
    const analysis = input.analyses.find((a) => a.stage === stage);
    let workdir = stagePaths.initialWorkdir(stage);
    const workdirs: [number, number, string][] = [];
    for (const i of stage.instructions) {
      if (i.kind === 'workdir') workdir = stagePaths.imageWorkdir(i.path, stage);
      if (i.kind === 'run') workdirs.push([i.line, i.endLine, workdir]);
    }
    for (const fact of analysis?.facts ?? []) {
      if (fact.kind !== 'path' || (fact.op !== 'chown' && fact.op !== 'chmod') || !fact.value)
        continue;
      const wd = workdirs.find(([from, to]) => fact.line >= from && fact.line <= to)?.[2] ?? '/';
      const paths = fact.paths.map((p) => posix.resolve(wd, p));
      // A link to a Wolfi package's command has that package's owner and mode.
      const linked = paths.filter((p) => links.has(p));
      const ours = paths.filter(
        (p) => !links.has(p) && packaged.some((root) => within(p, root.path)),
      );
      if (paths.length > 0 && ours.length + linked.length === paths.length) owned.push(fact.line);
      if (ours.length === 0) continue;
      const where = { line: fact.line, stage: stage.id };
      const value =
        fact.op === 'chown'
          ? ids(fact.value, where, input.accounts, findings)
          : quoteWord(fact.value);
      if (!value) continue;
      const flag = fact.recursive ? '-R ' : '';
      for (const p of ours) {
        const t = target(p, true);
        lines.push(`if [ -e ${t} ]; then ${fact.op} ${flag}${value} ${t}; fi`);
      }
    }
  }
  return { lines, owned };
}
