// A base image's contract on Wolfi: what the Docker image gave its containers besides
// packages (ENV, WORKDIR, USER and accounts, ENTRYPOINT/CMD, STOPSIGNAL, shell, tools),
// from the derived table rules/base-contracts.json, adapted to Wolfi by the hand-written
// rules/base-contracts.yaml (commands whose helper scripts only some Wolfi packages ship,
// images designed to start as root).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { builtinTable } from '../builtin-data.js';
import type { Catalog } from '../catalog/catalog.js';
import { WolfifyError } from '../errors.js';
import type { ImageRef } from '../model.js';
import {
  BASE_CONTRACTS_FORMAT,
  type BaseContractsData,
  type ContractVariant,
} from './contract-data.js';
import type { ParsedTag } from './image-ref.js';
import type { FindingDraft } from './targets.js';
import { packageUrl } from '../package-path.js';

/** How an image designed to start as root can run without it: its port moves. */
export interface NonRootEquivalent {
  from: number;
  to: number;
  note: string;
}

export interface BaseContract {
  /** The derived table's entry (`python 3.12-slim-trixie: docker-library/python …`), or null. */
  source: string | null;
  /** On Wolfi; null: none. */
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** The command comes from rules/base-contracts.yaml, whose packages it lists. */
  commandChecked: boolean;
  /** Docker's ENTRYPOINT helper script no Wolfi package ships for this version, or null. */
  droppedEntrypoint: { argv: string[]; package: string } | null;
  workdir: string | null;
  /** The user the Docker image runs as (null: root). */
  user: string | null;
  stopSignal: string | null;
  /** Whether the Docker image has /bin/sh (null: unknown). */
  shell: boolean | null;
  /** ENV its containers inherit (Docker's values; the image rule's Wolfi values win). Never PATH. */
  env: Record<string, string>;
  /** PATH entries the Docker image adds before the default (GOPATH/bin). */
  path: string[];
  /** Accounts it ships: name → [uid, gid]. */
  users: Record<string, [number, number]>;
  tools: string[];
  volumes: string[];
  /** Ports its default configuration listens on. */
  expose: string[];
  /** Wolfi packages the command needs, all in the catalog: added when the image keeps it. */
  packages: string[];
  /** Why the image starts as root (wolfify keeps root), or null. */
  startsAsRoot: string | null;
  nonRoot: NonRootEquivalent | null;
  /** Directories the image's server writes (VOLUMEs and its data directory). */
  writable: string[];
  findings: FindingDraft[];
}

interface WolfiCommand {
  entrypoint?: string[] | null;
  cmd?: string[] | null;
  packages?: string[];
  note?: string;
  startsAsRoot?: string;
  nonRoot?: NonRootEquivalent;
  writable?: string[];
}
interface WolfiAdaptation extends WolfiCommand {
  variants?: Record<string, WolfiCommand>;
}

const RULES_DIR = packageUrl('rules/');
let derived: BaseContractsData | null = null;
let adaptations: Record<string, WolfiAdaptation> | null = null;

function readRulesFile(name: string): string {
  const path = fileURLToPath(new URL(name, RULES_DIR));
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new WolfifyError(`the built-in file ${name} is missing; reinstall wolfify`, 2, path);
  }
}

export function loadBaseContracts(): BaseContractsData {
  if (derived) return derived;
  const data = JSON.parse(readRulesFile('base-contracts.json')) as BaseContractsData;
  if (data.format !== BASE_CONTRACTS_FORMAT)
    throw new WolfifyError(`rules/base-contracts.json: unknown format ${String(data.format)}`, 2);
  derived = data;
  return data;
}

function isArgv(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** rules/base-contracts.yaml as plain data (compiled: src/builtin-data.ts). */
export const compileContractsYaml = (): unknown => parse(readRulesFile('base-contracts.yaml'));
const loadContractsYaml = (): unknown =>
  builtinTable('base-contracts.yaml', compileContractsYaml) ?? {};

/** rules/base-contracts.yaml, checked once: a malformed entry is a packaging bug. */
export function loadWolfiAdaptations(): Record<string, WolfiAdaptation> {
  if (adaptations) return adaptations;
  const doc = loadContractsYaml() as { images?: unknown };
  const images = (doc.images ?? {}) as Record<string, WolfiAdaptation>;
  const check = (id: string, c: WolfiCommand) => {
    for (const key of ['entrypoint', 'cmd'] as const)
      if (key in c && c[key] !== null && !isArgv(c[key]))
        throw new WolfifyError(`rules/base-contracts.yaml: images.${id}.${key} must be a list`, 2);
    if (c.packages !== undefined && !isArgv(c.packages))
      throw new WolfifyError(`rules/base-contracts.yaml: images.${id}.packages must be a list`, 2);
  };
  for (const [id, a] of Object.entries(images)) {
    check(id, a);
    for (const [word, v] of Object.entries(a.variants ?? {})) check(`${id}.variants.${word}`, v);
  }
  adaptations = images;
  return images;
}

/** How a program an image starts is provided: `add` when missing, any package starting with `any`. */
export interface CommandProvider {
  add: string | null;
  any: string[];
}
let commandProviders: Record<string, CommandProvider> | null = null;

/** The `commands:` table of rules/base-contracts.yaml. */
export function loadCommandProviders(): Record<string, CommandProvider> {
  if (commandProviders) return commandProviders;
  const doc = loadContractsYaml() as { commands?: unknown };
  const out: Record<string, CommandProvider> = {};
  for (const [name, raw] of Object.entries((doc.commands ?? {}) as Record<string, unknown>)) {
    const spec = raw as { add?: unknown; any?: unknown };
    if (!isArgv(spec.any) || (spec.add !== undefined && typeof spec.add !== 'string'))
      throw new WolfifyError(`rules/base-contracts.yaml: commands.${name} needs any: [names]`, 2);
    out[name] = { add: spec.add ?? null, any: spec.any };
  }
  commandProviders = out;
  return out;
}

/** The derived table's key for an image reference (see scripts/import-contracts.ts). */
export function contractKey(ref: ImageRef): string {
  const repo = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
  // gcr.io/distroless/static-debian12 → gcr.io/distroless/static; any Chainguard org → chainguard.
  return repo
    .replace(/^(gcr\.io\/distroless\/[a-z0-9]+)-debian\d+$/, '$1')
    .replace(/^cgr\.dev\/[^/]+\//, 'cgr.dev/chainguard/');
}

/** Version ENV of Docker's images → the Wolfi version family whose version it states. */
const VERSION_ENV_FAMILY: Readonly<Record<string, string>> = {
  PYTHON_VERSION: 'python-',
  NODE_VERSION: 'nodejs-',
  GOLANG_VERSION: 'go-',
  RUBY_VERSION: 'ruby-',
  PHP_VERSION: 'php-',
  JAVA_VERSION: 'openjdk-',
};

/** Release names of the default distro of a tag family: not a variant of their own. */
const DISTRO_RELEASES = new Set([
  'trixie',
  'bookworm',
  'bullseye',
  'noble',
  'jammy',
  'resolute',
  'focal',
  'oraclelinux',
  'al',
]);

function versionDistance(a: string | null, b: string | null): number {
  if (a === null || b === null) return 50;
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return Math.min(49, Math.abs(am - bm) * 10 + Math.abs(an - bn));
}

/**
 * The variant whose tag words best match: shared words count, words the request lacks
 * (`slim` for `python:3.12`) count against, the nearest version breaks ties. The first
 * variant listed is the newest default.
 */
export function pickVariant(
  variants: readonly ContractVariant[],
  tag: ParsedTag,
): ContractVariant | null {
  let best: { v: ContractVariant; score: number } | null = null;
  const wanted = new Set(tag.words);
  for (const v of variants) {
    const shared = v.words.filter((w) => wanted.has(w)).length;
    // A release name the request lacks (trixie for `python:3.12`) is just the default's.
    const extra = v.words.filter((w) => !wanted.has(w) && !DISTRO_RELEASES.has(w)).length;
    const score = (shared - extra) * 100 - versionDistance(v.version, tag.version);
    if (!best || score > best.score) best = { v, score };
  }
  return best?.v ?? null;
}

function fill(template: string, values: Readonly<Record<string, string | null>>): string | null {
  let missing = false;
  const out = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === null || v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? null : out;
}

/** Docker's images install under /usr/local or their own prefix; Wolfi's programs are on PATH. */
function onPath(argv: string[] | null): string[] | null {
  if (!argv || argv.length === 0) return argv;
  const [program = '', ...rest] = argv;
  const standard = /^\/(usr\/)?s?bin\/[^/]+$/.test(program) || !program.startsWith('/');
  return [standard ? program : (program.split('/').pop() ?? program), ...rest];
}

export interface ContractInput {
  ref: ImageRef;
  tag: ParsedTag;
  /** The image rule id (`python`), for rules/base-contracts.yaml. */
  ruleId: string;
  /** Template values of the image rule: {family} (nodejs-22), {version} (22). */
  values: Readonly<Record<string, string | null>>;
  catalog: Catalog;
}

export function baseContract(input: ContractInput): BaseContract | null {
  const variants = loadBaseContracts().images[contractKey(input.ref)];
  const variant = variants ? pickVariant(variants, input.tag) : null;
  const adaptation = loadWolfiAdaptations()[input.ruleId];
  if (!variant && !adaptation) return null;
  const word = input.tag.words.find((w) => adaptation?.variants?.[w] !== undefined);
  const wolfi: WolfiCommand = { ...adaptation, ...(word ? adaptation?.variants?.[word] : {}) };
  const findings: FindingDraft[] = [];

  let entrypoint =
    'entrypoint' in wolfi ? (wolfi.entrypoint ?? null) : onPath(variant?.entrypoint ?? null);
  const cmd = 'cmd' in wolfi ? (wolfi.cmd ?? null) : onPath(variant?.cmd ?? null);
  const packages: string[] = [];
  let droppedEntrypoint: BaseContract['droppedEntrypoint'] = null;
  for (const template of wolfi.packages ?? []) {
    const name = fill(template, input.values);
    const real = name ? input.catalog.resolve(name) : null;
    if (real) {
      packages.push(real);
      continue;
    }
    // The helper script is missing on Wolfi: the command starts directly (apko says so).
    if (entrypoint) droppedEntrypoint = { argv: entrypoint, package: name ?? template };
    entrypoint = null;
  }
  const env: Record<string, string> = { ...variant?.env };
  for (const name of variant?.versionEnv ?? []) {
    // JAVA_VERSION of maven:3.9-eclipse-temurin-21 is the JDK's ({secondary}), not Maven's.
    const prefix = VERSION_ENV_FAMILY[name];
    const family = [input.values['family'], input.values['secondary']].find(
      (f) => f && prefix && f.startsWith(prefix),
    );
    // Catalog versions carry apk's release suffix (3.12.14-r2); Docker's are upstream's.
    const version = family ? input.catalog.version(family)?.replace(/-r\d+$/, '') : null;
    if (version) env[name] = version;
  }
  if (wolfi.note) findings.push({ id: 'WF215', severity: 'warning', message: wolfi.note });
  return {
    source: variant ? `${contractKey(input.ref)} ${variant.tag}: ${variant.source}` : null,
    entrypoint: entrypoint && entrypoint.length > 0 ? entrypoint : null,
    cmd: cmd && cmd.length > 0 ? cmd : null,
    commandChecked: 'entrypoint' in wolfi || 'cmd' in wolfi,
    droppedEntrypoint,
    workdir: variant?.workdir && variant.workdir !== '/' ? variant.workdir : null,
    user: variant?.user && variant.user !== '0' && variant.user !== 'root' ? variant.user : null,
    stopSignal: variant?.stopsignal ?? null,
    shell: variant?.shell ?? null,
    env,
    path: variant?.path ?? [],
    users: Object.fromEntries((variant?.users ?? []).map(([n, uid, gid]) => [n, [uid, gid]])),
    tools: variant?.tools ?? [],
    volumes: variant?.volumes ?? [],
    expose: variant?.expose ?? [],
    packages,
    startsAsRoot: wolfi.startsAsRoot ?? null,
    nonRoot: wolfi.nonRoot ?? null,
    writable: [...new Set([...(variant?.volumes ?? []), ...(wolfi.writable ?? [])])],
    findings,
  };
}
