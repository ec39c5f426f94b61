// The size savings estimate: before (base image + installs) and after (the apko image),
// each with the basis of its number. Pure: the shipped data is read once, then cached.

import type { Catalog } from '../catalog/catalog.js';
import type { ImageRef, PackageManager, SizeReport, SizeSide } from '../model.js';
import { estimateAfter } from './after.js';
import { estimateBefore, type BeforeData } from './before.js';
import {
  loadBaseImages,
  loadDebianSizes,
  loadEquivalents,
  loadWolfiEquivalents,
  type WolfiEquivalents,
} from './data.js';
import { largest, type Part } from './parts.js';

export interface SizeInput {
  /** The final image's base (null = scratch), as parsed: registry/repository/tag. */
  baseImage: ImageRef | null;
  /** Packages the Dockerfile installs into the final image (not build-only), with their manager. */
  installs: { name: string; manager: PackageManager }[];
  /** contents.packages of the generated apko config (entries like `myapp@local` are the application: skip them). */
  apkoPackages: string[];
  catalog: Catalog;
}

/** The data the estimate reads; the shipped files unless a test passes its own. */
export interface SizeData extends BeforeData {
  wolfi: WolfiEquivalents;
}

export function builtinSizeData(): SizeData {
  return {
    baseImages: loadBaseImages(),
    debian: loadDebianSizes,
    equivalents: loadEquivalents(),
    wolfi: loadWolfiEquivalents(),
  };
}

function side(bytes: number | null, basis: string, parts: Part[]): SizeSide {
  return { bytes, basis, top: largest(parts) };
}

export function estimateSize(input: SizeInput, data: SizeData = builtinSizeData()): SizeReport {
  const before = estimateBefore(input, data);
  const after = estimateAfter(input.apkoPackages, input.catalog, data.wolfi);
  const savedBytes =
    before.bytes !== null && after.bytes !== null ? before.bytes - after.bytes : null;
  const savedPercent =
    savedBytes !== null && before.bytes !== null && before.bytes > 0
      ? Math.round((savedBytes / before.bytes) * 1000) / 10
      : null;
  return {
    before: side(before.bytes, before.basis, before.parts),
    after: side(after.bytes, after.basis, after.parts),
    savedBytes,
    savedPercent,
    application:
      after.application.length > 0
        ? `${after.application.join(', ')}: the application's own files, unknown until built; not counted on either side`
        : 'no application package in the image',
  };
}

export { formatBytes } from './parts.js';
export { findBaseImage, debianReleaseFor } from './base-image.js';
export { apkClosure } from './after.js';
export { aptClosure } from './before.js';
