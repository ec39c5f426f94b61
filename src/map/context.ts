// What every mapping decision needs: the catalog, the rules, and the user's
// repositories (which decide whether private-only packages may be emitted).

import type { Catalog } from '../catalog/catalog.js';
import type { DistroFamily, PackageManager } from '../model.js';
import type { RuleSet, RuleSource } from './rules.js';

export interface MapContext {
  catalog: Catalog;
  rules: RuleSet;
  /** apk repositories the generated config will use. */
  repositories: string[];
}

/** The package manager says whose names a package list uses, whatever the base image is. */
export const MANAGER_FAMILY: Readonly<Record<PackageManager, DistroFamily>> = {
  apt: 'debian',
  apk: 'alpine',
  dnf: 'fedora',
  zypper: 'suse',
};

export const PUBLIC_WOLFI_REPOSITORY = 'https://packages.wolfi.dev/os';
export const PRIVATE_REPOSITORY_HINT =
  "add your organisation's Chainguard repository (https://apk.cgr.dev/<org>) to the repositories (config `repositories:` or --repository) and authenticate with `chainctl auth configure-docker`";

/** Chainguard's private repository for an organisation is https://apk.cgr.dev/<org>. */
export function allowsPrivate(repositories: readonly string[]): boolean {
  return repositories.some((r) => /^(https?:\/\/)?apk\.cgr\.dev\/[^/]+/.test(r.trim()));
}

/** A rule id as shown to users; user rules say which file they came from. */
export function ruleId(id: string, at: RuleSource | null): string {
  return at && !at.builtin ? `${id}@${at.file}:${at.line}` : id;
}
