// A distro package name → Wolfi package names, with the rule that decided.
// Order: explicit map, drop, patterns, the same name in the catalog, (Debian) the
// source-package fallback; otherwise unknown, with suggestions — never a guess.

import type { DistroFamily } from '../model.js';
import { allowsPrivate, PRIVATE_REPOSITORY_HINT, ruleId, type MapContext } from './context.js';
import { debianSourceFallback, loadBuiltinDebianIndex, type DebianIndex } from './debian-index.js';
import { PACKAGE_FAMILIES, type PackageFamily, type RuleSource } from './rules.js';
import { mapPhpExtension } from './php-extensions.js';
import { resolveTarget } from './targets.js';
import { FAMILY_VERSION, pickSupportedMember } from './version-family.js';

/**
 * `mapped`: emit `to`. `dropped`: Wolfi does not need it (reason shown to the user).
 * `unknown`: no rule and no catalog name; an error finding with suggestions.
 * `private`: only in Chainguard's private repository, which the repositories do not include;
 * `to` is what would be emitted (when they do include it, the result is `mapped` with a note).
 */
export type PackageMapping =
  | { kind: 'mapped'; to: string[]; rule: string; note?: string }
  | { kind: 'dropped'; reason: string; rule: string }
  | { kind: 'unknown'; suggestions: string[]; rule: string }
  | { kind: 'private'; to: string[]; origin: string; on: string; rule: string };

/** Where the Debian fallback reads its data; replaceable in tests. */
let debianIndexLoader: () => DebianIndex = loadBuiltinDebianIndex;
export function setDebianIndexLoader(loader: () => DebianIndex): void {
  debianIndexLoader = loader;
}

function isPackageFamily(f: DistroFamily): f is PackageFamily {
  return (PACKAGE_FAMILIES as readonly string[]).includes(f);
}

/** `*` captures one or more characters, `?` exactly one; $1… in targets refer to them in order. */
function globCapture(pattern: string, name: string): string[] | null {
  const glob = compiledGlob(pattern);
  // Most names are turned away by the pattern's fixed start (`python3-`, `openjdk-`).
  if (!name.startsWith(glob.prefix)) return null;
  const m = glob.regExp.exec(name);
  return m ? m.slice(1) : null;
}

// Every package name is tried against every pattern rule: compile each pattern once.
const compiledGlobs = new Map<string, { prefix: string; regExp: RegExp }>();

function compiledGlob(pattern: string): { prefix: string; regExp: RegExp } {
  let compiled = compiledGlobs.get(pattern);
  if (!compiled) {
    let source = '';
    for (const ch of pattern) {
      if (ch === '*') source += '(.+)';
      else if (ch === '?') source += '(.)';
      else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    const wildcard = pattern.search(/[*?]/);
    compiled = {
      prefix: wildcard < 0 ? pattern : pattern.slice(0, wildcard),
      regExp: new RegExp(`^${source}$`),
    };
    compiledGlobs.set(pattern, compiled);
  }
  return compiled;
}

/** Resolve targets; null when one is not in the catalog at all (the rule does not apply). */
export function tryTargets(
  targets: string[],
  rule: string,
  ctx: MapContext,
  note?: string,
): PackageMapping | null {
  const names: string[] = [];
  const notes: string[] = note ? [note] : [];
  let moved: { origin: string; on: string } | null = null;
  for (const t of targets) {
    const r = resolveTarget(t, ctx.catalog);
    if (r.kind === 'missing') return null;
    if (r.kind === 'private') {
      moved ??= { origin: r.origin, on: r.on };
      names.push(r.name);
    } else {
      names.push(r.name);
      if (r.via) notes.push(`${r.via} is a virtual name; ${r.name} provides it`);
    }
  }
  const to = [...new Set(names)];
  if (moved && !allowsPrivate(ctx.repositories))
    return { kind: 'private', to, origin: moved.origin, on: moved.on, rule };
  if (moved)
    notes.push(
      `from Chainguard's private repository (origin ${moved.origin} left public Wolfi on ${moved.on})`,
    );
  return notes.length > 0
    ? { kind: 'mapped', to, rule, note: notes.join('; ') }
    : { kind: 'mapped', to, rule };
}

/**
 * A versioned name (postgresql16-dev) → the version of the family member to use: the same
 * one, or the nearest supported one not older, with a note saying why. Null when the
 * captured text is not a version or the family has no member.
 */
function familyVersion(
  prefix: string,
  requested: string | undefined,
  ctx: MapContext,
): { version: string; note: string | null } | null {
  if (requested === undefined || !FAMILY_VERSION.test(requested)) return null;
  const pick = pickSupportedMember(prefix, requested, ctx.catalog, allowsPrivate(ctx.repositories));
  if (!pick) return null;
  const { match, privateExact } = pick;
  if (match.exact) return { version: match.version, note: null };
  const what = prefix.replace(/-$/, '');
  const parts = [
    match.older
      ? `${what} ${requested} is newer than any ${prefix}* in Wolfi; using ${match.name}, which is older`
      : `Wolfi no longer has ${what} ${requested}; using ${match.name}, the nearest newer supported version`,
  ];
  if (privateExact)
    parts.push(
      `${privateExact.name} is only in Chainguard's private repository (origin ${privateExact.origin} left public Wolfi on ${privateExact.on}); to use it, ${PRIVATE_REPOSITORY_HINT}`,
    );
  return { version: match.version, note: parts.join('; ') };
}

/** Each distro's names of PHP extension packages: major, minor, extension. */
const PHP_EXTENSION_SHAPES: Record<PackageFamily, RegExp> = {
  alpine: /^php(8)(\d)-(?:pecl-)?(.+)$/,
  debian: /^php(?:(\d)\.(\d))?-(.+)$/,
  fedora: /^php()()-(?:pecl-)?(.+)$/,
  suse: /^php(8)()-(.+)$/,
};

/**
 * A distro's PHP extension package (Alpine php83-redis, php83-pecl-mongodb; Debian
 * php8.2-redis; Fedora php-pecl-apcu) is that extension of Wolfi's PHP of the same version
 * (or the nearest newer one): decided by the phpExtensions rules, which also know the
 * extensions compiled into PHP itself. Null when the name is not one.
 */
function distroPhpExtension(
  name: string,
  family: PackageFamily,
  ctx: MapContext,
): PackageMapping | null {
  const m = PHP_EXTENSION_SHAPES[family].exec(name);
  if (!m) return null;
  const [, major = '', minor = '', raw = ''] = m;
  const requested = major && minor ? `${major}.${minor}` : undefined;
  const picked = requested
    ? familyVersion('php-', requested, ctx)
    : // No version in the name: the newest Wolfi PHP, as for `php` itself.
      {
        version: pickSupportedMember('php-', null, ctx.catalog, false)?.match.version ?? '',
        note: null,
      };
  if (!picked?.version) return null;
  // Distros number some extensions (php-pecl-redis5 is redis); sqlite3 keeps its digit.
  for (const ext of new Set([raw, raw.replace(/\d+$/, '')])) {
    if (!ext) continue;
    const mapping = mapPhpExtension(ext, `php-${picked.version}`, ctx);
    if (mapping.kind === 'unknown') continue;
    if (mapping.kind === 'mapped' && picked.note)
      return { ...mapping, note: mapping.note ? `${picked.note}; ${mapping.note}` : picked.note };
    return mapping;
  }
  return null;
}

interface Decision {
  mapping: PackageMapping;
  at: RuleSource | null;
}

/** map, drop and patterns of the family's rules; null when none of them decides the name. */
function decideByRules(name: string, family: PackageFamily, ctx: MapContext): Decision | null {
  const rules = ctx.rules.packages[family];
  const mapRule = rules.map.get(name);
  if (mapRule) {
    const rule = ruleId(`${family}:map:${name}`, mapRule.at);
    const m = tryTargets(mapRule.to, rule, ctx, mapRule.note ?? undefined);
    if (m) return { mapping: m, at: mapRule.at };
    // A hand rule naming a package that is not in this catalog: say so instead of guessing.
    return {
      mapping: {
        kind: 'unknown',
        suggestions: mapRule.to.flatMap((t) => ctx.catalog.suggest(t, 1)).slice(0, 3),
        rule,
      },
      at: mapRule.at,
    };
  }
  const dropRule = rules.drop.get(name);
  if (dropRule) {
    return {
      mapping: {
        kind: 'dropped',
        reason: dropRule.reason,
        rule: ruleId(`${family}:drop:${name}`, dropRule.at),
      },
      at: dropRule.at,
    };
  }
  for (const p of rules.patterns) {
    const matched = globCapture(p.match, name);
    if (!matched) continue;
    const captures = p.lowercase ? matched.map((c) => c.toLowerCase()) : matched;
    const rule = ruleId(`${family}:pattern:${p.match}`, p.at);
    if (p.drop !== null) return { mapping: { kind: 'dropped', reason: p.drop, rule }, at: p.at };
    let note: string | undefined;
    if (p.versionFamily !== null) {
      const family = familyVersion(p.versionFamily, captures[0], ctx);
      if (!family) continue;
      captures[0] = family.version;
      note = family.note ?? undefined;
    }
    const targets = (p.to ?? []).map((t) =>
      t.replace(/\$(\d)/g, (_, i: string) => captures[Number(i) - 1] ?? ''),
    );
    const m = tryTargets(targets, rule, ctx, note);
    if (m) return { mapping: m, at: p.at };
  }
  return null;
}

function decide(
  rawName: string,
  family: DistroFamily,
  ctx: MapContext,
  streams: readonly string[],
): Decision {
  // apt accepts `name:arch`; the architecture is apko's `archs`, not part of the name.
  const name =
    family === 'debian' && rawName.includes(':') ? (rawName.split(':')[0] ?? rawName) : rawName;
  const label = isPackageFamily(family) ? family : family === 'wolfi' ? 'wolfi' : 'catalog';
  if (isPackageFamily(family)) {
    // After `dnf module enable nodejs:20`, the stream's rules see `nodejs:20/nodejs`.
    for (const stream of streams) {
      const inStream = decideByRules(`${stream}/${name}`, family, ctx);
      if (inStream) return inStream;
    }
    const byRules = decideByRules(name, family, ctx);
    if (byRules) return byRules;
  }
  if (family === 'scratch') {
    return {
      mapping: {
        kind: 'unknown',
        suggestions: ctx.catalog.suggest(name),
        rule: 'scratch:no-package-manager',
      },
      at: null,
    };
  }
  const php = isPackageFamily(family) ? distroPhpExtension(name, family, ctx) : null;
  if (php) return { mapping: php, at: null };
  const same = tryTargets([name], `${label}:same-name`, ctx);
  if (same) return { mapping: same, at: null };
  // RPM keeps upstream capitals (libX11, GeoIP); Wolfi spells the same package in lower case.
  const lower = name.toLowerCase();
  if (lower !== name) {
    const note = `${name} is spelled ${lower} in Wolfi`;
    const byRules = isPackageFamily(family) ? decideByRules(lower, family, ctx) : null;
    if (byRules?.mapping.kind === 'mapped')
      return {
        mapping: { ...byRules.mapping, note: byRules.mapping.note ?? note },
        at: byRules.at,
      };
    if (byRules?.mapping.kind === 'dropped') return byRules;
    const sameLower = tryTargets([lower], `${label}:same-name`, ctx, note);
    if (sameLower) return { mapping: sameLower, at: null };
  }
  if (family === 'debian') {
    const index = debianIndexLoader();
    const fallback = debianSourceFallback(name, index, ctx.catalog);
    if (fallback) {
      const m = tryTargets([fallback.to], `debian:source:${fallback.source}`, ctx, fallback.note);
      if (m) return { mapping: m, at: null };
    }
    // A Debian virtual name (Provides:) maps like the package that provides it.
    for (const provider of index.providers(name)) {
      if (provider === name) continue;
      const d = decide(provider, family, ctx, streams);
      if (d.mapping.kind === 'mapped') {
        const note = `${name} is a Debian virtual name provided by ${provider}${d.mapping.note ? `; ${d.mapping.note}` : ''}`;
        return { mapping: { ...d.mapping, note }, at: d.at };
      }
    }
  }
  return {
    mapping: { kind: 'unknown', suggestions: ctx.catalog.suggest(name), rule: `${label}:unknown` },
    at: null,
  };
}

/**
 * `streams`: the dnf module streams (`nodejs:20`) enabled before the install; they pick
 * the version of the module's packages.
 */
export function mapPackage(
  name: string,
  family: DistroFamily,
  ctx: MapContext,
  streams: readonly string[] = [],
): PackageMapping {
  return decide(name, family, ctx, streams).mapping;
}

/** The decision for one package in words, for `wolfify rules explain`. */
export function explainPackage(
  name: string,
  family: DistroFamily,
  ctx: MapContext,
  streams: readonly string[] = [],
): string {
  const { mapping, at } = decide(name, family, ctx, streams);
  const lines: string[] = [];
  switch (mapping.kind) {
    case 'mapped':
      lines.push(`${name} (${family}) → ${mapping.to.join(', ')}`);
      break;
    case 'dropped':
      lines.push(`${name} (${family}) → dropped: ${mapping.reason}`);
      break;
    case 'private':
      lines.push(
        `${name} (${family}) → ${mapping.to.join(', ')}: only in Chainguard's private repository`,
      );
      lines.push(
        `  ${mapping.origin} left public Wolfi on ${mapping.on}; to use it, ${PRIVATE_REPOSITORY_HINT}`,
      );
      break;
    case 'unknown':
      lines.push(
        `${name} (${family}) → unknown: no rule maps it and the Wolfi catalog has no such name`,
      );
      if (mapping.suggestions.length > 0)
        lines.push(`  did you mean: ${mapping.suggestions.join(', ')}?`);
      break;
  }
  lines.push(`  rule: ${mapping.rule}${at ? ` (${at.file}:${at.line})` : ''}`);
  if (mapping.kind === 'mapped' && mapping.note) lines.push(`  note: ${mapping.note}`);
  lines.push(`  catalog: ${ctx.catalog.kind} ${ctx.catalog.source} (${ctx.catalog.date})`);
  return lines.join('\n');
}
