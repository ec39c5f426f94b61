// The image as it is today: the base image's measured size plus what the Dockerfile's
// package installs add — the Debian dependency closure of the requested packages, minus
// what the base already holds. apk/dnf/zypper installs are sized by the Debian package of
// the same software, and labelled so.

import type { ImageRef, PackageManager } from '../model.js';
import { debianReleaseFor, sizeBaseImage, type BaseSizeKind } from './base-image.js';
import type {
  BaseImagesData,
  Calibration,
  DebianRelease,
  DebianSizes,
  SizeDebianData,
} from './data.js';
import { formatBytes, type Part } from './parts.js';
import { calibrated, sum, type Figure } from './range.js';
import { plural } from '../words.js';

export interface BeforeData {
  baseImages: BaseImagesData;
  debian: (release: DebianRelease) => DebianSizes;
  equivalents: SizeDebianData['equivalents'];
}

export interface BeforeInput {
  baseImage: ImageRef | null;
  installs: { name: string; manager: PackageManager }[];
}

export interface BeforeEstimate {
  figure: Figure | null;
  kind: BaseSizeKind;
  /** One line: what the figure is. */
  label: string;
  basis: string;
  /** Every counted contribution: the base image, then each added package. */
  parts: Part[];
}

/** The Debian name of an Alpine/Fedora/SUSE package, or null when none is known. */
export function debianNameFor(
  name: string,
  manager: PackageManager,
  equivalents: SizeDebianData['equivalents'],
  sizes: DebianSizes,
): string | null {
  if (manager === 'apt') return sizes.get(name) ? name : null;
  const table = manager === 'apk' ? equivalents.apk : equivalents.dnf;
  const listed = table[name];
  if (listed !== undefined) return sizes.get(listed) ? listed : null;
  const candidates = [name];
  // `python3.12-pip` (Fedora, Alpine's versioned names) ≈ `python3-pip`.
  const unversioned = name.replace(/(\d)\.\d+/, '$1');
  if (unversioned !== name) candidates.push(unversioned);
  if (name.startsWith('py3-')) candidates.push(`python3-${name.slice(4)}`);
  const dev = /^(.+)-(dev|devel)$/.exec(name);
  if (dev?.[1])
    candidates.push(`${dev[1]}-dev`, `lib${dev[1]}-dev`, `${dev[1].replace(/^lib/, '')}-dev`);
  return candidates.find((c) => sizes.get(c) !== null) ?? null;
}

/**
 * Packages an install adds: the closure over Depends of the requested names, never
 * entering a package the base already has (its own dependencies are there too).
 */
export function aptClosure(
  requested: string[],
  sizes: DebianSizes,
  preinstalled: ReadonlySet<string>,
): string[] {
  const added: string[] = [];
  const seen = new Set<string>();
  const stack = [...requested].reverse();
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name) || preinstalled.has(name)) continue;
    seen.add(name);
    const pkg = sizes.get(name);
    if (!pkg) continue;
    added.push(name);
    for (const dep of [...pkg.depends].reverse()) if (!seen.has(dep)) stack.push(dep);
  }
  return added;
}

/**
 * How an install's Debian-sized closure is corrected: apt by the Debian calibration; apk by
 * the Alpine one (Alpine packages are smaller than their Debian equivalents); dnf/zypper by
 * the Debian one with the range widened to the Alpine errors, as no RHEL image with a
 * package list was measured.
 */
function installCalibration(
  manager: PackageManager,
  data: BaseImagesData,
): { calibration: Calibration; note: string } {
  const { debianInstalled, apkAsDebian } = data.calibration;
  if (manager === 'apt') return { calibration: debianInstalled, note: debianInstalled.basis };
  if (manager === 'apk') return { calibration: apkAsDebian, note: apkAsDebian.basis };
  return {
    calibration: {
      ...debianInstalled,
      low: Math.min(debianInstalled.low, apkAsDebian.low),
      high: Math.max(debianInstalled.high, apkAsDebian.high),
    },
    note: `no RHEL-family image with a package list was measured: the Debian calibration, its range widened to the Alpine errors (${apkAsDebian.basis})`,
  };
}

const NOTHING: ReadonlySet<string> = new Set();

// What a base holds is the same for every image on that base: the sets are made once per
// package list (an image's own, a release's assumed base system) and per Debian index.
const packageSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const cLibraries = new WeakMap<DebianSizes, ReadonlySet<string>>();

function packageSet(list: readonly string[]): ReadonlySet<string> {
  let set = packageSets.get(list);
  if (!set) packageSets.set(list, (set = new Set(list)));
  return set;
}

/** The C library with its dependencies, which every base holds. */
function cLibrary(sizes: DebianSizes): ReadonlySet<string> {
  let set = cLibraries.get(sizes);
  if (!set) cLibraries.set(sizes, (set = new Set(aptClosure(['libc6'], sizes, new Set()))));
  return set;
}

export function estimateBefore(input: BeforeInput, data: BeforeData): BeforeEstimate {
  const base = sizeBaseImage(input.baseImage, data.baseImages);
  const parts: Part[] = [];
  const figures: Figure[] = [];
  const notes: string[] = [base.basis];
  if (base.figure !== null && input.baseImage !== null) {
    parts.push({ name: `${input.baseImage.raw} (base image)`, bytes: base.figure.bytes });
  }
  if (base.figure !== null) figures.push(base.figure);
  let label = base.label;

  if (input.installs.length > 0) {
    const entry = base.entry;
    const release = debianReleaseFor(input.baseImage, entry);
    const sizes = data.debian(release);
    const assumedBase = data.baseImages.distroBase[release];
    const own =
      entry && (entry.distro === 'debian' || entry.distro === 'ubuntu') ? entry.packages : null;
    const debianFamily = base.distro === 'debian' || base.distro === 'ubuntu';
    // Scratch holds nothing; an Alpine or RHEL base holds its own C library, not Debian's base system.
    const preinstalled =
      input.baseImage === null
        ? NOTHING
        : debianFamily
          ? packageSet(own ?? assumedBase.packages)
          : cLibrary(sizes);
    const minus =
      input.baseImage === null
        ? 'nothing (scratch)'
        : own
          ? "the image's own package list"
          : debianFamily
            ? `the packages assumed in the base: ${assumedBase.basis}`
            : 'the C library, which every base holds (its own package list is not Debian)';
    const byManager = new Map<PackageManager, { requested: string[]; translated: string[] }>();
    const unmatched: string[] = [];
    for (const install of input.installs) {
      const debian = debianNameFor(install.name, install.manager, data.equivalents, sizes);
      if (debian === null) {
        unmatched.push(install.name);
        continue;
      }
      const group = byManager.get(install.manager) ?? { requested: [], translated: [] };
      group.requested.push(debian);
      if (install.manager !== 'apt') group.translated.push(`${install.name} ≈ ${debian}`);
      byManager.set(install.manager, group);
    }
    const counted = new Set<string>();
    let addedCount = 0;
    for (const [manager, group] of byManager) {
      const added = aptClosure(group.requested, sizes, preinstalled).filter((n) => !counted.has(n));
      const { calibration, note } = installCalibration(manager, data.baseImages);
      let raw = 0;
      for (const name of added) {
        counted.add(name);
        const bytes = (sizes.get(name)?.kib ?? 0) * 1024;
        raw += bytes;
        parts.push({ name, bytes: Math.round(bytes * calibration.factor) });
      }
      addedCount += added.length;
      const figure = calibrated(raw, calibration);
      figures.push(figure);
      let text =
        `estimated: ${manager} installs add ${plural(added.length, 'package')}, ${formatBytes(figure.bytes)}` +
        ` (${formatBytes(figure.low)}–${formatBytes(figure.high)}; installed sizes of the dependency closure in the Debian ${release} index of ${sizes.date}, Depends only,` +
        ` × ${calibration.factor.toFixed(2)}: ${note};` +
        ` minus ${minus})`;
      if (group.translated.length > 0)
        text += `; sized as the equivalent Debian packages: ${group.translated.join(', ')}`;
      notes.push(text);
    }
    if (unmatched.length > 0)
      notes.push(`not in the size table, not counted: ${unmatched.join(', ')}`);
    if (addedCount > 0)
      label += ` + ${addedCount} installed package${addedCount === 1 ? '' : 's'} (calibrated estimate)`;
  }

  if (base.figure === null) {
    return { figure: null, kind: 'unknown', label, basis: notes.join('; '), parts };
  }
  return { figure: sum(figures), kind: base.kind, label, basis: notes.join('; '), parts };
}
