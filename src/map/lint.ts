// `rules list` and `rules lint`: the rule set as rows, and every rule target
// checked against the catalog (a rule naming a package Wolfi does not have is a bug).

import type { Catalog } from '../catalog/catalog.js';
import { ruleId } from './context.js';
import { SCRATCH_RULE, UNKNOWN_RULE } from './images.js';
import { PACKAGE_FAMILIES, type ImageRule, type RuleSet, type RuleSource } from './rules.js';
import { resolveTarget } from './targets.js';
import { familyMembers, pickFamilyMember } from './version-family.js';

export interface RuleRow {
  kind: 'map' | 'drop' | 'pattern' | 'image';
  /** Distro family, or `images`. */
  scope: string;
  name: string;
  /** Targets, or the drop reason. */
  value: string;
  rule: string;
  at: RuleSource;
}

export function listRules(rules: RuleSet): RuleRow[] {
  const rows: RuleRow[] = [];
  for (const family of PACKAGE_FAMILIES) {
    const r = rules.packages[family];
    for (const [name, m] of r.map) {
      rows.push({
        kind: 'map',
        scope: family,
        name,
        value: m.to.join(' '),
        rule: ruleId(`${family}:map:${name}`, m.at),
        at: m.at,
      });
    }
    for (const [name, d] of r.drop) {
      rows.push({
        kind: 'drop',
        scope: family,
        name,
        value: d.reason,
        rule: ruleId(`${family}:drop:${name}`, d.at),
        at: d.at,
      });
    }
    for (const p of r.patterns) {
      rows.push({
        kind: 'pattern',
        scope: family,
        name: p.match,
        value: p.to ? p.to.join(' ') : `drop: ${p.drop ?? ''}`,
        rule: ruleId(`${family}:pattern:${p.match}`, p.at),
        at: p.at,
      });
    }
  }
  for (const img of rules.images.values()) {
    rows.push({
      kind: 'image',
      scope: 'images',
      name: img.match.join(' '),
      value: `${img.family}: ${img.runtime.join(' ')}${img.build.length > 0 ? ` | build: ${img.build.join(' ')}` : ''}`,
      rule: ruleId(`images:${img.id}`, img.at),
      at: img.at,
    });
  }
  return rows;
}

export interface LintProblem {
  rule: string;
  file: string;
  line: number;
  target: string;
  message: string;
}

/** Targets of an image rule with its templates filled for the newest and the default version. */
function imageTargets(img: ImageRule, catalog: Catalog): string[] {
  const names = catalog.names();
  const pick = (
    prefix: string | null,
    versions: (string | null)[],
  ): { name: string; version: string }[] =>
    prefix === null
      ? [{ name: '', version: '' }]
      : versions
          .map((v) => pickFamilyMember(familyMembers(prefix, names), v))
          .flatMap((m) => (m ? [m] : []));
  const primaries = pick(img.versionFamily, [null, img.defaultVersion, ...img.aliases.values()]);
  const secondaries = pick(img.secondary?.versionFamily ?? null, [
    null,
    img.secondary?.default ?? null,
  ]);
  const templates = [
    ...img.runtime,
    ...img.build,
    ...[...img.variants.values()].flatMap((v) => [...(v.runtime ?? []), ...(v.build ?? [])]),
  ];
  const out = new Set<string>();
  for (const p of primaries) {
    for (const s of secondaries) {
      for (const t of templates) {
        out.add(
          t
            .replace(/\{family\}/g, p.name)
            .replace(/\{version\}/g, p.version)
            .replace(/\{secondary\}/g, s.name)
            .replace(/\{secondaryVersion\}/g, s.version),
        );
      }
    }
  }
  return [...out];
}

/** Every target a rule can emit must be a catalog name (real, virtual, or private-only). */
export function lintRules(rules: RuleSet, catalog: Catalog): LintProblem[] {
  const problems: LintProblem[] = [];
  const check = (rule: string, at: RuleSource, target: string): void => {
    if (target.includes('$')) return;
    if (resolveTarget(target, catalog).kind === 'missing') {
      const hints = catalog.suggest(target);
      problems.push({
        rule,
        file: at.file,
        line: at.line,
        target,
        message: `${target} is not in the Wolfi catalog${hints.length > 0 ? ` (did you mean ${hints.join(', ')}?)` : ''}`,
      });
    }
  };
  for (const family of PACKAGE_FAMILIES) {
    const r = rules.packages[family];
    for (const [name, m] of r.map)
      for (const t of m.to) check(ruleId(`${family}:map:${name}`, m.at), m.at, t);
  }
  // A PHP extension rule must name a subpackage of at least one PHP version.
  const phpFamilies = familyMembers('php-', [...catalog.names(), ...catalog.privateNames()]);
  for (const [ext, m] of rules.phpExtensions.names) {
    for (const suffix of m.to) {
      if (phpFamilies.some((f) => resolveTarget(`${f.name}-${suffix}`, catalog).kind !== 'missing'))
        continue;
      problems.push({
        rule: ruleId(`phpExtensions:names:${ext}`, m.at),
        file: m.at.file,
        line: m.at.line,
        target: `php-X.Y-${suffix}`,
        message: `no PHP version in the Wolfi catalog has php-X.Y-${suffix}`,
      });
    }
  }
  for (const img of rules.images.values()) {
    const rule = ruleId(`images:${img.id}`, img.at);
    if ((img.id !== SCRATCH_RULE && img.id !== UNKNOWN_RULE) || img.runtime.length > 0) {
      for (const t of imageTargets(img, catalog)) check(rule, img.at, t);
    }
  }
  return problems;
}
