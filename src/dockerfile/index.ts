// `convert --to dockerfile`: the Dockerfile rewritten onto Chainguard images, for teams
// not ready for apko. The same rules and catalog as the apko mode decide every image
// and package; comments, blank lines and untouched instructions stay byte for byte.
// Pure apart from loading the shipped data once: text and options in, result out.

import type { RunInstruction } from '../analyze/run.js';
import { analyzeStage } from '../analyze/stage.js';
import { loadBuiltinCatalog, type Catalog } from '../catalog/index.js';
import { stageChain } from '../convert.js';
import { finding, sortFindings } from '../findings.js';
import { loadBuiltinRules } from '../map/builtin-rules.js';
import { PUBLIC_WOLFI_REPOSITORY } from '../map/context.js';
import {
  MANAGER_FAMILY,
  mapBaseImage,
  mapPackage,
  type BaseImageDecision,
  type MapContext,
} from '../map/index.js';
import type { RuleSet } from '../map/rules.js';
import type { Finding, ParsedDockerfile, Stage, Verdict } from '../model.js';
import { parseDockerfile } from '../parse/index.js';
import { readInstructions } from '../parse/instructions.js';
import { readSource } from '../parse/source.js';
import { extractFlags, splitRawWords } from '../parse/words.js';
import { ShellParser } from '../shell/index.js';
import { DockerfileDocument, type Piece } from './document.js';
import {
  chooseBase,
  imageReference,
  leadingVariable,
  majorMinor,
  splitRawImage,
  type BaseChoice,
  type ImageTarget,
} from './from.js';
import { loadChainguardImages, type ChainguardImageTable } from './images.js';
import type { PackageFound, StageState } from './rewrite.js';
import { rewriteRun } from './run.js';
import { verdictOf } from '../verdict.js';

export type { PackageFound } from './rewrite.js';
export { loadChainguardImages, parseChainguardImages, type ChainguardImage } from './images.js';

/** The placeholder org: visible, so nobody pushes an image built FROM it by accident. */
export const DEFAULT_ORG = 'ORG';

export interface DockerfileRewriteOptions {
  /** How the Dockerfile is named in findings: its path, or `-` for stdin. */
  source?: string;
  buildArgs?: Record<string, string>;
  /** `cgr.dev/<org>/…` (default ORG). */
  org?: string;
  /** A registry mirror: `<registry>/<image>`; overrides org. */
  registry?: string;
  catalog?: Catalog;
  rules?: RuleSet;
  images?: ChainguardImageTable;
}

/** One piece of the Dockerfile (an instruction with all its lines, or a comment/blank line). */
export interface DockerfileLine {
  line: number;
  endLine: number;
  original: string;
  /** The rewritten text: '' when the instruction was removed. */
  converted: string;
  changed: boolean;
}

/** One FROM and what it became. */
export interface ImageDecision {
  stage: string;
  line: number;
  from: string;
  /** The Chainguard reference written, or null when the line stayed. */
  to: string | null;
  rule: string;
}

export interface DockerfileRewrite {
  version: 1;
  source: string;
  /** From the findings, as for `convert` (src/verdict.ts). */
  verdict: Verdict;
  /** The converted Dockerfile. */
  dockerfile: string;
  lines: DockerfileLine[];
  images: ImageDecision[];
  packages: PackageFound[];
  findings: Finding[];
}

interface StagePlan {
  stage: Stage;
  /** The stage that has the image: itself, or the first of its FROM-stage chain. */
  root: Stage;
  decision: BaseImageDecision | null;
  choice: BaseChoice | null;
}

/** Rewrite a Dockerfile onto Chainguard images. */
export async function rewriteDockerfile(
  text: string,
  options: DockerfileRewriteOptions = {},
): Promise<DockerfileRewrite> {
  const source = options.source ?? 'Dockerfile';
  const parsed = parseDockerfile(text, { buildArgs: options.buildArgs ?? {}, fileName: source });
  const normalized = readSource(text, source);
  const instructions = readInstructions(normalized, source).instructions;
  const doc = new DockerfileDocument(normalized.text, instructions);
  const shell = await ShellParser.load();
  const ctx: MapContext = {
    catalog: options.catalog ?? loadBuiltinCatalog(),
    rules: options.rules ?? loadBuiltinRules(),
    repositories: [PUBLIC_WOLFI_REPOSITORY],
  };
  const table = options.images ?? loadChainguardImages();
  const target: ImageTarget = {
    prefix: options.registry
      ? options.registry.replace(/\/+$/, '')
      : `cgr.dev/${options.org ?? DEFAULT_ORG}`,
  };
  const findings: Finding[] = [...parsed.findings];
  const packages: PackageFound[] = [];
  const images: ImageDecision[] = [];

  const plans = planStages(parsed, ctx, table);
  const globalArgs = globalArgPieces(doc, parsed);
  for (const plan of plans) {
    rewriteFrom(plan, doc, parsed.escape, target, globalArgs, findings, images);
  }
  rewriteStages(plans, parsed, doc, shell, ctx, findings, packages);

  const lines = doc.pieces.map((piece) => {
    const converted = doc.converted(piece);
    return {
      line: piece.line,
      endLine: piece.endLine,
      original: piece.original,
      converted,
      changed: converted !== piece.original,
    };
  });
  let dockerfile = doc.render();
  if (normalized.crlf) dockerfile = dockerfile.split('\n').join('\r\n');
  if (normalized.bom) dockerfile = `\uFEFF${dockerfile}`;
  return {
    version: 1,
    source,
    verdict: verdictOf(findings),
    dockerfile,
    lines,
    images,
    packages,
    findings: sortFindings(findings),
  };
}

// ---------------------------------------------------------------- stages

function planStages(
  parsed: ParsedDockerfile,
  ctx: MapContext,
  table: ChainguardImageTable,
): StagePlan[] {
  const stages = parsed.stages;
  const last = stages[stages.length - 1];
  const finalChain = new Set(last ? stageChain(parsed, last).map((s) => s.id) : []);
  const shellNeeded = new Set(stages.filter(needsShell).map((s) => s.id));
  // A stage built FROM another needs its shell too: the -dev choice belongs to the root.
  for (const stage of stages) {
    if (!shellNeeded.has(stage.id)) continue;
    for (const s of stageChain(parsed, stage)) shellNeeded.add(s.id);
  }
  return stages.map((stage) => {
    const root = stageChain(parsed, stage)[0] ?? stage;
    if (stage.base.kind !== 'image') return { stage, root, decision: null, choice: null };
    const decision = mapBaseImage(stage.base.image, ctx);
    const choice = chooseBase(stage.base.image, decision, table, {
      needsShell: shellNeeded.has(stage.id),
      runtime: stages.length > 1 && finalChain.has(stage.id),
    });
    return { stage, root, decision, choice };
  });
}

/** RUN needs a shell and apk; shell-form CMD, ENTRYPOINT and HEALTHCHECK need /bin/sh. */
function needsShell(stage: Stage): boolean {
  return stage.instructions.some((i) => {
    if (i.kind === 'run') return true;
    if (i.kind === 'cmd' || i.kind === 'entrypoint') return i.command.form === 'shell';
    if (i.kind === 'healthcheck') return healthcheckUsesShell(i.text);
    return false;
  });
}

function healthcheckUsesShell(text: string): boolean {
  const words = splitRawWords(text, '\\');
  const at = words.findIndex((w) => w.toUpperCase() === 'CMD');
  const next = at >= 0 ? words[at + 1] : undefined;
  return next !== undefined && !next.startsWith('[');
}

/** Global ARG name → the piece that declares it (before the first FROM). */
function globalArgPieces(doc: DockerfileDocument, parsed: ParsedDockerfile): Map<string, Piece> {
  const firstFrom = parsed.stages[0]?.line ?? Infinity;
  const pieces = new Map<string, Piece>();
  for (const piece of doc.pieces) {
    if (piece.keyword !== 'ARG' || piece.line >= firstFrom) continue;
    for (const word of splitRawWords(afterKeyword(piece.original, 'ARG').text, parsed.escape)) {
      const eq = word.indexOf('=');
      pieces.set(eq < 0 ? word : word.slice(0, eq), piece);
    }
  }
  return pieces;
}

function afterKeyword(original: string, keyword: string): { at: number; text: string } {
  const at = original.toUpperCase().indexOf(keyword) + keyword.length;
  return { at, text: original.slice(at) };
}

// ---------------------------------------------------------------- FROM

function rewriteFrom(
  plan: StagePlan,
  doc: DockerfileDocument,
  escape: string,
  target: ImageTarget,
  globalArgs: Map<string, Piece>,
  findings: Finding[],
  images: ImageDecision[],
): void {
  const { stage, choice, decision } = plan;
  if (stage.base.kind !== 'image' || !choice || !decision) return;
  const ref = stage.base.image;
  const where = { line: stage.line, stage: stage.id };
  // The version decisions (a version Wolfi no longer has …) hold for the image tag too;
  // the digest has its own finding here, and package-level notes belong to the apko mode.
  for (const draft of decision.findings) {
    // An unknown base is an error for apko (what it provided is lost); here its FROM stays.
    if (draft.id === 'WF207') findings.push({ ...draft, ...where, severity: 'warning' });
    else if (draft.id === 'WF206' || draft.id === 'WF102') findings.push({ ...draft, ...where });
  }
  const record = (to: string | null): void => {
    images.push({ stage: stage.id, line: stage.line, from: ref.raw, to, rule: decision.rule });
  };
  if (choice.kind === 'chainguard') return record(null);
  if (choice.kind === 'unknown') {
    findings.push(
      finding(
        'WF602',
        `no Chainguard image is known for ${ref.raw} (rule ${choice.rule}); FROM and the stage's RUN lines are left as written`,
        where,
        { hint: 'Add the image rule to rules/chainguard-images.yaml, or pick the image by hand.' },
      ),
    );
    return record(null);
  }
  const piece = doc.pieceAt(stage.line);
  if (!piece) return record(null);
  const { at, text } = afterKeyword(piece.original, 'FROM');
  const start = at + extractFlags(text).rest;
  const word = splitRawWords(piece.original.slice(start), escape)[0] ?? '';
  if (!piece.original.startsWith(word, start) || word === '') return record(null);
  const raw = splitRawImage(word);
  if (ref.digest) {
    findings.push(
      finding('WF603', `the digest of ${ref.raw} pins a Docker image; it was dropped`, where, {
        hint: 'Pin the Chainguard image by its own digest once you have pulled it.',
      }),
    );
  }
  if (choice.runtimeByRole) {
    findings.push(
      finding(
        'WF604',
        `${choice.image} (the runtime image) replaces ${ref.raw} because this stage is part of the final image`,
        where,
        { hint: `Use ${choice.entry.image} instead if the stage compiles code.` },
      ),
    );
  }
  if (!choice.dev && !choice.entry.shell && needsShellFor(plan)) {
    findings.push(
      finding(
        'WF607',
        `${choice.image} has no shell and no -dev variant, but this stage runs commands`,
        where,
        { hint: 'Run the commands in a builder stage and copy the results.' },
      ),
    );
  }
  const reference = imageReference(target, choice);
  const whole = !raw.name.includes('$') && raw.tag !== null ? leadingVariable(raw.tag) : null;
  const onlyVariable = raw.tag === null && raw.digest === null ? leadingVariable(raw.name) : null;
  let written = reference;
  if (whole && choice.entry.versioned) {
    // `python:${PYTHON_VERSION}-slim` → `…/python:${PYTHON_VERSION}-dev`; the ARG default is mapped.
    written = `${target.prefix}/${choice.image}:${whole.text}${choice.suffix}${choice.dev ? '-dev' : ''}`;
    if (onlyThisVariable(raw.tag ?? '', whole.text)) {
      setArgDefault(globalArgs.get(whole.name), whole.name, mappedVersion(decision), escape);
    }
  } else if (onlyVariable && onlyVariable.text === raw.name) {
    // `FROM ${BASE_IMAGE}`: the ARG default is the image reference; map it and keep the FROM.
    if (setArgDefault(globalArgs.get(onlyVariable.name), onlyVariable.name, reference, escape)) {
      return record(reference);
    }
  }
  piece.edits.push({ start, end: start + word.length, text: written });
  record(written);
}

function needsShellFor(plan: StagePlan): boolean {
  return plan.choice?.kind === 'replace' && plan.choice.dev === false && needsShell(plan.stage);
}

/** The tag is the variable plus plain words (`${V}-slim`), nothing else variable. */
function onlyThisVariable(tag: string, variable: string): boolean {
  return !tag.slice(variable.length).includes('$');
}

/** The Wolfi version the ARG's default maps to (`3.3.6` → `3.3`), or null when the image has none. */
function mappedVersion(decision: BaseImageDecision): string | null {
  return decision.version !== null ? majorMinor(decision.version) : null;
}

/** Replace `NAME=default` in a global ARG; false when it is not there to replace. */
function setArgDefault(
  piece: Piece | undefined,
  name: string,
  value: string | null,
  escape: string,
): boolean {
  if (!piece || value === null) return false;
  const { at, text } = afterKeyword(piece.original, 'ARG');
  let from = at;
  for (const word of splitRawWords(text, escape)) {
    const pos = piece.original.indexOf(word, from);
    if (pos < 0) return false;
    from = pos + word.length;
    if (!word.startsWith(`${name}=`)) continue;
    const valueStart = pos + name.length + 1;
    if (piece.original.slice(valueStart, from) === value) return true;
    if (piece.edits.some((e) => e.start === valueStart)) return true;
    piece.edits.push({ start: valueStart, end: from, text: value });
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- RUN and USER

/** A user that means root: `root`, `0`, `root:…`, `0:…`. */
function isRoot(user: string): boolean {
  const name = user.split(':')[0] ?? user;
  return name === 'root' || name === '0';
}

function rewriteStages(
  plans: StagePlan[],
  parsed: ParsedDockerfile,
  doc: DockerfileDocument,
  shell: ShellParser,
  ctx: MapContext,
  findings: Finding[],
  packages: PackageFound[],
): void {
  /** Per stage id: the user at its end, in the original and in the rewrite. */
  const ends = new Map<string, { original: string; rewritten: string; rootAdded: boolean }>();
  const byId = new Map(plans.map((p) => [p.stage.id, p]));
  const finalPlan = plans[plans.length - 1];
  for (const plan of plans) {
    const { stage } = plan;
    const rootPlan = byId.get(plan.root.id) ?? plan;
    const choice = rootPlan.choice;
    const converted = choice?.kind === 'replace' || choice?.kind === 'chainguard';
    let user: { original: string; rewritten: string; rootAdded: boolean };
    if (stage.base.kind === 'stage') {
      user = {
        ...(ends.get(stage.base.stage) ?? {
          original: 'root',
          rewritten: 'root',
          rootAdded: false,
        }),
      };
    } else {
      const original =
        stage.base.kind === 'image' && stage.base.image.tag?.includes('nonroot')
          ? 'nonroot'
          : 'root';
      const rewritten = choice?.kind === 'replace' ? choice.entry.user : original;
      user = { original, rewritten, rootAdded: false };
    }
    const state: StageState = {
      stage: stage.id,
      family: rootPlan.decision?.family ?? 'unknown',
      shadow: converted && installsShadow(stage, shell, ctx),
      installed: new Set(),
      streams: new Map(),
      groups: new Map(),
      packages: [],
      findings: [],
      ctx,
    };
    let lastRun: Piece | null = null;
    for (const instruction of stage.instructions) {
      const piece = doc.pieceAt(instruction.line);
      if (!piece) continue;
      if (instruction.kind === 'user') {
        const written =
          instruction.group === null
            ? instruction.user
            : `${instruction.user}:${instruction.group}`;
        user = { original: written, rewritten: written, rootAdded: false };
        continue;
      }
      if (instruction.kind !== 'run' || !converted) continue;
      if (isRoot(user.original) && !isRoot(user.rewritten)) {
        piece.before.push('USER root');
        user = { ...user, rewritten: 'root', rootAdded: true };
      }
      const outcome = rewriteRun(
        instruction as RunInstruction,
        piece,
        doc,
        shell,
        state,
        parsed.escape,
      );
      lastRun = outcome.removed ? lastRun : piece;
    }
    findings.push(...state.findings);
    packages.push(...state.packages);
    if (plan === finalPlan && user.rootAdded) {
      // The Dockerfile never chose a user; Chainguard's default (nonroot) is restored.
      const after = lastRun ?? doc.pieceAt(stage.line);
      after?.after.push('USER nonroot');
      findings.push(
        finding(
          'WF605',
          'the image ran as root; after the commands that need root it now runs as nonroot (uid 65532), the Chainguard default',
          { line: after?.endLine ?? stage.line, stage: stage.id },
          { hint: 'Add USER root at the end if the program really must run as root.' },
        ),
      );
      user = { ...user, rewritten: 'nonroot', rootAdded: false };
    }
    ends.set(stage.id, user);
  }
}

/** Does the stage install Wolfi's shadow (then useradd and groupadd stay as written)? */
function installsShadow(stage: Stage, shell: ShellParser, ctx: MapContext): boolean {
  return analyzeStage(stage, shell).installs.some((install) => {
    const mapping = mapPackage(install.name, MANAGER_FAMILY[install.manager], ctx);
    return mapping.kind === 'mapped' && mapping.to.includes('shadow');
  });
}
