// PHP extensions → Wolfi packages. Docker's php images build extensions from source
// (`docker-php-ext-install pdo_pgsql`, `pecl install redis`, `install-php-extensions gd`);
// Wolfi ships each one as a subpackage of the PHP version in use: php-8.4-pdo_pgsql.
// The data is the `phpExtensions:` section of the rules (rules/images.yaml).

import { ruleId, type MapContext } from './context.js';
import { tryTargets, type PackageMapping } from './packages.js';

/**
 * The extension's name as PHP knows it: lower case, without a pecl version or channel
 * (`redis-6.0.2`, `xdebug@3.3`, `pecl.php.net/apcu-5.1.23` → redis, xdebug, apcu).
 */
export function phpExtensionName(raw: string): string {
  const base = raw.trim().toLowerCase().split('/').pop() ?? '';
  const name = base.replace(/\.(tgz|tar\.gz)$/, '');
  // install-php-extensions options start with @ (`@composer-2.7.1`).
  if (name.startsWith('@')) return `@${name.slice(1).replace(/[-@].*$/, '')}`;
  return name.replace(/[-@].*$/, '');
}

function phpVersion(phpFamily: string): string | null {
  return /^php-(\d+\.\d+)$/.exec(phpFamily)?.[1] ?? null;
}

function notOlder(version: string, since: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = since.split('.').map(Number);
  return a !== c ? a > c : b >= d;
}

/**
 * One extension for the PHP of a stage. `phpFamily` is the stage's version-family package
 * (`BaseImageDecision.versionFamily`, e.g. `php-8.4`). Mapped: the subpackages to install;
 * dropped: compiled into that PHP already; unknown: no such subpackage, with suggestions.
 */
export function mapPhpExtension(raw: string, phpFamily: string, ctx: MapContext): PackageMapping {
  const ext = phpExtensionName(raw);
  const rules = ctx.rules.phpExtensions;
  // install-php-extensions installs Composer too; Wolfi packages it on its own.
  if (ext === '@composer') {
    const m = tryTargets(['composer'], 'phpExtensions:@composer', ctx);
    if (m) return m;
  }
  const renamed = rules.names.get(ext);
  const suffixes = renamed?.to ?? [ext];
  const rule = renamed
    ? ruleId(`phpExtensions:names:${ext}`, renamed.at)
    : 'phpExtensions:same-name';
  const mapped = tryTargets(
    suffixes.map((s) => `${phpFamily}-${s}`),
    rule,
    ctx,
  );
  if (mapped) return mapped;

  // The extension's canonical name (zend_opcache → opcache) decides whether it is built in.
  const names = [ext, ...(suffixes.length === 1 ? suffixes : [])];
  for (const name of names) {
    const builtin = rules.builtin.get(name);
    if (builtin) {
      return {
        kind: 'dropped',
        reason: `${name} is compiled into Wolfi's ${phpFamily}; nothing to install`,
        rule: ruleId(`phpExtensions:builtin:${name}`, builtin),
      };
    }
    const since = rules.builtinSince.get(name);
    const version = phpVersion(phpFamily);
    if (since && version && notOlder(version, since.version)) {
      return {
        kind: 'dropped',
        reason: `${name} is compiled into PHP ${since.version} and later, so ${phpFamily} has it; nothing to install`,
        rule: ruleId(`phpExtensions:builtinSince:${name}`, since.at),
      };
    }
  }
  return {
    kind: 'unknown',
    suggestions: ctx.catalog
      .suggest(`${phpFamily}-${suffixes[0] ?? ext}`, 6)
      .filter((n) => n.startsWith(`${phpFamily}-`) && !n.endsWith('-config'))
      .slice(0, 3),
    rule,
  };
}
