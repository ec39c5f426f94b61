// The image's command must be able to start: every program its ENTRYPOINT/CMD runs —
// through wrappers (tini, gosu, env) and the #! line of a script copied from the build
// context — is provided by a package of the image or a file a build installs. Shells and
// init helpers with one obvious package are added; anything else missing is an error.

import { posix } from 'node:path';
import { finding } from '../findings.js';
import { DEFAULT_PATH_DIRECTORIES } from './default-path.js';
import type { Finding, Instruction, ParsedDockerfile, Stage } from '../model.js';
import { lineage, resolveStage } from '../plan/graph.js';
import { loadCommandProviders, type CommandProvider } from '../map/contracts.js';
import { basename, unwrapCommand } from '../shell/index.js';

/** The command as apko will run it: exec-form words, or a shell script (run by /bin/sh -c). */
export type StartCommand = { argv: string[] } | { script: string };

export interface CommandStartInput {
  /** ENTRYPOINT then CMD, as Docker joins them; empty when the image has neither. */
  command: StartCommand | null;
  /** The base image's command, from rules/base-contracts.yaml: its packages are already in. */
  trusted: boolean;
  /** The image's packages so far. */
  packages: ReadonlySet<string>;
  /** The stages whose COPY/ADD make up the image, base first. */
  chain: readonly Stage[];
  /** Image paths the application package installs (directories or files). */
  packagedPaths: readonly string[];
  /** The image has an application package (pip/npm/bundle may have installed the program). */
  hasApplication: boolean;
  /**
   * The build-context files the command may start, by context-relative path: from their #!
   * line on, or '' when read and not a script. A file absent here was not read.
   */
  contextScripts: Readonly<Record<string, string>>;
  workdir: string;
  stage: string;
  /** The whole Dockerfile: a script copied from another stage is followed to its source. */
  parsed?: ParsedDockerfile;
}

export interface CommandStartResult {
  add: string[];
  findings: Finding[];
}

const MAX_HOPS = 8;

export function checkCommandStarts(input: CommandStartInput): CommandStartResult {
  const out: CommandStartResult = { add: [], findings: [] };
  if (!input.command) return out;
  const providers = loadCommandProviders();
  const have = new Set(input.packages);
  const where = { line: null, stage: input.stage };

  const provided = (program: string): boolean => {
    const name = basename(program);
    const spec: CommandProvider | undefined = providers[name];
    if (spec) return [...have].some((p) => spec.any.some((x) => p === x || p.startsWith(x)));
    return [...have].some((p) => p === name || p.startsWith(`${name}-`));
  };
  const require = (program: string, why: string): void => {
    const name = basename(program);
    if (provided(program)) return;
    const spec = providers[name];
    if (spec?.add) {
      have.add(spec.add);
      out.add.push(spec.add);
      out.findings.push(
        finding('WF315', `${why} needs ${name}: the image gets ${spec.add}`, where),
      );
      return;
    }
    out.findings.push(
      finding(
        'WF314',
        `${why} starts \`${program}\`, which no package of the image provides and no build installs`,
        where,
        {
          hint: spec
            ? `Add the package that provides it (${spec.any.join(', ')}…) with --rules or in the Dockerfile's install step.`
            : 'Install it in the Dockerfile (a package, or a COPY of the file), or map the base image to packages that provide it with --rules.',
        },
      ),
    );
  };

  // Words to start, and what started them (for messages); follow wrappers and #! lines.
  let words: string[];
  let why = 'the command';
  if ('script' in input.command) {
    require('sh', 'the shell-form command');
    return out;
  }
  words = input.command.argv;
  // The base image's own command is trusted; what a #! line names is not.
  let trusted = input.trusted;
  for (let hop = 0; hop < MAX_HOPS && words.length > 0; hop++) {
    const start = unwrapCommand(words.map((value) => ({ value, dynamic: false }))).start;
    // The wrappers themselves (env, gosu, su-exec), not their arguments (`gosu app`).
    for (const word of words.slice(0, start))
      if (!trusted && providers[basename(word)]) require(word, why);
    const program = words[start];
    if (program === undefined || program.includes('$')) return out;
    const name = basename(program);
    if (INIT_WRAPPERS.has(name)) {
      // `tini -- /app/run.sh`: tini, then the command after its options.
      if (!trusted) require(program, why);
      let i = start + 1;
      while (i < words.length && (words[i] ?? '').startsWith('-')) if (words[i++] === '--') break;
      words = words.slice(i);
      continue;
    }
    if (SHELLS.has(name) || providers[name]) {
      if (!trusted || SHELLS.has(name)) require(program, why);
      return out;
    }
    const file = copiedFile(program, input);
    if (file) {
      const line = file.source ? input.contextScripts[file.source] : undefined;
      if (line === undefined && file.source && looksLikeScript(file.source)) {
        out.findings.push(
          finding(
            'WF319',
            `${why} starts ${file.source} from the build context, which wolfify could not read: the interpreter its #! line names is not checked`,
            where,
            {
              hint: 'Convert with the build context beside the Dockerfile (wolfify reads the #! line), or make sure the image has the interpreter the script needs.',
            },
          ),
        );
        return out;
      }
      const interpreter = line ? shebang(line) : null;
      if (!interpreter) return out;
      why = `the #! line of ${file.source}`;
      words = interpreter;
      trusted = false;
      continue;
    }
    if (trusted || provided(program)) return out;
    if (isPackaged(program, input) || (input.hasApplication && !program.startsWith('/')))
      return out;
    require(program, why);
    return out;
  }
  return out;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash']);

/**
 * A build-context file named like a script (`entrypoint.sh`, `bin/docker-entrypoint`): when
 * it could not be read, its interpreter is unknown. A file named otherwise is more often a
 * program a RUN built (`/app/server`), which needs none.
 */
export function looksLikeScript(source: string): boolean {
  return /\.(sh|bash)$|entrypoint/.test(source);
}
/** Init helpers that start the command after their own options (`tini -g --`). */
const INIT_WRAPPERS = new Set(['tini', 'tini-static', 'dumb-init']);

/** `#!/usr/bin/env bash` → [/usr/bin/env, bash]; `#!/bin/sh -e` → [/bin/sh, -e]. */
export function shebang(script: string): string[] | null {
  if (!script.startsWith('#!')) return null;
  const line = script.split('\n', 1)[0] ?? '';
  const words = line.slice(2).trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? words : null;
}

/**
 * The COPY/ADD from the build context that puts a file at the program's path, if any,
 * followed through `COPY --from=<stage>` into that stage's own copies when `parsed` is given
 * (`COPY . .` in a build stage, then `COPY --from=build /app /app`).
 */
export function copiedFile(
  program: string,
  input: Pick<CommandStartInput, 'workdir' | 'chain'> & { parsed?: ParsedDockerfile | undefined },
  hops = 0,
): { source: string | null } | null {
  // A name without a slash is looked up on PATH.
  const paths = program.includes('/')
    ? [posix.resolve(input.workdir, program)]
    : DEFAULT_PATH_DIRECTORIES.map((d) => `${d}/${program}`);
  let found: CopyHit | null = null;
  // A stage built FROM another starts in that stage's WORKDIR.
  let workdir = '/';
  for (const stage of input.chain) {
    for (const instruction of stage.instructions) {
      if (instruction.kind === 'workdir') workdir = posix.resolve(workdir, instruction.path);
      if (instruction.kind !== 'copy' && instruction.kind !== 'add') continue;
      for (const path of paths) {
        const hit = copyTarget(instruction, workdir, path);
        if (hit !== undefined) found = hit;
      }
    }
  }
  if (found?.fromStage === undefined || !input.parsed || hops >= MAX_HOPS)
    return found && { source: found.source };
  const stage = resolveStage(input.parsed, found.fromStage.name);
  if (!stage) return { source: null };
  const chain = lineage(input.parsed, stage);
  return (
    copiedFile(found.fromStage.path, { workdir: '/', chain, parsed: input.parsed }, hops + 1) ?? {
      source: null,
    }
  );
}

/** A copy that puts the file there: from the context (`source`), or from a path of another stage. */
interface CopyHit {
  source: string | null;
  fromStage?: { name: string; path: string };
}

function copyTarget(
  instruction: Extract<Instruction, { kind: 'copy' | 'add' }>,
  workdir: string,
  path: string,
): CopyHit | undefined {
  const dest = posix.resolve(workdir, instruction.dest);
  const intoDirectory = instruction.dest.endsWith('/') || instruction.sources.length > 1;
  // From another stage or image: a built file, whose #! line is that stage's copy's, if any.
  const from = (sourcePath: string): CopyHit =>
    instruction.from === null
      ? { source: posix.normalize(sourcePath) }
      : {
          source: null,
          fromStage: { name: instruction.from, path: posix.resolve('/', sourcePath) },
        };
  for (const source of instruction.sources) {
    const target = intoDirectory ? posix.join(dest, posix.basename(source)) : dest;
    if (target === path) return from(source);
  }
  // `COPY . /app` or `COPY bin/ /usr/local/bin/`: the file comes with a directory.
  if (path.startsWith(`${dest}/`)) {
    const source = instruction.sources.length === 1 ? instruction.sources[0] : undefined;
    if (source !== undefined) return from(posix.join(source, path.slice(dest.length + 1)));
    return { source: null };
  }
  return undefined;
}

function isPackaged(program: string, input: CommandStartInput): boolean {
  if (!program.startsWith('/') && !program.startsWith('.')) return false;
  const path = posix.resolve(input.workdir, program);
  return input.packagedPaths.some((root) => path === root || path.startsWith(`${root}/`));
}
