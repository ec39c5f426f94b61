// The size model's data: compact files under rules/, derived by scripts/import-sizes.ts from
// ../shared/data and read once per process, each when first asked for.

import { readFileSync } from 'node:fs';
import { WolfifyError } from '../errors.js';
import { packageFile } from '../package-path.js';

export type DebianRelease = 'bookworm' | 'trixie';

export const BASE_IMAGES_FORMAT = 'wolfify-base-images/2';
export const SIZE_DEBIAN_FORMAT = 'wolfify-size-debian/3';
export const SIZE_WOLFI_FORMAT = 'wolfify-size-wolfi/1';

/** One Docker Hub tag as docker-library/repo-info measured it. */
export interface BaseImageEntry {
  /** The tag the report was written for (`python:3.12.13-slim-trixie`), or null. */
  resolved: string | null;
  /** On-disk size of all layers (linux/amd64), or null when only the compressed size is known. */
  bytes: number | null;
  /** The figure as repo-info printed it (`119.2 Mb`). */
  sizeText: string | null;
  /** `bytes` ± the rounding of the printed figure (half a unit of its last digit). */
  low: number | null;
  high: number | null;
  compressedBytes: number | null;
  /** Build date (YYYY-MM-DD). */
  created: string | null;
  distro: string | null;
  codename: string | null;
  /** Binary packages the image contains, when the whole list was read; else null. */
  packages: string[] | null;
  /** Where the figure comes from: repository path and commit. */
  source: string;
}

export interface BaseImagesData {
  format: typeof BASE_IMAGES_FORMAT;
  source: string;
  extracted: string;
  /** How repo-info's `Mb`/`Gb` were read. */
  units: string;
  /** `repository:tag` → entry. */
  images: Record<string, BaseImageEntry>;
  /** The Debian base system assumed present when an image's own list is unknown. */
  distroBase: Record<DebianRelease, { basis: string; packages: string[] }>;
  /** Published whole-image sizes of bases outside Docker Hub's measured tags (SIZES.md). */
  published: PublishedImage[];
  /** OS layers the model builds on (`debian-slim:trixie`, `alpine:3.24`, `distroless-static`, …). */
  osLayers: Record<string, SizedFigure>;
  /** Language runtime layers measured as image − its OS layer, key `runtime@group`. */
  runtimes: Record<string, RuntimeLayer>;
  /** Named versions per repository at the data's date: `node` → `lts` → `26`. */
  versionNames: Record<string, Record<string, string>>;
  /** Measured errors of each kind of estimate (truth ÷ estimate), see docs/size-model.md. */
  calibration: Calibrations;
}

/** A size with its range and where it comes from. */
export interface SizedFigure {
  bytes: number;
  low: number;
  high: number;
  basis: string;
}

export interface PublishedImage extends SizedFigure {
  /** `gcr.io/distroless/static`: registry and repository, without the tag. */
  repository: string;
  /** The tag the figure is for, or null when it holds for any tag. */
  tag: string | null;
  /** What the figure measures, as its source words it. */
  kind: 'on-disk' | 'compressed' | 'not stated';
}

export interface RuntimeLayer extends SizedFigure {
  /** The measured tags the layer was derived from. */
  samples: string[];
}

/** truth ÷ estimate, as observed over `samples`; `factor` multiplies the raw estimate first. */
export interface Calibration {
  factor: number;
  low: number;
  high: number;
  basis: string;
  samples: { name: string; estimate: number; measured: number }[];
}

export interface Calibrations {
  /** Sum of Debian Installed-Size over packages vs their size on disk. */
  debianInstalled: Calibration;
  /** Alpine packages sized as their Debian equivalents, vs Alpine images on disk. */
  apkAsDebian: Calibration;
  /** A tag sized as the nearest measured tag of the same image and variant. */
  nearestTag: Calibration;
  /** A tag sized as OS layer + runtime layer from other measured images. */
  model: Calibration;
  /** One variant of an OS standing in for another (slim for full and back). */
  variant: Calibration;
  /** Wolfi images sized as Debian equivalents, vs published Chainguard image sizes. */
  after: Calibration;
}

export interface SizeDebianData {
  format: typeof SIZE_DEBIAN_FORMAT;
  /** Where each release's index comes from; its packages are in debianTableFile(release). */
  releases: Record<DebianRelease, { source: string; date: string }>;
  /** Alpine (apk) and Fedora (dnf) names → the Debian package of the same software. */
  equivalents: { apk: Record<string, string>; dnf: Record<string, string> };
}

/** One Debian release's index as the size model reads it. */
export interface DebianReleaseData {
  source: string;
  date: string;
  /**
   * A line per package, `name installed-KiB dep dep…` (dependencies already resolved to real
   * packages), sorted by name in code-unit order. Plain text in a file per release: a
   * conversion reads the one release it sizes, without JSON to decode, and looks up a few
   * dozen names by binary search (findRow).
   */
  packages: string;
}

/** The file under rules/ that holds a release's package table. */
export const debianTableFile = (release: DebianRelease): string => `size-debian-${release}.txt`;

export interface SizeWolfiData {
  format: typeof SIZE_WOLFI_FORMAT;
  /** The Wolfi catalog the names come from. */
  catalog: string;
  /** The Debian indexes the sizes come from. */
  debian: string;
  /** Wolfi name → `KiB debian+debian` (`bookworm:` marks bookworm), or `0` for packages with nothing of their own. */
  packages: Record<string, string>;
  /**
   * The built-in catalog has only the runtime dependencies melange files declare, not the
   * shared libraries (`so:`) found at build time. For the language runtimes, the rest of
   * Chainguard's image of the same runtime stands in: pattern → that image's other packages.
   */
  implied: { match: string; image: string; packages: string[] }[];
}

/** A Debian package as the size model sees it. */
export interface DebianPackage {
  kib: number;
  depends: string[];
}

export interface DebianSizes {
  release: DebianRelease;
  source: string;
  date: string;
  get(name: string): DebianPackage | null;
}

/** The Debian packages of the same software as a Wolfi package, and their installed size. */
export interface WolfiEquivalent {
  kib: number;
  /** Debian names (`bookworm:` prefixed when from bookworm); empty = nothing of its own. */
  debian: string[];
}

function load<T extends { format: string }>(file: string, format: string): T {
  const path = packageFile(`rules/${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new WolfifyError(`cannot read the size model's data: ${(e as Error).message}`, 2, path);
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== format) {
    throw new WolfifyError(
      `not a wolfify size data file (expected "format": "${format}")`,
      2,
      path,
    );
  }
  return raw as T;
}

let baseImages: BaseImagesData | null = null;
let debian: SizeDebianData | null = null;
let wolfi: SizeWolfiData | null = null;
const releaseCache = new Map<DebianRelease, DebianSizes>();

export function loadBaseImages(): BaseImagesData {
  baseImages ??= load<BaseImagesData>('base-images.json', BASE_IMAGES_FORMAT);
  return baseImages;
}

function loadDebian(): SizeDebianData {
  debian ??= load<SizeDebianData>('size-debian.json', SIZE_DEBIAN_FORMAT);
  return debian;
}

export function debianSizesFromData(release: DebianRelease, data: DebianReleaseData): DebianSizes {
  const parsed = new Map<string, DebianPackage>();
  return {
    release,
    source: data.source,
    date: data.date,
    get(name) {
      const hit = parsed.get(name);
      if (hit) return hit;
      const text = findRow(data.packages, name);
      if (text === null) return null;
      const [kib = '0', ...depends] = text.split(' ');
      const pkg = { kib: Number(kib), depends };
      parsed.set(name, pkg);
      return pkg;
    },
  };
}

/**
 * The rest of `name`'s line in `table` (lines `name rest…` sorted by name in code-unit order),
 * or null. A binary search over the text itself: splitting ~5,000 lines into a Map cost a cold
 * `convert` more than the few dozen lookups it serves.
 */
export function findRow(table: string, name: string): string | null {
  // [low, high) holds whole lines: low is a line start, high a line start or the end.
  let low = 0;
  let high = table.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const start = table.lastIndexOf('\n', mid - 1) + 1;
    const newline = table.indexOf('\n', start);
    const end = newline < 0 ? table.length : newline;
    const space = table.indexOf(' ', start);
    const keyEnd = space < 0 || space > end ? end : space;
    const key = table.slice(start, keyEnd);
    if (key === name) return keyEnd < end ? table.slice(keyEnd + 1, end) : '';
    if (key < name) low = end + 1;
    else high = start;
  }
  return null;
}

export function loadDebianSizes(release: DebianRelease): DebianSizes {
  let sizes = releaseCache.get(release);
  if (!sizes) {
    const path = packageFile(`rules/${debianTableFile(release)}`);
    let packages: string;
    try {
      packages = readFileSync(path, 'utf8');
    } catch (e) {
      throw new WolfifyError(`cannot read the size model's data: ${(e as Error).message}`, 2, path);
    }
    sizes = debianSizesFromData(release, { ...loadDebian().releases[release], packages });
    releaseCache.set(release, sizes);
  }
  return sizes;
}

export function loadEquivalents(): SizeDebianData['equivalents'] {
  return loadDebian().equivalents;
}

export interface WolfiEquivalents {
  /** Where the estimates come from, for the basis text. */
  source: string;
  get(name: string): WolfiEquivalent | null;
  /** Packages a runtime needs that the built-in catalog does not list (see SizeWolfiData.implied). */
  implied(name: string): { image: string; packages: string[] } | null;
}

export function wolfiEquivalentsFromData(data: SizeWolfiData): WolfiEquivalents {
  const implied = (data.implied ?? []).map((i) => ({ ...i, match: new RegExp(i.match) }));
  return {
    source: `installed sizes of the equivalent Debian packages (${data.debian})`,
    get(name) {
      const text = data.packages[name];
      if (text === undefined) return null;
      const [kib = '0', debianNames = ''] = text.split(' ');
      return { kib: Number(kib), debian: debianNames ? debianNames.split('+') : [] };
    },
    implied(name) {
      const hit = implied.find((i) => i.match.test(name));
      return hit ? { image: hit.image, packages: hit.packages } : null;
    },
  };
}

let wolfiEquivalents: WolfiEquivalents | null = null;

export function loadWolfiEquivalents(): WolfiEquivalents {
  wolfi ??= load<SizeWolfiData>('size-wolfi.json', SIZE_WOLFI_FORMAT);
  wolfiEquivalents ??= wolfiEquivalentsFromData(wolfi);
  return wolfiEquivalents;
}
