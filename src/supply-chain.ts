// Supply-chain findings of one stage (WF401–WF405): downloads nobody verifies, ADD from a
// URL without --checksum, third-party package sources — and, where an installer URL is one
// Wolfi already packages (rules/installers.yaml), the Wolfi package that replaces it.

import { readFileSync } from 'node:fs';
import type { InstalledPackage, StageAnalysis } from './analyze/stage.js';
import {
  matchInstaller,
  parseInstallerRules,
  urlsInText,
  type InstallerMatch,
  type InstallerRule,
} from './analyze/installers.js';
import { builtinTable } from './builtin-data.js';
import type { Catalog } from './catalog/catalog.js';
import { WolfifyError } from './errors.js';
import { finding } from './findings.js';
import { allowsPrivate } from './map/context.js';
import { resolveTarget } from './map/targets.js';
import { resolveVersionFamily } from './map/version-family.js';
import type { Finding, PackageDecision, RunFact } from './model.js';
import { packageFile } from './package-path.js';

export const INSTALLER_RULES_FILE = 'rules/installers.yaml';

let builtin: InstallerRule[] | null = null;

/** The shipped installer rules, read once (compiled: src/builtin-data.ts). */
export function loadBuiltinInstallers(): InstallerRule[] {
  builtin ??= builtinTable('installers.yaml', compileBuiltinInstallers);
  return builtin;
}

/** rules/installers.yaml, parsed and validated. */
export function compileBuiltinInstallers(): InstallerRule[] {
  const path = packageFile('rules/installers.yaml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new WolfifyError('the built-in installer rules are missing; reinstall wolfify', 2, path);
  }
  return parseInstallerRules(text, INSTALLER_RULES_FILE);
}

/** The Wolfi package an installer stands for, or why there is none. */
export type InstallerChoice =
  { kind: 'package'; name: string; detail: string | null } | { kind: 'none'; reason: string };

export function chooseInstallerPackage(
  match: InstallerMatch,
  catalog: Catalog,
  repositories: readonly string[],
): InstallerChoice {
  const { rule, version } = match;
  if (rule.package === null)
    return { kind: 'none', reason: rule.note ?? 'no single Wolfi package replaces it' };
  if (rule.versionFamily && version) {
    const member = resolveVersionFamily(rule.versionFamily, version, catalog);
    if (member) {
      const wanted = `${rule.versionFamily}${version.replace(/^v/, '')}`;
      const detail = member.exact
        ? null
        : `it asks for ${version}; Wolfi has no ${wanted}, ${member.older ? 'newest' : 'nearest newer'}: ${member.name}`;
      return { kind: 'package', name: member.name, detail };
    }
  }
  const target = resolveTarget(rule.package, catalog);
  switch (target.kind) {
    case 'ok':
      return { kind: 'package', name: target.name, detail: null };
    case 'private':
      return allowsPrivate(repositories)
        ? { kind: 'package', name: target.name, detail: null }
        : {
            kind: 'none',
            reason: `Wolfi's ${target.name} moved to Chainguard's private repository on ${target.on}; add your organisation's repository (--repository https://apk.cgr.dev/<org>) to use it`,
          };
    case 'missing':
      return { kind: 'none', reason: `${rule.package} is not in the Wolfi catalog` };
  }
}

export interface SupplyChainOutcome {
  findings: Finding[];
  /** One per installer the stage runs that a Wolfi package replaces (manager `installer`). */
  decisions: PackageDecision[];
  /** The decision for a distro install the installer's repository provided, or null. */
  replacement(install: InstalledPackage, target: 'image' | 'build'): PackageDecision | null;
}

export interface SupplyChainContext {
  catalog: Catalog;
  repositories: readonly string[];
  installers?: readonly InstallerRule[];
}

export function supplyChain(
  analysis: StageAnalysis,
  role: 'image' | 'build',
  ctx: SupplyChainContext,
): SupplyChainOutcome {
  const stage = analysis.stage.id;
  const findings: Finding[] = [];
  const decisions: PackageDecision[] = [];
  /** Distro package name → the Wolfi package and rule that replace it in this stage. */
  const replaced = new Map<string, { name: string; rule: string }>();
  const rules = (): readonly InstallerRule[] => ctx.installers ?? loadBuiltinInstallers();

  for (const fact of analysis.facts) {
    if (fact.kind !== 'download' && fact.kind !== 'repository') continue;
    const urls = fact.kind === 'download' ? [fact.url] : urlsInText(fact.text);
    const match =
      urls.map((url) => matchInstaller(url, rules(), fact.kind)).find((m) => m !== null) ?? null;
    const choice = match ? chooseInstallerPackage(match, ctx.catalog, ctx.repositories) : null;
    const where = { line: fact.line, stage };
    const wolfi = !match || !choice ? '' : describeChoice(match.rule, choice);
    const warning = supplyChainWarning(fact, wolfi, choice?.kind === 'package', where);
    if (warning) findings.push(warning);
    if (!match || choice?.kind !== 'package') continue;

    const rule = `installers:${match.rule.id}`;
    for (const name of match.rule.replaces) replaced.set(name, { name: choice.name, rule });
    // A repository only says where later installs come from; those installs are replaced.
    if (fact.kind !== 'download' || decisions.some((d) => d.rule === rule)) continue;
    decisions.push({
      from: fact.url ?? match.rule.name,
      manager: 'installer',
      stage,
      line: fact.line,
      to: [choice.name],
      target: role,
      rule,
    });
    findings.push(
      finding(
        'WF405',
        `${match.rule.name} replaced by the Wolfi package ${choice.name}${choice.detail ? ` (${choice.detail})` : ''}`,
        where,
        { hint: 'Remove the download from the build; apko installs the package, signed.' },
      ),
    );
  }

  for (const instruction of analysis.stage.instructions) {
    if (instruction.kind !== 'add') continue;
    const urls = instruction.sources.filter((s) => /^https?:\/\//.test(s));
    if (urls.length > 0 && !instruction.checksum) {
      findings.push(
        finding(
          'WF403',
          `ADD ${urls.join(' ')} is not verified with --checksum`,
          { line: instruction.line, stage },
          {
            hint: 'Fetch it in melange with `uses: fetch` and `expected-sha256`, or add --checksum=sha256:….',
          },
        ),
      );
    }
  }

  return {
    findings,
    decisions,
    replacement(install, target) {
      const by = replaced.get(install.name);
      if (!by) return null;
      return {
        from: install.name,
        manager: install.manager,
        stage,
        line: install.line,
        to: [by.name],
        target,
        rule: by.rule,
      };
    },
  };
}

function describeChoice(rule: InstallerRule, choice: InstallerChoice): string {
  if (choice.kind === 'none') return `; ${rule.name}: ${choice.reason}`;
  return `; Wolfi packages the same software as ${choice.name}`;
}

// When a Wolfi package already replaces the download, the advice is to drop it, not to find one.
const REPLACED_HINT =
  'The conversion installs that Wolfi package instead (WF405); remove the download from the Dockerfile too.';

function supplyChainWarning(
  fact: RunFact,
  wolfi: string,
  replaced: boolean,
  where: { line: number; stage: string },
): Finding | null {
  if (fact.kind === 'repository') {
    return finding('WF404', `third-party package source: ${fact.text}${wolfi}`, where, {
      hint: 'Wolfi images trust only the repositories and keys listed in apko.yaml; find the package in Wolfi or add its repository there.',
    });
  }
  if (fact.kind !== 'download') return null;
  const url = fact.url ?? '(unknown URL)';
  if (fact.pipedTo) {
    return finding(
      'WF401',
      `${fact.tool} ${url} is piped into ${fact.pipedTo} without verification${wolfi}`,
      where,
      {
        hint: replaced
          ? REPLACED_HINT
          : 'Install the software from a Wolfi package, or fetch it in melange with a pinned checksum.',
      },
    );
  }
  if (!fact.verified) {
    return finding(
      'WF402',
      `${fact.tool} ${url} downloads without a checksum check${wolfi}`,
      where,
      {
        hint: replaced
          ? REPLACED_HINT
          : 'Verify the download (sha256sum -c) or fetch it in melange with `expected-sha256`.',
      },
    );
  }
  return null;
}
