// The image as it is today: the base image's measured size plus what the Dockerfile's
// package installs add — the Debian dependency closure of the requested packages, minus
// what the base already holds. apk/dnf/zypper installs are sized by the Debian package of
// the same software, and labelled so.

import type { ImageRef, PackageManager } from '../model.js';
import { debianReleaseFor, findBaseImage } from './base-image.js';
import type { BaseImagesData, DebianRelease, DebianSizes, SizeDebianData } from './data.js';
import { formatBytes, type Part } from './parts.js';

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
  bytes: number | null;
  basis: string;
  /** Every counted contribution: the base image, then each added Debian package. */
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

function baseName(ref: ImageRef): string {
  return ref.tag ? `${ref.repository}:${ref.tag}` : ref.repository;
}

export function estimateBefore(input: BeforeInput, data: BeforeData): BeforeEstimate {
  const parts: Part[] = [];
  const notes: string[] = [];
  let unknownReason: string | null = null;
  let entry = null;
  let preinstalled: string[] | null = null;
  if (input.baseImage === null) {
    notes.push('scratch base: 0 B');
  } else {
    const match = findBaseImage(input.baseImage, data.baseImages);
    if (match.kind === 'unknown') {
      unknownReason = match.reason;
    } else if (match.entry.bytes === null) {
      const compressed = match.entry.compressedBytes;
      unknownReason =
        `${match.key}: only the compressed size is in the data` +
        (compressed !== null ? ` (${formatBytes(compressed)} transferred)` : '') +
        `, not the size on disk (${match.entry.source})`;
    } else {
      entry = match.entry;
      const alias =
        match.how === 'exact'
          ? ''
          : match.how === 'alias'
            ? ` (the tag ${baseName(input.baseImage)} is ${match.key})`
            : ` (closest documented tag to ${baseName(input.baseImage)})`;
      parts.push({ name: `${match.key} (base image)`, bytes: match.entry.bytes });
      notes.push(
        `measured: ${match.key}${alias} is ${formatBytes(match.entry.bytes)} on disk` +
          `${match.entry.resolved ? ` as ${match.entry.resolved}` : ''}, built ${match.entry.created ?? 'on an unknown date'}` +
          ` (${match.entry.source})`,
      );
      if (match.entry.distro === 'debian' || match.entry.distro === 'ubuntu')
        preinstalled = match.entry.packages;
    }
  }

  if (input.installs.length > 0) {
    const release = debianReleaseFor(input.baseImage, entry);
    const sizes = data.debian(release);
    const assumedBase = data.baseImages.distroBase[release];
    const base = new Set(preinstalled ?? assumedBase.packages);
    const requested: string[] = [];
    const unmatched: string[] = [];
    const translated: string[] = [];
    for (const install of input.installs) {
      const debian = debianNameFor(install.name, install.manager, data.equivalents, sizes);
      if (debian === null) unmatched.push(install.name);
      else {
        requested.push(debian);
        if (install.manager !== 'apt')
          translated.push(`${install.manager} ${install.name} ≈ ${debian}`);
      }
    }
    const added = aptClosure(requested, sizes, base);
    let addedBytes = 0;
    for (const name of added) {
      const bytes = (sizes.get(name)?.kib ?? 0) * 1024;
      addedBytes += bytes;
      parts.push({ name, bytes });
    }
    const managers = [...new Set(input.installs.map((i) => i.manager))].join('/');
    let text =
      `estimated: ${managers} installs add ${added.length} packages, ${formatBytes(addedBytes)}` +
      ` (installed sizes of the dependency closure in the Debian ${release} index of ${sizes.date}, Depends only;` +
      ` minus ${preinstalled ? "the image's own package list" : `the packages assumed in the base: ${assumedBase.basis}`})`;
    if (translated.length > 0)
      text += `; sized as the equivalent Debian packages: ${translated.join(', ')}`;
    if (unmatched.length > 0)
      text += `; not in the size table, not counted: ${unmatched.join(', ')}`;
    notes.push(text);
  }

  if (unknownReason !== null) {
    return {
      bytes: null,
      basis: `unknown: ${unknownReason}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
      parts,
    };
  }
  return { bytes: parts.reduce((sum, p) => sum + p.bytes, 0), basis: notes.join('; '), parts };
}
