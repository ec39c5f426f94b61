// Derive the product's own data files from the extracted facts in ../shared/data:
//   rules/catalog.json       the Wolfi catalog (names, origins, versions, runtime deps,
//                            virtual names, packages moved to the private repository)
//   rules/debian-index.json  Debian binary → source package, and virtual names, only for
//                            sources the Debian fallback can map to a Wolfi origin
// Usage: node dist/scripts/import-catalog.js <wolfi-packages.json> [out-dir]
//        [--debian debian-bookworm-packages.json --debian debian-trixie-packages.json]
// Without --debian, the debian-*-packages.json files beside the Wolfi file are used.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  catalogToCompactData,
  createCatalog,
  dependencyNames,
  type Catalog,
  type CatalogEntry,
  type PrivateOnly,
} from '../src/catalog/catalog.js';
import {
  DEBIAN_INDEX_FORMAT,
  debianIndexFromData,
  debianSourceFallback,
  type DebianIndexData,
} from '../src/map/debian-index.js';

interface WolfiSubpackage {
  name: string;
  runtime?: string[];
  provides?: string[];
}
interface WolfiPackage extends WolfiSubpackage {
  version: string;
  epoch: number;
  subpackages?: WolfiSubpackage[];
}
interface WolfiData {
  header: { source: { repo: string; commit: string; date: string }; generatedAt?: string };
  provides: Record<string, string[]>;
  movedToPrivate: Record<string, { origin: string; on: string }>;
  packages: WolfiPackage[];
}

/** [version, source, installed KiB, depends, provides, section] */
type DebianRow = [string, string, number, string[], string[], string];
interface DebianData {
  source?: string;
  generated?: string;
  packages: Record<string, DebianRow>;
}

function buildCatalog(data: WolfiData): Catalog {
  const packages = new Map<string, CatalogEntry>();
  for (const pkg of data.packages) {
    const version = `${pkg.version}-r${pkg.epoch}`;
    for (const p of [pkg, ...(pkg.subpackages ?? [])]) {
      packages.set(p.name, {
        origin: pkg.name,
        version,
        depends: dependencyNames(p.runtime ?? []),
        installedSize: null,
      });
    }
  }
  const provides = new Map<string, string[]>();
  for (const [virtual, list] of Object.entries(data.provides)) {
    // `!name` entries are apk conflicts, not names a user can install.
    if (virtual.startsWith('!') || packages.has(virtual)) continue;
    provides.set(virtual, list);
  }
  const moved = new Map<string, PrivateOnly>(
    Object.entries(data.movedToPrivate).map(([n, p]) => [n, { ...p }]),
  );
  const { repo, commit, date } = data.header.source;
  return createCatalog({
    kind: 'builtin',
    source: `${repo}@${commit.slice(0, 12)}`,
    date,
    packages,
    provides,
    movedToPrivate: moved,
  });
}

/** Sections whose packages show up in Dockerfiles (no docs, games, language archives we map by pattern). */
const DEBIAN_SECTIONS = new Set(
  'libs libdevel devel utils net admin python web database httpd interpreters shells editors vcs misc text graphics video sound fonts mail java php oldlibs kernel localization perl ruby javascript metapackages science x11 comm otherosfs debug'.split(
    ' ',
  ),
);

function buildDebianIndex(files: string[], catalog: Catalog): DebianIndexData {
  const all = new Map<string, DebianRow>();
  let generated = '';
  for (const f of files) {
    const d = JSON.parse(readFileSync(f, 'utf8')) as DebianData;
    if (d.generated && d.generated > generated) generated = d.generated;
    for (const [name, row] of Object.entries(d.packages)) if (!all.has(name)) all.set(name, row);
  }
  // Full index first, then keep only the binaries the fallback can actually map.
  const sources: Record<string, string[]> = {};
  for (const [name, row] of all) if (row[1] !== name) (sources[row[1]] ??= []).push(name);
  const full = debianIndexFromData({
    format: DEBIAN_INDEX_FORMAT,
    source: '',
    date: '',
    sources: Object.fromEntries(Object.entries(sources).map(([s, b]) => [s, b.join(' ')])),
    provides: {},
  });
  const kept: Record<string, string[]> = {};
  const keptNames = new Set<string>();
  for (const [name, row] of all) {
    if (!DEBIAN_SECTIONS.has(row[5])) continue;
    if (!debianSourceFallback(name, full, catalog)) continue;
    keptNames.add(name);
    if (row[1] !== name) (kept[row[1]] ??= []).push(name);
  }
  const provides: Record<string, string[]> = {};
  for (const [name, row] of all) {
    if (!keptNames.has(name)) continue;
    for (const virtual of row[4]) if (!all.has(virtual)) (provides[virtual] ??= []).push(name);
  }
  const join_ = (r: Record<string, string[]>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(r)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, [...new Set(v)].sort().join(' ')]),
    );
  return {
    format: DEBIAN_INDEX_FORMAT,
    source: files.map((f) => f.split('/').pop()).join(', '),
    date: generated,
    sources: join_(kept),
    provides: join_(provides),
  };
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function main(argv: string[]): void {
  const positional: string[] = [];
  const debian: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--debian') debian.push(argv[++i] ?? '');
    else positional.push(a);
  }
  const [wolfiFile, outArg] = positional;
  if (!wolfiFile) {
    process.stderr.write(
      'usage: import-catalog <wolfi-packages.json> [out-dir] [--debian FILE]…\n',
    );
    process.exit(2);
  }
  const outDir = outArg ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');
  if (debian.length === 0) {
    for (const release of ['bookworm', 'trixie']) {
      const f = join(dirname(resolve(wolfiFile)), `debian-${release}-packages.json`);
      if (existsSync(f)) debian.push(f);
    }
  }
  const catalog = buildCatalog(JSON.parse(readFileSync(wolfiFile, 'utf8')) as WolfiData);
  const catalogText = `${JSON.stringify(catalogToCompactData(catalog))}\n`;
  writeAtomically(join(outDir, 'catalog.json'), catalogText);
  process.stdout.write(
    `catalog.json: ${catalog.names().length} names, ${catalogText.length} bytes\n`,
  );
  if (debian.length > 0) {
    const index = buildDebianIndex(debian, catalog);
    const text = `${JSON.stringify(index)}\n`;
    writeAtomically(join(outDir, 'debian-index.json'), text);
    process.stdout.write(
      `debian-index.json: ${Object.keys(index.sources).length} sources, ${text.length} bytes\n`,
    );
  }
}

main(process.argv.slice(2));
