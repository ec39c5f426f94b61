// The size savings estimate: before (base image + installs) and after (the apko image +
// the application), each a range with the basis of its number. Pure: the shipped data is
// read once, then cached; the build context arrives as a file listing.

import type { Catalog } from '../catalog/catalog.js';
import type { ImageRef, PackageManager, SizeReport, SizeSide } from '../model.js';
import { estimateAfter } from './after.js';
import { copiedFromContext, type BuildContextFiles, type ContextCopy } from './application.js';
import { estimateBefore, type BeforeData } from './before.js';
import {
  loadBaseImages,
  loadDebianSizes,
  loadEquivalents,
  loadWolfiEquivalents,
  type WolfiEquivalents,
} from './data.js';
import { formatBytes, largest, type Part } from './parts.js';
import { difference, exact, sum, type Figure } from './range.js';
import { plural } from '../words.js';

export interface SizeInput {
  /** The final image's base (null = scratch), as parsed: registry/repository/tag. */
  baseImage: ImageRef | null;
  /** Packages the Dockerfile installs into the final image and keeps, with their manager. */
  installs: { name: string; manager: PackageManager }[];
  /** Installs left out of "before", and why (purged again, a branch that never runs on amd64/arm64). */
  excluded?: { name: string; why: string }[];
  /** contents.packages of the generated apko config (entries like `myapp@local` are the application: skip them). */
  apkoPackages: string[];
  catalog: Catalog;
  /** COPY/ADD from the build context into the image. */
  contextCopies?: ContextCopy[];
  /** The build context as listed by the front end; absent when it is not on disk (stdin). */
  context?: BuildContextFiles | null;
  /** Dependency installs by language tools in the image's stages: on both sides, not sized. */
  languageInstalls?: { tool: string; line: number; text: string }[];
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

function side(
  figure: Figure | null,
  kind: SizeSide['kind'],
  label: string,
  basis: string,
  parts: Part[],
): SizeSide {
  return {
    bytes: figure?.bytes ?? null,
    low: figure?.low ?? null,
    high: figure?.high ?? null,
    kind,
    label,
    basis,
    top: largest(parts),
  };
}

function listed(names: string[], max = 6): string {
  return names.length <= max
    ? names.join(', ')
    : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export function estimateSize(input: SizeInput, data: SizeData = builtinSizeData()): SizeReport {
  const before = estimateBefore(input, data);
  const beforeBasis =
    input.excluded && input.excluded.length > 0
      ? `${before.basis}; not counted (not in the image): ${listed(input.excluded.map((e) => `${e.name} (${e.why})`))}`
      : before.basis;
  const packages = estimateAfter(
    input.apkoPackages,
    input.catalog,
    data.wolfi,
    data.baseImages.calibration.after,
  );

  // The application: the context files the image copies, when the context is on disk.
  const copies = input.contextCopies ?? [];
  const notCounted: string[] = [];
  let application: string;
  let applicationFigure: Figure | null = null;
  if (copies.length === 0) {
    application = 'the image copies nothing from the build context';
  } else if (!input.context) {
    application = `not counted: the build context is not on disk (COPY/ADD on line${copies.length > 1 ? 's' : ''} ${copies.map((c) => c.line).join(', ')})`;
    notCounted.push(
      `the application's files: convert a Dockerfile inside its build context to count them`,
    );
  } else {
    const app = copiedFromContext(copies, input.context);
    applicationFigure = exact(app.bytes);
    application =
      `${formatBytes(app.bytes)} in ${plural(app.files, 'file')} copied from the build context (.dockerignore honoured)` +
      `${input.context.truncated ? '; the context listing stopped at its limit, so this is a lower bound' : ''}` +
      `${app.unmatched.length > 0 ? `; sources matching no file: ${app.unmatched.join(', ')}` : ''}`;
  }
  for (const install of input.languageInstalls ?? []) {
    notCounted.push(
      `dependencies installed by ${install.tool} (line ${install.line}: ${install.text}): in the image on both sides; ` +
        `build the melange package and read its installed size (\`apk info -s\`, or \`du -sh\` of its install directory) to count them`,
    );
  }

  const afterParts = [...packages.parts];
  const figures = [packages.figure];
  if (applicationFigure !== null) {
    afterParts.push({ name: 'application (build context)', bytes: applicationFigure.bytes });
    figures.push(applicationFigure);
  }
  const after = sum(figures);
  const afterKind: SizeSide['kind'] = packages.measured ? 'measured' : 'estimate';
  const afterLabel =
    `${packages.measured ? 'measured: APKINDEX installed sizes' : 'estimate: Wolfi packages sized as their Debian equivalents'}` +
    `${applicationFigure !== null ? ' + the application files from the build context' : ''}`;
  const afterBasis = `${packages.basis}; application: ${application}`;

  const beforeSide = side(before.figure, before.kind, before.label, beforeBasis, before.parts);
  const afterSide = side(after, afterKind, afterLabel, afterBasis, afterParts);
  const saved = before.figure !== null ? difference(before.figure, after) : null;
  const savedPercent =
    saved !== null && before.figure !== null && before.figure.bytes > 0
      ? Math.round((saved.bytes / before.figure.bytes) * 1000) / 10
      : null;
  return {
    before: beforeSide,
    after: afterSide,
    savedBytes: saved?.bytes ?? null,
    savedPercent,
    savedLow: saved?.low ?? null,
    savedHigh: saved?.high ?? null,
    application:
      packages.application.length > 0
        ? `${packages.application.join(', ')}: ${application}`
        : application,
    notCounted,
  };
}

export { formatBytes } from './parts.js';
export { findBaseImage, debianReleaseFor, sizeBaseImage } from './base-image.js';
export { apkClosure } from './after.js';
export { aptClosure } from './before.js';
export type { BuildContextFiles, ContextCopy } from './application.js';
export { languageInstalls } from './application.js';
