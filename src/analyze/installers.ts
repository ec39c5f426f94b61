// Installer rules (rules/installers.yaml): which download URLs install software that
// Wolfi already packages. Pure: rule text in, validated rules out; a URL in, the rule
// it matches out. Choosing the package (catalog, version family) is src/supply-chain.ts.

import { isMap, isScalar, isSeq } from 'yaml';
import { readYaml } from '../yaml-input.js';

export interface InstallerRule {
  id: string;
  /** How messages call it: "NodeSource setup script". */
  name: string;
  /** Download URL patterns (`host/path`): `*` any text, `{version}` a captured version. */
  match: string[];
  /** Package-source URL patterns (apt/dnf repositories), same syntax. */
  repositories: string[];
  /** Wolfi name (possibly virtual), or null when no single package replaces the installer. */
  package: string | null;
  /** Prefix of version-family packages the captured version picks from (`nodejs-`). */
  versionFamily: string | null;
  /** Captured words that stand for a version (`lts` → `24`). */
  aliases: Record<string, string>;
  /** Distro package names of the same stage that the installer's repository provides. */
  replaces: string[];
  note: string | null;
  line: number;
}

export interface InstallerMatch {
  rule: InstallerRule;
  /** The `{version}` text of the URL (after aliases), or null. */
  version: string | null;
}

const RULE_KEYS = [
  'name',
  'match',
  'repositories',
  'package',
  'versionFamily',
  'aliases',
  'replaces',
  'note',
] as const;

/** Validate an installer rule file; errors name the file, the line and the expected shape. */
export function parseInstallerRules(text: string, file: string): InstallerRule[] {
  // The nodes are read directly, never through toJS: an alias (`*x`) is neither a string,
  // a list nor a map below, so it is refused where it appears and an alias bomb never expands.
  const { doc, fail, line: lineOf } = readYaml(text, file, null);
  const root = doc.contents;
  if (!isMap(root) || root.items.length !== 1 || scalarText(root.items[0]?.key) !== 'installers') {
    return fail(root, 'expected a map with one key, `installers: {<id>: {name, match, package}}`');
  }
  const installers = root.items[0]?.value;
  if (!isMap(installers)) return fail(installers, '`installers` must be a map of rule ids');

  const string = (node: unknown, what: string): string => {
    const value = scalarText(node);
    if (value === null || value.trim() === '') return fail(node, `${what} must be a string`);
    return value.trim();
  };
  const strings = (node: unknown, what: string): string[] => {
    if (!isSeq(node)) return fail(node, `${what} must be a list of strings`);
    return node.items.map((item, i) => string(item, `${what}[${i}]`));
  };

  return installers.items.map((pair) => {
    const id = string(pair.key, 'an installer id');
    const body = pair.value;
    if (!isMap(body)) return fail(body ?? pair.key, `installers.${id} must be a map`);
    const fields = new Map<string, unknown>();
    for (const item of body.items) {
      const key = string(item.key, `a key of installers.${id}`);
      if (!(RULE_KEYS as readonly string[]).includes(key)) {
        fail(
          item.key,
          `unknown key "${key}" in installers.${id}; expected: ${RULE_KEYS.join(', ')}`,
        );
      }
      fields.set(key, item.value);
    }
    const at = (key: string): unknown => fields.get(key);
    if (!fields.has('name') || !fields.has('package')) {
      fail(pair.key, `installers.${id} needs name and package (package may be null)`);
    }
    if (!fields.has('match') && !fields.has('repositories')) {
      fail(pair.key, `installers.${id} needs match (download URLs) or repositories`);
    }
    const pkg = at('package');
    const aliases: Record<string, string> = {};
    const aliasNode = at('aliases');
    if (aliasNode !== undefined) {
      if (!isMap(aliasNode)) fail(aliasNode, `installers.${id}.aliases must be a map`);
      else
        for (const item of aliasNode.items) {
          aliases[string(item.key, `installers.${id}.aliases key`)] = string(
            item.value,
            `installers.${id}.aliases value`,
          );
        }
    }
    const list = (key: string): string[] =>
      fields.has(key) ? strings(at(key), `installers.${id}.${key}`) : [];
    return {
      id,
      name: string(at('name'), `installers.${id}.name`),
      match: list('match'),
      repositories: list('repositories'),
      package: isScalar(pkg) && pkg.value === null ? null : string(pkg, `installers.${id}.package`),
      versionFamily: fields.has('versionFamily')
        ? string(at('versionFamily'), `installers.${id}.versionFamily`)
        : null,
      aliases,
      replaces: list('replaces'),
      note: fields.has('note') ? string(at('note'), `installers.${id}.note`) : null,
      line: lineOf(pair.key),
    };
  });
}

function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  const { value } = node;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** Longer URLs are not installer URLs; the cap keeps glob matching linear in practice. */
export const MAX_URL_LENGTH = 2048;

/** `host/path` of an http(s) URL: no scheme, port, query, fragment or trailing slash. */
export function urlKey(url: string): string | null {
  if (url.length > MAX_URL_LENGTH) return null;
  if (!url.startsWith('http://') && !url.startsWith('https://')) return null;
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.hostname}${path}`;
}

export type UrlKind = 'download' | 'repository';

const compiled: Record<UrlKind, WeakMap<InstallerRule, RegExp[]>> = {
  download: new WeakMap(),
  repository: new WeakMap(),
};

// A URL pattern is a glob, not shell or YAML: a RegExp built from it is the plain way to match.
function patternsOf(rule: InstallerRule, kind: UrlKind): RegExp[] {
  let patterns = compiled[kind].get(rule);
  if (!patterns) {
    const globs = kind === 'download' ? rule.match : rule.repositories;
    patterns = globs.map((pattern) => {
      const source = pattern
        .split(/(\*|\{version\})/)
        .map((part) =>
          part === '*'
            ? '.*?'
            : part === '{version}'
              ? '(v?\\d[\\d.]*|[a-z]+)'
              : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('');
      return new RegExp(`^${source}$`, 'i');
    });
    compiled[kind].set(rule, patterns);
  }
  return patterns;
}

/** The first rule whose pattern of that kind matches the URL, with the version it names. */
export function matchInstaller(
  url: string | null,
  rules: readonly InstallerRule[],
  kind: UrlKind = 'download',
): InstallerMatch | null {
  const key = url === null ? null : urlKey(url);
  if (key === null) return null;
  for (const rule of rules) {
    for (const pattern of patternsOf(rule, kind)) {
      const m = pattern.exec(key);
      if (!m) continue;
      const captured = m[1]?.toLowerCase() ?? null;
      const version = captured === null ? null : (rule.aliases[captured] ?? captured);
      return { rule, version: version && /^v?\d/.test(version) ? version : null };
    }
  }
  return null;
}

/** http(s) URLs among the words of a command text (`echo "deb https://… stable main" > …`). */
export function urlsInText(text: string): string[] {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/^["'[(]+|["'\])>;,]+$/g, ''))
    .filter((word) => urlKey(word) !== null);
}
