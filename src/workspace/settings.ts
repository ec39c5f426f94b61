import { relative, resolve } from 'node:path';
import { loadBuiltinCatalog } from '../catalog/builtin.js';
import type { Catalog } from '../catalog/catalog.js';
import { loadCachedCatalog } from '../catalog/store.js';
import { answersKey, answersRuleSet, parseUserSpec, type UserSpec } from '../config.js';
import type { ConvertOptions } from '../convert.js';
import { WolfifyError } from '../errors.js';
import { loadBuiltinRules } from '../map/builtin-rules.js';
import { loadRuleFile, mergeRuleSets, type RuleSet } from '../map/rules.js';
import type { Severity } from '../model.js';
import { loadConfig, type LoadedConfig } from './config.js';
import { readSettingsFile } from './files.js';

// The conversion settings that convert, batch and the wizard share: flags and config read once.
// Precedence: built-in defaults < .wolfify.yaml < the Dockerfile's answers in it < flags;
// lists (rules, repositories, keyring) are the config's followed by the flags'.

/** Flags that choose the rules, the config and the repositories (also used by `rules …`). */
export interface RuleFlags {
  /** `--rules FILE` (repeatable, later wins). */
  rules: string[];
  /** False with `--no-builtin-rules`. */
  builtinRules: boolean;
  /** `--config FILE`; false with `--no-config`; undefined to search upward. */
  config?: string | false;
  repository: string[];
}

export interface ConversionFlags extends RuleFlags {
  target?: string;
  buildArg: string[];
  arch: string[];
  /** false with --no-size. */
  size?: boolean;
  keyring: string[];
  wolfi: boolean;
  user?: string;
  keepRoot?: boolean;
  /** `--name`: the application package's name. */
  name?: string;
  /** Undefined unless given, so that the config's `failOn` can apply. */
  failOn?: Severity | 'never';
  /** `--base IMAGE=Dockerfile` (repeatable): an image this repository builds, and from what. */
  base?: string[];
}

/** The options the flags alone give (no config, no rule files): for callers that need no I/O. */
export function conversionOptions(flags: ConversionFlags): ConvertOptions {
  const options: ConvertOptions = {
    buildArgs: parseBuildArgs(flags.buildArg),
    archs: flags.arch,
    repositories: flags.repository,
    keyring: flags.keyring,
    replaceRepositories: !flags.wolfi,
  };
  // Unset: root only where the image is designed to start as root (src/generate/root-purpose.ts).
  if (flags.keepRoot !== undefined) options.keepRoot = flags.keepRoot;
  if (flags.target) options.target = flags.target;
  if (flags.user) options.user = parseUser(flags.user);
  if (flags.name) options.name = flags.name;
  return options;
}

export function failThreshold(flags: Pick<ConversionFlags, 'failOn'>): Severity | 'never' {
  const value = flags.failOn ?? 'error';
  if (value === 'error' || value === 'warning' || value === 'info' || value === 'never')
    return value;
  throw new WolfifyError(`--fail-on ${String(value)}: expected error, warning or never`, 2);
}

// ---------------------------------------------------------------- rules, catalog, config

/** What mapping needs, from the config and the flags. */
export interface RuleContext {
  config: LoadedConfig | null;
  rules: RuleSet;
  catalog: Catalog;
  /** The config's repositories, then the flags'. */
  repositories: string[];
}

/** The catalog in use: an imported APKINDEX in the user's cache wins over the built-in one. */
export function catalogInUse(): Catalog {
  return loadCachedCatalog() ?? loadBuiltinCatalog();
}

export async function resolveRuleContext(flags: RuleFlags, cwd: string): Promise<RuleContext> {
  const config = await loadConfig(cwd, flags.config);
  const files = [
    ...(config?.config.rules ?? []).map((f) => resolve(config?.dir ?? cwd, f)),
    ...flags.rules.map((f) => resolve(cwd, f)),
  ];
  const builtin = flags.builtinRules !== false && config?.config.builtinRules !== false;
  const sets = builtin ? [loadBuiltinRules()] : [];
  for (const path of files) sets.push(await readRuleFile(path, cwd));
  return {
    config,
    rules: mergeRuleSets(...sets),
    catalog: catalogInUse(),
    repositories: [...(config?.config.repositories ?? []), ...flags.repository],
  };
}

/** Rule files are named relative to the working directory, in messages and in rule ids. */
async function readRuleFile(path: string, cwd: string): Promise<RuleSet> {
  const shown = relative(cwd, path) || path;
  return loadRuleFile(await readSettingsFile(path, shown, 'rule file'), shown);
}

export interface DockerfileSettings {
  options: ConvertOptions;
  /** Where the answers say the files go (absolute), or null. */
  outDir: string | null;
}

export interface ResolvedConversion {
  context: RuleContext;
  failOn: Severity | 'never';
  /** The config's `name:` (the melange package name), or null. */
  packageName: string | null;
  /** Options for a Dockerfile (its path as given on the command line, or `-`). */
  forDockerfile(path: string): DockerfileSettings;
  /** Images this repository builds → absolute path of their Dockerfile (--base, config `bases`). */
  baseFiles: Record<string, string>;
}

/** Flags, config, rule files and catalog merged once; then per Dockerfile its answers. */
export async function resolveConversion(
  flags: ConversionFlags,
  cwd: string,
): Promise<ResolvedConversion> {
  const context = await resolveRuleContext(flags, cwd);
  const loaded = context.config;
  const config = loaded?.config ?? null;
  const failOn = failThreshold({ failOn: flags.failOn ?? config?.failOn ?? undefined });
  const flagUser = flags.user ? parseUser(flags.user) : null;
  const base = (): ConvertOptions => {
    const options: ConvertOptions = {
      buildArgs: { ...config?.buildArgs, ...parseBuildArgs(flags.buildArg) },
      archs: flags.arch.length > 0 ? flags.arch : (config?.archs ?? []),
      repositories: context.repositories,
      keyring: [...(config?.keyring ?? []), ...flags.keyring],
      replaceRepositories: !flags.wolfi,
      ...keepRootChoice(flags.keepRoot ?? config?.keepRoot ?? undefined),
      size: flags.size !== false,
      catalog: context.catalog,
      rules: context.rules,
    };
    const target = flags.target ?? config?.target;
    if (target) options.target = target;
    const user = flagUser ?? config?.user;
    if (user) options.user = user;
    const name = flags.name ?? config?.name;
    if (name) options.name = name;
    return options;
  };
  const baseFiles: Record<string, string> = {};
  for (const [name, path] of Object.entries(config?.bases ?? {}))
    baseFiles[name] = resolve(loaded?.dir ?? cwd, path);
  for (const spec of flags.base ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1)
      throw new WolfifyError(`--base ${spec}: expected IMAGE=path/to/Dockerfile`, 2);
    baseFiles[spec.slice(0, eq)] = resolve(cwd, spec.slice(eq + 1));
  }
  return {
    context,
    failOn,
    baseFiles,
    packageName: config?.name ?? null,
    forDockerfile(path: string): DockerfileSettings {
      const options = base();
      if (!loaded || path === '-') return { options, outDir: null };
      const answers = loaded.config.answers.get(
        answersKey(relative(loaded.dir, resolve(cwd, path))),
      );
      if (!answers) return { options, outDir: null };
      options.rules = mergeRuleSets(context.rules, answersRuleSet(answers, loaded.config.file));
      if (answers.archs && flags.arch.length === 0) options.archs = answers.archs;
      if (answers.user && !flagUser) options.user = answers.user;
      if (answers.keepRoot !== null && flags.keepRoot === undefined)
        options.keepRoot = answers.keepRoot;
      return { options, outDir: answers.outDir ? resolve(loaded.dir, answers.outDir) : null };
    },
  };
}

function parseBuildArgs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new WolfifyError(`--build-arg ${pair}: expected NAME=VALUE`, 2);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function parseUser(spec: string): UserSpec {
  const user = parseUserSpec(spec);
  if (user) return user;
  if (/:0+$/.test(spec)) throw new WolfifyError('--user: use --keep-root to run as root', 2);
  throw new WolfifyError(`--user ${spec}: expected NAME or NAME:UID`, 2);
}

/** `keepRoot` only when chosen: unset lets wolfify decide per image (root only on purpose). */
function keepRootChoice(keepRoot: boolean | undefined): { keepRoot?: boolean } {
  return keepRoot === undefined ? {} : { keepRoot };
}
