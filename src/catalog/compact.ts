// The compact form of a catalog (format wolfify-catalog/2), the one the shipped
// rules/catalog.json and the user cache hold: each table is one string, a line per row,
// fields split by tabs and lists by spaces. JSON.parse of ~11k small objects and their GC
// cost a cold `convert` ~40 ms; one long string parses in a few, and the rows of a package
// are only split when the conversion asks about it. Package names, versions and dependency
// specs never hold whitespace (apk splits on it), so tabs and spaces cannot clash with them.

import { BoundedCache } from '../bounded-cache.js';
import type { WolfifyError } from '../errors.js';
import type { CatalogEntry, EntryStore, PrivateOnly } from './catalog.js';

export const COMPACT_CATALOG_FORMAT = 'wolfify-catalog/2';

export interface CompactCatalogData {
  format: typeof COMPACT_CATALOG_FORMAT;
  kind: 'builtin' | 'apkindex';
  source: string;
  date: string;
  /** Every package name, a line each, in code-unit order (looked up by binary search). */
  names: string;
  /**
   * A line per name, in the same order: origin, version, installed size in bytes, runtime
   * dependencies (space-separated); an unknown version or size is an empty field.
   */
  packages: string;
  /** A line per virtual name: the name, then its providers (space-separated, preferred last). */
  provides: string;
  /** A line per name only in Chainguard's private repository: name, origin, date (YYYY-MM-DD). */
  movedToPrivate: string;
}

/** One row of a table: fields, or lists of names; none may hold a tab, a space or a line break. */
export function compactRow(fields: readonly (string | readonly string[])[]): string {
  const row = fields.map((field) => (typeof field === 'string' ? [field] : field));
  for (const value of row.flat()) {
    // A bug in what built the catalog, not bad input: the value would split the row.
    if (/\s/.test(value))
      throw new Error(`catalog value with whitespace: ${JSON.stringify(value)}`);
  }
  return row.map((values) => values.join(' ')).join('\t');
}

/** The rows of a table, each split into its fields. */
export function compactRows(table: string): string[][] {
  return table === '' ? [] : table.split('\n').map((row) => row.split('\t'));
}

const list = (field: string | undefined): string[] => (field ? field.split(' ') : []);

/** Names whose position is kept: more than one large batch asks about. */
const KEPT_POSITIONS = 8192;

/**
 * Packages by name. The names are split once (one native call); a name is found by binary
 * search, with no per-name work on start-up, and its row is split when it is asked for.
 */
export class CompactEntries implements EntryStore {
  private sorted: string[] | null = null;
  private rows: string[] | null = null;
  private readonly decoded = new Map<string, CatalogEntry>();
  private readonly positions = new BoundedCache<string, number>(KEPT_POSITIONS);

  constructor(
    private readonly names: string,
    private readonly table: string,
    private readonly bad: (what: string) => WolfifyError,
  ) {}

  private list(): string[] {
    if (this.sorted) return this.sorted;
    const names = this.names === '' ? [] : this.names.split('\n');
    for (let i = 1; i < names.length; i++) {
      if ((names[i - 1] as string) >= (names[i] as string))
        throw this.bad(`names must be sorted and distinct ("${names[i]}")`);
    }
    this.sorted = names;
    return names;
  }

  /** The position of a name, or -1: a conversion asks about the same names many times. */
  private find(name: string): number {
    return this.positions.get(name, () => this.search(name));
  }

  private search(name: string): number {
    const names = this.list();
    let low = 0;
    let high = names.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const probe = names[mid] as string;
      if (probe === name) return mid;
      if (probe < name) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  has(name: string): boolean {
    return this.find(name) >= 0;
  }

  keys(): Iterable<string> {
    return this.list();
  }

  get(name: string): CatalogEntry | undefined {
    let entry = this.decoded.get(name);
    if (entry) return entry;
    const at = this.find(name);
    if (at < 0) return undefined;
    this.rows ??= this.table.split('\n');
    const [origin, version, size, depends, ...extra] = (this.rows[at] ?? '').split('\t');
    const bytes = size ? Number(size) : null;
    if (!origin || extra.length > 0 || (bytes !== null && !Number.isSafeInteger(bytes)))
      throw this.bad(`package row of "${name}" must be origin, version, size, dependencies`);
    entry = { origin, version: version || null, depends: list(depends), installedSize: bytes };
    this.decoded.set(name, entry);
    return entry;
  }
}

export function compactProvides(
  table: string,
  bad: (what: string) => WolfifyError,
): Map<string, string[]> {
  const provides = new Map<string, string[]>();
  for (const [virtual, providers, ...extra] of compactRows(table)) {
    if (!virtual || !providers || extra.length > 0)
      throw bad(`provides row "${virtual}" must be a name and its providers`);
    provides.set(virtual, list(providers));
  }
  return provides;
}

export function compactMoved(
  table: string,
  bad: (what: string) => WolfifyError,
): Map<string, PrivateOnly> {
  const moved = new Map<string, PrivateOnly>();
  for (const [name, origin, on, ...extra] of compactRows(table)) {
    if (!name || !origin || !on || extra.length > 0)
      throw bad(`movedToPrivate row "${name}" must be name, origin, date`);
    moved.set(name, { origin, on });
  }
  return moved;
}
