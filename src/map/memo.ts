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
// rule set and catalog. Results are shared: callers must not change them.

type Answers<T> = Map<string, T>;
const cache = new WeakMap<RuleSet, WeakMap<Catalog, Answers<unknown>>>();

function answers<T>(ctx: MapContext): Answers<T> {
  let byCatalog = cache.get(ctx.rules);
  if (!byCatalog) cache.set(ctx.rules, (byCatalog = new WeakMap()));
  let found = byCatalog.get(ctx.catalog);
  if (!found) byCatalog.set(ctx.catalog, (found = new Map()));
  return found as Answers<T>;
}

function remembered<T>(ctx: MapContext, key: string, decide: () => T): T {
  const known = answers<T>(ctx);
  const full = `${ctx.repositories.join(' ')}\u0000${key}`;
  let value = known.get(full);
  if (value === undefined) {
    value = decide();
    known.set(full, value);
  }
  return value;
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
