// Wolfi keeps only supported versions of a runtime as separate packages
// (python-3.10 … python-3.14, nodejs-24, go-1.26). A requested version picks the
// matching one, or the nearest newer one when Wolfi no longer has it.

import type { Catalog } from '../catalog/catalog.js';
import { compareVersions } from '../catalog/version.js';

export interface VersionFamilyMatch {
  name: string;
  /** The family's own version (`3.12` of python-3.12). */
  version: string;
  /** True when the requested version (or its prefix, `3` → newest 3.x) is there. */
  exact: boolean;
  /** True when nothing new enough exists and an older version was chosen. */
  older: boolean;
}

/** A family member's own version: `3.12`, `18`, `1.26`. */
export const FAMILY_VERSION = /^\d+(\.\d+)*$/;

type Member = { name: string; version: string };

// A catalog's name list is one array for its lifetime, and every file of a batch asks for the
// same few families: the scan of its 11k names is done once per list and prefix.
const seen = new WeakMap<readonly string[], Map<string, readonly Member[]>>();

/** Members of a family, oldest first: real names only (`python-3` is a virtual name, not a member). */
export function familyMembers(prefix: string, names: Iterable<string>): Member[] {
  if (!Array.isArray(names)) return scanFamily(prefix, names);
  const list = names as readonly string[];
  let byPrefix = seen.get(list);
  if (!byPrefix) seen.set(list, (byPrefix = new Map()));
  let members = byPrefix.get(prefix);
  if (!members) byPrefix.set(prefix, (members = scanFamily(prefix, list)));
  return members.map((m) => ({ ...m }));
}

function scanFamily(prefix: string, names: Iterable<string>): Member[] {
  const out: { name: string; version: string }[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const version = name.slice(prefix.length);
    if (FAMILY_VERSION.test(version)) out.push({ name, version });
  }
  return out.sort((a, b) => compareVersions(a.version, b.version));
}

function components(version: string): number[] {
  return version.split('.').map(Number);
}

/** -1/0/1 comparing only the first n components. */
function comparePrefix(a: number[], b: number[], n: number): number {
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Pick among given members (oldest first) for a requested version such as `3.11.4`, `22`, `1.24` or null (newest). */
export function pickFamilyMember(
  members: { name: string; version: string }[],
  requested: string | null,
): VersionFamilyMatch | null {
  const newest = members[members.length - 1];
  if (!newest) return null;
  const wanted = requested?.match(/^v?(\d+(?:\.\d+)*)/)?.[1];
  if (!wanted) return { ...newest, exact: requested === null, older: false };
  const want = components(wanted);
  // Compare as many components as both the request and the family name have (3.11.4 vs 3.11; 3 vs 3.12).
  const matching = members.filter((m) => {
    const have = components(m.version);
    return comparePrefix(have, want, Math.min(have.length, want.length)) === 0;
  });
  const best = matching[matching.length - 1];
  if (best) return { ...best, exact: true, older: false };
  const newer = members.find((m) => {
    const have = components(m.version);
    return comparePrefix(have, want, Math.min(have.length, want.length)) > 0;
  });
  if (newer) return { ...newer, exact: false, older: false };
  return { ...newest, exact: false, older: true };
}

/**
 * The Wolfi version-family package for a requested version, e.g.
 * ('python-', '3.9') → python-3.10 (not exact), ('go-', '1.26.3') → go-1.26 (exact).
 * Null when the catalog has no member of the family.
 */
export function resolveVersionFamily(
  prefix: string,
  requested: string | null,
  catalog: Catalog,
): VersionFamilyMatch | null {
  return pickFamilyMember(familyMembers(prefix, catalog.names()), requested);
}

export interface SupportedPick {
  match: VersionFamilyMatch;
  /** The exact member, when only Chainguard's private repository has it and it may not be used. */
  privateExact: { name: string; origin: string; on: string } | null;
}

/**
 * The member for a requested version among those the repositories can install: public
 * Wolfi, plus the private-only names when `privateOk`. A version Wolfi no longer has
 * becomes the nearest newer one ("nearest supported, not older").
 */
export function pickSupportedMember(
  prefix: string,
  requested: string | null,
  catalog: Catalog,
  privateOk: boolean,
): SupportedPick | null {
  const names = privateOk ? [...catalog.names(), ...catalog.privateNames()] : catalog.names();
  const match = pickFamilyMember(familyMembers(prefix, names), requested);
  if (!match) return null;
  let privateExact: SupportedPick['privateExact'] = null;
  if (!match.exact && !privateOk) {
    const exact = pickFamilyMember(familyMembers(prefix, catalog.privateNames()), requested);
    const moved = exact?.exact ? catalog.privateOnly(exact.name) : null;
    if (exact && moved) privateExact = { name: exact.name, origin: moved.origin, on: moved.on };
  }
  return { match, privateExact };
}
