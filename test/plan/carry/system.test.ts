import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalog, carryOf, carryRun, runs } from './helpers.js';

// Distro mechanics, filesystem set-up, configuration edits, housekeeping, and what is left.

const fates: {
  name: string;
  script: string;
  program: string;
  fate: string;
  image?: string[];
  detail?: RegExp;
  env?: Record<string, string>;
  workdir?: string;
}[] = [
  {
    name: 'locale-gen names the glibc locale package',
    script: 'locale-gen en_US.UTF-8 de_DE.UTF-8',
    program: 'locale-gen',
    fate: 'package',
    image: ['glibc-2.43-locale-en', 'glibc-2.43-locale-de'],
  },
  {
    name: 'localedef names the glibc locale package',
    script: 'localedef -i fr_FR -c -f UTF-8 -A /usr/share/locale/locale.alias fr_FR.UTF-8',
    program: 'localedef',
    fate: 'package',
    image: ['glibc-2.43-locale-fr'],
  },
  {
    name: 'dpkg-reconfigure locales takes the locale from LANG',
    script: 'dpkg-reconfigure -f noninteractive locales',
    program: 'dpkg-reconfigure',
    fate: 'package',
    image: ['glibc-2.43-locale-es'],
    env: { LANG: 'es_ES.UTF-8' },
  },
  {
    name: 'C.UTF-8 is built into glibc',
    script: 'locale-gen C.UTF-8',
    program: 'locale-gen',
    fate: 'unneeded',
  },
  {
    name: 'update-ca-certificates is the CA bundle package',
    script: 'update-ca-certificates',
    program: 'update-ca-certificates',
    fate: 'package',
    image: ['ca-certificates-bundle'],
  },
  {
    name: 'ldconfig is unneeded',
    script: 'ldconfig',
    program: 'ldconfig',
    fate: 'unneeded',
    detail: /trigger/,
  },
  {
    name: 'chpasswd is unneeded: apko users have no password',
    script: 'echo "app:secret" | chpasswd',
    program: 'chpasswd',
    fate: 'unneeded',
    detail: /no password/,
  },
  {
    name: 'debconf-set-selections is unneeded',
    script: 'echo "tzdata tzdata/Areas select Etc" | debconf-set-selections',
    program: 'debconf-set-selections',
    fate: 'unneeded',
  },
  {
    name: 'dpkg -i of software Wolfi ships is its package',
    script: 'dpkg -i /tmp/jq_1.7.1-3_amd64.deb',
    program: 'dpkg',
    fate: 'package',
    image: ['jq'],
  },
  {
    name: 'dpkg -i of software Wolfi lacks is an error',
    script: 'dpkg -i /tmp/acme-agent_2.0_amd64.deb',
    program: 'dpkg',
    fate: 'dropped',
  },
  {
    name: 'dpkg-divert is an error with the way out',
    script: 'dpkg-divert --local --rename --add /sbin/initctl',
    program: 'dpkg-divert',
    fate: 'dropped',
    detail: /replaces/,
  },
  {
    name: 'update-alternatives --install is a symlink in apko paths',
    script: 'update-alternatives --install /usr/bin/python python /usr/bin/python3 1',
    program: 'update-alternatives',
    fate: 'apko',
  },
  {
    name: 'docker-php-ext-install is the PHP extension packages',
    script: 'docker-php-ext-install pdo_mysql',
    program: 'docker-php-ext-install',
    fate: 'package',
  },
  {
    name: 'rm of scratch files is unneeded',
    script: 'rm -rf /tmp/* /var/tmp/*',
    program: 'rm',
    fate: 'unneeded',
  },
  {
    name: 'rm of a file a Wolfi package may own is an error',
    script: 'rm /etc/nginx/conf.d/default.conf',
    program: 'rm',
    fate: 'dropped',
    detail: /replaces/,
  },
  {
    name: 'an unknown program in the image is dropped with the way to carry it',
    script: 'acme-setup --init',
    program: 'acme-setup',
    fate: 'dropped',
    detail: /melange step/,
    workdir: '/',
  },
];

for (const f of fates) {
  test(f.name, () => {
    const carried = carryOf(f.script, f.program, {
      env: f.env ?? {},
      workdir: f.workdir ?? '/app',
    });
    assert.equal(carried.fate, f.fate, carried.detail);
    if (f.image) assert.deepEqual(carried.imagePackages, f.image);
    if (f.detail) assert.match(carried.detail, f.detail);
    for (const name of carried.imagePackages) assert.ok(catalog.has(name), name);
    if (carried.fate === 'dropped')
      assert.deepEqual(
        carried.findings.map((x) => x.severity),
        ['error'],
      );
  });
}

test('update-alternatives --install gives the symlink entry', () => {
  const carried = carryOf(
    'update-alternatives --install /usr/bin/python python /usr/bin/python3 1',
    'update-alternatives',
  );
  assert.deepEqual(carried.paths, [
    { path: '/usr/bin/python', type: 'symlink', source: '/usr/bin/python3' },
  ]);
});

test('in the application directory a tool runs in place, from its Wolfi package', () => {
  const carried = carryOf('hugo --minify', 'hugo', { workdir: '/site' });
  assert.equal(carried.fate, 'melange');
  assert.deepEqual(carried.buildPackages, ['hugo']);
  assert.deepEqual(carried.ships, ['/site']);
});

test('in a builder stage an unknown program is a step of its build', () => {
  const carried = carryOf('acme-setup --init', 'acme-setup', { inImage: false });
  assert.equal(carried.fate, 'melange');
  assert.equal(runs(carried), 'acme-setup --init');
});

test('file commands of the image stage work on the package, the application directory in place', () => {
  const all = carryRun(
    'mkdir -p /var/log/app /app/tmp && chmod -R g=u /var/log/app && ln -s /app/bin/cli /usr/local/bin/ && chgrp -R 0 /app',
  );
  assert.deepEqual(
    all.map((c) => runs(c)),
    [
      'mkdir -p "${{targets.destdir}}/var/log/app" /app/tmp',
      'chmod -R g=u "${{targets.destdir}}/var/log/app"',
      'mkdir -p "${{targets.destdir}}/usr/local/bin/"\nln -s /app/bin/cli "${{targets.destdir}}/usr/local/bin/"',
      'chgrp -R 0 /app',
    ],
  );
  assert.ok(all.every((c) => c.fate === 'melange'));
  assert.deepEqual(all[3]?.ships, ['/app']);
});

test('fix-permissions keeps the OpenShift group permissions', () => {
  const carried = carryOf('fix-permissions /opt/app-root', 'fix-permissions');
  assert.equal(
    runs(carried),
    'chgrp -R 0 "${{targets.destdir}}/opt/app-root"\nchmod -R g=u "${{targets.destdir}}/opt/app-root"',
  );
});

test('cd moves the commands after it', () => {
  const all = carryRun('cd /app/frontend && npm run build');
  assert.equal(all[0]?.fate, 'melange');
  assert.equal(all[1]?.steps[0]?.['working-directory'], '/app/frontend');
});

test('sed -i on php.ini becomes a drop-in in /etc/php/conf.d', () => {
  const carried = carryOf(
    'sed -i "s/^memory_limit = .*/memory_limit = 512M/" /usr/local/etc/php/php.ini',
    'sed',
  );
  assert.equal(carried.fate, 'melange');
  assert.match(
    runs(carried),
    /printf '%s\\n' 'memory_limit = 512M' > "\$\{\{targets\.destdir\}\}\/etc\/php\/conf\.d\/90-wolfify-line-1\.ini"$/,
  );
  assert.deepEqual(
    carried.findings.map((f) => f.id),
    ['WF345'],
  );
});

test('echo >> a php conf.d file is the application drop-in', () => {
  const carried = carryOf(
    'echo "upload_max_filesize=64M" >> /usr/local/etc/php/conf.d/uploads.ini',
    'echo',
  );
  assert.equal(carried.fate, 'melange');
  assert.match(
    runs(carried),
    /echo upload_max_filesize=64M >> "\$\{\{targets\.destdir\}\}\/etc\/php\/conf\.d\/uploads\.ini"$/,
  );
});

test('sed -i on nginx.conf is an error naming the file and the owner', () => {
  const carried = carryOf(
    "sed -i 's/worker_processes auto/worker_processes 2/' /etc/nginx/nginx.conf",
    'sed',
  );
  assert.equal(carried.fate, 'dropped');
  assert.deepEqual(
    carried.findings.map((f) => f.id),
    ['WF344'],
  );
  assert.match(carried.findings[0]?.message ?? '', /\/etc\/nginx\/nginx\.conf.*nginx/);
});

test('a config edit of the application own file runs in place', () => {
  const carried = carryOf("sed -i 's/DEBUG = True/DEBUG = False/' settings.py", 'sed');
  assert.equal(carried.fate, 'melange');
  assert.equal(runs(carried), "sed -i 's/DEBUG = True/DEBUG = False/' settings.py");
  assert.deepEqual(carried.ships, ['/app']);
});

test('a heredoc into a file of the image is written into the package', () => {
  const carried = carryRun('cat > /etc/app.conf <<EOF\nport=8080\nEOF')[0];
  assert.equal(carried?.fate, 'melange');
  assert.match(
    runs(carried as never),
    /cat > "\$\{\{targets\.destdir\}\}\/etc\/app\.conf" <<'WOLFIFY_EOF'\nport=8080\nWOLFIFY_EOF$/,
  );
});

test('edits of /etc/locale.gen name the locale packages', () => {
  const carried = carryOf(
    "sed -i 's/# en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' /etc/locale.gen",
    'sed',
  );
  assert.equal(carried.fate, 'package');
  assert.deepEqual(carried.imagePackages, ['glibc-2.43-locale-en']);
});

test('echo into /etc/passwd is an error pointing at apko accounts', () => {
  const carried = carryOf('echo "app:x:1000:1000::/app:/bin/sh" >> /etc/passwd', 'echo');
  assert.equal(carried.fate, 'dropped');
  assert.match(carried.detail, /accounts/);
});
