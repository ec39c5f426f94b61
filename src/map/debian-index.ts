// The Debian fallback: when no hand-written rule knows a Debian/Ubuntu package,
// find the Wolfi origin of the same software from the Debian source package it is
// built from, and pick the subpackage that plays the same role (-dev, shared library,
// -bin, -common). Data: rules/debian-index.json (derived from Debian's package index).

import { readFileSync } from 'node:fs';
import type { Catalog } from '../catalog/catalog.js';
import { compareVersions } from '../catalog/version.js';
import { WolfifyError } from '../errors.js';
import { packageFile } from '../package-path.js';

export const DEBIAN_INDEX_FORMAT = 'wolfify-debian-index/1';

export interface DebianIndexData {
  format: typeof DEBIAN_INDEX_FORMAT;
  source: string;
  date: string;
  /** source package → its binary packages whose name differs from it, space-separated. */
  sources: Record<string, string>;
  /** virtual name (Provides:, not itself a package) → providing binaries, space-separated. */
  provides: Record<string, string>;
}

export interface DebianIndex {
  /** The source package a binary is built from, or null when the index does not list it. */
  sourceOf(binary: string): string | null;
  providers(virtual: string): string[];
}

export function debianIndexFromData(data: DebianIndexData): DebianIndex {
  const bySource = new Map<string, string>();
  for (const [source, binaries] of Object.entries(data.sources)) {
    for (const b of binaries.split(' ')) if (b) bySource.set(b, source);
  }
  return {
    sourceOf: (binary) => bySource.get(binary) ?? null,
    providers: (virtual) => data.provides[virtual]?.split(' ').filter(Boolean) ?? [],
  };
}

let cached: DebianIndex | null = null;

export function loadBuiltinDebianIndex(): DebianIndex {
  if (cached) return cached;
  const path = packageFile('rules/debian-index.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new WolfifyError(
      `cannot read the built-in Debian index: ${(e as Error).message}`,
      2,
      path,
    );
  }
  const data = raw as Partial<DebianIndexData>;
  if (
    data.format !== DEBIAN_INDEX_FORMAT ||
    typeof data.sources !== 'object' ||
    typeof data.provides !== 'object'
  ) {
    throw new WolfifyError(
      `not a wolfify Debian index (expected "format": "${DEBIAN_INDEX_FORMAT}")`,
      2,
      path,
    );
  }
  cached = debianIndexFromData(data as DebianIndexData);
  return cached;
}

const familiesByCatalog = new WeakMap<Catalog, Map<string, [string, string][]>>();

/** Version-family names (`postgresql-18`) of a base name, newest first. */
export function familyNames(base: string, catalog: Catalog): string[] {
  let families = familiesByCatalog.get(catalog);
  if (!families) {
    families = new Map();
    for (const name of catalog.names()) {
      const m = /^(.+)-(\d+(?:\.\d+)*)$/.exec(name);
      if (!m?.[1] || !m[2]) continue;
      const list = families.get(m[1]) ?? [];
      list.push([name, m[2]]);
      families.set(m[1], list);
    }
    for (const list of families.values()) list.sort((a, b) => compareVersions(b[1], a[1]));
    familiesByCatalog.set(catalog, families);
  }
  return (families.get(base) ?? []).map(([n]) => n);
}

/**
 * Wolfi names that may be the same software as a Debian source package, best first:
 * the same name, the name without its version (`postgresql-15` → `postgresql`, then
 * the newest `postgresql-NN`), `py3-x` for Python sources, `perl-x` for `libx-perl`.
 */
export function originCandidates(source: string, binary: string, catalog: Catalog): string[] {
  const out: string[] = [];
  const add = (n: string): void => {
    if (n && !out.includes(n) && catalog.has(n)) out.push(n);
  };
  const base = source.replace(/-?\d+(\.\d+)*$/, '');
  if (binary.startsWith('python3-')) {
    const module = source.replace(/^python-/, '');
    add(`py3-${module}`);
    add(`py3-${binary.slice('python3-'.length)}`);
  }
  const perl = /^lib(.+)-perl$/.exec(source);
  if (perl?.[1]) add(`perl-${perl[1]}`);
  // A hyphenated version is a release series (gcc-12, postgresql-15: prefer Wolfi's
  // unversioned or newest), appended digits are usually part of the name (libidn2, pcre3).
  const series = /-\d+(\.\d+)*$/.test(source);
  if (series && base) add(base);
  add(source);
  for (const n of familyNames(source, catalog)) add(n);
  if (base && base !== source) {
    add(base);
    for (const n of familyNames(base, catalog)) add(n);
  }
  // libyaml → yaml, xz-utils → xz: Wolfi often names the project, not the library.
  const bare = base.replace(/^lib(?=.{3,})/, '').replace(/-(utils|tools|progs)$/, '');
  if (bare !== base) {
    add(bare);
    for (const n of familyNames(bare, catalog)) add(n);
  }
  return out;
}

export type Role = 'doc' | 'dev' | 'library' | 'bin' | 'common' | 'main';

export function debianRole(binary: string): Role {
  if (/-doc$/.test(binary)) return 'doc';
  if (/-dev$/.test(binary)) return 'dev';
  if (/-(bin|utils|tools|progs|client)$/.test(binary)) return 'bin';
  if (/-(common|data)$/.test(binary)) return 'common';
  if (/^lib.*(\d|t64)$/.test(binary) || /^lib.*\d-\w+$/.test(binary)) return 'library';
  return 'main';
}

export interface FallbackResult {
  to: string;
  source: string;
  role: Role;
  note: string;
}

/**
 * The runtime-library package of an origin for a Debian shared-library package:
 * the library's own name (`libpng`), a versioned library subpackage (`libpq-18`,
 * `libicu78`), the origin's `-libs` subpackage, else the origin itself.
 */
function libraryPackage(
  binary: string,
  candidate: string,
  origin: string,
  catalog: Catalog,
): string {
  const stem = binary.replace(/t64$/, '').replace(/[\d.-]+$/, '');
  if (catalog.has(stem)) return stem;
  const escaped = stem.replace(/[.+]/g, '\\$&');
  const versioned = new RegExp(`^${escaped}[\\d.-]*$`);
  const subs = catalog.subpackages(origin);
  return (
    subs.find((n) => versioned.test(n)) ??
    [`${origin}-libs`].find((n) => catalog.has(n)) ??
    candidate
  );
}

/** Pick the Wolfi package for a Debian binary from its source package; null when none fits. */
export function debianSourceFallback(
  binary: string,
  index: DebianIndex,
  catalog: Catalog,
): FallbackResult | null {
  const source = index.sourceOf(binary) ?? binary;
  const role = debianRole(binary);
  if (role === 'doc') return null;
  for (const candidate of originCandidates(source, binary, catalog)) {
    const origin = catalog.origin(candidate) ?? candidate;
    let to: string | null = null;
    if (role === 'dev') {
      to = [`${candidate}-dev`, `${origin}-dev`].find((n) => catalog.has(n)) ?? null;
    } else if (role === 'library') {
      to = libraryPackage(binary, candidate, origin, catalog);
    } else if (role === 'bin') {
      const suffix = /-(\w+)$/.exec(binary)?.[1] ?? '';
      to = [`${candidate}-${suffix}`, candidate].find((n) => catalog.has(n)) ?? null;
    } else {
      to = candidate;
    }
    if (to) {
      const note =
        source === binary
          ? `Debian package ${binary} is the same software as Wolfi ${origin}`
          : `Debian package ${binary} is built from source ${source}; Wolfi builds it as ${origin}`;
      return {
        to,
        source,
        role,
        note: role === 'main' || role === 'common' ? note : `${note} (${role} → ${to})`,
      };
    }
  }
  return null;
}
