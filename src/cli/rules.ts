import type { Command } from 'commander';
import { WolfifyError } from '../errors.js';
import { PRIVATE_REPOSITORY_HINT } from '../map/context.js';
import { lintRules, listRules, type RuleRow } from '../map/lint.js';
import { mapPackage, type PackageMapping } from '../map/packages.js';
import { loadRuleFile, PACKAGE_FAMILIES, type PackageFamily } from '../map/rules.js';
import { plural } from '../words.js';
import { readSettingsFile } from '../workspace/files.js';
import { catalogInUse, resolveRuleContext, type RuleFlags } from '../workspace/settings.js';
import { addRuleFlags } from './options.js';

// `wolfify rules explain|list|lint`: the rule set made visible. Explain says what a
// package becomes and which rule (file:line) decided; list shows every rule; lint checks
// a user's rule file the way `convert` will read it, and every target against the catalog.

interface ExplainFlags extends RuleFlags {
  distro?: string;
  json?: boolean;
}

interface ListFlags extends RuleFlags {
  distro?: string;
  images?: boolean;
  json?: boolean;
}

// Distribution names people type, to the family whose package names they use.
const DISTRO_NAMES: Record<string, PackageFamily> = {
  debian: 'debian',
  ubuntu: 'debian',
  apt: 'debian',
  alpine: 'alpine',
  apk: 'alpine',
  fedora: 'fedora',
  rhel: 'fedora',
  ubi: 'fedora',
  centos: 'fedora',
  rocky: 'fedora',
  dnf: 'fedora',
  yum: 'fedora',
  suse: 'suse',
  opensuse: 'suse',
  sles: 'suse',
  zypper: 'suse',
};

function families(distro: string | undefined): readonly PackageFamily[] {
  if (distro === undefined) return PACKAGE_FAMILIES;
  const family = DISTRO_NAMES[distro.toLowerCase()];
  if (!family)
    throw new WolfifyError(
      `--distro ${distro}: expected one of ${PACKAGE_FAMILIES.join(', ')} (or ubuntu, rhel, opensuse…)`,
      2,
    );
  return [family];
}

export function registerRules(program: Command): void {
  const rules = program
    .command('rules')
    .description('explain, list and check the rules that map packages and base images to Wolfi');

  addRuleFlags(
    rules
      .command('explain')
      .description('what a distro package becomes in Wolfi, and the rule that decides it')
      .argument('<package>', 'a package name as apt, apk, dnf or zypper know it')
      .option(
        '--distro <family>',
        `whose package name it is: ${PACKAGE_FAMILIES.join(', ')} (default: all)`,
      )
      .option('--json', 'print the decisions as one JSON object'),
  ).action(async (name: string, flags: ExplainFlags) => {
    const wanted = families(flags.distro);
    const context = await resolveRuleContext(flags, process.cwd());
    const explanation = explain(name, wanted, context);
    process.stdout.write(
      flags.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation),
    );
  });

  addRuleFlags(
    rules
      .command('list')
      .description('every package rule (or, with --images, every base-image rule) in use')
      .option('--distro <family>', `only this family's rules: ${PACKAGE_FAMILIES.join(', ')}`)
      .option('--images', 'list the base-image rules instead of the package rules')
      .option('--json', 'print the rules as one JSON array'),
  ).action(async (flags: ListFlags) => {
    const wanted = new Set<string>(families(flags.distro));
    const context = await resolveRuleContext(flags, process.cwd());
    const rows = listRules(context.rules).filter((row) =>
      flags.images ? row.kind === 'image' : row.kind !== 'image' && wanted.has(row.scope),
    );
    process.stdout.write(
      flags.json ? `${JSON.stringify(rows, null, 2)}\n` : rows.map(formatRow).join(''),
    );
  });

  rules
    .command('lint')
    .description('check rule files: their format, and that every target is a Wolfi package')
    .argument('<files...>', 'rule files (YAML)')
    .action(async (files: string[]) => {
      const problems: string[] = [];
      let checked = 0;
      let bad = 0;
      for (const file of files) {
        const found = await lintFile(file);
        problems.push(...found.problems);
        checked += found.rules;
        if (found.problems.length > 0) bad += 1;
      }
      process.stdout.write(problems.map((p) => `${p}\n`).join(''));
      if (problems.length > 0) {
        process.stderr.write(
          `wolfify: ${plural(problems.length, 'problem')} in ${bad} of ${plural(files.length, 'file')}\n`,
        );
        process.exitCode = 1;
      } else {
        process.stderr.write(
          `wolfify: ${plural(files.length, 'file')}, ${plural(checked, 'rule')}: no problems\n`,
        );
      }
    });
}

// ---------------------------------------------------------------- explain

export interface PackageExplanation {
  distro: PackageFamily;
  kind: PackageMapping['kind'];
  to: string[];
  rule: string;
  /** Where the rule is written; null for decisions made from the catalog itself. */
  at: { file: string; line: number } | null;
  reason?: string;
  note?: string;
  suggestions?: string[];
  /** For `private`: the origin that left public Wolfi, when, and what to do. */
  origin?: string;
  on?: string;
  hint?: string;
}

export interface Explanation {
  package: string;
  decisions: PackageExplanation[];
  catalog: { kind: string; source: string; date: string };
}

function explain(
  name: string,
  wanted: readonly PackageFamily[],
  context: Awaited<ReturnType<typeof resolveRuleContext>>,
): Explanation {
  const ctx = {
    catalog: context.catalog,
    rules: context.rules,
    repositories: context.repositories,
  };
  // A rule id names its rule; the listing knows where each one is written.
  const where = new Map(listRules(context.rules).map((row) => [row.rule, row.at]));
  const decisions = wanted.map((distro): PackageExplanation => {
    const mapping = mapPackage(name, distro, ctx);
    const at = where.get(mapping.rule);
    const base = {
      distro,
      kind: mapping.kind,
      rule: mapping.rule,
      at: at ? { file: at.file, line: at.line } : null,
    };
    switch (mapping.kind) {
      case 'mapped':
        return { ...base, to: mapping.to, ...(mapping.note ? { note: mapping.note } : {}) };
      case 'dropped':
        return { ...base, to: [], reason: mapping.reason };
      case 'unknown':
        return { ...base, to: [], suggestions: mapping.suggestions };
      case 'private':
        return {
          ...base,
          to: mapping.to,
          origin: mapping.origin,
          on: mapping.on,
          hint: PRIVATE_REPOSITORY_HINT,
        };
    }
  });
  const { kind, source, date } = context.catalog;
  return { package: name, decisions, catalog: { kind, source, date } };
}

function formatExplanation(e: Explanation): string {
  const lines: string[] = [];
  for (const d of e.decisions) {
    const head = `${e.package} (${d.distro})`;
    switch (d.kind) {
      case 'mapped':
        lines.push(`${head} → ${d.to.join(', ')}`);
        break;
      case 'dropped':
        lines.push(`${head} → dropped: ${d.reason ?? ''}`);
        break;
      case 'private':
        lines.push(`${head} → ${d.to.join(', ')}: only in Chainguard's private repository`);
        lines.push(
          `  ${d.origin ?? ''} left public Wolfi on ${d.on ?? ''}; to use it, ${d.hint ?? ''}`,
        );
        break;
      case 'unknown':
        lines.push(`${head} → unknown: no rule maps it and the Wolfi catalog has no such name`);
        if (d.suggestions && d.suggestions.length > 0)
          lines.push(`  did you mean: ${d.suggestions.join(', ')}?`);
        break;
    }
    lines.push(`  rule: ${d.rule}${d.at ? ` (${d.at.file}:${d.at.line})` : ''}`);
    if (d.note) lines.push(`  note: ${d.note}`);
  }
  lines.push(
    `catalog: ${e.catalog.kind} ${e.catalog.source} (${e.catalog.date || 'date unknown'})`,
  );
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- list

function formatRow(row: RuleRow): string {
  const value = row.kind === 'drop' ? `dropped: ${row.value}` : row.value;
  return `${row.scope.padEnd(7)} ${row.kind.padEnd(8)} ${row.name} → ${value}  (${row.at.file}:${row.at.line})\n`;
}

// ---------------------------------------------------------------- lint

/** Problems as `file:line: message` lines, and how many rules the file holds. */
async function lintFile(file: string): Promise<{ problems: string[]; rules: number }> {
  const text = await readSettingsFile(file, file, 'rule file');
  let set;
  try {
    set = loadRuleFile(text, file);
  } catch (e) {
    // A file that does not load is the first thing lint reports, not a crash of the command.
    if (e instanceof WolfifyError) return { problems: [e.describe()], rules: 0 };
    throw e;
  }
  const problems = lintRules(set, catalogInUse()).map(
    // The rule id without its `@file:line`: the line already says where.
    (p) => `${p.file}:${p.line}: rule ${p.rule.split('@')[0] ?? p.rule}: ${p.message}`,
  );
  return { problems, rules: listRules(set).length };
}
