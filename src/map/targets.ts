// Turning rule targets into names the tool may emit: real catalog names, virtual
// names resolved to apk's preferred provider, private-only names only when the
// user's repositories include Chainguard's private repository.

import type { Catalog } from '../catalog/catalog.js';
import type { Finding } from '../model.js';
import { allowsPrivate, PRIVATE_REPOSITORY_HINT, type MapContext } from './context.js';

export type TargetResolution =
  | { kind: 'ok'; name: string; via: string | null }
  | { kind: 'private'; name: string; origin: string; on: string }
  | { kind: 'missing'; name: string };

export function resolveTarget(name: string, catalog: Catalog): TargetResolution {
  if (catalog.has(name)) return { kind: 'ok', name, via: null };
  const provider = catalog.resolve(name);
  if (provider) return { kind: 'ok', name: provider, via: name };
  const moved = catalog.privateOnly(name);
  if (moved) return { kind: 'private', name, origin: moved.origin, on: moved.on };
  return { kind: 'missing', name };
}

export type FindingDraft = Omit<Finding, 'line' | 'stage'>;

/** Resolve a list of targets, collecting findings for those that cannot be emitted. */
export function resolveTargets(
  targets: string[],
  ctx: MapContext,
  rule: string,
): { names: string[]; findings: FindingDraft[] } {
  const names: string[] = [];
  const findings: FindingDraft[] = [];
  const privateOk = allowsPrivate(ctx.repositories);
  for (const target of targets) {
    const r = resolveTarget(target, ctx.catalog);
    if (r.kind === 'ok') names.push(r.name);
    else if (r.kind === 'private' && privateOk) names.push(r.name);
    else if (r.kind === 'private') {
      findings.push({
        id: 'WF205',
        severity: 'error',
        message: `${r.name} (rule ${rule}) is available only from Chainguard's private repository (origin ${r.origin} left public Wolfi on ${r.on}); left out`,
        hint: PRIVATE_REPOSITORY_HINT,
      });
    } else {
      findings.push({
        id: 'WF211',
        severity: 'error',
        message: `rule ${rule} names ${r.name}, which is not in the Wolfi catalog; left out`,
        hint: 'fix the rule, or import a current APKINDEX with `wolfify catalog import`',
      });
    }
  }
  return { names: [...new Set(names)], findings };
}
