// parseDockerfile: Dockerfile text → stages of typed instructions, with ARG/ENV
// resolved where Docker resolves them and findings for what could not be.

import { posix } from 'node:path';
import { deepFreeze } from '../deep-freeze.js';
import { WolfifyError } from '../errors.js';
import { finding, type FindingId } from '../findings.js';
import type {
  CommandForm,
  Heredoc,
  ImageRef,
  Instruction,
  ParsedDockerfile,
  Stage,
} from '../model.js';
import { parseCommandForm, parseJsonArray, shellQuote } from './command.js';
import { ExpansionBudget, expandWord, type Expansion } from './expand.js';
import { KNOWN_FLAGS, flagEnabled, flagValue, parseMount } from './flags.js';
import { heredocContent, heredocMarker, isScriptHeredoc, toHeredoc } from './heredoc.js';
import { parseImageRef } from './image-ref.js';
import { readInstructions, type SourceInstruction } from './instructions.js';
import { segmentsFrom } from './logical-line.js';
import { CopyBudget, VariableScope } from './scope.js';
import { readSource } from './source.js';
import { extractFlags, splitRawWords, type RawFlag } from './words.js';

export interface ParseOptions {
  /** `--build-arg` values; like Docker, they only set ARGs the Dockerfile declares. */
  buildArgs?: Record<string, string>;
  /** Used in error messages (`file:line: …`). */
  fileName?: string;
}

/** ARGs BuildKit defines in the global scope without a declaration. */
const PLATFORM_ARGS = new Set([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
]);

/**
 * Left unresolved without a finding: platform ARGs are only known at build time,
 * and PATH comes from the base image's environment (`ENV PATH=/x:$PATH`).
 */
const QUIETLY_UNRESOLVED = new Set([...PLATFORM_ARGS, 'PATH']);

const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/;

// The front end parses a Dockerfile for the context files it copies (src/context-files.ts),
// then convert parses the same text with the same build args: the last result is kept for
// that, frozen (deep-freeze.ts). The file name only appears in errors, which are not kept.
let last: { text: string; buildArgs: string; parsed: ParsedDockerfile } | null = null;

export function parseDockerfile(text: string, options: ParseOptions = {}): ParsedDockerfile {
  const buildArgs = JSON.stringify(options.buildArgs ?? {});
  if (last?.text === text && last.buildArgs === buildArgs) return last.parsed;
  const parsed = deepFreeze(readDockerfile(text, options));
  last = { text, buildArgs, parsed };
  return parsed;
}

function readDockerfile(text: string, options: ParseOptions): ParsedDockerfile {
  const file = options.fileName ?? null;
  const source = readSource(text, file);
  const document = readInstructions(source, file);
  const fail = (message: string, line: number | null = null): never => {
    throw new WolfifyError(message, 2, file, line);
  };
  if (document.instructions.length === 0) fail('the Dockerfile has no instructions');
  const firstFrom = document.instructions.findIndex((i) => i.keyword === 'FROM');
  if (firstFrom < 0) fail('no FROM instruction');
  for (const instruction of document.instructions.slice(0, firstFrom)) {
    if (instruction.keyword !== 'ARG') {
      fail(
        `${instruction.keyword} before the first FROM: only ARG may come before it`,
        instruction.line,
      );
    }
  }
  const parsed = new DockerfileReader(document.escape, options.buildArgs ?? {}, file).read(
    document.directives,
    document.instructions,
    firstFrom,
  );
  if (source.bom || source.crlf) {
    const what = [source.bom && 'a UTF-8 byte order mark', source.crlf && 'CRLF line endings'];
    parsed.findings.unshift(
      finding('WF105', `the file has ${what.filter(Boolean).join(' and ')}`, {
        line: null,
        stage: null,
      }),
    );
  }
  // The front ends decode invalid UTF-8 as U+FFFD (src/workspace/files.ts): the value changed, say where.
  const invalid = source.lines.flatMap((l, i) => (l.includes('\uFFFD') ? [i + 1] : []));
  if (invalid[0] !== undefined) {
    const more = invalid.length > 1 ? ` (and ${invalid.length - 1} more lines)` : '';
    parsed.findings.push(
      finding('WF108', `bytes that are not UTF-8 were replaced by U+FFFD${more}`, {
        line: invalid[0],
        stage: null,
      }),
    );
  }
  return parsed;
}

/** One pass over the instructions, carrying the state Docker carries. */
class DockerfileReader {
  private readonly findings: ParsedDockerfile['findings'] = [];
  private readonly reported = new Set<string>();
  private readonly budget = new ExpansionBudget();
  private readonly copies: CopyBudget;
  private readonly globalScope: VariableScope;
  private readonly globalArgs = new Map<string, string | null>();
  private readonly stages: Stage[] = [];
  /** Per stage: its final ENV and WORKDIR, for stages built FROM it. */
  private readonly stageState = new Map<string, { scope: VariableScope; workdir: string }>();
  /** Stage names in file order, to tell "later stage" from "image". */
  private stageNames: (string | null)[] = [];
  private line = 0;
  private stageId: string | null = null;

  constructor(
    private readonly escape: string,
    private readonly buildArgs: Record<string, string>,
    private readonly file: string | null,
  ) {
    this.copies = new CopyBudget((message) => this.fail(message));
    this.globalScope = new VariableScope(this.copies, new Map(), (name) =>
      PLATFORM_ARGS.has(name) ? (this.buildArg(name) ?? null) : undefined,
    );
  }

  read(
    directives: Record<string, string>,
    instructions: readonly SourceInstruction[],
    firstFrom: number,
  ): ParsedDockerfile {
    this.stageNames = instructions
      .filter((i) => i.keyword === 'FROM')
      .map((i) => this.fromWords(i).name);
    for (const instruction of instructions.slice(0, firstFrom)) {
      this.line = instruction.line;
      for (const [name, value] of this.argWords(instruction)) {
        const effective =
          this.buildArg(name) ?? (value === null ? null : this.value(value, this.globalScope));
        this.globalScope.setArg(name, effective);
        this.globalArgs.set(name, effective);
      }
    }
    let stage: { stage: Stage; scope: VariableScope; workdir: string } | null = null;
    for (const instruction of instructions.slice(firstFrom)) {
      this.line = instruction.line;
      if (instruction.keyword === 'FROM') {
        if (stage) this.stageState.set(stage.stage.id, stage);
        stage = this.from(instruction);
        this.stages.push(stage.stage);
        continue;
      }
      if (!stage) continue; // unreachable: firstFrom is a FROM
      for (const parsed of this.instruction(instruction, stage))
        stage.stage.instructions.push(parsed);
    }
    return {
      directives,
      escape: this.escape,
      globalArgs: Object.fromEntries(this.globalArgs),
      stages: this.stages,
      findings: this.findings,
    };
  }

  // ------------------------------------------------------------ FROM

  private fromWords(instruction: SourceInstruction): {
    flags: RawFlag[];
    image: string | null;
    name: string | null;
  } {
    const { flags, rest } = extractFlags(instruction.text);
    const words = splitRawWords(instruction.text.slice(rest), this.escape);
    const [image, as, name] = words;
    const named = words.length === 3 && as?.toLowerCase() === 'as' && name !== undefined;
    if (words.length !== 1 && !named) {
      this.fail('FROM takes an image, optionally followed by "AS <name>"', instruction.line);
    }
    return { flags, image: image ?? null, name: named ? name.toLowerCase() : null };
  }

  private from(instruction: SourceInstruction): {
    stage: Stage;
    scope: VariableScope;
    workdir: string;
  } {
    const index = this.stages.length;
    const { flags, image, name } = this.fromWords(instruction);
    this.checkFlags('FROM', flags);
    if (name !== null) {
      if (this.stageNames.indexOf(name) !== index) {
        this.fail(`duplicate stage name "${name}"`);
      }
      if (!STAGE_NAME.test(name)) {
        this.warn(
          'WF101',
          `stage name "${name}" is not valid for Docker (use a-z, 0-9, "-", "_", ".")`,
        );
      }
    }
    const id = name ?? String(index);
    this.stageId = id;
    const platformFlag = flagValue(flags, 'platform');
    const platform = platformFlag === null ? null : this.value(platformFlag, this.globalScope);
    const expanded = this.expand(image ?? '', this.globalScope);
    const reference = expanded.value.trim();
    if (reference === '') this.fail('FROM has an empty image name');

    let base: Stage['base'];
    let parent: { scope: VariableScope; workdir: string } | undefined;
    const lowered = reference.toLowerCase();
    const named = this.stageNames.indexOf(lowered);
    if (lowered === 'scratch') {
      base = { kind: 'scratch' };
    } else if (named >= 0 && named < index) {
      base = { kind: 'stage', stage: lowered };
      parent = this.stageState.get(lowered);
    } else if (named === index) {
      this.fail(`stage "${lowered}" is built FROM itself`);
    } else if (named > index) {
      this.fail(`FROM ${reference} names a stage defined later in the file`);
    } else {
      base = { kind: 'image', image: this.imageRef(reference, expanded) };
    }
    return {
      stage: {
        index,
        name,
        id,
        line: instruction.line,
        base: base!,
        platform,
        instructions: [],
      },
      scope: new VariableScope(this.copies, parent?.scope.envVariables()),
      workdir: parent?.workdir ?? '/',
    };
  }

  private imageRef(reference: string, expanded: Expansion & { unresolved: string[] }): ImageRef {
    const image = parseImageRef(reference);
    return { ...image, unresolved: image.unresolved || expanded.unresolved.length > 0 };
  }

  // ------------------------------------------------------------ stage instructions

  private instruction(
    instruction: SourceInstruction,
    state: { stage: Stage; scope: VariableScope; workdir: string },
  ): Instruction[] {
    const { scope } = state;
    const base = { line: instruction.line, endLine: instruction.endLine, raw: instruction.raw };
    const text = instruction.text;
    switch (instruction.keyword) {
      case 'RUN':
        return [{ ...base, ...this.run(instruction, scope) }];
      case 'COPY':
      case 'ADD':
        return [this.copy(instruction, scope, base)];
      case 'ENV': {
        // Every value of one ENV sees the variables as they were before it (Docker).
        const vars = this.pairs(instruction, 'ENV').map(([key, value]): [string, string] => [
          key,
          this.value(value, scope),
        ]);
        for (const [key, value] of vars) scope.setEnv(key, value);
        return [{ ...base, kind: 'env', vars }];
      }
      case 'ARG':
        return this.argWords(instruction).map(([name, value]) => {
          let effective: string | null | undefined = this.buildArg(name);
          if (effective === undefined) {
            // A bare `ARG V` in a stage re-imports the global ARG's value.
            if (value !== null) effective = this.value(value, scope);
            else if (this.globalScope.hasArg(name) || PLATFORM_ARGS.has(name)) {
              effective = this.globalScope.lookup(name) ?? null;
            } else effective = null;
          }
          scope.setArg(name, effective);
          return { ...base, kind: 'arg', name, value: effective };
        });
      case 'LABEL': {
        const labels = this.pairs(instruction, 'LABEL').map(([key, value]): [string, string] => [
          this.value(key, scope),
          this.value(value, scope),
        ]);
        return [{ ...base, kind: 'label', labels }];
      }
      case 'WORKDIR': {
        const path = this.value(text.trim(), scope);
        if (path === '') this.warn('WF101', 'WORKDIR needs a path');
        // Docker joins a relative WORKDIR onto the previous one.
        state.workdir = posix.resolve(state.workdir, path);
        return [{ ...base, kind: 'workdir', path: state.workdir }];
      }
      case 'USER': {
        const value = this.value(text.trim(), scope);
        const colon = value.indexOf(':');
        return [
          {
            ...base,
            kind: 'user',
            user: colon < 0 ? value : value.slice(0, colon),
            group: colon < 0 ? null : value.slice(colon + 1),
          },
        ];
      }
      case 'CMD':
        return [{ ...base, kind: 'cmd', command: parseCommandForm(text) }];
      case 'ENTRYPOINT':
        return [{ ...base, kind: 'entrypoint', command: parseCommandForm(text) }];
      case 'EXPOSE':
        return [{ ...base, kind: 'expose', ports: this.expand(text, scope).words }];
      case 'VOLUME': {
        const items = parseJsonArray(text) ?? splitRawWords(text, this.escape);
        return [{ ...base, kind: 'volume', paths: items.map((item) => this.value(item, scope)) }];
      }
      case 'STOPSIGNAL':
        return [{ ...base, kind: 'stopsignal', signal: this.value(text.trim(), scope) }];
      case 'MAINTAINER':
        return [{ ...base, kind: 'maintainer', text: text.trim() }];
      case 'HEALTHCHECK':
        return [{ ...base, kind: 'healthcheck', text: text.trim() }];
      case 'ONBUILD':
        return [{ ...base, kind: 'onbuild', text: text.trim() }];
      case 'SHELL':
        return [{ ...base, kind: 'shell', text: text.trim() }];
      default:
        this.warn('WF103', `unknown instruction ${instruction.keyword}; it is ignored`);
        return [{ ...base, kind: 'unknown', keyword: instruction.keyword, text: text.trim() }];
    }
  }

  private run(
    instruction: SourceInstruction,
    scope: VariableScope,
  ): Omit<Extract<Instruction, { kind: 'run' }>, 'line' | 'endLine' | 'raw'> {
    const { flags, rest } = extractFlags(instruction.text);
    this.checkFlags('RUN', flags);
    const mounts = flags.filter((f) => f.name === 'mount').map((f) => parseMount(f.value ?? ''));
    const network = flagValue(flags, 'network');
    const commandText = instruction.text.slice(rest);
    const common = { kind: 'run' as const, mounts, network, env: scope.values() };

    const argv = parseJsonArray(commandText);
    if (argv) {
      const script = shellQuote(argv);
      const lineMap = script.split('\n').map(() => instruction.line);
      return { ...common, command: { form: 'exec', argv }, script, lineMap, heredocs: [] };
    }

    const bodies = instruction.heredocs;
    // What `/bin/sh -c` receives: the command line, then the heredoc bodies.
    const command: CommandForm = {
      form: 'shell',
      script: [commandText.trim(), ...bodies.flatMap((b) => [...b.lines, b.terminator])].join('\n'),
    };
    const only = bodies.length === 1 ? bodies[0] : undefined;
    if (only && isScriptHeredoc(splitRawWords(commandText, this.escape), only)) {
      const lineMap = only.lines.length > 0 ? only.lines.map((_, i) => only.line + i) : [only.line];
      return { ...common, command, script: only.lines.join('\n'), lineMap, heredocs: [] };
    }

    // Shell text for analyzers: one line per Dockerfile line, joined by the
    // shell's own continuation so the line map stays exact and `&&` on the next
    // line still continues the command (also when the escape is a backtick).
    const segments = segmentsFrom(instruction.segments, rest);
    while (segments.length > 1 && segments[0]?.text.trim() === '') segments.shift();
    const first = segments[0];
    if (first) first.text = first.text.trimStart();
    const script = segments.map((s) => s.text).join('\\\n');
    const lineMap = segments.length > 0 ? segments.map((s) => s.line) : [instruction.line];
    if (script.trim() === '' && bodies.length === 0) this.warn('WF101', 'RUN has no command');
    return { ...common, command, script, lineMap, heredocs: bodies.map((b) => toHeredoc(b)) };
  }

  private copy(
    instruction: SourceInstruction,
    scope: VariableScope,
    base: { line: number; endLine: number; raw: string },
  ): Instruction {
    const kind = instruction.keyword === 'COPY' ? 'copy' : 'add';
    const { flags, rest } = extractFlags(instruction.text);
    this.checkFlags(instruction.keyword, flags);
    const argsText = instruction.text.slice(rest);
    const written = parseJsonArray(argsText) ?? splitRawWords(argsText, this.escape);
    // Heredoc markers are inline files, not paths in the build context.
    const paths = written
      .filter((word) => heredocMarker(word) === null)
      .map((word) => this.value(word, scope));
    const dest = paths.pop();
    if (dest === undefined || (paths.length === 0 && instruction.heredocs.length === 0)) {
      this.warn('WF101', `${instruction.keyword} needs at least one source and a destination`);
    }
    const flag = (name: string): string | null => {
      const value = flagValue(flags, name);
      return value === null ? null : this.value(value, scope);
    };
    const heredocs: Heredoc[] = instruction.heredocs.map((body) => {
      const content = heredocContent(body);
      // BuildKit expands an inline file unless its delimiter is quoted.
      if (body.quoted || !content.includes('$')) return toHeredoc(body, content);
      return toHeredoc(body, this.expand(content, scope, false).value);
    });
    return {
      ...base,
      kind,
      sources: paths,
      dest: dest ?? '',
      from: this.copyFrom(flag('from')),
      chown: flag('chown'),
      chmod: flag('chmod'),
      link: flagEnabled(flags, 'link'),
      checksum: kind === 'add' ? flag('checksum') : null,
      heredocs,
    };
  }

  /** `--from` value → the stage id it names, or the image reference as written. */
  private copyFrom(from: string | null): string | null {
    if (from === null) return null;
    const index = this.stages.length - 1;
    if (/^\d+$/.test(from)) {
      const target = Number(from);
      if (target >= index) {
        this.fail(
          target === index
            ? `COPY --from=${from} refers to the stage it is in`
            : `COPY --from=${from}: there is no earlier stage ${from}`,
        );
      }
      return this.stages[target]?.id ?? from;
    }
    const lowered = from.toLowerCase();
    const named = this.stageNames.indexOf(lowered);
    if (named === index) this.fail(`COPY --from=${from} refers to the stage it is in`);
    if (named > index) this.fail(`COPY --from=${from} names a stage defined later in the file`);
    // Not a stage: Docker reads it as an image reference (`--from=busybox`).
    return named >= 0 ? lowered : from;
  }

  // ------------------------------------------------------------ words and values

  /** ARG words: `NAME` or `NAME=default` (default not expanded yet). */
  private argWords(instruction: SourceInstruction): [string, string | null][] {
    const words = splitRawWords(instruction.text, this.escape);
    if (words.length === 0) this.warn('WF101', 'ARG needs a name');
    return words.map((word) => {
      const eq = word.indexOf('=');
      return eq < 0 ? [word, null] : [word.slice(0, eq), word.slice(eq + 1)];
    });
  }

  /** `KEY=VALUE …` pairs, or the legacy `KEY VALUE` form (value: rest of the line). */
  private pairs(instruction: SourceInstruction, keyword: string): [string, string][] {
    const text = instruction.text.trim();
    const words = splitRawWords(text, this.escape);
    const [first] = words;
    if (first === undefined) {
      this.warn('WF101', `${keyword} needs KEY=VALUE`);
      return [];
    }
    if (!first.includes('=')) {
      const value = text.slice(first.length).trim();
      if (value === '') {
        this.warn('WF101', `${keyword} ${first} has no value`);
        return [];
      }
      return [[first, value]];
    }
    const pairs: [string, string][] = [];
    for (const word of words) {
      const eq = word.indexOf('=');
      if (eq <= 0) this.warn('WF101', `${keyword}: "${word}" is not KEY=VALUE; it is ignored`);
      else pairs.push([word.slice(0, eq), word.slice(eq + 1)]);
    }
    return pairs;
  }

  private value(text: string, scope: VariableScope): string {
    return this.expand(text, scope).value;
  }

  private expand(
    text: string,
    scope: VariableScope,
    quotes = true,
  ): Expansion & { unresolved: string[] } {
    const unresolved: string[] = [];
    const expansion = expandWord(text, {
      lookup: scope.lookup,
      escape: this.escape,
      quotes,
      budget: this.budget,
      fail: (message) => this.fail(message),
      onUnresolved: (name) => {
        unresolved.push(name);
        if (QUIETLY_UNRESOLVED.has(name)) return;
        const declared = scope.lookup(name) === null;
        this.warn(
          'WF102',
          declared
            ? `ARG ${name} has no value (no default, no build argument); it is left as written`
            : `variable ${name} is not set in this Dockerfile (it may come from the base image); it is left as written`,
          declared
            ? `give ARG ${name} a default or pass --build-arg ${name}=…`
            : `declare it with ARG and a default, or pass it as a build argument`,
          name,
        );
      },
      onSyntaxError: (message) => this.warn('WF101', message),
    });
    return { ...expansion, unresolved };
  }

  private buildArg(name: string): string | undefined {
    return Object.hasOwn(this.buildArgs, name) ? this.buildArgs[name] : undefined;
  }

  private checkFlags(keyword: string, flags: readonly RawFlag[]): void {
    const known = KNOWN_FLAGS[keyword];
    for (const flag of flags) {
      if (!known?.has(flag.name)) {
        this.warn('WF104', `unknown flag --${flag.name} on ${keyword}; it is ignored`);
      }
    }
  }

  // ------------------------------------------------------------ findings and errors

  /** Reports a finding on the current line, once per problem and line. */
  private warn(id: FindingId, message: string, hint?: string, key: string = message): void {
    const dedupe = `${id}:${this.line}:${key}`;
    if (this.reported.has(dedupe)) return;
    this.reported.add(dedupe);
    const where = { line: this.line || null, stage: this.stageId };
    this.findings.push(finding(id, message, where, hint === undefined ? {} : { hint }));
  }

  private fail(message: string, line: number = this.line): never {
    throw new WolfifyError(message, 2, this.file, line || null);
  }
}
