// Base image → Wolfi: the distro family whose package names the stage uses, the
// packages the image kind needs at runtime, and what a build stage adds.

import type { DistroFamily, ImageRef } from '../model.js';
import { allowsPrivate, PRIVATE_REPOSITORY_HINT, ruleId, type MapContext } from './context.js';
import { normaliseImageRef, parseTag, DEFAULT_DOCKER_HUB, type ParsedTag } from './image-ref.js';
import type { ImageRule, RuleSet } from './rules.js';
import { resolveTargets, type FindingDraft } from './targets.js';
import { baseContract, type BaseContract } from './contracts.js';
import { pickSupportedMember, type VersionFamilyMatch } from './version-family.js';

export interface BaseImageDecision {
  family: DistroFamily;
  runtime: string[];
  build: string[];
  rule: string;
  /** The Wolfi version-family version chosen (`3.12`), or null. */
  version: string | null;
  findings: FindingDraft[];
  known: boolean;
  /** Users the Docker image ships with (name → uid), so `USER node` keeps its id. */
  users: Record<string, number>;
  /**
   * Environment the Docker image sets and its containers inherit, with Wolfi's values
   * (JAVA_HOME=/usr/lib/jvm/default-jvm). Goes before the Dockerfile's own ENV. Never PATH.
   */
  env: Record<string, string>;
  /** The Wolfi version-family package chosen (`php-8.4`), or null: what PHP extensions attach to. */
  versionFamily: string | null;
  /** What the Docker image gave its containers besides packages, on Wolfi; null: not known. */
  contract: BaseContract | null;
}

/** Rule ids with a fixed meaning: the `scratch` base, and the fallback for images no rule knows. */
export const SCRATCH_RULE = 'scratch';
export const UNKNOWN_RULE = 'unknown';

function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i === 0) {
      if (!text.startsWith(part)) return false;
      pos = part.length;
    } else if (i === parts.length - 1) {
      return text.length - part.length >= pos && text.endsWith(part);
    } else {
      const at = text.indexOf(part, pos);
      if (at === -1) return false;
      pos = at + part.length;
    }
  }
  return true;
}

/** The rule for a repository: an exact match beats a wildcard; the longer wildcard wins; later rules win ties. */
export function findImageRule(key: string, rules: RuleSet): ImageRule | null {
  let best: { rule: ImageRule; score: number } | null = null;
  for (const rule of rules.images.values()) {
    if (rule.id === SCRATCH_RULE || rule.id === UNKNOWN_RULE) continue;
    for (const pattern of rule.match) {
      if (!globMatches(pattern, key)) continue;
      const score = pattern.includes('*') ? pattern.replace(/\*/g, '').length : 10_000;
      if (!best || score >= best.score) best = { rule, score };
    }
  }
  return best?.rule ?? null;
}

/**
 * The name an image rule's `match` knows a FROM reference by (`ghcr.io/acme/tools`,
 * `python` for `docker.io/library/python:3.12`), as mapBaseImage looks it up.
 */
export function baseImageKey(image: ImageRef, rules: RuleSet): string {
  const hub = rules.dockerHubRegistries.length > 0 ? rules.dockerHubRegistries : DEFAULT_DOCKER_HUB;
  return imageKey(normaliseImageRef(image, hub, rules.mirrors));
}

function imageKey(ref: ImageRef): string {
  return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}

function familyFromTag(tag: ParsedTag, rules: RuleSet): DistroFamily | null {
  for (const word of tag.words) {
    const family = rules.tags.get(word);
    if (family) return family;
  }
  return null;
}

function expand(
  templates: string[],
  values: Record<string, string | null>,
): { names: string[]; unresolved: string[] } {
  const names: string[] = [];
  const unresolved: string[] = [];
  for (const t of templates) {
    let missing = false;
    const name = t.replace(/\{(\w+)\}/g, (_, key: string) => {
      const v = values[key];
      if (v === null || v === undefined) {
        missing = true;
        return '';
      }
      return v;
    });
    if (missing) unresolved.push(t);
    else names.push(name);
  }
  return { names, unresolved };
}

interface FamilyChoice {
  match: VersionFamilyMatch | null;
  findings: FindingDraft[];
  /** A newer member replaces a version Wolfi no longer has. */
  movedUp: boolean;
}

/** Pick the version-family member; say so when the request could not be met exactly. */
function chooseFamily(
  prefix: string,
  requested: string | null,
  ctx: MapContext,
  what: string,
  movedUpNote: string | null = null,
): FamilyChoice {
  const findings: FindingDraft[] = [];
  const pick = pickSupportedMember(prefix, requested, ctx.catalog, allowsPrivate(ctx.repositories));
  const match = pick?.match ?? null;
  if (!match) return { match, findings, movedUp: false };
  const movedUp = requested !== null && !match.exact && !match.older;
  if (requested !== null && !match.exact) {
    findings.push({
      id: 'WF206',
      severity: 'warning',
      message: match.older
        ? `${what} ${requested} is newer than any ${prefix}* in Wolfi; using ${match.name}, which is older`
        : `Wolfi no longer has ${what} ${requested}; using ${match.name}, the nearest newer supported version${movedUpNote ? `; ${movedUpNote}` : ''}`,
      ...(pick?.privateExact
        ? {
            hint: `${pick.privateExact.name} is available from Chainguard's private repository: ${PRIVATE_REPOSITORY_HINT}`,
          }
        : {}),
    });
  }
  return { match, findings, movedUp };
}

function fallbackDecision(
  ref: ImageRef | null,
  family: DistroFamily,
  ctx: MapContext,
  known: boolean,
  findings: FindingDraft[],
): BaseImageDecision {
  const id = ref ? UNKNOWN_RULE : SCRATCH_RULE;
  const rule = ctx.rules.images.get(id);
  const rid = ruleId(`images:${id}`, rule?.at ?? null);
  const runtime = resolveTargets(rule?.runtime ?? [], ctx, rid);
  const build = resolveTargets(rule?.build ?? [], ctx, rid);
  return {
    family,
    runtime: runtime.names,
    build: build.names,
    rule: rid,
    version: null,
    findings: [...findings, ...runtime.findings, ...build.findings],
    known,
    users: {},
    env: Object.fromEntries(rule?.env ?? []),
    versionFamily: null,
    contract: null,
  };
}

export function mapBaseImage(image: ImageRef | null, ctx: MapContext): BaseImageDecision {
  if (image === null) return fallbackDecision(null, 'scratch', ctx, true, []);
  const hub =
    ctx.rules.dockerHubRegistries.length > 0 ? ctx.rules.dockerHubRegistries : DEFAULT_DOCKER_HUB;
  const ref = normaliseImageRef(image, hub, ctx.rules.mirrors);
  const findings: FindingDraft[] = [];
  if (ref.unresolved) {
    findings.push({
      id: 'WF102',
      severity: 'warning',
      message: `base image ${ref.raw} still holds an unset variable; its version could not be read`,
      hint: 'give the ARG a default value, or pass --build-arg',
    });
  }
  const familyWords = new Set(ctx.rules.tags.keys());
  const tag = parseTag(ref.unresolved && ref.tag?.includes('$') ? null : ref.tag, familyWords);
  if (ref.repository === 'scratch' && ref.registry === null)
    return fallbackDecision(null, 'scratch', ctx, true, findings);
  const rule = findImageRule(imageKey(ref), ctx.rules);
  if (!rule) {
    const named = runtimeNamedBy(ref, tag);
    const guessed = named ? mapBaseImage(named.ref, ctx) : null;
    if (named && guessed?.known) return runtimeOnly(ref, named, guessed, findings);
    const family = familyFromTag(tag, ctx.rules) ?? 'unknown';
    findings.push({
      id: 'WF207',
      severity: 'error',
      message: `no rule knows base image ${imageKey(ref)}; ${
        family === 'unknown'
          ? 'its distro family is unknown'
          : `its tag says the distro family is ${family}`
      }, and the image gets only the basic Wolfi runtime packages: whatever that image provided (a runtime, tools, its command) is lost`,
      hint: `add an image rule in .wolfify.yaml's rule file or a --rules file: images: {my-base: {match: [${imageKey(ref)}], family: ${family === 'unknown' ? 'debian' : family}, runtime: [<the Wolfi packages it provides>]}} (see \`wolfify rules list\`)`,
    });
    return fallbackDecision(ref, family, ctx, false, findings);
  }
  const rid = ruleId(`images:${rule.id}`, rule.at);
  if (ref.digest) {
    findings.push({
      id: 'WF208',
      severity: 'info',
      message: `the digest of ${imageKey(ref)} pins a Docker image; in apko, package versions are pinned instead (apko lock)`,
    });
  }
  const variant = tag.words.map((w) => rule.variants.get(w)).find((v) => v !== undefined) ?? null;
  const family = variant?.family ?? familyFromTag(tag, ctx.rules) ?? rule.family;
  const values: Record<string, string | null> = {
    family: null,
    version: null,
    secondary: null,
    secondaryVersion: null,
  };
  let version: string | null = null;
  const env = new Map(rule.env);
  if (rule.versionFamily) {
    const alias = tag.words.map((w) => rule.aliases.get(w)).find((v) => v !== undefined);
    const requested = tag.version ?? alias ?? rule.defaultVersion;
    const choice = chooseFamily(
      rule.versionFamily,
      requested,
      ctx,
      rule.id,
      rule.movedUp?.note ?? null,
    );
    findings.push(...choice.findings);
    if (choice.movedUp) for (const [k, v] of rule.movedUp?.env ?? []) env.set(k, v);
    if (choice.match) {
      values['family'] = choice.match.name;
      values['version'] = choice.match.version;
      version = choice.match.version;
    }
  }
  if (rule.secondary) {
    const requested = tag.secondary ?? rule.secondary.default;
    const choice = chooseFamily(
      rule.secondary.versionFamily,
      requested,
      ctx,
      rule.secondary.versionFamily.replace(/-$/, ''),
    );
    findings.push(...choice.findings);
    if (choice.match) {
      values['secondary'] = choice.match.name;
      values['secondaryVersion'] = choice.match.version;
    }
  }
  const runtimeTemplates = variant?.runtime ?? rule.runtime;
  const buildTemplates = variant?.build ?? rule.build;
  const runtime = expand(runtimeTemplates, values);
  const build = expand(buildTemplates, values);
  const unresolved = [...runtime.unresolved, ...build.unresolved];
  if (unresolved.length > 0 && rule.versionFamily && !values['family']) {
    findings.push(missingSoftware(rule, tag.version ?? rule.defaultVersion, ctx));
  } else
    for (const t of unresolved) {
      findings.push({
        id: 'WF211',
        severity: 'error',
        message: `rule ${rid} names ${t}, but no ${rule.versionFamily ?? 'version family'} package is in the catalog; left out`,
      });
    }
  const contract = baseContract({ ref, tag, ruleId: rule.id, values, catalog: ctx.catalog });
  const runtimeNames = resolveTargets(runtime.names, ctx, rid);
  const buildNames = resolveTargets(build.names, ctx, rid);
  return {
    family,
    runtime: runtimeNames.names,
    build: buildNames.names.filter((n) => !runtimeNames.names.includes(n)),
    rule: rid,
    version,
    findings: [
      ...findings,
      ...runtimeNames.findings,
      ...buildNames.findings,
      ...(contract?.findings ?? []),
    ],
    known: true,
    // The rule's values are Wolfi's (JAVA_HOME=/usr/lib/jvm/default-jvm): they win over Docker's.
    users: { ...contractUids(contract), ...Object.fromEntries(rule.users) },
    env: { ...contract?.env, ...Object.fromEntries(env) },
    versionFamily: values['family'] ?? null,
    contract,
  };
}

function contractUids(contract: BaseContract | null): Record<string, number> {
  return Object.fromEntries(Object.entries(contract?.users ?? {}).map(([n, [uid]]) => [n, uid]));
}

/**
 * The image's own software has no public Wolfi package (mysql, mariadb: private only;
 * MongoDB: none): the image loses the program it exists for.
 */
function missingSoftware(rule: ImageRule, requested: string | null, ctx: MapContext): FindingDraft {
  const prefix = rule.versionFamily ?? '';
  const privately = pickSupportedMember(prefix, requested, ctx.catalog, true)?.match ?? null;
  if (privately) {
    return {
      id: 'WF214',
      severity: 'error',
      message: `${rule.id}${requested ? ` ${requested}` : ''} is only in Chainguard's private repository (${privately.name}); the image has none of it`,
      hint: PRIVATE_REPOSITORY_HINT,
    };
  }
  return {
    id: 'WF214',
    severity: 'error',
    message: `Wolfi has no ${prefix}* package: the image has no ${rule.id}`,
    hint:
      rule.note ??
      'run that server from its own image, or map the base to packages of your own with --rules',
  };
}

/** Runtime words in image names and tags → the official image whose rule maps that runtime. */
const RUNTIME_WORDS: Readonly<Record<string, string>> = {
  python: 'python',
  py: 'python',
  node: 'node',
  nodejs: 'node',
  java: 'eclipse-temurin',
  jdk: 'eclipse-temurin',
  jre: 'eclipse-temurin',
  openjdk: 'eclipse-temurin',
  temurin: 'eclipse-temurin',
  go: 'golang',
  golang: 'golang',
  ruby: 'ruby',
  php: 'php',
};
/** Variant words of the official images that carry over (`-slim`, `-jre`, `-fpm`). */
const CARRIED_WORDS = new Set(['slim', 'alpine', 'jre', 'jdk', 'fpm', 'apache', 'cli']);

interface RuntimeName {
  runtime: string;
  version: string | null;
  ref: ImageRef;
}

/**
 * A third-party base whose name or tag names a runtime and version
 * (`ghcr.io/acme/tools:1.4-python3.12-slim`, `acme/app-base:node22`, `quay.io/acme/java:21-jre`):
 * the official image of that runtime, as a reference to map.
 */
export function runtimeNamedBy(ref: ImageRef, tag: ParsedTag): RuntimeName | null {
  const segments = ref.repository.toLowerCase().split('/');
  const last = segments[segments.length - 1] ?? '';
  const tokens = [
    ...segments.flatMap((s) => s.split(/[-_.]/)),
    ...(ref.tag ?? '').toLowerCase().split(/[-_]/),
  ];
  for (let i = 0; i < tokens.length; i++) {
    const m = /^([a-z]+?)(\d+(?:\.\d+)*)?$/.exec(tokens[i] ?? '');
    const word = m?.[1] ?? '';
    const image = RUNTIME_WORDS[word];
    if (!m || !image) continue;
    const next = tokens[i + 1] ?? '';
    let version = m[2] ?? (/^\d+(?:\.\d+)*$/.test(next) ? next : null);
    // `quay.io/acme/java:21-jre`: the repository is the runtime; the tag's version is its version.
    if (version === null && word === last) version = tag.version;
    if (version === null) continue;
    const words = tag.words.filter((w) => CARRIED_WORDS.has(w) && w !== word);
    return {
      runtime: word,
      version,
      ref: {
        raw: `${image}:${[version, ...words].join('-')}`,
        registry: null,
        repository: image,
        tag: [version, ...words].join('-'),
        digest: null,
        unresolved: false,
      },
    };
  }
  return null;
}

/** The runtime a third-party base names, and nothing else of its official image. */
function runtimeOnly(
  ref: ImageRef,
  named: RuntimeName,
  guessed: BaseImageDecision,
  findings: FindingDraft[],
): BaseImageDecision {
  return {
    ...guessed,
    findings: [
      ...findings,
      ...guessed.findings,
      {
        id: 'WF213',
        severity: 'warning',
        message: `no rule knows base image ${imageKey(ref)}; its name says ${named.runtime} ${named.version ?? ''}, so the image gets ${guessed.runtime[0] ?? 'that runtime'} (as ${named.ref.raw}); the rest of that base (other packages, files, ENV, its command) is unknown`,
        hint: `if it provides more, add an image rule in a --rules file: images: {my-base: {match: [${imageKey(ref)}], family: ${guessed.family}, runtime: [...]}}`,
      },
    ],
    // Only the runtime: its accounts, ENV and command are the official image's, not this one's.
    users: {},
    env: {},
    contract: null,
  };
}
