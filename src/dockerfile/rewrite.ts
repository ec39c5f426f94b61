// What every command rewriter gets and gives back.

import { finding, type FindingId } from '../findings.js';
import type { MapContext } from '../map/index.js';
import type { DistroFamily, Finding, PackageManager } from '../model.js';
import type { SimpleCommand } from '../shell/index.js';
import type { TextEdit } from './document.js';
import type { SourceWord } from './words.js';

/** What to do with one command of a RUN; edits use offsets of the RUN script. */
export type CommandRewrite =
  | { kind: 'keep' }
  | { kind: 'remove' }
  | { kind: 'replace'; text: string }
  | { kind: 'edit'; edits: TextEdit[] };

export const KEEP: CommandRewrite = { kind: 'keep' };
export const REMOVE: CommandRewrite = { kind: 'remove' };

/** A package install found in the Dockerfile and what it became. */
export interface PackageFound {
  from: string;
  manager: PackageManager;
  stage: string;
  line: number;
  /** Wolfi names written into `apk add` (empty when left out). */
  to: string[];
  /** mapped, dropped (not needed), private (not in public Wolfi) or unknown. */
  outcome: 'mapped' | 'dropped' | 'private' | 'unknown';
  rule: string;
}

/** What a stage's rewrite carries from one command to the next. */
export interface StageState {
  stage: string;
  /** The distro family of the original base image (whose tools the commands expect). */
  family: DistroFamily;
  /** The stage installs shadow: useradd and groupadd stay. */
  shadow: boolean;
  /** Wolfi packages the stage's `apk add` lines install so far. */
  installed: Set<string>;
  /** dnf module → the stream enabled so far (`nodejs` → `20`): it picks the packages' version. */
  streams: Map<string, string>;
  /** gid → group name, from groups created in the stage. */
  groups: Map<string, string>;
  packages: PackageFound[];
  findings: Finding[];
  ctx: MapContext;
}

export interface CommandInput {
  cmd: SimpleCommand;
  /** The words from the command name on (wrappers like `sudo` skipped). */
  words: SourceWord[];
  /** Dockerfile line of the command. */
  line: number;
  script: string;
}

export function report(
  state: StageState,
  line: number,
  id: FindingId,
  message: string,
  hint?: string,
): void {
  state.findings.push(
    finding(id, message, { line, stage: state.stage }, hint === undefined ? {} : { hint }),
  );
}
