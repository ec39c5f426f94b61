import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, facts } from './helpers.js';

const pkg = (name: string, version: string | null = null) => ({ name, version });

test('reads apt-get install packages past -y, -qq, --no-install-recommends and -o Opt=val', () => {
  assert.deepEqual(
    facts(
      'apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold -o=APT::X=1 curl git',
    ),
    [
      {
        kind: 'install',
        manager: 'apt',
        packages: [pkg('curl'), pkg('git')],
        virtual: null,
        groups: [],
        line: 1,
      },
    ],
  );
});

test('skips the release named by apt-get -t', () => {
  assert.deepEqual(facts('apt-get install -t bookworm-backports -y --fix-missing git'), [
    { kind: 'install', manager: 'apt', packages: [pkg('git')], virtual: null, groups: [], line: 1 },
  ]);
});

test('keeps an apt version pin as the version and reports that Wolfi will not honour it', () => {
  const result = analyze('apt-get install -y "libpq5=15.*"');
  assert.deepEqual(result.facts, [
    {
      kind: 'install',
      manager: 'apt',
      packages: [pkg('libpq5', '15.*')],
      virtual: null,
      groups: [],
      line: 1,
    },
  ]);
  assert.deepEqual(result.findings, [
    {
      id: 'WF202',
      severity: 'warning',
      message: 'Wolfi versions differ; pinned `libpq5=15.*` mapped without the pin',
      line: 1,
      stage: 'build',
    },
  ]);
});

test('drops the release of pkg/bookworm-backports and the architecture of pkg:amd64', () => {
  assert.deepEqual(facts('apt install -y git/bookworm-backports libc6:amd64'), [
    {
      kind: 'install',
      manager: 'apt',
      packages: [pkg('git'), pkg('libc6')],
      virtual: null,
      groups: [],
      line: 1,
    },
  ]);
});

test('turns apt-get purge with packages into a removal', () => {
  assert.deepEqual(facts('apt-get purge -y --auto-remove gcc make'), [
    { kind: 'remove', manager: 'apt', packages: ['gcc', 'make'], line: 1 },
  ]);
});

test('treats apt-get update, upgrade, clean, autoremove and apt-mark as housekeeping', () => {
  const script =
    'apt-get update && apt-get dist-upgrade -y && apt-get autoremove -y && aptitude clean && apt-mark hold x';
  assert.deepEqual(
    facts(script).map((f) => [f.kind, f.kind === 'housekeeping' ? f.text : '']),
    [
      ['housekeeping', 'apt-get update'],
      ['housekeeping', 'apt-get dist-upgrade -y'],
      ['housekeeping', 'apt-get autoremove -y'],
      ['housekeeping', 'aptitude clean'],
      ['housekeeping', 'apt-mark hold x'],
    ],
  );
});

test('treats removing the apt lists as apt housekeeping', () => {
  assert.deepEqual(facts('rm -rf /var/lib/apt/lists/* /var/cache/apt/archives'), [
    {
      kind: 'housekeeping',
      manager: 'apt',
      text: 'rm -rf /var/lib/apt/lists/* /var/cache/apt/archives',
      line: 1,
    },
  ]);
});

test('keeps an rm of other paths as a command', () => {
  assert.deepEqual(facts('rm -rf /var/lib/apt/lists/* /usr/share/doc'), [
    {
      kind: 'command',
      argv: ['rm', '-rf', '/var/lib/apt/lists/*', '/usr/share/doc'],
      text: 'rm -rf /var/lib/apt/lists/* /usr/share/doc',
      line: 1,
    },
  ]);
});

test('takes an rm of caches and scratch space in /tmp for housekeeping', () => {
  assert.deepEqual(
    facts('rm -rf /var/lib/apt/lists/* /tmp/pear').map((f) => f.kind),
    ['housekeeping'],
  );
});

test('keeps an rm of scratch space alone as a command', () => {
  assert.deepEqual(
    facts('rm -rf /tmp/build').map((f) => f.kind),
    ['command'],
  );
});

test('installs two packages from an unquoted variable assigned earlier in the RUN', () => {
  assert.deepEqual(facts('PKGS="curl git"; apt-get install -y $PKGS'), [
    {
      kind: 'install',
      manager: 'apt',
      packages: [pkg('curl'), pkg('git')],
      virtual: null,
      groups: [],
      line: 1,
    },
  ]);
});

test('installs packages named by an ARG value', () => {
  assert.deepEqual(facts('apk add --no-cache $TOOLS', { TOOLS: 'bash jq' }), [
    {
      kind: 'install',
      manager: 'apk',
      packages: [pkg('bash'), pkg('jq')],
      virtual: null,
      groups: [],
      line: 1,
    },
  ]);
});

test('reports a package word it cannot resolve and keeps the others', () => {
  const result = analyze('apt-get install -y curl $EXTRA');
  assert.deepEqual(result.facts, [
    {
      kind: 'install',
      manager: 'apt',
      packages: [pkg('curl')],
      virtual: null,
      groups: [],
      line: 1,
    },
  ]);
  assert.deepEqual(result.findings, [
    {
      id: 'WF201',
      severity: 'error',
      message: 'cannot tell which packages `$EXTRA` installs',
      line: 1,
      stage: 'build',
      hint: 'Give the variable a value with ARG or ENV, or list the packages literally.',
    },
  ]);
});

test('reports a .deb file instead of taking it as a package name', () => {
  const result = analyze('apt-get install -y ./tool_1.0_amd64.deb');
  assert.deepEqual(result.facts, []);
  assert.deepEqual(
    result.findings.map((f) => [f.id, f.severity]),
    [['WF212', 'error']],
  );
});

test('reads apk add with --virtual, --update and version constraints', () => {
  assert.deepEqual(
    facts('apk add --no-cache --update --virtual .build-deps gcc "musl-dev>=1.2" zlib=1.3 jq~1.7'),
    [
      {
        kind: 'install',
        manager: 'apk',
        packages: [pkg('gcc'), pkg('musl-dev', '>=1.2'), pkg('zlib', '1.3'), pkg('jq', '~1.7')],
        virtual: '.build-deps',
        groups: [],
        line: 1,
      },
    ],
  );
});

test('reads the apk virtual name from -t', () => {
  assert.deepEqual(facts('apk add -t .deps make'), [
    {
      kind: 'install',
      manager: 'apk',
      packages: [pkg('make')],
      virtual: '.deps',
      groups: [],
      line: 1,
    },
  ]);
});

test('drops the repository tag of pkg@edge', () => {
  assert.deepEqual(facts('apk add tini@community'), [
    {
      kind: 'install',
      manager: 'apk',
      packages: [pkg('tini')],
      virtual: null,
      groups: [],
      line: 1,
    },
  ]);
});

test('reports apk --repository and -X as repositories', () => {
  assert.deepEqual(
    facts(
      'apk add -X https://dl-cdn.alpinelinux.org/alpine/edge/testing --repository=https://r2 x',
    ),
    [
      {
        kind: 'repository',
        manager: 'apk',
        text: 'https://dl-cdn.alpinelinux.org/alpine/edge/testing',
        line: 1,
      },
      { kind: 'repository', manager: 'apk', text: 'https://r2', line: 1 },
      { kind: 'install', manager: 'apk', packages: [pkg('x')], virtual: null, groups: [], line: 1 },
    ],
  );
});

test('turns apk del into a removal and apk update, upgrade and cache clean into housekeeping', () => {
  assert.deepEqual(facts('apk del .build-deps && apk update && apk upgrade && apk cache clean'), [
    { kind: 'remove', manager: 'apk', packages: ['.build-deps'], line: 1 },
    { kind: 'housekeeping', manager: 'apk', text: 'apk update', line: 1 },
    { kind: 'housekeeping', manager: 'apk', text: 'apk upgrade', line: 1 },
    { kind: 'housekeeping', manager: 'apk', text: 'apk cache clean', line: 1 },
  ]);
});

test('reads dnf install with --setopt, --nodocs, --enablerepo and @group names', () => {
  assert.deepEqual(
    facts(
      'dnf install -y --setopt=install_weak_deps=False --nodocs --enablerepo crb @development python3',
    ),
    [
      {
        kind: 'install',
        manager: 'dnf',
        packages: [pkg('python3')],
        virtual: null,
        groups: ['development'],
        line: 1,
      },
    ],
  );
});

test('reads yum groupinstall and dnf group install names as groups', () => {
  assert.deepEqual(
    facts('yum groupinstall -y "Development Tools" && dnf group install -y rpm-development-tools'),
    [
      {
        kind: 'install',
        manager: 'dnf',
        packages: [],
        virtual: null,
        groups: ['Development Tools'],
        line: 1,
      },
      {
        kind: 'install',
        manager: 'dnf',
        packages: [],
        virtual: null,
        groups: ['rpm-development-tools'],
        line: 1,
      },
    ],
  );
});

test('reads microdnf module enable as module-enable', () => {
  assert.deepEqual(facts('microdnf module enable -y nodejs:20'), [
    { kind: 'module-enable', manager: 'dnf', modules: ['nodejs:20'], line: 1 },
  ]);
});

test('turns dnf remove and yum erase into removals and clean/makecache into housekeeping', () => {
  assert.deepEqual(
    facts('dnf remove -y gcc && yum erase -y make && dnf clean all && yum makecache'),
    [
      { kind: 'remove', manager: 'dnf', packages: ['gcc'], line: 1 },
      { kind: 'remove', manager: 'dnf', packages: ['make'], line: 1 },
      { kind: 'housekeeping', manager: 'dnf', text: 'dnf clean all', line: 1 },
      { kind: 'housekeeping', manager: 'dnf', text: 'yum makecache', line: 1 },
    ],
  );
});

test('reports dnf config-manager --add-repo as a repository with its URL', () => {
  assert.deepEqual(
    facts('dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo'),
    [
      {
        kind: 'repository',
        manager: 'dnf',
        text: 'https://download.docker.com/linux/centos/docker-ce.repo',
        line: 1,
      },
    ],
  );
});

test('reads zypper -n in --no-recommends and zypper remove', () => {
  assert.deepEqual(
    facts('zypper -n in --no-recommends curl "gzip>=1.12" && zypper --non-interactive remove vim'),
    [
      {
        kind: 'install',
        manager: 'zypper',
        packages: [pkg('curl'), pkg('gzip', '>=1.12')],
        virtual: null,
        groups: [],
        line: 1,
      },
      { kind: 'remove', manager: 'zypper', packages: ['vim'], line: 1 },
    ],
  );
});

test('treats zypper refresh and clean as housekeeping', () => {
  assert.deepEqual(
    facts('zypper refresh && zypper clean -a').map((f) => f.kind),
    ['housekeeping', 'housekeeping'],
  );
});

test('reports add-apt-repository and apt-key add as apt repositories', () => {
  assert.deepEqual(facts('add-apt-repository -y ppa:deadsnakes/ppa && apt-key add /tmp/key.asc'), [
    { kind: 'repository', manager: 'apt', text: 'ppa:deadsnakes/ppa', line: 1 },
    { kind: 'repository', manager: 'apt', text: 'apt-key add /tmp/key.asc', line: 1 },
  ]);
});

test('reports echo into sources.list.d as a repository and nothing else', () => {
  const script =
    'echo "deb [signed-by=/usr/share/keyrings/x.gpg] https://x stable main" > /etc/apt/sources.list.d/x.list';
  assert.deepEqual(facts(script), [{ kind: 'repository', manager: 'apt', text: script, line: 1 }]);
});

test('reports tee into sources.list.d as a repository', () => {
  assert.deepEqual(
    facts('echo "deb https://x stable main" | sudo tee /etc/apt/sources.list.d/x.list > /dev/null'),
    [
      {
        kind: 'repository',
        manager: 'apt',
        text: 'sudo tee /etc/apt/sources.list.d/x.list > /dev/null',
        line: 1,
      },
    ],
  );
});

test('reports gpg --dearmor into /usr/share/keyrings as a repository key', () => {
  assert.deepEqual(facts('gpg --dearmor -o /usr/share/keyrings/docker.gpg /tmp/docker.asc'), [
    {
      kind: 'repository',
      manager: 'apt',
      text: 'gpg --dearmor -o /usr/share/keyrings/docker.gpg /tmp/docker.asc',
      line: 1,
    },
  ]);
});

test('finds apk add behind sudo inside an if block', () => {
  assert.deepEqual(facts('if [ "$(id -u)" != 0 ]; then sudo apk add --no-cache bash; fi'), [
    { kind: 'command', argv: ['id', '-u'], text: 'id -u', line: 1 },
    {
      kind: 'install',
      manager: 'apk',
      packages: [pkg('bash')],
      virtual: null,
      groups: [],
      line: 1,
    },
  ]);
});

test('finds apt-get install behind env and DEBIAN_FRONTEND prefixes', () => {
  assert.deepEqual(
    facts('DEBIAN_FRONTEND=noninteractive env A=B nice -n 10 apt-get install -y tzdata'),
    [
      {
        kind: 'install',
        manager: 'apt',
        packages: [pkg('tzdata')],
        virtual: null,
        groups: [],
        line: 1,
      },
    ],
  );
});

test('finds packages echoed into xargs apt-get install', () => {
  assert.deepEqual(facts('echo "curl git" | xargs apt-get install -y'), [
    {
      kind: 'install',
      manager: 'apt',
      packages: [pkg('curl'), pkg('git')],
      virtual: null,
      groups: [],
      line: 1,
    },
  ]);
});

test('reports xargs input it cannot see as an unresolvable package word', () => {
  const result = analyze('cat /tmp/pkgs.txt | xargs apk add');
  assert.deepEqual(result.facts, [
    { kind: 'command', argv: ['cat', '/tmp/pkgs.txt'], text: 'cat /tmp/pkgs.txt', line: 1 },
  ]);
  assert.deepEqual(
    result.findings.map((f) => [f.id, f.message]),
    [['WF201', 'cannot tell which packages `the input of xargs` installs']],
  );
});

test('finds apk add inside sh -c', () => {
  assert.deepEqual(facts(`sh -c 'apk add --no-cache git'`), [
    {
      kind: 'command',
      argv: ['sh', '-c', 'apk add --no-cache git'],
      text: `sh -c 'apk add --no-cache git'`,
      line: 1,
    },
    { kind: 'install', manager: 'apk', packages: [pkg('git')], virtual: null, groups: [], line: 1 },
  ]);
});
