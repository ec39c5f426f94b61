import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carryOf, runs } from './helpers.js';

// Debian's Apache helpers → Wolfi's apache2 modules and its conf.d drop-ins.

test('a2enmod of httpd modules loads them from a conf.d drop-in, with their dependencies', () => {
  const c = carryOf('a2enmod rewrite ssl', 'a2enmod');
  assert.equal(c.fate, 'melange');
  assert.deepEqual(c.imagePackages, ['apache2']);
  assert.deepEqual(c.buildPackages, ['apache2']);
  const script = runs(c);
  // ssl needs socache_shmcb, as Debian's ssl.load says; each line comes from the package's httpd.conf.
  assert.match(script, /^for m in rewrite socache_shmcb ssl; do$/m);
  assert.match(script, /grep -m 1 "\^#LoadModule \$\{m\}_module " \/etc\/apache2\/httpd\.conf/);
  assert.match(
    script,
    /"\$\{\{targets\.destdir\}\}\/etc\/apache2\/conf\.d\/00-wolfify-modules\.conf"$/m,
  );
  assert.deepEqual(
    c.findings.map((f) => f.id),
    ['WF350'],
  );
});

test('a2enmod of a module packaged on its own installs that package', () => {
  const c = carryOf('a2enmod auth_openidc', 'a2enmod');
  assert.equal(c.fate, 'package');
  assert.deepEqual(c.imagePackages, ['mod-auth-openidc']);
  assert.equal(c.steps.length, 0);
});

test('a2enmod php8.2 is the php-8.2-apache package', () => {
  const c = carryOf('a2enmod php8.2', 'a2enmod');
  assert.equal(c.fate, 'package');
  assert.deepEqual(c.imagePackages, ['php-8.2-apache']);
});

test('a2enmod of a module no Wolfi package has is an error', () => {
  const c = carryOf('a2enmod wsgi', 'a2enmod');
  assert.equal(c.fate, 'dropped');
  assert.equal(c.findings[0]?.id, 'WF343');
  assert.match(c.findings[0]?.hint ?? '', /apache2-dev/);
});

test('switching the MPM is an error: Wolfi httpd.conf picks one', () => {
  const c = carryOf('a2enmod mpm_prefork', 'a2enmod');
  assert.equal(c.fate, 'dropped');
  assert.match(c.detail, /mpm_prefork/);
});

test('a2enconf moves the application conf into conf.d unless it is there already', () => {
  const c = carryOf('a2enconf app-headers', 'a2enconf');
  assert.equal(c.fate, 'melange');
  assert.match(
    runs(c),
    /test -f "\$\{\{targets\.destdir\}\}\/etc\/apache2\/conf\.d\/app-headers\.conf" \|\| mv "\$\{\{targets\.destdir\}\}\/etc\/apache2\/conf-available\/app-headers\.conf"/,
  );
});

test('a2ensite moves the site from sites-available', () => {
  const c = carryOf('a2ensite mysite.conf', 'a2ensite');
  assert.match(
    runs(c),
    /sites-available\/mysite\.conf" "\$\{\{targets\.destdir\}\}\/etc\/apache2\/conf\.d\/mysite\.conf"/,
  );
});

test("a2dissite 000-default is unneeded: Wolfi's apache2 has no Debian default site", () => {
  assert.equal(carryOf('a2dissite 000-default', 'a2dissite').fate, 'unneeded');
});

test("a2enconf of Debian's own configuration is an error", () => {
  const c = carryOf('a2enconf serve-cgi-bin', 'a2enconf');
  assert.equal(c.fate, 'dropped');
});

test('a2dismod is an error: a package cannot unload what httpd.conf loads', () => {
  assert.equal(carryOf('a2dismod status', 'a2dismod').fate, 'dropped');
});

test("AllowOverride edited in Debian's apache2.conf is a drop-in with the same sections", () => {
  const c = carryOf(
    "sed -i 's/AllowOverride None/AllowOverride All/g' /etc/apache2/apache2.conf",
    'sed',
  );
  assert.equal(c.fate, 'melange');
  const script = runs(c);
  assert.match(script, /conf\.d\/90-wolfify-line-1\.conf/);
  for (const dir of ['/', '/usr/share', '/var/www/'])
    assert.ok(script.includes(`<Directory ${dir}>\n    AllowOverride All\n</Directory>`), dir);
  assert.equal(c.findings[0]?.id, 'WF345');
});

test("another edit of Debian's apache2.conf stays an error naming the owner", () => {
  const c = carryOf("sed -i 's/Timeout 300/Timeout 60/' /etc/apache2/apache2.conf", 'sed');
  assert.equal(c.fate, 'dropped');
  assert.equal(c.findings[0]?.id, 'WF344');
});
