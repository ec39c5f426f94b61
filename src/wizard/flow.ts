import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readBuildContext } from '../workspace/context.js';
import { findConfigFile } from '../workspace/config.js';
import { discoverDockerfiles } from '../workspace/discover.js';
import {
  contextFromOutDir,
  outputDirFor,
  outputDirInContext,
  readDockerfile,
  writeOutputs,
} from '../workspace/files.js';
import { buildInputsFor } from '../workspace/inputs.js';
import {
  resolveConversion,
  type ConversionFlags,
  type ResolvedConversion,
} from '../workspace/settings.js';
import type { Paint } from '../report/paint.js';
import { answersKey, CONFIG_FILE_NAME, parseConfig, type DockerfileAnswers } from '../config.js';
import { convert } from '../convert.js';
import { WolfifyError } from '../errors.js';
import { renderFiles } from '../generate/files.js';
import { MANAGER_FAMILY, mapPackage, type MapContext } from '../map/index.js';
import type { OutputFile, PackageManager, Result } from '../model.js';
import { formatText } from '../report/text.js';
import { coloredDiff } from './diff.js';
import { WizardCancelled, type Prompts } from './prompts.js';
import {
  askArchs,
  askOutDir,
  askPackage,
  askRepositories,
  askUser,
  type RepositoryChoice,
} from './questions.js';
import { saveConfigText, updateConfigText, type AnswersToSave } from './save.js';
import { formatSummary } from './summary.js';
import { askRuntime, runtimeQuestions } from './runtimes.js';
import { versionQuestions } from './versions.js';

// `wolfify wizard`: convert, show what was decided, ask only what needs a human, record
// the answers in `.wolfify.yaml`, and convert again *through that config* — so the files
// written are by construction the ones `convert` and `batch` produce from the saved file.
// Nothing is written before the last question has been answered.

export interface WizardIO {
  prompts: Prompts;
  /** Prints one block of text for the user. */
  print(text: string): void;
  paint: Paint;
  /** The directory to search for Dockerfiles. */
  dir: string;
  /** Aborted on SIGINT between prompts: stop before writing anything. */
  signal?: AbortSignal;
}

export interface WrittenDockerfile {
  /** Relative to the config's directory, POSIX-style. */
  source: string;
  /** Relative to the config's directory, as saved. */
  outDir: string;
  files: string[];
}

export interface WizardOutcome {
  /** The directory holding `.wolfify.yaml`: commands reproduce the files from there. */
  root: string;
  /** The config file written, or null when nothing was saved. */
  config: string | null;
  written: WrittenDockerfile[];
}

/** The flags that `convert` and `batch` get when run with no options: the config decides. */
const NO_FLAGS: ConversionFlags = {
  rules: [],
  builtinRules: true,
  repository: [],
  buildArg: [],
  arch: [],
  keyring: [],
  wolfi: true,
};

/** The config as it will be saved: the user's file plus the answers so far. */
interface Draft {
  repositories?: RepositoryChoice;
  buildArgs: Record<string, string>;
  answers: Map<string, AnswersToSave>;
}

interface Plan {
  source: string;
  outDir: string;
  files: OutputFile[];
}

export async function runWizard(io: WizardIO): Promise<WizardOutcome> {
  const { prompts, print, paint } = io;
  const dir = resolve(io.dir);
  const existing = await findConfigFile(dir);
  const root = existing ? dirname(existing) : dir;
  const original = existing ? await readFile(existing, 'utf8') : null;
  // A broken config stops here, with its file and line, before any question.
  const config = parseConfig(original ?? '', CONFIG_FILE_NAME);
  const nothing: WizardOutcome = { root, config: null, written: [] };

  const found = await discoverDockerfiles([], { cwd: dir });
  if (found.length === 0) throw new WolfifyError(`no Dockerfiles found below ${io.dir}`, 2);
  const sources = found.map((path) => relative(root, join(dir, path)).split(sep).join('/'));
  const chosen = await pickDockerfiles(prompts, sources);
  if (chosen.length === 0) {
    print('Nothing chosen; nothing written.');
    return nothing;
  }

  const draft: Draft = { buildArgs: {}, answers: new Map() };
  const repositories = await askRepositories(prompts, {
    repositories: config.repositories,
    keyring: config.keyring,
  });
  if (repositories) draft.repositories = repositories;

  const confirmed: Plan[] = [];
  for (const source of chosen) {
    const plan = await planDockerfile(io, root, original, draft, source);
    if (plan) confirmed.push(plan);
  }
  if (confirmed.length === 0) {
    print('Nothing written.');
    return nothing;
  }

  // A build arg answered for a later Dockerfile applies to all of them: check once more.
  const finalText = updateConfigText(original, draft);
  const conversion = await resolveWith(root, finalText);
  for (const plan of confirmed) {
    const files = (await convertThrough(conversion, root, plan.source)).files;
    if (sameFiles(files, plan.files)) continue;
    print(paint('yellow', `Later answers change the files of ${plan.source}:`));
    for (const file of files) {
      const before = plan.files.find((f) => f.path === file.path)?.content ?? '';
      if (before !== file.content) print(await coloredDiff(file.path, before, file.content, paint));
    }
    if (!(await prompts.confirm({ message: `Write ${plan.source}'s files like this?` }))) {
      print('Nothing written.');
      return nothing;
    }
    plan.files = files;
  }
  if (io.signal?.aborted) throw new WizardCancelled();

  const written: WrittenDockerfile[] = [];
  for (const plan of confirmed) {
    const paths = await writeOutputs(resolve(root, plan.outDir), plan.files, { force: true });
    written.push({ source: plan.source, outDir: plan.outDir, files: paths });
  }
  const configPath =
    finalText === (original ?? '') ? existing : await saveConfigText(root, finalText);
  print(closingWords(root, written, paint));
  return { root, config: configPath, written };
}

async function pickDockerfiles(prompts: Prompts, sources: string[]): Promise<string[]> {
  const [only] = sources;
  if (sources.length === 1 && only !== undefined) {
    return (await prompts.confirm({ message: `Convert ${only}?`, default: true })) ? [only] : [];
  }
  return prompts.checkbox({
    message: 'Which Dockerfiles do you want to convert?',
    choices: sources.map((s) => ({ value: s, name: s })),
    required: true,
  });
}

/** Ask about one Dockerfile; the files to write once the user has confirmed them, or null. */
async function planDockerfile(
  io: WizardIO,
  root: string,
  original: string | null,
  draft: Draft,
  source: string,
): Promise<Plan | null> {
  const { prompts, print, paint } = io;
  const before = { buildArgs: { ...draft.buildArgs } };
  const conversion = await resolveWith(root, updateConfigText(original, draft));
  const first = await convertThrough(conversion, root, source);
  const { result, text } = first;
  const options = first.settings.options;
  print('');
  print(formatSummary(result, paint));

  const previous = conversion.context.config?.config.answers.get(answersKey(source)) ?? null;
  const catalog = conversion.context.catalog;
  const repositories = options.repositories ?? [];
  const packages = new Map(previousPackages(previous));
  const ctx: MapContext = {
    catalog,
    rules: options.rules ?? conversion.context.rules,
    repositories,
  };
  for (const question of packageQuestions(result, ctx)) {
    if (packages.has(question.name)) continue;
    packages.set(question.name, await askPackage(prompts, catalog, repositories, question));
  }

  // A base no rule knows: which runtime it provides (saved as this Dockerfile's `runtimes:`).
  const runtimes = new Map(
    [...(previous?.runtimes ?? [])].map(([image, answer]) => [image, answer.to] as const),
  );
  for (const question of runtimeQuestions(result, ctx.rules)) {
    if (runtimes.has(question.image)) continue;
    runtimes.set(question.image, await askRuntime(prompts, catalog, question));
  }

  for (const q of versionQuestions(result, text, {
    buildArgs: options.buildArgs ?? {},
    rules: ctx.rules,
    catalog,
  })) {
    if (q.arg === null) {
      print(
        `${q.image}: Wolfi has no ${q.requested}; using ${q.current}. The tag is written in the Dockerfile: change it there to choose another supported version.`,
      );
      continue;
    }
    const current = q.members.find((m) => m.name === q.current);
    const version = await prompts.select({
      message: `Wolfi no longer has ${q.image.split(':')[0] ?? q.image} ${q.requested} (ARG ${q.arg}). Use which version?`,
      choices: q.members.map((m) => ({
        value: m.version,
        name: m.name,
        ...(m.name === q.current ? { description: 'the nearest newer version' } : {}),
      })),
      ...(current ? { default: current.version } : {}),
    });
    if (version !== current?.version) draft.buildArgs[q.arg] = q.argValue(version);
  }

  let user: string | null = null;
  let keepRoot: boolean | null = null;
  const accounts = result.apko.accounts;
  // An image designed to start as root (WF316): keep root, or choose a user knowing the risk.
  const rootReason = result.findings.find((f) => f.id === 'WF316');
  if (rootReason && accounts?.['run-as'] === '0') {
    print(rootReason.message);
    keepRoot = await prompts.confirm({
      message: 'Keep running as root, as the image is designed to?',
      default: previous?.keepRoot ?? true,
    });
  }
  // Docker's image bound a port below 1024 as root; Wolfi's equivalent runs non-root elsewhere.
  const portMove = result.findings.find((f) => f.id === 'WF317');
  if (portMove) {
    print(portMove.message);
    const accept = await prompts.confirm({
      message: 'Run as non-root on the new port (no: keep root and the old port)?',
      default: previous?.keepRoot !== true,
    });
    if (!accept) keepRoot = true;
  }
  if (keepRoot === true) {
    print('The image runs as root, as you chose.');
  } else if (accounts) {
    const runAs = accounts['run-as'];
    const uid = accounts.users.find((u) => u.username === runAs)?.uid;
    // Root declined for an image designed to start as root: offer the default non-root user.
    const fromResult =
      runAs === '0' ? 'nonroot:65532' : uid === undefined ? runAs : `${runAs}:${uid}`;
    const previousUser = previous?.user ? userSpec(previous.user) : null;
    const answer = await askUser(prompts, previousUser ?? fromResult);
    // Only a choice that differs from what convert does on its own needs recording.
    if (previousUser !== null || answer !== fromResult) user = answer;
  } else {
    print('The image runs as root (keepRoot in the config); no user to choose.');
  }

  const archs = await askArchs(prompts, result.apko.archs);
  const sameArchs = archs.join(',') === result.apko.archs.join(',');
  const outDir = await askOutDir(prompts, previous?.outDir ?? outputDirFor(source, null));

  draft.answers.set(source, {
    packages: [...packages],
    user,
    keepRoot,
    archs: previous?.archs || !sameArchs ? archs : null,
    outDir,
    runtimes: [...runtimes],
  });
  const again = await convertThrough(
    await resolveWith(root, updateConfigText(original, draft)),
    root,
    source,
  );
  const shown = await showFiles(io, root, outDir, again.files);
  print(formatText(again.result, paint));

  const question =
    shown.changed > 0
      ? `Overwrite ${shown.changed} changed file${shown.changed === 1 ? '' : 's'} in ${outDir} (and save the answers)?`
      : `Write ${again.files.length} file${again.files.length === 1 ? '' : 's'} into ${outDir} (and save the answers)?`;
  if (await prompts.confirm({ message: question, default: true })) {
    return { source, outDir, files: again.files };
  }
  // Declined: this Dockerfile's answers are not saved either.
  draft.answers.delete(source);
  draft.buildArgs = before.buildArgs;
  print(`Skipped ${source}.`);
  return null;
}

function previousPackages(previous: DockerfileAnswers | null): [string, string[] | null][] {
  return [...(previous?.packages ?? [])].map(([name, answer]) => [name, answer.to]);
}

function userSpec(user: { name: string; uid: number | null }): string {
  return user.uid === null ? user.name : `${user.name}:${user.uid}`;
}

interface PackageQuestion {
  name: string;
  manager: string;
  why: string;
  suggestions: string[];
}

/** Installs no rule decided: unknown names, and names only in the private repository. */
function packageQuestions(result: Result, ctx: MapContext): PackageQuestion[] {
  const out: PackageQuestion[] = [];
  for (const d of result.packages) {
    if (d.target !== 'dropped' || !(d.manager in MANAGER_FAMILY)) continue;
    if (out.some((q) => q.name === d.from)) continue;
    const manager = d.manager as PackageManager;
    const mapping = mapPackage(d.from, MANAGER_FAMILY[manager], ctx);
    const near = ctx.catalog.suggest(d.from, 5);
    if (mapping.kind === 'unknown') {
      out.push({
        name: d.from,
        manager,
        why: `(line ${d.line}) is not in the Wolfi catalog and no rule maps it`,
        suggestions: [...new Set([...mapping.suggestions, ...near])],
      });
    } else if (mapping.kind === 'private') {
      out.push({
        name: d.from,
        manager,
        why: `(line ${d.line}) became ${mapping.to.join(', ')}, which is only in Chainguard's private repository`,
        suggestions: near,
      });
    }
  }
  return out;
}

/**
 * Resolve the options exactly as `convert` does from `root` with `text` as `.wolfify.yaml`.
 * resolveConversion reads the config from disk, so the draft is written beside the real
 * file for the moment it takes to read it (same directory: relative paths resolve the same).
 */
async function resolveWith(root: string, text: string): Promise<ResolvedConversion> {
  const temp = join(root, `.wolfify.yaml.wizard-${process.pid}.tmp`);
  await writeFile(temp, text);
  try {
    const conversion = await resolveConversion({ ...NO_FLAGS, config: temp }, root);
    // `convert` names the config as found from `root`; answer rule ids carry that name.
    if (conversion.context.config) conversion.context.config.config.file = CONFIG_FILE_NAME;
    return conversion;
  } finally {
    await rm(temp, { force: true });
  }
}

async function convertThrough(conversion: ResolvedConversion, root: string, source: string) {
  const input = await readDockerfile(join(root, source));
  const settings = conversion.forDockerfile(source);
  const outDir = settings.outDir ?? resolve(root, outputDirFor(source, null));
  const outputDir = outputDirInContext(outDir, resolve(root, source));
  const result = await convert(input.text, {
    ...settings.options,
    source,
    ...(await buildInputsFor(join(root, source), input.text, conversion.baseFiles, root)),
    contextDir: contextFromOutDir(outDir, resolve(root, source)),
    outputDir,
    buildContext:
      settings.options.size === false
        ? null
        : readBuildContext(join(root, source), { skip: outputDir }),
  });
  return { result, text: input.text, settings, files: renderFiles(result) };
}

function sameFiles(a: readonly OutputFile[], b: readonly OutputFile[]): boolean {
  return (
    a.length === b.length && a.every((f, i) => f.path === b[i]?.path && f.content === b[i]?.content)
  );
}

/** List the files; a diff against what is on disk for those that exist and change. */
async function showFiles(
  io: WizardIO,
  root: string,
  outDir: string,
  files: readonly OutputFile[],
): Promise<{ changed: number }> {
  const { print, paint } = io;
  let changed = 0;
  print(paint('bold', `Files for ${outDir}:`));
  for (const file of files) {
    const onDisk = await readFile(join(resolve(root, outDir), file.path), 'utf8').catch(() => null);
    const lines = file.content.split('\n').length - 1;
    if (onDisk === null) {
      print(`  ${paint('green', '+')} ${file.path} ${paint('dim', `(new, ${lines} lines)`)}`);
      print(await coloredDiff(file.path, '', file.content, paint));
    } else if (onDisk === file.content) {
      print(`  ${paint('dim', '=')} ${file.path} ${paint('dim', '(unchanged)')}`);
    } else {
      changed++;
      print(`  ${paint('yellow', '~')} ${file.path} ${paint('dim', '(changed)')}`);
      print(await coloredDiff(file.path, onDisk, file.content, paint));
    }
  }
  return { changed };
}

function closingWords(root: string, written: readonly WrittenDockerfile[], paint: Paint): string {
  const where = relative(process.cwd(), root);
  const lines = [
    `Wrote ${written.map((w) => `${w.files.length} files into ${w.outDir}`).join(', ')}.`,
    `Saved your answers to ${join(where, CONFIG_FILE_NAME)}: these reproduce the same files without questions${where === '' ? '' : ` (run from ${where})`}:`,
  ];
  for (const w of written) {
    lines.push(`  ${paint('bold', `wolfify convert ${w.source} --out-dir ${w.outDir} --force`)}`);
  }
  // batch writes beside each Dockerfile (wolfi/); it agrees where the answers chose that folder.
  if (written.every((w) => w.outDir === outputDirFor(w.source, null))) {
    lines.push(
      `  ${paint('bold', 'wolfify batch --force')}   ${paint('dim', '(every Dockerfile, e.g. in CI; --check to guard them)')}`,
    );
  }
  return lines.join('\n');
}
