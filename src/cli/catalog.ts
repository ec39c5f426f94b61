import type { Command } from 'commander';
import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseApkIndexArchive } from '../catalog/apkindex.js';
import { BUILTIN_CATALOG_URL, loadBuiltinCatalog } from '../catalog/builtin.js';
import { catalogToData, type Catalog, type PrivateOnly } from '../catalog/catalog.js';
import { catalogCachePath, loadCachedCatalog, saveCatalogCache } from '../catalog/store.js';
import { WolfifyError } from '../errors.js';
import { fileURLToPath } from 'node:url';

// `wolfify catalog import|info|search|reset`: which Wolfi package names wolfify may emit.
// An imported APKINDEX (today's Wolfi, or a private repository's index) is kept in the
// user's cache and wins over the catalog shipped with wolfify until it is reset.

export interface CatalogCounts {
  packages: number;
  virtualNames: number;
  privateOnly: number;
  installedSizes: number;
}

export interface CatalogInfo {
  /** `cache`: an imported index; `builtin`: the catalog shipped with wolfify. */
  inUse: 'cache' | 'builtin';
  path: string;
  kind: Catalog['kind'];
  source: string;
  date: string;
  counts: CatalogCounts;
}

export function catalogCounts(catalog: Catalog): CatalogCounts {
  const data = catalogToData(catalog);
  return {
    packages: catalog.names().length,
    virtualNames: Object.keys(data.provides).length,
    privateOnly: catalog.privateNames().length,
    installedSizes: Object.keys(data.installedSizes ?? {}).length,
  };
}

function describeCounts(c: CatalogCounts): string {
  const parts = [`${c.virtualNames} virtual names`];
  if (c.privateOnly > 0) parts.push(`${c.privateOnly} only in Chainguard's private repository`);
  parts.push(
    c.installedSizes > 0 ? `${c.installedSizes} with installed sizes` : 'no installed sizes',
  );
  return `${c.packages} packages (${parts.join(', ')})`;
}

/** The index as bytes: a local file, or an http(s) URL such as Wolfi's own index. */
async function readIndex(location: string): Promise<{ data: Buffer; source: string }> {
  if (/^https?:\/\//.test(location)) {
    let response: Response;
    try {
      response = await fetch(location);
    } catch (e) {
      throw new WolfifyError(`cannot download ${location}: ${(e as Error).message}`, 2);
    }
    if (!response.ok)
      throw new WolfifyError(`cannot download ${location}: HTTP ${response.status}`, 2);
    return { data: Buffer.from(await response.arrayBuffer()), source: location };
  }
  try {
    return { data: await readFile(location), source: resolve(location) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'a directory (name the APKINDEX.tar.gz inside it)'
          : (code ?? (e as Error).message);
    throw new WolfifyError(`cannot read ${location}: ${reason}`, 2);
  }
}

export function registerCatalog(program: Command): void {
  const catalog = program
    .command('catalog')
    .description('the Wolfi package catalog wolfify checks every emitted name against');

  catalog
    .command('import')
    .description(
      'read an apk index (APKINDEX.tar.gz or plain APKINDEX, a file or an http(s) URL) into your cache; it then takes precedence over the built-in catalog',
    )
    .argument('<index>', 'APKINDEX.tar.gz, APKINDEX, or a URL of one')
    .action(async (location: string) => {
      const { data, source } = await readIndex(location);
      // A public index no longer lists what moved to the private repository: keep that knowledge.
      const builtin = loadBuiltinCatalog();
      const moved = new Map<string, PrivateOnly>();
      for (const name of builtin.privateNames()) {
        const p = builtin.privateOnly(name);
        if (p) moved.set(name, p);
      }
      const imported = parseApkIndexArchive(data, { source, movedToPrivate: moved });
      const path = saveCatalogCache(imported, catalogCachePath());
      process.stdout.write(
        `imported ${describeCounts(catalogCounts(imported))}\n` +
          `  from ${source} (${imported.date || 'date unknown'})\n` +
          `  into ${path}; it now takes precedence over the built-in catalog\n`,
      );
    });

  catalog
    .command('info')
    .description('which catalog is in use (imported or built-in), its source, date and size')
    .option('--json', 'print the information as one JSON object')
    .action((flags: { json?: boolean }) => {
      const info = catalogInfo();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
        return;
      }
      const lines = [
        `catalog: ${info.inUse === 'cache' ? 'imported apk index' : 'built-in'} (${info.path})`,
        `source:  ${info.source}`,
        `date:    ${info.date || 'unknown'}`,
        `size:    ${describeCounts(info.counts)}`,
      ];
      if (info.inUse === 'cache')
        lines.push(
          '(it takes precedence over the built-in catalog; `wolfify catalog reset` removes it)',
        );
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  catalog
    .command('search')
    .description('find Wolfi package names: those containing the text, then the nearest ones')
    .argument('<text>', 'part of a package name')
    .option('--json', 'print the matches as one JSON array')
    .option('--limit <n>', 'at most this many names', '20')
    .action((text: string, flags: { json?: boolean; limit: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new WolfifyError(`--limit ${flags.limit}: expected a positive whole number`, 2);
      const current = loadCachedCatalog() ?? loadBuiltinCatalog();
      const matches = searchCatalog(current, text, limit);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(matches, null, 2)}\n`);
        return;
      }
      if (matches.length === 0) {
        process.stderr.write(`wolfify: no package name is like "${text}"\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        matches
          .map(
            (m) =>
              `${m.name}${m.version ? ` ${m.version}` : ''}${m.origin && m.origin !== m.name ? ` (from ${m.origin})` : ''}${m.privateOnly ? " (only in Chainguard's private repository)" : ''}\n`,
          )
          .join(''),
      );
    });

  catalog
    .command('reset')
    .description('remove the imported catalog from your cache: the built-in one applies again')
    .action(async () => {
      const path = catalogCachePath();
      await rm(path, { force: true });
      process.stdout.write(`removed ${path}; using the built-in catalog\n`);
    });
}

export function catalogInfo(): CatalogInfo {
  const cached = loadCachedCatalog();
  const current = cached ?? loadBuiltinCatalog();
  return {
    inUse: cached ? 'cache' : 'builtin',
    path: cached ? catalogCachePath() : fileURLToPath(BUILTIN_CATALOG_URL),
    kind: current.kind,
    source: current.source,
    date: current.date,
    counts: catalogCounts(current),
  };
}

export interface SearchMatch {
  name: string;
  version: string | null;
  origin: string | null;
  privateOnly: boolean;
}

/** Names containing the text (shortest first), then the nearest by spelling. */
export function searchCatalog(catalog: Catalog, text: string, limit: number): SearchMatch[] {
  const needle = text.toLowerCase();
  const containing = [...catalog.names(), ...catalog.privateNames()]
    .filter((n) => n.toLowerCase().includes(needle))
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const names = [...new Set([...containing, ...catalog.suggest(text, limit)])].slice(0, limit);
  return names.map((name) => ({
    name,
    version: catalog.version(name),
    origin: catalog.origin(name),
    privateOnly: catalog.privateOnly(name) !== null,
  }));
}
