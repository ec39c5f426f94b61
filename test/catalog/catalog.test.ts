import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseApkIndex, parseApkIndexArchive, readTarMember } from '../../src/catalog/apkindex.js';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { catalogFromData, catalogToCompactData, catalogToData } from '../../src/catalog/catalog.js';
import { catalogCachePath, loadCachedCatalog, saveCatalogCache } from '../../src/catalog/store.js';
import { compareVersions } from '../../src/catalog/version.js';
import { WolfifyError } from '../../src/errors.js';
import { tarOf } from '../tar.js';

const fixture = readFileSync(
  new URL('../../../test/fixtures/catalog/APKINDEX', import.meta.url),
  'utf8',
);

describe('the built-in catalog', () => {
  const catalog = loadBuiltinCatalog();

  it('loads the shipped file with its source and date', () => {
    assert.equal(catalog.kind, 'builtin');
    assert.match(catalog.source, /^https:\/\/github\.com\/wolfi-dev\/os@[0-9a-f]{12}$/);
    assert.equal(catalog.date, '2026-08-22T11:49:45+00:00');
    assert.equal(catalog.names().length, 11166);
  });

  it('is loaded once and cached', () => {
    assert.equal(loadBuiltinCatalog(), catalog);
  });

  it('knows origins, subpackages, versions and runtime dependencies', () => {
    assert.equal(catalog.has('postgresql-18-dev'), true);
    assert.equal(catalog.origin('postgresql-18-dev'), 'postgresql-18');
    assert.equal(catalog.origin('libpq-18'), 'postgresql-18');
    assert.equal(catalog.version('python-3.12'), '3.12.14-r2');
    assert.deepEqual(catalog.runtimeDeps('python-3.12'), ['python-3.12-base']);
    assert.equal(catalog.installedSize('python-3.12'), null);
    assert.ok(catalog.subpackages('postgresql-18').includes('libpq-18'));
  });

  it('resolves virtual names to apk’s preferred provider', () => {
    assert.equal(catalog.resolve('curl'), 'curl');
    assert.equal(catalog.resolve('glibc'), 'glibc-2.43');
    assert.equal(catalog.resolve('go'), 'go-1.27');
    assert.deepEqual(catalog.providers('nodejs'), ['nodejs-24', 'nodejs-26']);
    assert.equal(catalog.resolve('no-such-package-xyz'), null);
    assert.equal(catalog.has('glibc'), false);
  });

  it('reports packages that moved to the private repository', () => {
    assert.deepEqual(catalog.privateOnly('nodejs-20'), { origin: 'nodejs-20', on: '2026-08-11' });
    assert.equal(catalog.privateOnly('curl'), null);
    assert.equal(catalog.has('nodejs-20'), false);
    assert.ok(catalog.privateNames().includes('dotnet-8'));
  });

  it('suggests near names for a misspelled or foreign name', () => {
    assert.deepEqual(catalog.suggest('libjpeg62-turbo-dev').slice(0, 1), ['libjpeg-turbo-dev']);
    assert.deepEqual(catalog.suggest('pytohn-3.12', 1), ['python-3.12']);
    assert.ok(catalog.suggest('zlib1g-dev').includes('zlib-dev'));
    assert.equal(catalog.suggest('curl', 2).length, 2);
  });

  it('suggests within a reasonable time for thousands of names', () => {
    const start = performance.now();
    for (const n of [
      'libfoo-dev',
      'netcat-traditional',
      'libmariadb-dev',
      'xz-utils',
      'software-properties-common',
    ]) {
      catalog.suggest(n);
    }
    assert.ok(performance.now() - start < 2000);
  });
});

describe('apk versions', () => {
  it('orders versions the way apk does', () => {
    assert.ok(compareVersions('3.12.14-r2', '3.12.13-r0') > 0);
    assert.ok(compareVersions('1.10', '1.9') > 0);
    assert.ok(compareVersions('1.0_rc1', '1.0') < 0);
    assert.ok(compareVersions('1.0-r1', '1.0-r0') > 0);
    assert.equal(compareVersions('2.43-r1', '2.43-r1'), 0);
  });
});

describe('an APKINDEX', () => {
  const catalog = parseApkIndex(fixture, { source: 'fixture/APKINDEX' });

  it('keeps the newest version of each package', () => {
    assert.equal(catalog.kind, 'apkindex');
    assert.deepEqual(catalog.names(), [
      'busybox',
      'glibc-2.43',
      'python-3.12',
      'python-3.12-base',
      'python-3.13',
    ]);
    assert.equal(catalog.version('python-3.12'), '3.12.14-r2');
  });

  it('carries installed sizes, origins and dependencies without constraints or conflicts', () => {
    assert.equal(catalog.installedSize('python-3.12'), 81920);
    assert.equal(catalog.installedSize('python-3.12-base'), 31457280);
    assert.equal(catalog.origin('python-3.12-base'), 'python-3.12');
    assert.deepEqual(catalog.runtimeDeps('python-3.12'), ['python-3.12-base']);
    assert.deepEqual(catalog.runtimeDeps('busybox'), ['so:libc.so.6']);
  });

  it('reads provides, including so: and cmd: names, preferred provider last', () => {
    assert.deepEqual(catalog.providers('python3'), ['python-3.12', 'python-3.13']);
    assert.equal(catalog.resolve('python3'), 'python-3.13');
    assert.equal(catalog.resolve('so:libc.so.6'), 'glibc-2.43');
    assert.equal(catalog.resolve('cmd:tar'), 'busybox');
  });

  it('dates itself from the newest build time', () => {
    assert.equal(catalog.date, new Date(1762000000 * 1000).toISOString());
  });

  it('rejects a line that is not a field, with its line number', () => {
    assert.throws(
      () => parseApkIndex('P:foo\nV:1.0\nthis is not apk\n', { source: 'bad/APKINDEX' }),
      (e: unknown) =>
        e instanceof WolfifyError &&
        e.describe() ===
          'bad/APKINDEX:3: not an APKINDEX line: "this is not apk" (expected "X:value")',
    );
  });

  it('rejects an entry without a version', () => {
    assert.throws(
      () => parseApkIndex('P:foo\n\nP:bar\nV:1\n', { source: 'x' }),
      (e: unknown) =>
        e instanceof WolfifyError && e.describe() === 'x:1: APKINDEX entry without V: field',
    );
  });

  it('is read from APKINDEX.tar.gz (signature stream, then the index stream)', () => {
    const signature = gzipSync(
      tarOf({ '.SIGN.RSA.wolfi-signing.rsa.pub': 'not a real signature' }),
    );
    const index = gzipSync(tarOf({ DESCRIPTION: 'wolfi', APKINDEX: fixture }));
    const archive = parseApkIndexArchive(Buffer.concat([signature, index]), {
      source: 'APKINDEX.tar.gz',
    });
    assert.equal(archive.installedSize('glibc-2.43'), 6291456);
    assert.equal(archive.source, 'APKINDEX.tar.gz');
  });

  it('finds tar members by name and reports a missing one', () => {
    const tar = tarOf({ a: 'x'.repeat(600), APKINDEX: 'P:a\nV:1\n' });
    assert.equal(readTarMember(tar, 'APKINDEX')?.toString(), 'P:a\nV:1\n');
    assert.equal(readTarMember(tar, 'nope'), null);
    assert.throws(
      () => parseApkIndexArchive(gzipSync(tarOf({ other: 'x' }))),
      /no APKINDEX member/,
    );
  });

  it('round-trips through the cache file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wolfify-catalog-'));
    try {
      const path = join(dir, 'wolfify', 'catalog.json');
      assert.equal(loadCachedCatalog(path), null);
      saveCatalogCache(catalog, path);
      const back = loadCachedCatalog(path);
      assert.ok(back);
      assert.deepEqual(catalogToData(back), catalogToData(catalog));
      assert.equal(back.installedSize('python-3.12-base'), 31457280);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a cache file written in the record form (wolfify-catalog/1) the same way', () => {
    const back = catalogFromData(JSON.parse(JSON.stringify(catalogToData(catalog))), 'cache.json');
    assert.deepEqual(catalogToData(back), catalogToData(catalog));
    assert.equal(back.installedSize('python-3.12-base'), 31457280);
  });

  it('keeps a package a row of its compact form, fields split by tabs and lists by spaces', () => {
    const data = catalogToCompactData(catalog);
    assert.equal(data.format, 'wolfify-catalog/2');
    const names = data.names.split('\n');
    assert.deepEqual(names, catalog.names());
    const row = data.packages.split('\n')[names.indexOf('python-3.12-base')];
    assert.ok(row);
    const [origin, version, size, depends] = row.split('\t');
    assert.equal(origin, catalog.origin('python-3.12-base'));
    assert.equal(version, catalog.version('python-3.12-base'));
    assert.equal(size, '31457280');
    assert.deepEqual(depends?.split(' ').filter(Boolean), catalog.runtimeDeps('python-3.12-base'));
  });

  it('finds every name of a compact catalog, and no name it lacks', () => {
    const back = catalogFromData(catalogToCompactData(catalog), 'c.json');
    for (const name of catalog.names()) assert.ok(back.has(name), name);
    for (const name of ['', 'a', 'zzzz', 'python-3.12-bas', 'python-3.12-base0'])
      assert.equal(back.has(name), catalog.has(name), name);
  });

  it('rejects a compact cache file with a malformed row or unsorted names', () => {
    const data = catalogToCompactData(catalog);
    const short = catalogFromData({ ...data, packages: 'glibc' }, 'c.json');
    assert.throws(
      () => short.version(catalog.names()[1] as string),
      /not a wolfify catalog: package row of ".*" must be origin, version, size, dependencies/,
    );
    const unsorted = catalogFromData({ ...data, names: `zzz\n${data.names}` }, 'c.json');
    assert.throws(() => unsorted.has('glibc'), /names must be sorted and distinct/);
    assert.throws(
      () => catalogFromData({ ...data, provides: 'so:libfoo.so.1' }, 'c.json'),
      /provides row "so:libfoo.so.1"/,
    );
    assert.throws(
      () => catalogFromData({ ...data, packages: 7 }, 'c.json'),
      /"names", "packages", "provides" and "movedToPrivate" must be strings of rows/,
    );
  });

  it('rejects a cache file of another shape', () => {
    assert.throws(
      () => catalogFromData({ format: 'other' }, 'cache.json'),
      /not a wolfify catalog/,
    );
  });
});

describe('the cache location', () => {
  it('follows XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(catalogCachePath({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/wolfify/catalog.json');
    assert.match(catalogCachePath({}), /\/\.cache\/wolfify\/catalog\.json$/);
  });
});
