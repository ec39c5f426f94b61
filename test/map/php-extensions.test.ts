import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import type { MapContext } from '../../src/map/context.js';
import { mapPhpExtension, phpExtensionName } from '../../src/map/php-extensions.js';
import { matchInstaller } from '../../src/analyze/installers.js';
import { loadBuiltinInstallers } from '../../src/supply-chain.js';

const ctx: MapContext = {
  catalog: loadBuiltinCatalog(),
  rules: loadBuiltinRules(),
  repositories: ['https://packages.wolfi.dev/os'],
};

describe('PHP extensions', () => {
  it('map docker-php-ext-install names to the subpackages of the stage’s PHP', () => {
    const cases: [string, string[], string][] = [
      ['pdo_pgsql', ['php-8.4-pdo', 'php-8.4-pdo_pgsql'], 'phpExtensions:names:pdo_pgsql'],
      ['intl', ['php-8.4-intl'], 'phpExtensions:same-name'],
      ['zip', ['php-8.4-zip'], 'phpExtensions:same-name'],
      ['gd', ['php-8.4-gd'], 'phpExtensions:same-name'],
      ['opcache', ['php-8.4-opcache'], 'phpExtensions:same-name'],
      ['bcmath', ['php-8.4-bcmath'], 'phpExtensions:same-name'],
      ['mysqli', ['php-8.4-mysqlnd', 'php-8.4-mysqli'], 'phpExtensions:names:mysqli'],
    ];
    for (const [ext, to, rule] of cases)
      assert.deepEqual(mapPhpExtension(ext, 'php-8.4', ctx), { kind: 'mapped', to, rule }, ext);
  });

  it('map pecl and install-php-extensions names, with versions and renames', () => {
    assert.deepEqual(mapPhpExtension('redis', 'php-8.3', ctx), {
      kind: 'mapped',
      to: ['php-8.3-redis'],
      rule: 'phpExtensions:same-name',
    });
    assert.deepEqual(mapPhpExtension('xdebug-3.3.2', 'php-8.5', ctx), {
      kind: 'mapped',
      to: ['php-8.5-xdebug'],
      rule: 'phpExtensions:same-name',
    });
    assert.deepEqual(mapPhpExtension('mongodb', 'php-8.4', ctx), {
      kind: 'mapped',
      to: ['php-8.4-pecl-mongodb'],
      rule: 'phpExtensions:names:mongodb',
    });
    assert.deepEqual(mapPhpExtension('@composer', 'php-8.4', ctx), {
      kind: 'mapped',
      to: ['composer'],
      rule: 'phpExtensions:@composer',
    });
  });

  it('drop extensions compiled into Wolfi’s PHP, OPcache from PHP 8.5 on', () => {
    assert.deepEqual(mapPhpExtension('tokenizer', 'php-8.4', ctx), {
      kind: 'dropped',
      reason: "tokenizer is compiled into Wolfi's php-8.4; nothing to install",
      rule: 'phpExtensions:builtin:tokenizer',
    });
    assert.deepEqual(mapPhpExtension('opcache', 'php-8.5', ctx), {
      kind: 'dropped',
      reason: 'opcache is compiled into PHP 8.5 and later, so php-8.5 has it; nothing to install',
      rule: 'phpExtensions:builtinSince:opcache',
    });
    assert.equal(mapPhpExtension('Zend_OPcache', 'php-8.5', ctx).kind, 'dropped');
  });

  it('report an extension Wolfi does not package, with PHP subpackages as suggestions', () => {
    assert.deepEqual(mapPhpExtension('sqlite3', 'php-8.4', ctx), {
      kind: 'unknown',
      suggestions: ['php-8.4-pdo_sqlite'],
      rule: 'phpExtensions:same-name',
    });
  });

  it('read an extension name out of pecl and installer spellings', () => {
    assert.deepEqual(
      [
        'redis-6.0.2',
        'xdebug@3.3',
        'APCu',
        'pecl.php.net/apcu-5.1.23',
        'igbinary.tgz',
        '@composer-2.7.1',
      ].map(phpExtensionName),
      ['redis', 'xdebug', 'apcu', 'apcu', 'igbinary', '@composer'],
    );
  });

  it('recognise a download of install-php-extensions as an installer Wolfi packages replace', () => {
    const m = matchInstaller(
      'https://github.com/mlocati/docker-php-extension-installer/releases/latest/download/install-php-extensions',
      loadBuiltinInstallers(),
    );
    assert.deepEqual([m?.rule.id, m?.rule.package], ['php-extension-installer', null]);
  });
});
