import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPhpExtensionInstall, phpExtensionRequests } from '../../src/analyze/php.js';
import { facts } from './helpers.js';

test('reads the extensions of docker-php-ext-install, pecl install and install-php-extensions', () => {
  const found = phpExtensionRequests(
    facts(
      'docker-php-ext-install -j"$(nproc)" pdo_pgsql intl && pecl install redis-6.1.0 && pecl channel-update pecl.php.net && install-php-extensions gd',
    ),
  );
  assert.deepEqual(
    found.map((r) => [r.name, r.via]),
    [
      ['pdo_pgsql', 'docker-php-ext-install'],
      ['intl', 'docker-php-ext-install'],
      ['redis-6.1.0', 'pecl'],
      ['gd', 'install-php-extensions'],
    ],
  );
});

test('treats extension configure, enable and install commands as done by packages', () => {
  const commands = facts(
    'docker-php-ext-configure gd --with-jpeg && docker-php-ext-enable redis && make',
  );
  assert.deepEqual(commands.map(isPhpExtensionInstall), [true, true, false]);
});
