// The Wolfi catalog: which package names exist, what they provide, and which
// left public Wolfi. Pure: built from data (the shipped file or an APKINDEX),
// never reading files itself.

import { BoundedCache } from '../bounded-cache.js';
import { WolfifyError } from '../errors.js';
import {
  COMPACT_CATALOG_FORMAT,
  CompactEntries,
  compactMoved,
  compactProvides,
  compactRow,
  type CompactCatalogData,
} from './compact.js';
import { SuggestionIndex } from './suggest.js';
import { dependencyName } from './version.js';

export interface PrivateOnly {
  origin: string;
  /** Date (YYYY-MM-DD) the origin left public Wolfi. */
  on: string;
}

export interface Catalog {
  /** Where the data came from (repository and commit, or the APKINDEX file). */
  readonly source: string;
  /** Date of the data (ISO). */
  readonly date: string;
  readonly kind: 'builtin' | 'apkindex';
  /** A real package name (origin or subpackage). */
  has(name: string): boolean;
  /** The name itself when real, else the preferred provider of a virtual name, else null. */
  resolve(name: string): string | null;
  /** Providers of a virtual name, apk's preferred provider last. */
  providers(virtual: string): readonly string[];
  origin(name: string): string | null;
  version(name: string): string | null;
  runtimeDeps(name: string): string[];
  /** Installed size in bytes: only known from an APKINDEX (`I:`). */
  installedSize(name: string): number | null;
  privateOnly(name: string): PrivateOnly | null;
  /** Names only in Chainguard's private repository, sorted. */
  privateNames(): string[];
  /** Every real package name, sorted. */
  names(): string[];
  /** Every package built from an origin (the origin itself included), sorted. */
  subpackages(origin: string): string[];
  suggest(name: string, max?: number): string[];
}

/** One package as the catalog keeps it. */
export interface CatalogEntry {
  origin: string;
  version: string | null;
  depends: string[];
  installedSize: number | null;
}

/** The catalog as plain data: what catalog.json and the user cache hold. */
export interface CatalogData {
  format: typeof CATALOG_FORMAT;
  kind: 'builtin' | 'apkindex';
  source: string;
  date: string;
  /** Version per origin; `versionsByName` overrides for names that differ. */
  versions: Record<string, string>;
  versionsByName?: Record<string, string>;
  /** name → origin, or [origin, runtime deps] when it has any. */
  names: Record<string, string | [string, string[]]>;
  /** virtual name → providers, preferred provider last. */
  provides: Record<string, string[]>;
  /** name → [origin, date moved to Chainguard's private repository]. */
  movedToPrivate: Record<string, [string, string]>;
  /** name → installed size in bytes (APKINDEX only). */
  installedSizes?: Record<string, number>;
}

export const CATALOG_FORMAT = 'wolfify-catalog/1';

/** Package entries by name: a Map, or a view that decodes the shipped file on demand. */
export interface EntryStore {
  has(name: string): boolean;
  get(name: string): CatalogEntry | undefined;
  keys(): Iterable<string>;
}

export interface CatalogParts {
  kind: 'builtin' | 'apkindex';
  source: string;
  date: string;
  packages: EntryStore;
  provides: Map<string, string[]>;
  movedToPrivate: Map<string, PrivateOnly>;
}

/** Names whose lookups a catalog keeps: more than one large batch asks about. */
const KEPT_ANSWERS = 8192;

class MemoryCatalog implements Catalog {
  readonly source: string;
  readonly date: string;
  readonly kind: 'builtin' | 'apkindex';
  private readonly packages: EntryStore;
  private readonly provides: Map<string, string[]>;
  private readonly moved: Map<string, PrivateOnly>;
  private sortedNames: string[] | null = null;
  private sortedPrivate: string[] | null = null;
  private byOrigin: Map<string, string[]> | null = null;

  constructor(parts: CatalogParts) {
    this.source = parts.source;
    this.date = parts.date;
    this.kind = parts.kind;
    this.packages = parts.packages;
    this.provides = parts.provides;
    this.moved = parts.movedToPrivate;
  }

  has(name: string): boolean {
    return this.packages.has(name);
  }

  // A conversion asks about the same names again and again (every dependency of every
  // package, every entry of the command table), and the catalog never changes: answers kept.
  private readonly resolved = new BoundedCache<string, string | null>(KEPT_ANSWERS);
  private readonly providing = new BoundedCache<string, readonly string[]>(KEPT_ANSWERS);

  resolve(name: string): string | null {
    return this.resolved.get(name, () => {
      if (this.packages.has(name)) return name;
      const providers = this.providers(name);
      return providers[providers.length - 1] ?? null;
    });
  }

  providers(virtual: string): readonly string[] {
    return this.providing.get(virtual, () =>
      Object.freeze((this.provides.get(virtual) ?? []).filter((p) => this.packages.has(p))),
    );
  }

  origin(name: string): string | null {
    return this.packages.get(name)?.origin ?? this.moved.get(name)?.origin ?? null;
  }

  version(name: string): string | null {
    return this.packages.get(name)?.version ?? null;
  }

  runtimeDeps(name: string): string[] {
    return this.packages.get(name)?.depends ?? [];
  }

  installedSize(name: string): number | null {
    return this.packages.get(name)?.installedSize ?? null;
  }

  privateOnly(name: string): PrivateOnly | null {
    if (this.packages.has(name)) return null;
    return this.moved.get(name) ?? null;
  }

  privateNames(): string[] {
    this.sortedPrivate ??= [...this.moved.keys()].filter((n) => !this.packages.has(n)).sort();
    return this.sortedPrivate;
  }

  names(): string[] {
    this.sortedNames ??= [...this.packages.keys()].sort();
    return this.sortedNames;
  }

  subpackages(origin: string): string[] {
    if (!this.byOrigin) {
      this.byOrigin = new Map();
      for (const name of this.names()) {
        const o = this.packages.get(name)?.origin ?? name;
        const list = this.byOrigin.get(o) ?? [];
        list.push(name);
        this.byOrigin.set(o, list);
      }
    }
    return this.byOrigin.get(origin) ?? [];
  }

  // Built on the first unknown name, then shared by every file of a batch. The answers are
  // not kept here: a package's mapping, suggestions included, is kept by src/map/memo.ts,
  // and keeping them twice only made 20,000 unknown names slower.
  private index: SuggestionIndex | null = null;

  suggest(name: string, max = 3): string[] {
    this.index ??= new SuggestionIndex(this.names());
    return this.index.suggest(name, max);
  }

  /** Private names and virtual names, for serialising. */
  parts(): CatalogParts {
    return {
      kind: this.kind,
      source: this.source,
      date: this.date,
      packages: this.packages,
      provides: this.provides,
      movedToPrivate: this.moved,
    };
  }
}

export function createCatalog(parts: CatalogParts): Catalog {
  return new MemoryCatalog(parts);
}

/** The plain-data form of a catalog (for the shipped file and the user cache). */
export function catalogToData(catalog: Catalog): CatalogData {
  if (!(catalog instanceof MemoryCatalog))
    throw new Error('catalogToData needs a catalog made by createCatalog');
  const parts = catalog.parts();
  const versions: Record<string, string> = {};
  const versionsByName: Record<string, string> = {};
  const names: CatalogData['names'] = {};
  const installedSizes: Record<string, number> = {};
  const sorted = [...parts.packages.keys()].sort();
  for (const name of sorted) {
    const e = parts.packages.get(name);
    if (!e) continue;
    if (e.version !== null) {
      const originVersion =
        versions[e.origin] ?? parts.packages.get(e.origin)?.version ?? e.version;
      versions[e.origin] = originVersion;
      if (e.version !== originVersion) versionsByName[name] = e.version;
    }
    names[name] = e.depends.length > 0 ? [e.origin, e.depends] : e.origin;
    if (e.installedSize !== null) installedSizes[name] = e.installedSize;
  }
  const data: CatalogData = {
    format: CATALOG_FORMAT,
    kind: parts.kind,
    source: parts.source,
    date: parts.date,
    versions: Object.fromEntries(Object.entries(versions).sort(([a], [b]) => (a < b ? -1 : 1))),
    names,
    provides: Object.fromEntries(
      [...parts.provides.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
    movedToPrivate: Object.fromEntries(
      [...parts.movedToPrivate.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([n, p]) => [n, [p.origin, p.on]]),
    ),
  };
  if (Object.keys(versionsByName).length > 0) data.versionsByName = versionsByName;
  if (Object.keys(installedSizes).length > 0) data.installedSizes = installedSizes;
  return data;
}

/** The compact form (./compact.ts): what the shipped catalog and the user cache hold. */
export function catalogToCompactData(catalog: Catalog): CompactCatalogData {
  if (!(catalog instanceof MemoryCatalog))
    throw new Error('catalogToCompactData needs a catalog made by createCatalog');
  const parts = catalog.parts();
  const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : 1);
  const names: string[] = [];
  const packages: string[] = [];
  for (const name of [...parts.packages.keys()].sort()) {
    const e = parts.packages.get(name);
    if (!e) continue;
    const size = e.installedSize === null ? '' : String(e.installedSize);
    names.push(compactRow([name]));
    packages.push(compactRow([e.origin, e.version ?? '', size, e.depends]));
  }
  return {
    format: COMPACT_CATALOG_FORMAT,
    kind: parts.kind,
    source: parts.source,
    date: parts.date,
    names: names.join('\n'),
    packages: packages.join('\n'),
    provides: [...parts.provides.entries()]
      .sort(byName)
      .map(([virtual, providers]) => compactRow([virtual, providers]))
      .join('\n'),
    movedToPrivate: [...parts.movedToPrivate.entries()]
      .sort(byName)
      .map(([name, p]) => compactRow([name, p.origin, p.on]))
      .join('\n'),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/**
 * The 11k entries of the shipped catalog, decoded one by one when asked for: building
 * them all up front cost ~50 ms of a ~300 ms `convert`, and a conversion asks for dozens.
 */
class LazyEntries implements EntryStore {
  private readonly decoded = new Map<string, CatalogEntry>();

  constructor(
    private readonly names: Record<string, unknown>,
    private readonly versions: Record<string, unknown>,
    private readonly versionsByName: Record<string, unknown>,
    private readonly sizes: Record<string, unknown>,
    private readonly bad: (what: string) => WolfifyError,
  ) {}

  has(name: string): boolean {
    return Object.hasOwn(this.names, name);
  }

  keys(): Iterable<string> {
    return Object.keys(this.names);
  }

  get(name: string): CatalogEntry | undefined {
    if (!this.has(name)) return undefined;
    let entry = this.decoded.get(name);
    if (entry) return entry;
    const value = this.names[name];
    let origin: string;
    let depends: string[] = [];
    if (typeof value === 'string') origin = value;
    else if (Array.isArray(value) && typeof value[0] === 'string' && isStringArray(value[1])) {
      origin = value[0];
      depends = value[1];
    } else throw this.bad(`names["${name}"] must be an origin or [origin, [deps…]]`);
    const v = this.versionsByName[name] ?? this.versions[origin];
    const size = this.sizes[name];
    entry = {
      origin,
      version: typeof v === 'string' ? v : null,
      depends,
      installedSize: typeof size === 'number' ? size : null,
    };
    this.decoded.set(name, entry);
    return entry;
  }
}

/** Rebuild a catalog from its plain-data form, checking the shape (the cache is user-writable). */
export function catalogFromData(raw: unknown, file: string): Catalog {
  const bad = (what: string): WolfifyError =>
    new WolfifyError(
      `not a wolfify catalog: ${what} (re-import it with \`wolfify catalog import\`)`,
      2,
      file,
    );
  if (isRecord(raw) && raw['format'] === COMPACT_CATALOG_FORMAT) return compactCatalog(raw, bad);
  if (!isRecord(raw) || raw['format'] !== CATALOG_FORMAT)
    throw bad(`expected "format": "${COMPACT_CATALOG_FORMAT}" or "${CATALOG_FORMAT}"`);
  const {
    kind,
    source,
    date,
    versions,
    versionsByName,
    names,
    provides,
    movedToPrivate,
    installedSizes,
  } = raw;
  if (kind !== 'builtin' && kind !== 'apkindex')
    throw bad('"kind" must be "builtin" or "apkindex"');
  if (typeof source !== 'string' || typeof date !== 'string')
    throw bad('"source" and "date" must be strings');
  if (!isRecord(versions) || !isRecord(names) || !isRecord(provides) || !isRecord(movedToPrivate)) {
    throw bad('"versions", "names", "provides" and "movedToPrivate" must be objects');
  }
  const byName = isRecord(versionsByName) ? versionsByName : {};
  const sizes = isRecord(installedSizes) ? installedSizes : {};
  const packages = new LazyEntries(names, versions, byName, sizes, bad);
  const provideMap = new Map<string, string[]>();
  for (const [virtual, list] of Object.entries(provides)) {
    if (!isStringArray(list)) throw bad(`provides["${virtual}"] must be a list of names`);
    provideMap.set(virtual, list);
  }
  const moved = new Map<string, PrivateOnly>();
  for (const [name, value] of Object.entries(movedToPrivate)) {
    if (!isStringArray(value) || value.length !== 2)
      throw bad(`movedToPrivate["${name}"] must be [origin, date]`);
    moved.set(name, { origin: value[0] as string, on: value[1] as string });
  }
  return createCatalog({
    kind,
    source,
    date,
    packages,
    provides: provideMap,
    movedToPrivate: moved,
  });
}

function compactCatalog(
  raw: Record<string, unknown>,
  bad: (what: string) => WolfifyError,
): Catalog {
  const { kind, source, date, names, packages, provides, movedToPrivate } = raw;
  if (kind !== 'builtin' && kind !== 'apkindex')
    throw bad('"kind" must be "builtin" or "apkindex"');
  if (typeof source !== 'string' || typeof date !== 'string')
    throw bad('"source" and "date" must be strings');
  if (
    typeof names !== 'string' ||
    typeof packages !== 'string' ||
    typeof provides !== 'string' ||
    typeof movedToPrivate !== 'string'
  )
    throw bad('"names", "packages", "provides" and "movedToPrivate" must be strings of rows');
  return createCatalog({
    kind,
    source,
    date,
    packages: new CompactEntries(names, packages, bad),
    provides: compactProvides(provides, bad),
    movedToPrivate: compactMoved(movedToPrivate, bad),
  });
}

/** Strip version constraints from dependency specs and drop duplicates. */
export function dependencyNames(specs: string[]): string[] {
  return [...new Set(specs.map(dependencyName))];
}
