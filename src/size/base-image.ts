// The size of a base image, always with its basis, from the best evidence there is:
//   1. the measured tag (or the tag repo-info says it is),
//   2. else the nearest measured tag of the same image and variant (another patch or minor
//      release, `lts` read as its number, a codename alias),
//   3. else a model: the OS layer the name or tag implies plus the runtime it implies,
//      both measured on official images,
//   4. unknown only when the reference itself is unknowable (an unresolved variable).

import { BoundedCacheByOwner } from '../bounded-cache.js';
import type { ImageRef } from '../model.js';
import type { BaseImageEntry, BaseImagesData, DebianRelease } from './data.js';
import { modelSize } from './model.js';
import { formatBytes } from './parts.js';
import { exact, widened, type Figure } from './range.js';
import {
  compareVersions,
  sameVersion,
  tagOf,
  tagParts,
  versionDistance,
  type TagParts,
} from './tags.js';

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

/**
 * The size of a base image. A batch names the same few bases in file after file, and the
 * answer depends on the reference and the data only: kept per data table.
 */
export function sizeBaseImage(input: ImageRef | null, data: BaseImagesData): BaseSize {
  return keptSizes.of(data).get(JSON.stringify(input), () => sizeOf(input, data));
}

/** Base images whose size is kept: the distinct bases of a large batch. */
const keptSizes = new BoundedCacheByOwner<BaseImagesData, string, BaseSize>(1024);

function sizeOf(input: ImageRef | null, data: BaseImagesData): BaseSize {
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
