import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CarryContext } from '../../../src/plan/carry/index.js';
import { carryOf } from './helpers.js';

// "No fate `unneeded` is given to a command that leaves files the image uses." Each rule of
// src/plan/carry that says `unneeded` has a case here that shows its reason holds (the carry
// produces nothing: no step, no path, no package) and, beside it, the nearest command that
// does leave something, which must not be unneeded.

interface Rule {
  rule: string;
  script: string;
  program: string;
  reason: RegExp;
  /** The same kind of command, leaving a file or a setting the image has. */
  leaves: string;
  over?: Partial<CarryContext>;
}

const py: Partial<CarryContext> = { runtime: { name: 'python', version: '3.12' } };

const RULES: Rule[] = [
  {
    rule: 'echo without a redirection only prints',
    script: 'echo "building"',
    program: 'echo',
    reason: /prints/,
    leaves: 'echo "listen 8080" > /etc/app/listen.conf',
  },
  {
    rule: 'a version check only prints',
    script: 'memcached -V',
    program: 'memcached',
    reason: /version/,
    leaves: 'memcached -V > /srv/memcached.version',
  },
  {
    rule: 'a checksum that melange fetch checks',
    script:
      'curl -fsSL -o /tmp/t.tgz https://example.com/t.tgz && echo "' +
      'a'.repeat(64) +
      '  /tmp/t.tgz" | sha256sum -c -',
    program: 'sha256sum',
    reason: /fetch checks/,
    leaves: 'sha256sum /srv/app.bin > /srv/app.bin.sha256',
  },
  {
    rule: 'rm of scratch space',
    script: 'rm -rf /tmp/* /var/tmp/* /root/.cache',
    program: 'rm',
    reason: /scratch/,
    leaves: 'rm /app/config/default.yml',
  },
  {
    rule: 'rm of documentation Wolfi keeps in -doc subpackages',
    script: 'rm -rf /usr/share/man/* /usr/share/doc/*',
    program: 'rm',
    reason: /-doc subpackages/,
    leaves: 'rm -rf /usr/share/nginx/html/index.html',
  },
  {
    rule: 'pip cache, config and freeze',
    script: 'pip freeze',
    program: 'pip',
    reason: /leaves nothing/,
    leaves: 'pip freeze > /app/requirements.lock',
    over: py,
  },
  {
    rule: 'pip subcommands that only read',
    script: 'pip show flask',
    program: 'pip',
    reason: /only reads/,
    leaves: 'pip install flask',
    over: py,
  },
  {
    rule: 'uv cache',
    script: 'uv cache clean',
    program: 'uv',
    reason: /cache/,
    leaves: 'uv pip install --system flask',
    over: py,
  },
  {
    rule: 'poetry config (the carried install picks the venv)',
    script: 'poetry config virtualenvs.create false',
    program: 'poetry',
    reason: /\.venv/,
    leaves: 'poetry install --no-root',
    over: py,
  },
  {
    rule: 'npm cache',
    script: 'npm cache clean --force',
    program: 'npm',
    reason: /cache/,
    leaves: 'npm ci',
    over: { runtime: { name: 'nodejs', version: '22' } },
  },
  {
    rule: 'composer clear-cache',
    script: 'composer clear-cache',
    program: 'composer',
    reason: /cache/,
    leaves: 'composer install --no-dev',
  },
  {
    rule: 'go clean',
    script: 'go clean -cache -modcache',
    program: 'go',
    reason: /caches/,
    leaves: 'go install github.com/example/tool@v1.2.3',
  },
  {
    rule: 'C.UTF-8 is built into glibc',
    script: 'locale-gen C.UTF-8',
    program: 'locale-gen',
    reason: /built into glibc/,
    leaves: 'locale-gen de_DE.UTF-8',
  },
  {
    rule: 'update-alternatives that only reads',
    script: 'update-alternatives --display java',
    program: 'update-alternatives',
    reason: /only reads/,
    leaves: 'update-alternatives --install /usr/bin/python python /usr/bin/python3 1',
  },
  {
    rule: 'ldconfig',
    script: 'ldconfig',
    program: 'ldconfig',
    reason: /trigger/,
    leaves: 'ldconfig -p > /srv/libs.txt',
  },
  {
    rule: 'passwords: apko users have none',
    script: 'echo "app:secret" | chpasswd',
    program: 'chpasswd',
    reason: /no password/,
    leaves: 'useradd app && passwd -d app > /srv/passwd.log',
  },
  {
    rule: 'debconf answers that choose nothing the image keeps',
    script:
      'echo "mysql-server mysql-server/root_password password secret" | debconf-set-selections',
    program: 'debconf-set-selections',
    reason: /install questions/,
    leaves: 'echo "tzdata tzdata/Zones/Europe select Berlin" | debconf-set-selections',
  },
  {
    rule: "dpkg-reconfigure tzdata after the RUN's own /etc/localtime link",
    script:
      'ln -fs /usr/share/zoneinfo/Asia/Tokyo /etc/localtime && dpkg-reconfigure -f noninteractive tzdata',
    program: 'dpkg-reconfigure',
    reason: /link of the same RUN/,
    leaves: 'dpkg-reconfigure -f noninteractive tzdata',
    over: { env: { TZ: 'Asia/Tokyo' } },
  },
  {
    rule: 'dpkg queries',
    script: 'dpkg -l',
    program: 'dpkg',
    reason: /only prints/,
    leaves: 'dpkg -i /tmp/jq_1.7.1-3_amd64.deb',
  },
  {
    rule: "Debian's default site, which Wolfi's apache2 does not have",
    script: 'a2dissite 000-default',
    program: 'a2dissite',
    reason: /default sites/,
    leaves: 'a2ensite shop',
  },
];

for (const r of RULES) {
  test(`unneeded holds: ${r.rule}`, () => {
    const c = carryOf(r.script, r.program, r.over);
    assert.equal(c.fate, 'unneeded', c.detail);
    assert.match(c.detail, r.reason);
    // Unneeded means the image gets nothing from it.
    assert.deepEqual(
      [c.steps, c.paths, c.imagePackages, c.ships, Object.keys(c.environment)],
      [[], [], [], [], []],
    );
  });
  test(`not unneeded when it leaves something: ${r.leaves}`, () => {
    // The program the counter-case is about: a2ensite beside a2dissite, passwd after useradd.
    const program = r.leaves.startsWith('a2ensite')
      ? 'a2ensite'
      : r.leaves.includes('passwd -d')
        ? 'passwd'
        : r.program;
    const c = carryOf(r.leaves, program, r.over);
    assert.notEqual(c.fate, 'unneeded', `${r.leaves}: ${c.detail}`);
  });
}

test('the debconf time zone becomes /etc/localtime in apko paths, with tzdata', () => {
  const c = carryOf(
    'echo "tzdata tzdata/Zones/Europe select Berlin" | debconf-set-selections',
    'debconf-set-selections',
  );
  assert.equal(c.fate, 'apko');
  assert.deepEqual(c.imagePackages, ['tzdata']);
  assert.deepEqual(
    c.paths.map((p) => [p.path, p.type, p.source]),
    [['/etc/localtime', 'symlink', '/usr/share/zoneinfo/Europe/Berlin']],
  );
});

test('the debconf locales to generate are glibc locale packages', () => {
  const c = carryOf(
    'echo "locales locales/locales_to_be_generated multiselect de_DE.UTF-8 UTF-8, fr_FR.UTF-8 UTF-8" | debconf-set-selections',
    'debconf-set-selections',
  );
  assert.equal(c.fate, 'package');
  assert.deepEqual(c.imagePackages.sort(), ['glibc-2.43-locale-de', 'glibc-2.43-locale-fr']);
});
