import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCatalog, type Catalog, type CatalogEntry } from '../../src/catalog/catalog.js';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import type { ImageRef } from '../../src/model.js';
import { apkClosure, estimateAfter } from '../../src/size/after.js';
import { findBaseImage } from '../../src/size/base-image.js';
import { aptClosure, estimateBefore } from '../../src/size/before.js';
import {
  debianSizesFromData,
  loadBaseImages,
  wolfiEquivalentsFromData,
  BASE_IMAGES_FORMAT,
  SIZE_WOLFI_FORMAT,
  type BaseImagesData,
  type Calibration,
} from '../../src/size/data.js';
import { estimateSize, type SizeData } from '../../src/size/index.js';

function ref(raw: string, registry: string | null = null): ImageRef {
  const colon = raw.lastIndexOf(':');
  return {
    raw,
    registry,
    repository: colon === -1 ? raw : raw.slice(0, colon),
    tag: colon === -1 ? null : raw.slice(colon + 1),
    digest: null,
    unresolved: false,
  };
}

function catalog(
  packages: Record<string, { deps?: string[]; size?: number }>,
  provides: Record<string, string[]> = {},
  kind: 'builtin' | 'apkindex' = 'apkindex',
): Catalog {
  const entries = new Map<string, CatalogEntry>();
  for (const [name, p] of Object.entries(packages)) {
    entries.set(name, {
      origin: name,
      version: '1-r0',
      depends: p.deps ?? [],
      installedSize: p.size ?? null,
    });
  }
  return createCatalog({
    kind,
    source: 'test APKINDEX',
    date: '2026-11-01',
    packages: entries,
    provides: new Map(Object.entries(provides)),
    movedToPrivate: new Map(),
  });
}

function identity(basis: string): Calibration {
  return { factor: 1, low: 1, high: 1, basis, samples: [] };
}

// A tiny world: `app-base:1` holds libc; curl pulls libcurl, which pulls libc and zlib.
const baseImages: BaseImagesData = {
  format: BASE_IMAGES_FORMAT,
  source: 'test',
  extracted: '2026-11-28',
  units: 'decimal',
  images: {
    'app-base:1': {
      resolved: 'app-base:1.2-trixie',
      bytes: 10_000_000,
      sizeText: '10 Mb',
      low: 9_500_000,
      high: 10_500_000,
      compressedBytes: null,
      created: '2026-07-01',
      distro: 'debian',
      codename: 'trixie',
      packages: ['libc6'],
      source: 'repo-info repos/app-base/local/1.md@abc',
    },
    'tiny:1': {
      resolved: null,
      bytes: null,
      sizeText: null,
      low: null,
      high: null,
      compressedBytes: 3_000_000,
      created: null,
      distro: 'alpine',
      codename: '3.21',
      packages: null,
      source: 'repo-info repos/tiny/remote/1.md@abc',
    },
  },
  distroBase: {
    bookworm: { basis: 'test base', packages: ['libc6'] },
    trixie: { basis: 'test base', packages: ['libc6', 'zlib1g'] },
  },
  published: [],
  osLayers: {
    'debian-slim:trixie': { bytes: 70_000_000, low: 69_000_000, high: 71_000_000, basis: 'test' },
  },
  runtimes: {},
  versionNames: {},
  calibration: {
    debianInstalled: identity('debian'),
    apkAsDebian: identity('apk'),
    nearestTag: identity('nearest'),
    model: identity('model'),
    variant: identity('variant'),
    after: identity('after'),
  },
};
const releaseData = {
  source: 'test index',
  date: '2026-11-28',
  // A line per package, sorted by name, as rules/size-debian.json holds them.
  packages: Object.entries({
    curl: '100 libc6 libcurl4',
    libcurl4: '200 libc6 zlib1g libssh',
    // libssh and libgssapi depend on each other: a cycle.
    libssh: '50 libgssapi',
    libgssapi: '25 libssh',
    zlib1g: '10 libc6',
    libc6: '1000',
    'python3-pip': '400',
  })
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, row]) => `${name} ${row}`)
    .join('\n'),
};
const data: SizeData = {
  baseImages,
  debian: (release) => debianSizesFromData(release, releaseData),
  equivalents: { apk: { 'curl-tools': 'curl' }, dnf: {} },
  wolfi: wolfiEquivalentsFromData({
    format: SIZE_WOLFI_FORMAT,
    catalog: 'test',
    debian: 'test',
    packages: { glibc: '1000 libc6', busybox: '800 busybox', 'wolfi-baselayout': '0' },
    implied: [],
  }),
};

describe('finding a base image', () => {
  const shipped = loadBaseImages();

  it('finds a tag exactly', () => {
    const m = findBaseImage(ref('python:3.12-slim'), shipped);
    assert.equal(
      m.kind === 'found' && `${m.key} ${m.how} ${m.entry.bytes}`,
      'python:3.12-slim exact 119200000',
    );
  });

  it('finds a tag through the tag repo-info says it resolved to', () => {
    const m = findBaseImage(ref('python:3.12.13-slim-trixie'), shipped);
    assert.equal(m.kind === 'found' && `${m.key} ${m.how}`, 'python:3.12-slim alias');
    const patch = findBaseImage(ref('python:3.12.14'), shipped);
    assert.equal(patch.kind === 'found' && `${patch.key} ${patch.how}`, 'python:3.12 alias');
  });

  it('leaves other releases and variants to the nearest-tag search', () => {
    assert.equal(findBaseImage(ref('python:3.12.9-slim'), shipped).kind, 'unknown');
    assert.equal(findBaseImage(ref('python:3.9-alpine'), shipped).kind, 'unknown');
  });

  it('reads no tag as latest', () => {
    const m = findBaseImage(ref('nginx'), shipped);
    assert.equal(m.kind === 'found' && m.key, 'nginx:latest');
  });

  it('knows nothing about images outside Docker Hub', () => {
    const m = findBaseImage(ref('gcr.io/distroless/static:nonroot', 'gcr.io'), shipped);
    assert.equal(m.kind, 'unknown');
  });
});

describe('the apt dependency closure', () => {
  const sizes = debianSizesFromData('trixie', releaseData);

  it('adds every dependency once, through a cycle', () => {
    assert.deepEqual(aptClosure(['curl'], sizes, new Set()), [
      'curl',
      'libc6',
      'libcurl4',
      'zlib1g',
      'libssh',
      'libgssapi',
    ]);
  });

  it('leaves out what the base image already holds, and does not walk into it', () => {
    assert.deepEqual(aptClosure(['curl'], sizes, new Set(['libc6', 'libcurl4'])), ['curl']);
  });
});

describe('the size before migration', () => {
  it('adds the installed closure minus preinstalled packages to the measured base', () => {
    const before = estimateBefore(
      { baseImage: ref('app-base:1'), installs: [{ name: 'curl', manager: 'apt' }] },
      data,
    );
    // curl 100 + libcurl4 200 + zlib1g 10 + libssh 50 + libgssapi 25 KiB; libc6 is in the image.
    assert.equal(before.figure?.bytes, 10_000_000 + (100 + 200 + 10 + 50 + 25) * 1024);
    assert.deepEqual(
      before.parts.map((p) => p.name),
      ['app-base:1 (base image)', 'curl', 'libcurl4', 'zlib1g', 'libssh', 'libgssapi'],
    );
  });

  it('makes its total the sum of its parts', () => {
    const before = estimateBefore(
      {
        baseImage: ref('app-base:1'),
        installs: [
          { name: 'curl', manager: 'apt' },
          { name: 'python3-pip', manager: 'apt' },
        ],
      },
      data,
    );
    assert.equal(
      before.figure?.bytes,
      before.parts.reduce((s, p) => s + p.bytes, 0),
    );
  });

  it('sizes apk installs as the equivalent Debian package and says so', () => {
    const before = estimateBefore(
      { baseImage: null, installs: [{ name: 'curl-tools', manager: 'apk' }] },
      data,
    );
    // scratch holds nothing: nothing is subtracted, libc6 and zlib1g count too.
    assert.equal(before.figure?.bytes, (100 + 200 + 10 + 50 + 25 + 1000) * 1024);
    assert.match(before.basis, /curl-tools ≈ curl/);
  });

  it('lists requested packages it cannot size instead of guessing', () => {
    const before = estimateBefore(
      { baseImage: ref('app-base:1'), installs: [{ name: 'no-such-pkg', manager: 'apt' }] },
      data,
    );
    assert.equal(before.figure?.bytes, 10_000_000);
    assert.match(before.basis, /not in the size table, not counted: no-such-pkg/);
  });

  it('is unknown only when the base image holds a variable', () => {
    const before = estimateBefore(
      { baseImage: { ...ref('$BASE'), unresolved: true }, installs: [] },
      data,
    );
    assert.equal(before.figure, null);
    assert.equal(before.kind, 'unknown');
    assert.match(before.basis, /still holds a variable/);
  });

  it('sizes a tag with only a compressed size by the model, not as unknown', () => {
    const before = estimateBefore({ baseImage: ref('tiny:1'), installs: [] }, data);
    assert.equal(before.kind, 'model');
    assert.equal(before.figure?.bytes, 70_000_000);
  });
});

describe('the size after migration', () => {
  it('walks runtime dependencies through cycles and virtual names', () => {
    const cat = catalog(
      {
        python: { deps: ['so:libc.so.6', 'ca-bundle'] },
        'glibc-2.43': { deps: ['wolfi-baselayout'] },
        'wolfi-baselayout': { deps: ['ca-bundle'] },
        'ca-bundle': { deps: ['wolfi-baselayout', '!musl'] },
      },
      { 'so:libc.so.6': ['glibc-2.43'] },
    );
    assert.deepEqual(apkClosure(['python=3.12.1-r0'], cat), {
      packages: ['python', 'glibc-2.43', 'wolfi-baselayout', 'ca-bundle'],
      missing: [],
    });
  });

  it('reports names no package provides', () => {
    const cat = catalog({ a: { deps: ['so:libgone.so.1'] } });
    assert.deepEqual(apkClosure(['a'], cat), { packages: ['a'], missing: ['so:libgone.so.1'] });
  });

  it('uses APKINDEX installed sizes and makes the total their sum', () => {
    const cat = catalog({ a: { deps: ['b'], size: 3000 }, b: { deps: ['a'], size: 500 } });
    const after = estimateAfter(['a', 'myapp@local'], cat, data.wolfi);
    assert.equal(after.bytes, 3500);
    assert.deepEqual(after.parts, [
      { name: 'a', bytes: 3000 },
      { name: 'b', bytes: 500 },
    ]);
    assert.deepEqual(after.application, ['myapp@local']);
    assert.match(
      after.basis,
      /^2 packages .*measured: installed sizes of 2 packages from the APKINDEX test APKINDEX \(2026-11-01\)$/,
    );
  });

  it('estimates from Debian equivalents without an APKINDEX, and labels it', () => {
    const cat = catalog(
      { glibc: {}, busybox: { deps: ['glibc', 'wolfi-baselayout'] }, 'wolfi-baselayout': {} },
      {},
      'builtin',
    );
    const after = estimateAfter(['busybox'], cat, data.wolfi);
    assert.equal(after.bytes, (800 + 1000) * 1024);
    assert.match(after.basis, /estimated: 3 packages sized as the equivalent Debian packages/);
  });
});

describe('the size report', () => {
  const cat = catalog({
    glibc: { size: 2_000_000 },
    busybox: { deps: ['glibc'], size: 1_000_000 },
  });

  it('gives saved bytes and percent when both sides are known', () => {
    const size = estimateSize(
      {
        baseImage: ref('app-base:1'),
        installs: [],
        apkoPackages: ['busybox', 'app@local'],
        catalog: cat,
      },
      data,
    );
    assert.equal(size.before.bytes, 10_000_000);
    assert.equal(size.after.bytes, 3_000_000);
    assert.equal(size.savedBytes, 7_000_000);
    assert.equal(size.savedPercent, 70);
    assert.deepEqual(size.after.top, [
      { name: 'glibc', bytes: 2_000_000 },
      { name: 'busybox', bytes: 1_000_000 },
    ]);
    assert.equal(size.application, 'app@local: the image copies nothing from the build context');
  });

  it('leaves the saving unknown when the base image is unknown', () => {
    const size = estimateSize(
      {
        baseImage: { ...ref('$BASE_IMAGE'), unresolved: true },
        installs: [],
        apkoPackages: ['busybox'],
        catalog: cat,
      },
      data,
    );
    assert.equal(size.before.bytes, null);
    assert.equal(size.savedBytes, null);
    assert.equal(size.savedPercent, null);
    assert.equal(size.savedLow, null);
    assert.equal(size.savedHigh, null);
  });

  it('reads the shipped data from the package', () => {
    const size = estimateSize({
      baseImage: ref('python:3.12-slim'),
      installs: [],
      apkoPackages: ['python-3.12'],
      catalog: loadBuiltinCatalog(),
    });
    assert.equal(size.before.bytes, 119_200_000);
    assert.ok(
      size.after.bytes !== null && size.after.bytes > 10_000_000 && size.after.bytes < 119_200_000,
    );
    assert.match(
      size.after.basis,
      /shared libraries taken from the package set of cgr\.dev\/chainguard\/python/,
    );
    assert.ok(size.after.top.some((t) => t.name === 'glibc-2.43'));
  });
});
