// Rule files: the data that maps base images and distro packages to Wolfi.
// Validated once here (file:line, what is wrong, what is expected); typed from then on.
//
// A rule file is a YAML map with any of these keys (the built-in files under rules/
// use the same format; later files override earlier ones entry by entry):
//   debian | alpine | fedora | suse:   package rules of one distro family
//     map:      { name: wolfi-name | [wolfi-names] | { to: [...], note: text } }
//     drop:     { name: reason shown to the user }
//     patterns: [ { match: 'python3-*', to: 'py3-$1' | [..] }   (* = any text, ? = one character)
//                | { match: 'postgresql*-dev', to: 'postgresql-$1-dev', versionFamily: postgresql- }
//                | { match: 'perl-*', to: 'perl-$1', lowercase: true }   (captures in lower case)
//                | { match: '*-doc', drop: reason } ]
//   images:     { id: { match: [repository…], family, versionFamily?, defaultVersion?,
//                       aliases?: { word: version }, runtime: [...], build: [...], variants?: { word: { family?, runtime?, build? } },
//                       secondary?: { versionFamily, default? }, users?: { name: uid },
//                       env?: { NAME: value }, movedUp?: { env?: { NAME: value }, note? }, note? } }
//   phpExtensions: { builtin: [ext…], builtinSince: { ext: '8.5' }, names: { ext: suffix | [suffixes] } }
//   tags:       { word: family }  words in image tags that name the distro (alpine, bookworm, ubi9…)
//   registries: { dockerHub: [host…], mirrors: [host/path…] }

import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { readYaml, type YamlInput } from '../yaml-input.js';
import type { DistroFamily } from '../model.js';

/** Families whose package names are mapped by rules. */
export type PackageFamily = 'debian' | 'alpine' | 'fedora' | 'suse';
export const PACKAGE_FAMILIES: readonly PackageFamily[] = ['debian', 'alpine', 'fedora', 'suse'];
const DISTRO_FAMILIES: readonly DistroFamily[] = [
  'debian',
  'alpine',
  'fedora',
  'suse',
  'wolfi',
  'scratch',
  'unknown',
];

/** Where a rule was written: shown by `rules explain`. */
export interface RuleSource {
  file: string;
  line: number;
  builtin: boolean;
}

export interface MapRule {
  to: string[];
  note: string | null;
  at: RuleSource;
}
export interface DropRule {
  reason: string;
  at: RuleSource;
}
export interface PatternRule {
  match: string;
  /** Targets with $1… for the text matched by each `*`; null for a drop pattern. */
  to: string[] | null;
  drop: string | null;
  /**
   * Prefix of a Wolfi version family (`postgresql-`): $1 is then a version, replaced by the
   * nearest supported member not older than it (postgresql16-dev → postgresql-18-dev).
   */
  versionFamily: string | null;
  /** Captures are lowercased: RPM keeps upstream capitals (perl-DBI, libX11), Wolfi does not. */
  lowercase?: boolean;
  at: RuleSource;
}
export interface FamilyRules {
  map: Map<string, MapRule>;
  drop: Map<string, DropRule>;
  patterns: PatternRule[];
}

export interface ImageVariant {
  family: DistroFamily | null;
  /** Null: the image's own list applies; a list (even an empty one) replaces it. */
  runtime: string[] | null;
  build: string[] | null;
}

export interface ImageRule {
  id: string;
  /** Repositories (Docker Hub, `library/` removed) or `registry/path`; `*` matches any rest. */
  match: string[];
  family: DistroFamily;
  /** Prefix of Wolfi version-family names (`python-` → python-3.12); the tag picks one. */
  versionFamily: string | null;
  /** Used when the tag has no version (`latest`); null = newest. */
  defaultVersion: string | null;
  /** Tag words that stand for a version (node `lts`, `iron` → 20). */
  aliases: Map<string, string>;
  runtime: string[];
  build: string[];
  variants: Map<string, ImageVariant>;
  /** A second version in the tag (maven:3.9-eclipse-temurin-21 → openjdk-21), as `{secondary}`. */
  secondary: { versionFamily: string; default: string | null } | null;
  /** Users the Docker image ships with fixed uids (node → 1000), for `USER node`. */
  users: Map<string, number>;
  /** Environment the Docker image sets and its containers inherit, with Wolfi's values. */
  env: Map<string, string>;
  /**
   * What applies when the tag's version is gone from Wolfi and a newer member replaces it
   * (.NET 8 → dotnet-9 needs DOTNET_ROLL_FORWARD=Major); the note ends the WF206 message.
   */
  movedUp: { env: Map<string, string>; note: string | null } | null;
  note: string | null;
  at: RuleSource;
}

/**
 * PHP extensions (`docker-php-ext-install`, `pecl install`, `install-php-extensions`) → the
 * Wolfi subpackages `php-8.4-<suffix>`.
 */
export interface PhpExtensionRules {
  /** Extensions compiled into Wolfi's php-X.Y itself: nothing to install. */
  builtin: Map<string, RuleSource>;
  /** Extensions compiled in from a PHP version on (opcache from 8.5), when no subpackage exists. */
  builtinSince: Map<string, { version: string; at: RuleSource }>;
  /** Extension name → subpackage suffixes, where they differ (mongodb → pecl-mongodb). */
  names: Map<string, { to: string[]; at: RuleSource }>;
}

export interface RuleSet {
  packages: Record<PackageFamily, FamilyRules>;
  images: Map<string, ImageRule>;
  phpExtensions: PhpExtensionRules;
  tags: Map<string, DistroFamily>;
  dockerHubRegistries: string[];
  mirrors: string[];
  /** Files merged into this set, in order. */
  files: string[];
}

export function emptyRuleSet(): RuleSet {
  const family = (): FamilyRules => ({ map: new Map(), drop: new Map(), patterns: [] });
  return {
    packages: { debian: family(), alpine: family(), fedora: family(), suse: family() },
    images: new Map(),
    phpExtensions: { builtin: new Map(), builtinSince: new Map(), names: new Map() },
    tags: new Map(),
    dockerHubRegistries: [],
    mirrors: [],
    files: [],
  };
}

// ---------------------------------------------------------------- validation

class Reader {
  constructor(private readonly input: YamlInput) {}

  line(node: YamlNode | null | undefined): number {
    return this.input.line(node);
  }

  fail(node: YamlNode | null | undefined, message: string): never {
    return this.input.fail(node, message);
  }

  /** Map entries with string keys; unknown keys are an error listing the known ones. */
  entries(
    node: unknown,
    what: string,
    allowed: readonly string[] | null,
  ): [string, YamlNode | null, YamlNode][] {
    if (!isMap(node))
      this.fail(node as YamlNode, `${what} must be a map (key: value), found ${describe(node)}`);
    return node.items.map((pair) => {
      const keyNode = pair.key as YamlNode;
      if (
        !isScalar(keyNode) ||
        (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')
      ) {
        this.fail(keyNode, `${what}: keys must be plain names`);
      }
      const key = String(keyNode.value);
      if (allowed && !allowed.includes(key)) {
        this.fail(
          keyNode,
          `unknown key "${key}" in ${what}; expected one of: ${allowed.join(', ')}`,
        );
      }
      return [key, pair.value as YamlNode | null, keyNode];
    });
  }

  string(node: YamlNode | null, what: string): string {
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      this.fail(node, `${what} must be a string, found ${describe(node)}`);
    }
    const text = String(node.value).trim();
    if (text === '') this.fail(node, `${what} must not be empty`);
    return text;
  }

  boolean(node: YamlNode | null, what: string): boolean {
    if (!isScalar(node) || typeof node.value !== 'boolean')
      this.fail(node, `${what} must be true or false, found ${describe(node)}`);
    return node.value;
  }

  /** A string or a list of strings. */
  names(node: YamlNode | null, what: string): string[] {
    if (isSeq(node))
      return node.items.map((item, i) => this.string(item as YamlNode, `${what}[${i}]`));
    if (isScalar(node)) return [this.string(node, what)];
    return this.fail(node, `${what} must be a name or a list of names, found ${describe(node)}`);
  }

  family(node: YamlNode | null, what: string): DistroFamily {
    const value = this.string(node, what);
    if (!(DISTRO_FAMILIES as readonly string[]).includes(value)) {
      this.fail(node, `${what} is "${value}"; expected one of: ${DISTRO_FAMILIES.join(', ')}`);
    }
    return value as DistroFamily;
  }
}

function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node))
    return node.value === null ? 'nothing' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'an alias or other node';
}

const TOP_KEYS = [
  ...PACKAGE_FAMILIES,
  'images',
  'phpExtensions',
  'tags',
  'registries',
  'version',
] as const;

function readFamily(
  r: Reader,
  node: YamlNode | null,
  family: PackageFamily,
  at: (n: YamlNode) => RuleSource,
): FamilyRules {
  const rules: FamilyRules = { map: new Map(), drop: new Map(), patterns: [] };
  for (const [key, value] of r.entries(node, family, ['map', 'drop', 'patterns'])) {
    if (key === 'map') {
      for (const [name, target, keyNode] of r.entries(value, `${family}.map`, null)) {
        const what = `${family}.map.${name}`;
        if (isMap(target)) {
          let to: string[] = [];
          let note: string | null = null;
          for (const [k, v] of r.entries(target, what, ['to', 'note'])) {
            if (k === 'to') to = r.names(v, `${what}.to`);
            else note = r.string(v, `${what}.note`);
          }
          if (to.length === 0)
            r.fail(
              target,
              `${what} needs "to:" with at least one Wolfi name (use "drop:" to drop)`,
            );
          rules.map.set(name, { to, note, at: at(keyNode) });
        } else {
          const to = r.names(target, what);
          if (to.length === 0)
            r.fail(target, `${what} needs at least one Wolfi name (use "drop:" to drop)`);
          rules.map.set(name, { to, note: null, at: at(keyNode) });
        }
      }
    } else if (key === 'drop') {
      for (const [name, reason, keyNode] of r.entries(value, `${family}.drop`, null)) {
        rules.drop.set(name, {
          reason: r.string(reason, `${family}.drop.${name} (the reason shown to the user)`),
          at: at(keyNode),
        });
      }
    } else {
      if (!isSeq(value))
        r.fail(value, `${family}.patterns must be a list of {match, to} or {match, drop}`);
      value.items.forEach((item, i) => {
        const what = `${family}.patterns[${i}]`;
        let match: string | null = null;
        let to: string[] | null = null;
        let drop: string | null = null;
        let versionFamily: string | null = null;
        let lowercase = false;
        for (const [k, v] of r.entries(item, what, [
          'match',
          'to',
          'drop',
          'versionFamily',
          'lowercase',
        ])) {
          if (k === 'match') match = r.string(v, `${what}.match`);
          else if (k === 'to') to = r.names(v, `${what}.to`);
          else if (k === 'drop') drop = r.string(v, `${what}.drop`);
          else if (k === 'lowercase') lowercase = r.boolean(v, `${what}.lowercase`);
          else versionFamily = r.string(v, `${what}.versionFamily`);
        }
        if (!match || !/[*?]/.test(match))
          r.fail(item as YamlNode, `${what} needs "match:" with a * or ? wildcard`);
        if ((to === null) === (drop === null))
          r.fail(item as YamlNode, `${what} needs exactly one of "to:" or "drop:"`);
        if (versionFamily !== null && !(to ?? []).some((t) => t.includes('$1')))
          r.fail(
            item as YamlNode,
            `${what} has "versionFamily:", so "to:" must use $1 (the version the pattern captures)`,
          );
        rules.patterns.push({
          match,
          to,
          drop,
          versionFamily,
          ...(lowercase ? { lowercase } : {}),
          at: at(item as YamlNode),
        });
      });
    }
  }
  return rules;
}

const IMAGE_KEYS = [
  'match',
  'family',
  'versionFamily',
  'defaultVersion',
  'aliases',
  'runtime',
  'build',
  'variants',
  'secondary',
  'users',
  'env',
  'movedUp',
  'note',
];

/** An image rule that provides nothing yet: the starting point of every image rule. */
export function blankImageRule(id: string, at: RuleSource): ImageRule {
  return {
    id,
    match: [],
    family: 'unknown',
    versionFamily: null,
    defaultVersion: null,
    aliases: new Map(),
    runtime: [],
    build: [],
    variants: new Map(),
    secondary: null,
    users: new Map(),
    env: new Map(),
    movedUp: null,
    note: null,
    at,
  };
}

function readImage(r: Reader, id: string, node: YamlNode | null, at: RuleSource): ImageRule {
  const what = `images.${id}`;
  const rule = blankImageRule(id, at);
  let hasFamily = false;
  for (const [key, value] of r.entries(node, what, IMAGE_KEYS)) {
    switch (key) {
      case 'match':
        rule.match = r.names(value, `${what}.match`);
        break;
      case 'family':
        rule.family = r.family(value, `${what}.family`);
        hasFamily = true;
        break;
      case 'versionFamily':
        rule.versionFamily = r.string(value, `${what}.versionFamily`);
        break;
      case 'defaultVersion':
        rule.defaultVersion = r.string(value, `${what}.defaultVersion`);
        break;
      case 'aliases':
        for (const [word, v] of r.entries(value, `${what}.aliases`, null))
          rule.aliases.set(word, r.string(v, `${what}.aliases.${word}`));
        break;
      case 'runtime':
        rule.runtime =
          isSeq(value) && value.items.length === 0 ? [] : r.names(value, `${what}.runtime`);
        break;
      case 'build':
        rule.build =
          isSeq(value) && value.items.length === 0 ? [] : r.names(value, `${what}.build`);
        break;
      case 'note':
        rule.note = r.string(value, `${what}.note`);
        break;
      case 'users':
        for (const [name, v] of r.entries(value, `${what}.users`, null)) {
          const uid = r.string(v, `${what}.users.${name}`);
          if (!/^\d+$/.test(uid)) r.fail(v, `${what}.users.${name} must be a numeric uid`);
          rule.users.set(name, Number(uid));
        }
        break;
      case 'env':
        rule.env = readEnv(r, value, `${what}.env`);
        break;
      case 'movedUp': {
        const moved: { env: Map<string, string>; note: string | null } = {
          env: new Map(),
          note: null,
        };
        for (const [k, v] of r.entries(value, `${what}.movedUp`, ['env', 'note'])) {
          if (k === 'env') moved.env = readEnv(r, v, `${what}.movedUp.env`);
          else moved.note = r.string(v, `${what}.movedUp.note`);
        }
        rule.movedUp = moved;
        break;
      }
      case 'secondary': {
        let versionFamily: string | null = null;
        let def: string | null = null;
        for (const [k, v] of r.entries(value, `${what}.secondary`, ['versionFamily', 'default'])) {
          if (k === 'versionFamily') versionFamily = r.string(v, `${what}.secondary.versionFamily`);
          else def = r.string(v, `${what}.secondary.default`);
        }
        if (!versionFamily) r.fail(value, `${what}.secondary needs "versionFamily:"`);
        rule.secondary = { versionFamily, default: def };
        break;
      }
      case 'variants':
        for (const [word, v] of r.entries(value, `${what}.variants`, null)) {
          const variant: ImageVariant = { family: null, runtime: null, build: null };
          for (const [k, x] of r.entries(v, `${what}.variants.${word}`, [
            'family',
            'runtime',
            'build',
          ])) {
            if (k === 'family') variant.family = r.family(x, `${what}.variants.${word}.family`);
            else
              variant[k === 'runtime' ? 'runtime' : 'build'] =
                isSeq(x) && x.items.length === 0 ? [] : r.names(x, `${what}.variants.${word}.${k}`);
          }
          rule.variants.set(word, variant);
        }
        break;
    }
  }
  if (rule.match.length === 0) r.fail(node, `${what} needs "match:" with at least one repository`);
  if (!hasFamily) r.fail(node, `${what} needs "family:" (one of ${DISTRO_FAMILIES.join(', ')})`);
  return rule;
}

/** Environment variables: names as the shell allows them, values strings (numbers are read as text). */
function readEnv(r: Reader, node: YamlNode | null, what: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const [name, v, keyNode] of r.entries(node, what, null)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      r.fail(keyNode, `${what}: "${name}" is not a variable name (letters, digits, _)`);
    if (name === 'PATH')
      r.fail(keyNode, `${what}: PATH is built by apko and melange; give other variables only`);
    if (!isScalar(v) || v.value === null || typeof v.value === 'object')
      r.fail(v, `${what}.${name} must be a string, found ${describe(v)}`);
    env.set(name, String(v.value));
  }
  return env;
}

function readPhpExtensions(
  r: Reader,
  node: YamlNode | null,
  at: (n: YamlNode) => RuleSource,
): PhpExtensionRules {
  const rules: PhpExtensionRules = {
    builtin: new Map(),
    builtinSince: new Map(),
    names: new Map(),
  };
  for (const [key, value, keyNode] of r.entries(node, 'phpExtensions', [
    'builtin',
    'builtinSince',
    'names',
  ])) {
    if (key === 'builtin') {
      if (!isSeq(value)) r.fail(value, 'phpExtensions.builtin must be a list of extension names');
      value.items.forEach((item, i) =>
        rules.builtin.set(
          r.string(item as YamlNode, `phpExtensions.builtin[${i}]`).toLowerCase(),
          at((item as YamlNode | null) ?? keyNode),
        ),
      );
    } else if (key === 'builtinSince') {
      for (const [ext, v, extNode] of r.entries(value, 'phpExtensions.builtinSince', null)) {
        const version = r.string(v, `phpExtensions.builtinSince.${ext}`);
        if (!/^\d+\.\d+$/.test(version))
          r.fail(v, `phpExtensions.builtinSince.${ext} must be a PHP version such as '8.5'`);
        rules.builtinSince.set(ext.toLowerCase(), { version, at: at(extNode) });
      }
    } else {
      for (const [ext, v, extNode] of r.entries(value, 'phpExtensions.names', null))
        rules.names.set(ext.toLowerCase(), {
          to: r.names(v, `phpExtensions.names.${ext}`),
          at: at(extNode),
        });
    }
  }
  return rules;
}

/** Parse and validate one rule file. Throws WolfifyError with file:line on any problem. */
export function loadRuleFile(
  text: string,
  fileName: string,
  options: { builtin?: boolean } = {},
): RuleSet {
  // Aliases are expanded once, with a limit, so an alias bomb is refused up front.
  const input = readYaml(text, fileName, 100);
  const { doc } = input;
  const r = new Reader(input);
  const set = emptyRuleSet();
  set.files.push(fileName);
  const builtin = options.builtin ?? false;
  const at = (node: YamlNode | null | undefined): RuleSource => ({
    file: fileName,
    line: r.line(node),
    builtin,
  });
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return set;
  for (const [key, value] of r.entries(doc.contents, 'the rule file', TOP_KEYS)) {
    if (key === 'version') {
      if (!isScalar(value) || value.value !== 1) r.fail(value, 'version must be 1');
    } else if (key === 'images') {
      for (const [id, node, keyNode] of r.entries(value, 'images', null))
        set.images.set(id, readImage(r, id, node, at(keyNode)));
    } else if (key === 'phpExtensions') {
      set.phpExtensions = readPhpExtensions(r, value, at);
    } else if (key === 'tags') {
      for (const [word, node] of r.entries(value, 'tags', null))
        set.tags.set(word, r.family(node, `tags.${word}`));
    } else if (key === 'registries') {
      for (const [k, node] of r.entries(value, 'registries', ['dockerHub', 'mirrors'])) {
        if (k === 'dockerHub') set.dockerHubRegistries = r.names(node, 'registries.dockerHub');
        else set.mirrors = r.names(node, 'registries.mirrors');
      }
    } else {
      set.packages[key as PackageFamily] = readFamily(r, value, key as PackageFamily, at);
    }
  }
  return set;
}

/** Merge rule sets; for the same name, image id or tag word, later sets win. Patterns of later sets are tried first. */
export function mergeRuleSets(...sets: RuleSet[]): RuleSet {
  const out = emptyRuleSet();
  for (const set of sets) {
    for (const family of PACKAGE_FAMILIES) {
      const into = out.packages[family];
      const from = set.packages[family];
      for (const [k, v] of from.map) {
        into.map.set(k, v);
        into.drop.delete(k);
      }
      for (const [k, v] of from.drop) {
        into.drop.set(k, v);
        into.map.delete(k);
      }
      into.patterns = [...from.patterns, ...into.patterns];
    }
    for (const [k, v] of set.images) out.images.set(k, v);
    const php = out.phpExtensions;
    for (const [k, v] of set.phpExtensions.builtin) php.builtin.set(k, v);
    for (const [k, v] of set.phpExtensions.builtinSince) php.builtinSince.set(k, v);
    for (const [k, v] of set.phpExtensions.names) php.names.set(k, v);
    for (const [k, v] of set.tags) out.tags.set(k, v);
    out.dockerHubRegistries = [
      ...new Set([...out.dockerHubRegistries, ...set.dockerHubRegistries]),
    ];
    out.mirrors = [...new Set([...out.mirrors, ...set.mirrors])];
    out.files.push(...set.files);
  }
  return out;
}
