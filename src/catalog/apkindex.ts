// Reading a real apk index: the plain APKINDEX text, and the APKINDEX member of an
// APKINDEX.tar.gz (gzip streams concatenated: signature, then the index; one tar).

import { createRequire } from 'node:module';
import type * as Zlib from 'node:zlib';
import { WolfifyError } from '../errors.js';
import {
  createCatalog,
  dependencyNames,
  type Catalog,
  type CatalogEntry,
  type PrivateOnly,
} from './catalog.js';
import { compareVersions, dependencyName } from './version.js';

export interface ApkIndexOptions {
  /** Shown as the catalog's source, e.g. the file path or URL. */
  source?: string;
  /** ISO date of the index; defaults to the newest build time (`t:`) in it. */
  date?: string;
  /** Names that left public Wolfi (from the builtin catalog), so a public index still explains them. */
  movedToPrivate?: Map<string, PrivateOnly>;
}

interface Record_ {
  name: string;
  version: string;
  origin: string;
  depends: string[];
  provides: string[];
  priority: number;
  installedSize: number | null;
  buildTime: number | null;
}

function parseRecords(text: string, file: string): Record_[] {
  const records: Record_[] = [];
  let fields = new Map<string, string>();
  let startLine = 1;
  const flush = (): void => {
    if (fields.size === 0) return;
    const name = fields.get('P');
    const version = fields.get('V');
    if (!name || !version) {
      throw new WolfifyError(
        `APKINDEX entry without ${name ? 'V:' : 'P:'} field`,
        2,
        file,
        startLine,
      );
    }
    const size = fields.get('I');
    const time = fields.get('t');
    records.push({
      name,
      version,
      origin: fields.get('o') ?? name,
      depends: (fields.get('D') ?? '').split(/\s+/).filter((d) => d && !d.startsWith('!')),
      provides: (fields.get('p') ?? '').split(/\s+/).filter(Boolean),
      priority: Number(fields.get('k') ?? 0) || 0,
      installedSize: size !== undefined && /^\d+$/.test(size) ? Number(size) : null,
      buildTime: time !== undefined && /^\d+$/.test(time) ? Number(time) : null,
    });
    fields = new Map();
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      flush();
      startLine = i + 2;
      return;
    }
    const m = /^([A-Za-z]):(.*)$/.exec(line);
    if (!m?.[1])
      throw new WolfifyError(
        `not an APKINDEX line: "${line.slice(0, 60)}" (expected "X:value")`,
        2,
        file,
        i + 1,
      );
    fields.set(m[1], m[2] ?? '');
  });
  flush();
  return records;
}

/** Parse plain APKINDEX text. The newest version of each name wins. */
export function parseApkIndex(text: string, options: ApkIndexOptions = {}): Catalog {
  const file = options.source ?? 'APKINDEX';
  const records = parseRecords(text, file);
  if (records.length === 0) throw new WolfifyError('APKINDEX has no package entries', 2, file);
  const newest = new Map<string, Record_>();
  for (const r of records) {
    const seen = newest.get(r.name);
    if (!seen || compareVersions(r.version, seen.version) > 0) newest.set(r.name, r);
  }
  const packages = new Map<string, CatalogEntry>();
  const providerList = new Map<string, Record_[]>();
  let latest = 0;
  for (const r of newest.values()) {
    packages.set(r.name, {
      origin: r.origin,
      version: r.version,
      depends: dependencyNames(r.depends),
      installedSize: r.installedSize,
    });
    latest = Math.max(latest, r.buildTime ?? 0);
    for (const p of r.provides) {
      const virtual = dependencyName(p);
      if (virtual === r.name) continue;
      const list = providerList.get(virtual) ?? [];
      list.push(r);
      providerList.set(virtual, list);
    }
  }
  // apk prefers the highest provider_priority, then the highest version: keep that one last.
  const provides = new Map<string, string[]>();
  for (const [virtual, list] of providerList) {
    list.sort(
      (a, b) =>
        a.priority - b.priority ||
        compareVersions(a.version, b.version) ||
        (a.name < b.name ? -1 : 1),
    );
    provides.set(virtual, [...new Set(list.map((r) => r.name))]);
  }
  const date = options.date ?? (latest > 0 ? new Date(latest * 1000).toISOString() : '');
  return createCatalog({
    kind: 'apkindex',
    source: file,
    date,
    packages,
    provides,
    movedToPrivate: options.movedToPrivate ?? new Map(),
  });
}

/** gunzip every concatenated gzip member (apk signs the index as a separate stream). */
function gunzipAll(data: Buffer, file: string): Buffer {
  try {
    // Node's gunzip reads concatenated members as one stream. zlib is loaded here, not at
    // start-up: only an import unpacks gzip, and loading it costs every command ~3 ms.
    const zlib = createRequire(import.meta.url)('node:zlib') as typeof Zlib;
    return zlib.gunzipSync(data);
  } catch (e) {
    throw new WolfifyError(`not a gzip file: ${(e as Error).message}`, 2, file);
  }
}

/** Find one regular file in a tar archive (ustar; the index tarball holds at most a few members). */
export function readTarMember(tar: Buffer, member: string): Buffer | null {
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    // apk concatenates tar streams; end-of-archive blocks may sit between them.
    if (header.every((b) => b === 0)) {
      offset += 512;
      continue;
    }
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const sizeText = header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim();
    const size = parseInt(sizeText || '0', 8);
    if (Number.isNaN(size)) return null;
    const type = String.fromCharCode(header[156] ?? 48);
    const body = offset + 512;
    if (name === member && (type === '0' || type === '\0')) return tar.subarray(body, body + size);
    offset = body + Math.ceil(size / 512) * 512;
  }
  return null;
}

/** Read `APKINDEX.tar.gz` (or plain APKINDEX text, recognised by the absent gzip magic). */
export function parseApkIndexArchive(data: Buffer, options: ApkIndexOptions = {}): Catalog {
  const file = options.source ?? 'APKINDEX.tar.gz';
  if (data[0] !== 0x1f || data[1] !== 0x8b)
    return parseApkIndex(data.toString('utf8'), { ...options, source: file });
  const tar = gunzipAll(data, file);
  const index = readTarMember(tar, 'APKINDEX');
  if (!index)
    throw new WolfifyError(
      'the archive has no APKINDEX member (is it an apk repository index?)',
      2,
      file,
    );
  return parseApkIndex(index.toString('utf8'), { ...options, source: file });
}
