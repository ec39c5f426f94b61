// The size of a base image, always with its basis, from the best evidence there is:
//   1. the measured tag (or the tag repo-info says it is),
//   2. else the nearest measured tag of the same image and variant (another patch or minor
//      release, `lts` read as its number, a codename alias),
//   3. else a model: the OS layer the name or tag implies plus the runtime it implies,
//      both measured on official images,
//   4. unknown only when the reference itself is unknowable (an unresolved variable).

import type { ImageRef } from '../model.js';
import type { BaseImageEntry, BaseImagesData, DebianRelease, SizedFigure } from './data.js';
import { formatBytes } from './parts.js';
import { exact, widened, type Figure } from './range.js';

export type BaseImageMatch =
  | { kind: 'found'; key: string; entry: BaseImageEntry; how: 'exact' | 'alias' }
  | { kind: 'unknown'; reason: string };

/** How a before figure was obtained, from the most to the least certain. */
export type BaseSizeKind = 'scratch' | 'measured' | 'nearest' | 'model' | 'unknown';

export interface BaseSize {
  kind: BaseSizeKind;
  figure: Figure | null;
  /** Short: what the figure is (`measured python:3.12-slim`). */
  label: string;
  /** Long: the figures and their sources. */
  basis: string;
  /** The measured tag the figure is (or is near), for its distro and package list. */
  entry: BaseImageEntry | null;
  /** The distribution the image's package installs come from, as far as known. */
  distro: string | null;
  codename: string | null;
}

// ---------------------------------------------------------------- tags

const CODENAMES: ReadonlySet<string> = new Set([
  'bookworm',
  'trixie',
  'bullseye',
  'buster',
  'forky',
  'noble',
  'jammy',
  'focal',
  'bionic',
  'resolute',
]);

interface TagParts {
  /** `3.12.13` → [3, 12, 13]; null for `latest`, `slim`, `lts`. */
  version: number[] | null;
  /** Words that pick a variant (`slim`, `alpine`, `jre`), codenames and alpine versions removed. */
  variant: string;
  codename: string | null;
}

function versionNumbers(text: string): number[] | null {
  return /^v?\d+(\.\d+)*$/.test(text)
    ? text
        .replace(/^v/, '')
        .split('.')
        .map((n) => Number(n))
    : null;
}

/** `3.12.13-slim-trixie` → version 3.12.13, variant `slim`, codename trixie. */
export function tagParts(tag: string, names: Record<string, string> = {}): TagParts {
  const words = tag.split('-').filter((w) => w !== '');
  let version: number[] | null = null;
  const first = words[0] ?? '';
  const named = names[first];
  if (named !== undefined) version = versionNumbers(named);
  else version = versionNumbers(first);
  const rest = version !== null || named !== undefined ? words.slice(1) : words;
  let codename: string | null = null;
  const variant: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i] ?? '';
    const alpine = /^alpine(\d+\.\d+)?$/.exec(w);
    // `trixie-20260803-slim`: a dated snapshot of the line, the same variant.
    if (/^\d{8}$/.test(w)) continue;
    if (CODENAMES.has(w)) codename = w;
    else if (alpine) {
      variant.push('alpine');
      // `alpine-3.24` (eclipse-temurin) spells the version as its own word.
      if (alpine[1]) codename = alpine[1];
      else if (/^\d+\.\d+$/.test(rest[i + 1] ?? '')) codename = rest[++i] ?? null;
    } else if (w !== 'latest') variant.push(w);
  }
  return { version, variant: variant.join('-'), codename };
}

function tagOf(reference: string): string {
  const colon = reference.lastIndexOf(':');
  return colon === -1 ? 'latest' : reference.slice(colon + 1);
}

function sameVersion(a: number[] | null, b: number[] | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((n, i) => n === b[i]);
}

/** The measured tag itself, or a documented tag that is the same image (repo-info's resolved tag). */
export function findBaseImage(ref: ImageRef, data: BaseImagesData): BaseImageMatch {
  if (ref.unresolved)
    return { kind: 'unknown', reason: `the base image ${ref.raw} still holds a variable` };
  if (ref.registry !== null) {
    return {
      kind: 'unknown',
      reason: `${ref.raw} is not a Docker Hub official image; no measured size is shipped for it`,
    };
  }
  const tag = ref.tag ?? 'latest';
  const key = `${ref.repository}:${tag}`;
  const exactEntry = data.images[key];
  if (exactEntry) return { kind: 'found', key, entry: exactEntry, how: 'exact' };
  const wanted = tagParts(tag);
  for (const [k, entry] of Object.entries(data.images)) {
    if (!k.startsWith(`${ref.repository}:`)) continue;
    if (entry.resolved === key) return { kind: 'found', key: k, entry, how: 'alias' };
    const documented = tagParts(tagOf(k));
    const resolved = entry.resolved ? tagParts(tagOf(entry.resolved)) : null;
    const sameWords = (p: TagParts) =>
      p.variant === wanted.variant && p.codename === wanted.codename;
    if (!(sameWords(documented) || (resolved !== null && sameWords(resolved)))) continue;
    // `3.12-trixie` names python:3.12 (= 3.12.14-trixie) by its codename, `3.12.14` by its patch release.
    if (
      sameVersion(wanted.version, resolved?.version ?? null) ||
      sameVersion(wanted.version, documented.version)
    ) {
      return { kind: 'found', key: k, entry, how: 'alias' };
    }
  }
  const known = Object.keys(data.images)
    .filter((k) => k.startsWith(`${ref.repository}:`))
    .map((k) => k.slice(ref.repository.length + 1));
  return {
    kind: 'unknown',
    reason:
      known.length > 0
        ? `no measured size for ${key} (the data has ${ref.repository} tags ${known.join(', ')})`
        : `no measured size for ${ref.repository} images in the data`,
  };
}

// ---------------------------------------------------------------- nearest measured tag

/** Distance between versions: the first differing component decides; missing ones match anything. */
function versionDistance(wanted: number[] | null, have: number[] | null): number {
  // A tag without a version (`alpine`, `latest`) may be any release: farther than a minor step.
  if (wanted === null || have === null) return wanted === have ? 0 : 250;
  for (let i = 0; i < Math.min(wanted.length, have.length); i++) {
    const a = wanted[i] ?? 0;
    const b = have[i] ?? 0;
    if (a !== b) return (3 - Math.min(i, 2)) * 100 + Math.min(99, Math.abs(a - b));
  }
  return 0;
}

interface Nearest {
  key: string;
  entry: BaseImageEntry & { bytes: number };
  why: string;
}

/** The measured tag of the same repository and variant closest in codename and version. */
export function nearestTag(ref: ImageRef, data: BaseImagesData): Nearest | null {
  const names = data.versionNames[ref.repository] ?? {};
  const wanted = tagParts(ref.tag ?? 'latest', names);
  let best: { score: number; version: number[]; n: Nearest } | null = null;
  for (const [key, entry] of Object.entries(data.images)) {
    if (!key.startsWith(`${ref.repository}:`) || entry.bytes === null) continue;
    const documented = tagParts(tagOf(key), names);
    if (documented.variant !== wanted.variant) continue;
    // `python:3-alpine` is 3.14.7: compare with the release it resolved to.
    const resolved = entry.resolved ? tagParts(tagOf(entry.resolved), names).version : null;
    const have =
      resolved !== null &&
      documented.version !== null &&
      resolved.length > documented.version.length &&
      documented.version.every((n, i) => n === resolved[i])
        ? { ...documented, version: resolved }
        : documented;
    const codename = have.codename ?? entry.codename;
    const codenameMiss =
      wanted.codename === null
        ? have.codename === null
          ? 0
          : 1
        : wanted.codename === codename
          ? 0
          : 2;
    const score = codenameMiss * 1000 + versionDistance(wanted.version, have.version);
    const version = have.version ?? [];
    const better =
      best === null ||
      score < best.score ||
      (score === best.score && compareVersions(version, best.version) > 0);
    if (!better) continue;
    const why: string[] = [];
    const named = names[(ref.tag ?? 'latest').split('-')[0] ?? ''];
    if (named !== undefined)
      why.push(`${(ref.tag ?? 'latest').split('-')[0]} is ${named} at the data's date`);
    const vd = versionDistance(wanted.version, have.version);
    if ((ref.tag ?? '').split('-').some((w) => /^\d{8}$/.test(w)))
      why.push('a dated snapshot of the same line');
    else if (wanted.version === null && named === undefined)
      why.push('the newest measured release of the variant');
    else if (have.version === null) why.push('a tag that names no version');
    else if (vd >= 300) why.push('another major version');
    else if (vd >= 200) why.push('another minor version');
    else if (vd >= 100) why.push('another patch release');
    else if (
      wanted.version !== null &&
      have.version !== null &&
      wanted.version.length > have.version.length
    )
      why.push(`a patch release of the ${have.version.join('.')} line`);
    else if (
      wanted.version !== null &&
      have.version !== null &&
      wanted.version.length < have.version.length
    )
      why.push(
        `${have.version.join('.')} is the newest measured release of the ${wanted.version.join('.')} line`,
      );
    if (codenameMiss === 2)
      why.push(`${wanted.codename} was not measured; ${key} is ${codename ?? 'another release'}`);
    else if (codenameMiss === 1)
      why.push(`the default variant was not measured; ${key} names its release`);
    else if (wanted.codename !== null && have.codename === null)
      why.push(`${key} was ${codename} at the data's date`);
    best = {
      score,
      version,
      n: {
        key,
        entry: entry as BaseImageEntry & { bytes: number },
        why: why.join('; ') || 'same image and variant',
      },
    };
  }
  return best?.n ?? null;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

// ---------------------------------------------------------------- the model

/** OS kinds the model knows, and the runtime-layer group each draws its runtimes from. */
const OS_GROUP: Record<string, 'slim' | 'full' | 'alpine'> = {
  'debian-slim': 'slim',
  debian: 'full',
  alpine: 'alpine',
  ubuntu: 'slim',
  'ubuntu-chiseled': 'slim',
  'distroless-static': 'slim',
  'distroless-base': 'slim',
  'distroless-cc': 'slim',
  'ubi-minimal': 'slim',
  ubi: 'slim',
  busybox: 'slim',
};

/** Repository words → the runtime they imply (first match wins). */
const RUNTIME_WORDS: [RegExp, string][] = [
  [/^(maven|gradle|sbt)$/, 'java-jdk'],
  [/^(jre|java\d*-?jre|openjdk\d*-jre)$/, 'java-jre'],
  [
    /^(openjdk|jdk|java|eclipse-temurin|temurin|amazoncorretto|corretto|sapmachine|ibm-semeru-runtimes|zulu-openjdk|java\d+(-debian\d+)?)$/,
    'java-jdk',
  ],
  [/^(python|pypy|py)(\d+(\.\d+)*)?(-debian\d+)?$/, 'python'],
  [/^(node|nodejs)(\d+)?(-debian\d+)?$/, 'node'],
  [/^(golang|go)$/, 'golang'],
  [/^(ruby|jruby)$/, 'ruby'],
  [/^(rust|rustlang)$/, 'rust'],
  [/^(php|php-fpm|php-apache)$/, 'php'],
  [/^(nginx|openresty|nginx-unprivileged)$/, 'nginx'],
];

/** RHEL-family distributions sized from UBI. */
const RHEL_FAMILY =
  /(^|\/)(fedora|rockylinux|almalinux|centos|oraclelinux|amazonlinux|rhel\d*)(\/|$)/;

export interface ModelParts {
  os: string;
  /** The OS was not named: the default was assumed. */
  osAssumed: boolean;
  codename: string | null;
  runtime: string | null;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[-/_:.]/)
    .filter((w) => w !== '');
}

/** What a reference implies: OS layer and runtime, from its repository path and tag. */
export function modelParts(ref: ImageRef): ModelParts {
  const path = `${ref.registry ?? ''}/${ref.repository}`.toLowerCase();
  const segments = ref.repository.toLowerCase().split('/');
  const tag = (ref.tag ?? 'latest').toLowerCase();
  const tagWords = tag.split('-');
  const parts = tagParts(tag);
  let os = 'debian-slim';
  let osAssumed = false;
  const all = [...words(ref.repository), ...tagWords];
  if (RHEL_FAMILY.test(ref.repository)) {
    // No RHEL-family image but UBI minimal was measured: it stands in, its range widened.
    os = 'ubi';
  } else if (path.includes('distroless')) {
    os = /static/.test(path)
      ? 'distroless-static'
      : /\/cc/.test(path)
        ? 'distroless-cc'
        : 'distroless-base';
  } else if (/\bubi\d*(-minimal|-micro)?\b/.test(path) || /\bubi\d*\b/.test(tag)) {
    os = /minimal|micro/.test(path) || /minimal|micro/.test(tag) ? 'ubi-minimal' : 'ubi';
  } else if (all.includes('alpine') || tagWords.some((w) => /^alpine\d/.test(w))) os = 'alpine';
  else if (all.includes('chiseled')) os = 'ubuntu-chiseled';
  else if (['noble', 'jammy', 'focal', 'resolute', 'ubuntu'].some((w) => all.includes(w)))
    os = 'ubuntu';
  else if (all.includes('busybox')) os = 'busybox';
  else if (all.includes('slim') || all.includes('minideb')) os = 'debian-slim';
  else if (
    parts.codename !== null &&
    CODENAMES.has(parts.codename) &&
    ref.registry === null &&
    !ref.repository.includes('/')
  )
    // An official image named by its codename alone (`python:3.12-bookworm`) is the full variant.
    os = 'debian';
  else if (ref.registry === null && !ref.repository.includes('/') && parts.version !== null)
    // Official runtime images without a variant word are the full (buildpack-deps) variant.
    os = 'debian';
  else osAssumed = true;
  let runtime: string | null = null;
  const candidates = [...segments.reverse(), ...tagWords];
  for (const candidate of candidates) {
    for (const w of [candidate, ...candidate.split(/[-_]/)]) {
      const stripped = w.replace(/\d+(\.\d+)*$/, '');
      const hit = RUNTIME_WORDS.find(([re]) => re.test(w) || re.test(stripped));
      if (hit) {
        runtime = hit[1];
        break;
      }
    }
    if (runtime !== null) break;
  }
  if (runtime === 'java-jdk' && all.includes('jre')) runtime = 'java-jre';
  if (os === 'debian' && runtime === null) os = 'debian-slim';
  return { os, osAssumed, codename: parts.codename, runtime };
}

/** OS kinds without a measured layer of their own, and the layer that stands in for them. */
const STAND_IN: Record<string, string> = { ubi: 'ubi-minimal', 'ubuntu-chiseled': 'distroless-cc' };

function osLayer(
  os: string,
  codename: string | null,
  data: BaseImagesData,
): [string, SizedFigure] | null {
  const keys = Object.keys(data.osLayers).filter((k) => k === os || k.startsWith(`${os}:`));
  const pick =
    keys.find((k) => codename !== null && k === `${os}:${codename}`) ??
    keys.find((k) => k === `${os}:trixie`) ??
    keys.sort().at(-1);
  const layer = pick ? data.osLayers[pick] : undefined;
  if (pick && layer) return [pick, layer];
  const standIn = STAND_IN[os];
  const other = standIn ? data.osLayers[standIn] : undefined;
  if (!standIn || !other) return null;
  // Another variant of the same family: its size, widened by the measured variant spread.
  return [
    standIn,
    {
      ...widened(other, data.calibration.variant),
      basis: `${other.basis}; standing in for ${os}, range widened by the variant spread (${data.calibration.variant.basis})`,
    },
  ];
}

function runtimeLayer(
  runtime: string,
  group: string,
  data: BaseImagesData,
): [string, SizedFigure] | null {
  // A runtime measured only in another group: slim and alpine layers are alike (both
  // hold the runtime without build tools); full images hold a compiler toolchain too.
  const order =
    group === 'full'
      ? ['full', 'slim', 'alpine']
      : group === 'alpine'
        ? ['alpine', 'slim']
        : ['slim', 'alpine'];
  for (const g of order) {
    const key = `${runtime}@${g}`;
    const layer = data.runtimes[key];
    if (layer) return [key, layer];
  }
  return null;
}

/** OS layer + runtime layer, widened by the model's measured errors. */
export function modelSize(ref: ImageRef, data: BaseImagesData): BaseSize {
  const parts = modelParts(ref);
  const layers = (os: string) => {
    const layer = osLayer(os, parts.codename, data);
    const runtime = parts.runtime
      ? runtimeLayer(parts.runtime, OS_GROUP[os] ?? 'slim', data)
      : null;
    return { layer, runtime };
  };
  const { layer, runtime } = layers(parts.os);
  const os = layer?.[1] ?? { bytes: 0, low: 0, high: 0, basis: 'no OS layer measured' };
  const rt = runtime?.[1] ?? { bytes: 0, low: 0, high: 0, basis: '' };
  let figure = widened(
    { bytes: os.bytes + rt.bytes, low: os.low + rt.low, high: os.high + rt.high },
    data.calibration.model,
  );
  const notes = [`${layer?.[0] ?? parts.os} layer ${formatBytes(os.bytes)} (${os.basis})`];
  if (runtime) notes.push(`${runtime[0]} runtime layer ${formatBytes(rt.bytes)} (${rt.basis})`);
  else if (parts.runtime) notes.push(`no measured ${parts.runtime} runtime layer: not counted`);
  if (parts.osAssumed) {
    // The name says nothing about the OS: the range spans Alpine to Ubuntu, the usual choices.
    const spans = ['alpine', 'debian-slim', 'ubuntu'].map((o) => {
      const l = layers(o);
      return (l.layer?.[1].bytes ?? 0) + (l.runtime?.[1].bytes ?? 0);
    });
    figure = widened(
      {
        bytes: figure.bytes,
        low: Math.min(figure.low, ...spans),
        high: Math.max(figure.high, ...spans),
      },
      data.calibration.variant,
    );
    notes.push('the reference names no OS: Debian slim assumed, the range spans Alpine to Ubuntu');
  }
  const what = `${describeOs(parts.os)}${parts.runtime ? ` + ${parts.runtime}` : ''}`;
  return {
    kind: 'model',
    figure,
    label: `model estimate for ${ref.raw}: ${what}`,
    basis:
      `model estimate: ${ref.raw} is not measured; sized as ${what}: ${notes.join('; ')}; ` +
      `range from the model's errors on measured images (${data.calibration.model.basis})`,
    entry: null,
    distro: distroOfOs(parts.os),
    codename: parts.codename,
  };
}

function describeOs(os: string): string {
  const names: Record<string, string> = {
    'debian-slim': 'Debian slim',
    debian: 'Debian (full variant)',
    alpine: 'Alpine',
    ubuntu: 'Ubuntu',
    'ubuntu-chiseled': 'Ubuntu chiseled',
    'distroless-static': 'distroless static',
    'distroless-base': 'distroless base',
    'distroless-cc': 'distroless cc',
    'ubi-minimal': 'UBI minimal',
    ubi: 'UBI (RHEL family)',
    busybox: 'BusyBox',
  };
  return names[os] ?? os;
}

function distroOfOs(os: string): string {
  if (os.startsWith('debian') || os.startsWith('distroless')) return 'debian';
  if (os.startsWith('ubuntu')) return 'ubuntu';
  if (os.startsWith('ubi')) return 'rhel';
  return os;
}

// ---------------------------------------------------------------- the ladder

function measuredFigure(entry: BaseImageEntry & { bytes: number }): Figure {
  return { bytes: entry.bytes, low: entry.low ?? entry.bytes, high: entry.high ?? entry.bytes };
}

function describeEntry(key: string, entry: BaseImageEntry & { bytes: number }): string {
  return (
    `${key} is ${formatBytes(entry.bytes)} on disk` +
    `${entry.resolved && entry.resolved !== key ? ` as ${entry.resolved}` : ''}, built ${entry.created ?? 'on an unknown date'}` +
    ` (${entry.source})`
  );
}

/** Docker Hub's own spellings of an official image: `docker.io/library/python` is `python`. */
function dockerHub(ref: ImageRef): ImageRef {
  return ref.registry !== null &&
    /^(docker\.io|index\.docker\.io|registry-1\.docker\.io)$/.test(ref.registry)
    ? { ...ref, registry: null, repository: ref.repository.replace(/^library\//, '') }
    : ref;
}

function published(ref: ImageRef, data: BaseImagesData): BaseSize | null {
  const path = `${ref.registry ?? 'docker.io'}/${ref.repository}`;
  const same = data.published.filter((p) => p.repository === path);
  if (same.length === 0) return null;
  const tag = ref.tag ?? 'latest';
  const hit = same.find((p) => p.tag === null || p.tag === tag);
  if (hit) {
    return {
      kind: 'measured',
      figure: { bytes: hit.bytes, low: hit.low, high: hit.high },
      label: `published size of ${path}${hit.tag ? `:${hit.tag}` : ''}`,
      basis: `published: ${path}${hit.tag ? `:${hit.tag}` : ''} ${hit.basis}; range = the figure's rounding`,
      entry: null,
      distro: null,
      codename: null,
    };
  }
  // Another tag of the same image (`dotnet/aspnet:8.0` from the 10.0 figure): the nearest.
  const wanted = tagParts(tag);
  const ranked = [...same].sort(
    (a, b) =>
      Number(tagParts(a.tag ?? '').variant !== wanted.variant) -
        Number(tagParts(b.tag ?? '').variant !== wanted.variant) ||
      versionDistance(wanted.version, tagParts(a.tag ?? '').version) -
        versionDistance(wanted.version, tagParts(b.tag ?? '').version),
  );
  const near = ranked[0];
  if (!near || tagParts(near.tag ?? '').variant !== wanted.variant) return null;
  return {
    kind: 'nearest',
    figure: widened(
      { bytes: near.bytes, low: near.low, high: near.high },
      data.calibration.nearestTag,
    ),
    label: `nearest published tag ${path}:${near.tag} for ${ref.raw}`,
    basis:
      `nearest tag: ${ref.raw} is not published; ${path}:${near.tag} ${near.basis}; ` +
      `range from the errors of nearest-tag estimates (${data.calibration.nearestTag.basis})`,
    entry: null,
    distro: null,
    codename: null,
  };
}

export function sizeBaseImage(input: ImageRef | null, data: BaseImagesData): BaseSize {
  if (input === null) {
    return {
      kind: 'scratch',
      figure: exact(0),
      label: 'scratch: an empty base',
      basis: 'scratch base: 0 B',
      entry: null,
      distro: null,
      codename: null,
    };
  }
  if (input.unresolved) {
    return {
      kind: 'unknown',
      figure: null,
      label: `unknown: ${input.raw} holds a variable`,
      basis: `unknown: the base image ${input.raw} still holds a variable; pass --build-arg to set it`,
      entry: null,
      distro: null,
      codename: null,
    };
  }
  const ref = dockerHub(input);
  if (ref.registry === null) {
    const match = findBaseImage(ref, data);
    if (match.kind === 'found' && match.entry.bytes !== null) {
      const entry = match.entry as BaseImageEntry & { bytes: number };
      const name = ref.tag ? `${ref.repository}:${ref.tag}` : ref.repository;
      return {
        kind: 'measured',
        figure: measuredFigure(entry),
        label: `measured ${match.key}${match.how === 'alias' ? ` (= ${name})` : ''}`,
        basis: `measured: ${describeEntry(match.key, entry)}; range = the figure's rounding`,
        entry,
        distro: entry.distro,
        codename: entry.codename,
      };
    }
    const near = nearestTag(ref, data);
    if (near) {
      return {
        kind: 'nearest',
        figure: widened(measuredFigure(near.entry), data.calibration.nearestTag),
        label: `nearest measured tag ${near.key} for ${ref.raw} (${near.why})`,
        basis:
          `nearest tag: ${ref.raw} is not measured; ${describeEntry(near.key, near.entry)} (${near.why}); ` +
          `range from the errors of nearest-tag estimates (${data.calibration.nearestTag.basis})`,
        entry: near.entry,
        distro: near.entry.distro,
        codename: tagParts(ref.tag ?? 'latest').codename ?? near.entry.codename,
      };
    }
  } else {
    const hit = published(ref, data);
    if (hit) return hit;
  }
  return modelSize(ref, data);
}

/**
 * The Debian release whose package index sizes the image's apt installs: the image's own
 * codename, else a codename in the tag, else trixie (the default tags moved to it in 2026).
 */
export function debianReleaseFor(
  ref: ImageRef | null,
  entry: BaseImageEntry | null,
): DebianRelease {
  const codename = entry?.codename ?? null;
  // Ubuntu jammy (22.04) is bookworm's contemporary; noble and later are closer to trixie.
  if (codename === 'bookworm' || codename === 'bullseye' || codename === 'jammy') return 'bookworm';
  if (codename !== null && entry?.distro !== 'alpine') return 'trixie';
  const tag = ref?.tag ?? '';
  if (/(^|-)(bookworm|bullseye|buster|jammy|focal)(-|$)/.test(tag)) return 'bookworm';
  return 'trixie';
}
