// The compact form of a catalog (format wolfify-catalog/2), the one the shipped
// rules/catalog.json and the user cache hold: each table is one string, a line per row,
// fields split by tabs and lists by spaces. JSON.parse of ~11k small objects and their GC
// cost a cold `convert` ~40 ms; one long string parses in a few, and the rows of a package
// are only split when the conversion asks about it. Package names, versions and dependency
// specs never hold whitespace (apk splits on it), so tabs and spaces cannot clash with them.

import type { WolfifyError } from '../errors.js';
import type { CatalogEntry, EntryStore, PrivateOnly } from './catalog.js';

export const COMPACT_CATALOG_FORMAT = 'wolfify-catalog/2';

export interface CompactCatalogData {
  format: typeof COMPACT_CATALOG_FORMAT;
  kind: 'builtin' | 'apkindex';
  source: string;
  date: string;
  /**
   * A line per package, sorted by name: name, origin, version, installed size in bytes,
   * runtime dependencies (space-separated); an unknown version or size is an empty field.
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

/** Packages by name, a row split and decoded the first time it is asked for. */
export class CompactEntries implements EntryStore {
  private rows: Map<string, string> | null = null;
  private readonly decoded = new Map<string, CatalogEntry>();

  constructor(
    private readonly table: string,
    private readonly bad: (what: string) => WolfifyError,
  ) {}

  /** name → the rest of its row, built on the first lookup. */
  private index(): Map<string, string> {
    if (this.rows) return this.rows;
    this.rows = new Map();
    if (this.table === '') return this.rows;
    for (const row of this.table.split('\n')) {
      const tab = row.indexOf('\t');
      if (tab <= 0) throw this.bad(`package row "${row}" has no origin`);
      this.rows.set(row.slice(0, tab), row.slice(tab + 1));
    }
    return this.rows;
  }

  has(name: string): boolean {
    return this.index().has(name);
  }

  keys(): Iterable<string> {
    return this.index().keys();
  }

  get(name: string): CatalogEntry | undefined {
    let entry = this.decoded.get(name);
    if (entry) return entry;
    const rest = this.index().get(name);
    if (rest === undefined) return undefined;
    const [origin, version, size, depends, ...extra] = rest.split('\t');
    const bytes = size ? Number(size) : null;
    if (!origin || extra.length > 0 || (bytes !== null && !Number.isSafeInteger(bytes)))
      throw this.bad(`package row "${name}" must be name, origin, version, size, dependencies`);
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
