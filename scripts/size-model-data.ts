// The size model's derived tables, for scripts/import-sizes.ts: OS layers and language
// runtime layers measured on official images, the published sizes of other bases
// (copied from shared/data/SIZES.md with their sources), and the calibration of every
// kind of estimate against measured images — each computed by running wolfify's own
// estimate on data that leaves the measured answer out.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../src/catalog/catalog.js';
import type { ImageRef } from '../src/model.js';
import { estimateAfter } from '../src/size/after.js';
import { sizeBaseImage } from '../src/size/base-image.js';
import { modelParts, modelSize } from '../src/size/model.js';
import { tagParts } from '../src/size/tags.js';
import type {
  BaseImageEntry,
  BaseImagesData,
  Calibration,
  Calibrations,
  PublishedImage,
  RuntimeLayer,
  SizedFigure,
  WolfiEquivalents,
} from '../src/size/data.js';
import { formatBytes } from '../src/size/parts.js';

type Measured = BaseImageEntry & { bytes: number };

export function ref(raw: string): ImageRef {
  const slash = raw.indexOf('/');
  const host = slash > 0 && /[.:]/.test(raw.slice(0, slash)) ? raw.slice(0, slash) : null;
  const rest = host ? raw.slice(slash + 1) : raw;
  const colon = rest.lastIndexOf(':');
  return {
    raw,
    registry: host,
    repository: colon === -1 ? rest : rest.slice(0, colon),
    tag: colon === -1 ? null : rest.slice(colon + 1),
    digest: null,
    unresolved: false,
  };
}

/** `119.2 Mb` → ±0.05 Mb: half a unit of the last printed digit (decimal units, as repo-info). */
export function roundingRange(bytes: number, text: string | null): [number, number] {
  const m = text ? /^([\d.]+)\s*([KMG])b$/i.exec(text.trim()) : null;
  if (!m?.[1] || !m[2]) return [bytes, bytes];
  const decimals = m[1].includes('.') ? (m[1].split('.')[1] ?? '').length : 0;
  const unit = { K: 1e3, M: 1e6, G: 1e9 }[m[2].toUpperCase() as 'K' | 'M' | 'G'];
  const half = (unit * 10 ** -decimals) / 2;
  return [Math.round(bytes - half), Math.round(bytes + half)];
}

// ---------------------------------------------------------------- published (SIZES.md)

/** Published whole-image sizes, copied from shared/data/SIZES.md (gathered 2026-11-28). */
const PUBLISHED: {
  repository: string;
  tags: (string | null)[];
  bytes: number;
  half: number;
  kind: PublishedImage['kind'];
  text: string;
  source: string;
}[] = [
  ...[
    'gcr.io/distroless/static',
    'gcr.io/distroless/static-debian12',
    'gcr.io/distroless/static-debian11',
  ].map((repository) => ({
    repository,
    tags: [null],
    bytes: 2 * 1024 * 1024,
    half: 512 * 1024,
    kind: 'not stated' as const,
    text: '"around 2 MiB"',
    source: 'GoogleContainerTools/distroless README.md @878fdafe',
  })),
  ...[
    'registry.access.redhat.com/ubi-minimal',
    'registry.access.redhat.com/ubi10/ubi-minimal',
    'registry.access.redhat.com/ubi10-minimal',
    'registry.redhat.io/ubi10/ubi-minimal',
  ].map((repository) => ({
    repository,
    tags: [null],
    bytes: 92e6,
    half: 0.5e6,
    kind: 'on-disk' as const,
    text: '"about 92M on disk"',
    source: 'RHEL 10 documentation, understanding the UBI minimal images',
  })),
  ...(
    [
      ['sdk', '10.0', 900e6, 50e6, '"~900MB"'],
      ['aspnet', '10.0', 210e6, 5e6, '"~210MB"'],
      ['runtime', '10.0', 190e6, 5e6, '"~190MB"'],
      ['aspnet', '10.0-noble-chiseled', 105e6, 5e6, '"~105MB"'],
    ] as const
  ).map(([image, tag, bytes, half, text]) => ({
    repository: `mcr.microsoft.com/dotnet/${image}`,
    tags: [tag],
    bytes,
    half,
    kind: 'not stated' as const,
    text,
    source: 'anhtu.dev, docker-image-dotnet-10 (2026-04-20; a blog diagram)',
  })),
  {
    repository: 'cgr.dev/chainguard/static',
    tags: [null],
    bytes: 2.0e6,
    half: 0.05e6,
    kind: 'not stated',
    text: '"2.0 MB"',
    source: 'seankhliao.com distroless-containers, 2023-08-26',
  },
  {
    repository: 'cgr.dev/chainguard/node',
    tags: [null],
    bytes: 145e6,
    half: 0.5e6,
    kind: 'on-disk',
    text: '"145MB" (docker images)',
    source: 'labs.iximiuz.com how-to-choose-nodejs-container-image (~autumn 2024)',
  },
  {
    repository: 'cgr.dev/chainguard/git',
    tags: [null],
    bytes: 76e6,
    half: 0.5e6,
    kind: 'not stated',
    text: '"76MB"',
    source: 'tektoncd-catalog/git-clone PR #112, 2026-06-04',
  },
];

function published(): PublishedImage[] {
  return PUBLISHED.flatMap((p) =>
    p.tags.map((tag) => ({
      repository: p.repository,
      tag,
      bytes: p.bytes,
      low: p.bytes - p.half,
      high: p.bytes + p.half,
      kind: p.kind,
      basis: `${p.text}, ${p.kind === 'not stated' ? 'kind of figure not stated' : p.kind} (${p.source})`,
    })),
  );
}

// ---------------------------------------------------------------- OS and runtime layers

/** The runtime an official image carries, from its repository (and `jre`/`jdk` in the tag). */
function officialRuntime(key: string): string | null {
  const parts = modelParts(ref(key));
  return parts.runtime;
}

/** slim: built on debian:X-slim or Ubuntu; full: buildpack-deps (compilers included); alpine. */
function groupOf(key: string, entry: BaseImageEntry): 'slim' | 'full' | 'alpine' {
  const repository = key.slice(0, key.indexOf(':'));
  const words = tagParts(key.slice(key.indexOf(':') + 1)).variant.split('-');
  // nginx's alpine images without `-slim` add njs and other modules: not the plain runtime.
  if (entry.distro === 'alpine')
    return repository === 'nginx' && !words.includes('slim') ? 'full' : 'alpine';
  if (['nginx', 'php', 'eclipse-temurin', 'maven'].includes(repository)) return 'slim';
  return words.includes('slim') ? 'slim' : 'full';
}

function measured(images: Record<string, BaseImageEntry>): [string, Measured][] {
  return Object.entries(images).filter((e): e is [string, Measured] => e[1].bytes !== null);
}

function figureOf(entry: Measured, basis: string): SizedFigure {
  const [low, high] = roundingRange(entry.bytes, entry.sizeText);
  return { bytes: entry.bytes, low, high, basis };
}

function osLayers(
  images: Record<string, BaseImageEntry>,
  debianSum: (names: string[]) => { bytes: number; low: number; high: number },
): Record<string, SizedFigure> {
  const out: Record<string, SizedFigure> = {};
  for (const [key, entry] of measured(images)) {
    const [repository, tag = 'latest'] = key.split(':') as [string, string];
    const where = `${key}, ${entry.source}`;
    if (repository === 'debian' && entry.codename && tag === entry.codename)
      out[`debian:${entry.codename}`] = figureOf(entry, where);
    if (repository === 'debian' && entry.codename && tag === `${entry.codename}-slim`)
      out[`debian-slim:${entry.codename}`] = figureOf(entry, where);
    if (repository === 'alpine' && /^\d+\.\d+$/.test(tag))
      out[`alpine:${tag}`] = figureOf(entry, where);
    if (repository === 'ubuntu' && entry.codename && /^\d/.test(tag))
      out[`ubuntu:${entry.codename}`] = figureOf(entry, where);
    if (key === 'busybox:latest') out.busybox = figureOf(entry, where);
  }
  const pub = published();
  const staticFigure = pub.find(
    (p) => p.repository === 'gcr.io/distroless/static',
  ) as PublishedImage;
  out['distroless-static'] = {
    bytes: staticFigure.bytes,
    low: staticFigure.low,
    high: staticFigure.high,
    basis: `gcr.io/distroless/static ${staticFigure.basis}`,
  };
  // distroless base and cc are static plus Debian packages (glibc, OpenSSL; the C++ runtime for cc).
  const withPackages = (name: string, from: SizedFigure, packages: string[]): SizedFigure => {
    const added = debianSum(packages);
    return {
      bytes: from.bytes + added.bytes,
      low: from.low + added.low,
      high: from.high + added.high,
      basis: `${name}: ${packages.join(', ')} (Debian bookworm installed sizes, calibrated) on top`,
    };
  };
  out['distroless-base'] = withPackages('distroless static', out['distroless-static'], [
    'libc6',
    'libssl3',
  ]);
  out['distroless-cc'] = withPackages('distroless base', out['distroless-base'], [
    'libgcc-s1',
    'libgomp1',
    'libstdc++6',
  ]);
  const ubi = pub.find(
    (p) => p.repository === 'registry.access.redhat.com/ubi-minimal',
  ) as PublishedImage;
  out['ubi-minimal'] = {
    bytes: ubi.bytes,
    low: ubi.low,
    high: ubi.high,
    basis: `ubi-minimal ${ubi.basis}`,
  };
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The OS layer a measured image is built on. */
function osLayerOf(
  key: string,
  entry: BaseImageEntry,
  layers: Record<string, SizedFigure>,
): string | null {
  const group = groupOf(key, entry);
  if (entry.distro === 'alpine') {
    const exactLayer = entry.codename ? `alpine:${entry.codename}` : null;
    if (exactLayer && layers[exactLayer]) return exactLayer;
    return (
      Object.keys(layers)
        .filter((k) => k.startsWith('alpine:'))
        .sort()
        .at(-1) ?? null
    );
  }
  if (entry.distro === 'ubuntu') {
    const own = `ubuntu:${entry.codename ?? ''}`;
    return layers[own]
      ? own
      : (Object.keys(layers)
          .filter((k) => k.startsWith('ubuntu:'))
          .sort()
          .at(-1) ?? null);
  }
  const codename = entry.codename ?? 'trixie';
  const layer = group === 'full' ? `debian:${codename}` : `debian-slim:${codename}`;
  return layers[layer] ? layer : null;
}

/** Runtime layers: each measured image of a runtime minus its OS layer, per group. */
function runtimeLayers(
  images: Record<string, BaseImageEntry>,
  layers: Record<string, SizedFigure>,
): Record<string, RuntimeLayer> {
  const samples = new Map<string, { key: string; bytes: number; low: number; high: number }[]>();
  const seen = new Set<string>();
  for (const [key, entry] of measured(images)) {
    const runtime = officialRuntime(key);
    if (runtime === null) continue;
    // Tags that are one image (`python:3.12-slim` = `python:3.12-slim-trixie`) count once.
    const identity = `${entry.resolved ?? key}@${entry.bytes}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const layer = osLayerOf(key, entry, layers);
    const os = layer ? layers[layer] : undefined;
    if (!layer || !os) continue;
    const [low, high] = roundingRange(entry.bytes, entry.sizeText);
    const id = `${runtime}@${groupOf(key, entry)}`;
    const list = samples.get(id) ?? [];
    list.push({
      key: `${key} − ${layer}`,
      bytes: entry.bytes - os.bytes,
      low: low - os.high,
      high: high - os.low,
    });
    samples.set(id, list);
  }
  const out: Record<string, RuntimeLayer> = {};
  for (const [id, list] of [...samples].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const bytes = Math.round(median(list.map((s) => s.bytes)));
    out[id] = {
      bytes,
      low: Math.max(0, Math.min(...list.map((s) => s.low))),
      high: Math.max(...list.map((s) => s.high)),
      basis: `median of ${list.length} measured image${list.length > 1 ? 's' : ''} minus ${list.length > 1 ? 'their' : 'its'} OS layer, range their spread`,
      samples: list.map((s) => s.key),
    };
  }
  return out;
}

/** Tag words that name a version line (other words — `alpine`, `glibc`, `jammy` — pick variants). */
const VERSION_NAMES: ReadonlySet<string> = new Set([
  'latest',
  'stable',
  'mainline',
  'lts',
  'current',
]);

/** Names like `lts`, `stable`, `latest` → the version they stood for at the data's date. */
function versionNames(
  images: Record<string, BaseImageEntry>,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {
    // Node's even releases enter LTS each October: 26 since 2026-10 (nodejs.org release schedule).
    node: { lts: '26', latest: '26', current: '26' },
  };
  for (const [key, entry] of Object.entries(images)) {
    const [repository, tag = 'latest'] = key.split(':') as [string, string];
    const first = tag.split('-')[0] ?? '';
    if (!VERSION_NAMES.has(first) || !entry.resolved) continue;
    const resolvedFirst = (entry.resolved.split(':')[1] ?? '').split('-')[0] ?? '';
    if (!/^\d+(\.\d+)*$/.test(resolvedFirst)) continue;
    const names = (out[repository] ??= {});
    // The line, not the patch: `stable` is 1.30, whatever its patch release.
    names[first] ??= resolvedFirst.split('.').slice(0, 2).join('.');
  }
  return out;
}

// ---------------------------------------------------------------- calibration

/** Samples at which a calibration's range switches from the extremes to the 5th–95th percentile. */
const PERCENTILE_FROM = 20;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round((sorted.length - 1) * p)));
  return sorted[i] ?? 1;
}

/**
 * The range of truth ÷ estimate: all samples' extremes, or — with many samples, where one odd
 * pair would make every range useless — the 5th to 95th percentile, said so in the basis.
 */
function calibration(basis: string, samples: Calibration['samples'], factor = 1): Calibration {
  const ratios = samples.map((s) => s.measured / (s.estimate * factor)).sort((a, b) => a - b);
  const many = ratios.length >= PERCENTILE_FROM;
  const low = many ? percentile(ratios, 0.05) : Math.min(...ratios);
  const high = many ? percentile(ratios, 0.95) : Math.max(...ratios);
  return {
    factor: Math.round(factor * 10000) / 10000,
    low: Math.round(Math.min(1, low) * 1000) / 1000,
    high: Math.round(Math.max(1, high) * 1000) / 1000,
    basis: many ? `${basis}; range = 5th–95th percentile of the ${ratios.length} errors` : basis,
    samples,
  };
}

export interface Indexes {
  /** Installed KiB of a Debian package in a release, or undefined. */
  kib(release: 'bookworm' | 'trixie', name: string): number | undefined;
  /** The dependency closure of names, minus `minus` and what it holds. */
  closure(release: 'bookworm' | 'trixie', names: string[], minus: ReadonlySet<string>): string[];
}

/** Alpine package → the Debian package of the same software, for the whole-image check. */
const ALPINE_BASE_TO_DEBIAN: Record<string, string | null> = {
  'alpine-baselayout': 'base-files',
  'alpine-baselayout-data': 'netbase',
  'alpine-keys': 'debian-archive-keyring',
  'alpine-release': null,
  'apk-tools': 'apt',
  libapk: 'libapt-pkg7.0',
  busybox: 'busybox',
  'busybox-binsh': null,
  'ca-certificates-bundle': 'ca-certificates',
  libcrypto3: 'libssl3t64',
  libssl3: null,
  musl: 'libc6',
  'musl-utils': 'libc-bin',
  scanelf: null,
  ssl_client: null,
  zlib: 'zlib1g',
  nginx: 'nginx',
  pcre2: 'libpcre2-8-0',
  'gettext-envsubst': 'gettext-base',
  libintl: null,
  tzdata: 'tzdata',
};

export function debianCalibration(
  images: Record<string, BaseImageEntry>,
  distroBase: BaseImagesData['distroBase'],
  idx: Indexes,
): Calibration {
  const samples: Calibration['samples'] = [];
  const sumOf = (release: 'bookworm' | 'trixie', names: string[]) =>
    names.reduce((s, n) => s + (idx.kib(release, n) ?? 0) * 1024, 0);
  const slim = images['debian:bookworm-slim'];
  if (!slim?.packages || slim.bytes === null)
    throw new Error('debian:bookworm-slim lost its package list');
  samples.push({
    name: 'debian:bookworm-slim (its 88 packages)',
    estimate: sumOf('bookworm', slim.packages),
    measured: slim.bytes,
  });
  const trixieSlim = images['debian:trixie-slim'];
  if (trixieSlim?.bytes)
    samples.push({
      name: "debian:trixie-slim (bookworm-slim's list carried over)",
      estimate: sumOf('trixie', distroBase.trixie.packages),
      measured: trixieSlim.bytes,
    });
  // An install of a runtime vs the runtime layer of its official image, where both ship the
  // same upstream build (NodeSource's node; OpenJDK vs Temurin). python and ruby are left
  // out: their official images compile extras (pip, headers, bundler) Debian's packages split off.
  const runtimeChecks: [string, 'bookworm' | 'trixie', string[], string, string][] = [
    [
      'apt install openjdk-21-jre-headless vs eclipse-temurin:21-jre − ubuntu:24.04',
      'trixie',
      ['openjdk-21-jre-headless'],
      'eclipse-temurin:21-jre',
      'ubuntu:24.04',
    ],
    [
      'apt install nodejs vs node:22-bookworm-slim − debian:bookworm-slim',
      'bookworm',
      ['nodejs'],
      'node:22-bookworm-slim',
      'debian:bookworm-slim',
    ],
  ];
  for (const [name, release, names, image, base] of runtimeChecks) {
    const i = images[image];
    const b = images[base];
    if (!i?.bytes || !b?.bytes) continue;
    const added = idx.closure(release, names, new Set(distroBase[release].packages));
    samples.push({ name, estimate: sumOf(release, added), measured: i.bytes - b.bytes });
  }
  const first = samples[0] as Calibration['samples'][number];
  return calibration(
    `Debian installed sizes × ${(first.measured / first.estimate).toFixed(2)} (debian:bookworm-slim measured ÷ its summed installed sizes), range from ${samples.length} checks`,
    samples,
    first.measured / first.estimate,
  );
}

export function apkCalibration(images: Record<string, BaseImageEntry>, idx: Indexes): Calibration {
  const samples: Calibration['samples'] = [];
  const seen = new Set<string>();
  for (const [key, entry] of measured(images)) {
    if (entry.distro !== 'alpine' || !entry.packages || entry.packages.length === 0) continue;
    // Only images that are nothing but apk packages: alpine itself and nginx's alpine-slim.
    if (!(key.startsWith('alpine:') || /^nginx:.*alpine-slim$/.test(key))) continue;
    const identity = `${entry.packages.join(',')}@${entry.bytes}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    let estimate = 0;
    for (const name of entry.packages) {
      const debian = name in ALPINE_BASE_TO_DEBIAN ? ALPINE_BASE_TO_DEBIAN[name] : name;
      if (debian) estimate += (idx.kib('trixie', debian) ?? 0) * 1024;
    }
    samples.push({
      name: `${key} (${entry.packages.length} apk packages)`,
      estimate,
      measured: entry.bytes,
    });
  }
  const factor = median(samples.map((s) => s.measured / s.estimate));
  return calibration(
    `Alpine packages sized as Debian equivalents × ${factor.toFixed(2)} (median over ${samples.length} Alpine images whose package lists and sizes are both known)`,
    samples,
    factor,
  );
}

/** Each measured tag sized as if it were missing: by its nearest tag, and by the model. */
export function ladderCalibrations(
  data: BaseImagesData,
): Pick<Calibrations, 'nearestTag' | 'model'> {
  const nearest: Calibration['samples'] = [];
  const model: Calibration['samples'] = [];
  const seen = new Set<string>();
  const layers = data.osLayers;
  for (const [key, entry] of measured(data.images)) {
    const identity = `${entry.resolved ?? key}@${entry.bytes}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    // Leave out every tag that is this image.
    const images = Object.fromEntries(
      Object.entries(data.images).filter(
        ([, e]) => `${e.resolved ?? ''}@${e.bytes}` !== identity && e !== entry,
      ),
    );
    const without: BaseImagesData = { ...data, images, runtimes: runtimeLayers(images, layers) };
    const r = ref(key);
    const size = sizeBaseImage(r, without);
    if (size.figure === null) continue;
    if (size.kind === 'nearest')
      nearest.push({
        name: `${key} ← ${size.label.replace(/^nearest measured tag /, '')}`,
        estimate: size.figure.bytes,
        measured: entry.bytes,
      });
    if (officialRuntime(key) !== null) {
      // Sized as if no tag of it were measured: only the name's words and the other images.
      const modelled = modelSize(r, without);
      if (modelled.figure && !modelParts(r).osAssumed)
        model.push({
          name: `${key} as ${modelled.label.replace(/^model estimate for \S+: /, '')}`,
          estimate: modelled.figure.bytes,
          measured: entry.bytes,
        });
    }
  }
  return {
    nearestTag: calibration(
      `${nearest.length} measured tags sized from their nearest other measured tag: errors ${spread(nearest)}`,
      nearest,
    ),
    model: calibration(
      `${model.length} measured runtime images sized by the model without their own figure: errors ${spread(model)}`,
      model,
    ),
  };
}

function spread(samples: Calibration['samples']): string {
  const errors = samples.map((s) => (s.estimate - s.measured) / s.measured);
  const pct = (e: number) => `${e > 0 ? '+' : ''}${(e * 100).toFixed(0)}%`;
  return samples.length === 0
    ? 'none'
    : `${pct(Math.min(...errors))} to ${pct(Math.max(...errors))}`;
}

export function variantCalibration(images: Record<string, BaseImageEntry>): Calibration {
  const samples: Calibration['samples'] = [];
  for (const codename of ['bullseye', 'bookworm', 'trixie']) {
    const full = images[`debian:${codename}`];
    const slim = images[`debian:${codename}-slim`];
    if (full?.bytes && slim?.bytes) {
      samples.push({
        name: `debian:${codename} sized as debian:${codename}-slim`,
        estimate: slim.bytes,
        measured: full.bytes,
      });
      samples.push({
        name: `debian:${codename}-slim sized as debian:${codename}`,
        estimate: full.bytes,
        measured: slim.bytes,
      });
    }
  }
  return calibration(
    `one Debian variant standing in for the other: errors ${spread(samples)}`,
    samples,
  );
}

/** Published Chainguard sizes (SIZES.md) vs wolfify's estimate of the same package sets. */
const AFTER_CHECKS: {
  image: string;
  bytes: number;
  kind: 'on-disk' | 'compressed' | 'not stated';
  text: string;
}[] = [
  { image: 'node', bytes: 145e6, kind: 'on-disk', text: '145MB (labs.iximiuz.com)' },
  { image: 'static', bytes: 2.0e6, kind: 'not stated', text: '2.0 MB (seankhliao.com)' },
  {
    image: 'python',
    bytes: 24.02e6,
    kind: 'compressed',
    text: '24.02 MB compressed, python-fips 3.12 (images.chainguard.dev)',
  },
  {
    image: 'glibc-dynamic',
    bytes: 2_803_560,
    kind: 'compressed',
    text: '2,803,560 B compressed layer (ghcr.io chainguard-images)',
  },
];

/** On-disk ÷ compressed of Docker Hub images where both were published (SIZES.md). */
const DISK_PER_COMPRESSED = [
  119.2e6 / 43_188_023,
  124.3e6 / 45_437_565,
  74.83e6 / 28_232_590,
  161.33e6 / 62_942_486,
  78.16e6 / 29_764_116,
];

export function afterCalibration(
  dataDir: string,
  catalog: Catalog,
  wolfi: WolfiEquivalents,
): Calibration {
  const images = (
    JSON.parse(readFileSync(join(dataDir, 'chainguard-images.json'), 'utf8')) as {
      images: Record<string, { packages: string[] }>;
    }
  ).images;
  const ratio = median(DISK_PER_COMPRESSED);
  const samples: Calibration['samples'] = [];
  for (const check of AFTER_CHECKS) {
    const packages = (images[check.image]?.packages ?? []).map((p) => p.split('=')[0] ?? p);
    const estimate = estimateAfter(packages, catalog, wolfi).bytes ?? 0;
    const onDisk = check.kind === 'compressed' ? check.bytes * ratio : check.bytes;
    samples.push({
      name: `cgr.dev/chainguard/${check.image}: ${check.text}${check.kind === 'compressed' ? ` × ${ratio.toFixed(2)} on-disk ÷ compressed` : ''}`,
      estimate,
      measured: Math.round(onDisk),
    });
  }
  return calibration(
    `${samples.length} published Chainguard image sizes: errors ${spread(samples)}`,
    samples,
  );
}

export interface ModelTables {
  published: PublishedImage[];
  osLayers: Record<string, SizedFigure>;
  runtimes: Record<string, RuntimeLayer>;
  versionNames: Record<string, Record<string, string>>;
}

export function modelTables(
  images: Record<string, BaseImageEntry>,
  debianSum: (names: string[]) => { bytes: number; low: number; high: number },
): ModelTables {
  const layers = osLayers(images, debianSum);
  return {
    published: published(),
    osLayers: layers,
    runtimes: runtimeLayers(images, layers),
    versionNames: versionNames(images),
  };
}

export { formatBytes };
