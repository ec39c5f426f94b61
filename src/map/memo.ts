import { BoundedCacheByOwner } from '../bounded-cache.js';
import type { Catalog } from '../catalog/catalog.js';
import type { DistroFamily, ImageRef } from '../model.js';
import type { MapContext } from './context.js';
import { mapBaseImage as decideBaseImage, type BaseImageDecision } from './images.js';
import { mapPackage as decidePackage, type PackageMapping } from './packages.js';
import { mapPhpExtension as decidePhpExtension } from './php-extensions.js';
import type { RuleSet } from './rules.js';

// A decision depends only on the rules, the catalog, the repositories and the name, and
// a batch run asks for the same names thousands of times (rules, patterns, version
// families and suggestions cost ~1 ms a file), so each answer is kept for the same
// rule set and catalog, up to a bound. Results are shared: callers must not change them.

/** Answers kept per rule set and catalog: the distinct names of more than a large batch. */
const KEPT_ANSWERS = 8192;
const cache = new WeakMap<RuleSet, BoundedCacheByOwner<Catalog, string, unknown>>();

function remembered<T>(ctx: MapContext, key: string, decide: () => T): T {
  let byCatalog = cache.get(ctx.rules);
  if (!byCatalog) cache.set(ctx.rules, (byCatalog = new BoundedCacheByOwner(KEPT_ANSWERS)));
  const full = `${repositoriesKey(ctx.repositories)}\u0000${key}`;
  return byCatalog.of(ctx.catalog).get(full, decide) as T;
}

// The same repositories array comes with every name of a conversion: joined once.
const joinedRepositories = new WeakMap<readonly string[], string>();

function repositoriesKey(repositories: readonly string[]): string {
  let joined = joinedRepositories.get(repositories);
  if (joined === undefined) joinedRepositories.set(repositories, (joined = repositories.join(' ')));
  return joined;
}

export function mapPackage(
  name: string,
  family: DistroFamily,
  ctx: MapContext,
  streams: readonly string[] = [],
): PackageMapping {
  return remembered(ctx, `package\u0000${family}\u0000${streams.join(' ')}\u0000${name}`, () =>
    decidePackage(name, family, ctx, streams),
  );
}

export function mapBaseImage(image: ImageRef | null, ctx: MapContext): BaseImageDecision {
  return remembered(ctx, `image\u0000${JSON.stringify(image)}`, () => decideBaseImage(image, ctx));
}

export function mapPhpExtension(name: string, phpFamily: string, ctx: MapContext): PackageMapping {
  return remembered(ctx, `php-extension\u0000${phpFamily}\u0000${name}`, () =>
    decidePhpExtension(name, phpFamily, ctx),
  );
}
