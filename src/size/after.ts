// The Wolfi image: every package apko installs — the config's packages and their runtime
// dependencies, virtual names resolved the way apk does — sized from the APKINDEX when the
// catalog came from one, else from the Debian packages of the same software.

import { BoundedCacheByOwner } from '../bounded-cache.js';
import type { Catalog } from '../catalog/catalog.js';
import { dependencyName } from '../catalog/version.js';
import type { Calibration, WolfiEquivalents } from './data.js';
import { formatBytes, type Part } from './parts.js';
import { exact, sum, widened, type Figure } from './range.js';
import { plural } from '../words.js';

export interface AfterEstimate {
  bytes: number | null;
  /** The range: exact for APKINDEX sizes, the measured errors of the Debian-equivalent estimate otherwise. */
  figure: Figure;
  /** True when every package was sized from an APKINDEX. */
  measured: boolean;
  basis: string;
  parts: Part[];
  /** The application packages (`name@local`), not sized. */
  application: string[];
}

/** `myapp@local`: the application built by melange into a local repository. */
export function isApplicationPackage(entry: string): boolean {
  return entry.includes('@');
}

export interface ApkClosure {
  /** Real package names, in the order first reached. */
  readonly packages: readonly string[];
  /** Names (asked for or depended on) that no package provides. */
  readonly missing: readonly string[];
}

/**
 * apk's view of what gets installed: real names, providers for virtual names, each once.
 * Images of a batch share their package sets: kept per catalog.
 */
export function apkClosure(roots: readonly string[], catalog: Catalog): ApkClosure {
  return keptClosures.of(catalog).get(roots.join('\n'), () => closureOf(roots, catalog));
}

/** Package sets whose closure is kept: the distinct images of a large batch. */
const keptClosures = new BoundedCacheByOwner<Catalog, string, ApkClosure>(1024);

function closureOf(roots: readonly string[], catalog: Catalog): ApkClosure {
  const packages: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const stack = roots.map(dependencyName).reverse();
  while (stack.length > 0) {
    const spec = stack.pop() as string;
    // `!musl`: a conflict, not something installed.
    if (spec.startsWith('!')) continue;
    const name = catalog.resolve(spec);
    if (name === null) {
      if (!missing.includes(spec)) missing.push(spec);
      continue;
    }
    if (seen.has(name)) continue;
    seen.add(name);
    packages.push(name);
    for (const dep of [...catalog.runtimeDeps(name)].reverse()) stack.push(dependencyName(dep));
  }
  return { packages, missing };
}

function listed(names: readonly string[], max = 6): string {
  return names.length <= max
    ? names.join(', ')
    : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export function estimateAfter(
  apkoPackages: readonly string[],
  catalog: Catalog,
  equivalents: WolfiEquivalents,
  calibration: Pick<Calibration, 'low' | 'high' | 'basis'> | null = null,
): AfterEstimate {
  const application = apkoPackages.filter(isApplicationPackage);
  const roots = apkoPackages.filter((p) => !isApplicationPackage(p));
  let { packages, missing } = apkClosure(roots, catalog);
  // Without an APKINDEX the closure lacks the shared libraries found at build time.
  const implied: string[] = [];
  if (catalog.kind === 'builtin') {
    const extra: string[] = [];
    for (const name of packages) {
      const hit = equivalents.implied(name);
      if (!hit) continue;
      if (!implied.includes(hit.image)) implied.push(hit.image);
      for (const p of hit.packages) if (!extra.includes(p)) extra.push(p);
    }
    if (extra.length > 0) ({ packages, missing } = apkClosure([...roots, ...extra], catalog));
  }
  const parts: Part[] = [];
  let measured = 0;
  let estimated = 0;
  let measuredBytes = 0;
  let estimatedBytes = 0;
  const unsized: string[] = [];
  for (const name of packages) {
    const installed = catalog.kind === 'apkindex' ? catalog.installedSize(name) : null;
    if (installed !== null) {
      measured++;
      measuredBytes += installed;
      parts.push({ name, bytes: installed });
      continue;
    }
    const eq = equivalents.get(name);
    if (eq === null) {
      unsized.push(name);
      continue;
    }
    estimated++;
    estimatedBytes += eq.kib * 1024;
    parts.push({ name, bytes: eq.kib * 1024 });
  }
  const notes: string[] = [];
  const total = parts.reduce((sum, p) => sum + p.bytes, 0);
  const closure = `${plural(packages.length, 'package')} (the config's ${apkoPackages.length - application.length} and their runtime dependencies)`;
  if (measured > 0) {
    notes.push(
      `measured: installed sizes of ${plural(measured, 'package')} from the APKINDEX ${catalog.source} (${catalog.date.slice(0, 10)})`,
    );
  }
  if (estimated > 0) {
    notes.push(
      `estimated: ${plural(estimated, 'package')} sized as the equivalent Debian packages` +
        `${catalog.kind === 'apkindex' ? ' (not in the APKINDEX)' : ' (no APKINDEX imported: run `wolfify catalog import` for measured sizes)'}` +
        (calibration
          ? `; range from this estimate's errors against published Chainguard image sizes (${calibration.basis})`
          : ''),
    );
  }
  if (implied.length > 0) {
    notes.push(
      `shared libraries taken from the package set of ${implied.join(', ')} (the built-in catalog lists declared runtime dependencies only)`,
    );
  }
  if (unsized.length > 0) notes.push(`no size known, not counted: ${listed(unsized)}`);
  if (missing.length > 0) notes.push(`not in the Wolfi catalog: ${listed(missing)}`);
  const estimatedFigure = calibration
    ? widened(exact(estimatedBytes), calibration)
    : exact(estimatedBytes);
  return {
    bytes: total,
    figure: sum([exact(measuredBytes), estimatedFigure]),
    measured: estimated === 0,
    basis: [`${closure}, ${formatBytes(total)}`, ...notes].join('; '),
    parts,
    application,
  };
}
