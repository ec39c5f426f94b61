import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import type { MapContext } from '../../src/map/context.js';
import { explainPackage, mapPackage } from '../../src/map/packages.js';
import { loadRuleFile, mergeRuleSets } from '../../src/map/rules.js';

const ctx: MapContext = {
  catalog: loadBuiltinCatalog(),
  rules: loadBuiltinRules(),
  repositories: ['https://packages.wolfi.dev/os'],
};

describe('Debian packages', () => {
  const cases: [string, string[]][] = [
    ['libpq-dev', ['postgresql-18-dev']],
    ['yarnpkg', ['yarn']],
    ['build-essential', ['build-base']],
    ['ca-certificates', ['ca-certificates-bundle']],
    ['tzdata', ['tzdata']],
    ['python3-pip', ['py3-pip']],
    ['gnupg', ['gnupg']],
    ['curl', ['curl']],
    ['libssl-dev', ['openssl-dev']],
    ['default-jre-headless', ['openjdk-21-jre', 'openjdk-21-default-jvm']],
    ['openjdk-17-jre-headless', ['openjdk-17-jre', 'openjdk-17-default-jvm']],
    ['netcat-traditional', ['netcat-openbsd']],
    ['libc6-dev', ['glibc-2.43-dev']],
  ];
  for (const [from, to] of cases) {
    it(`maps ${from} to ${to.join(' ')}`, () => {
      const m = mapPackage(from, 'debian', ctx);
      assert.equal(m.kind, 'mapped');
      assert.deepEqual(m.kind === 'mapped' ? m.to : null, to);
    });
  }

  it('records the rule that decided', () => {
    assert.equal(mapPackage('libpq-dev', 'debian', ctx).rule, 'debian:map:libpq-dev');
    assert.equal(mapPackage('python3-pip', 'debian', ctx).rule, 'debian:pattern:python3-*');
    assert.equal(mapPackage('curl', 'debian', ctx).rule, 'debian:same-name');
  });

  it('drops locales with a reason', () => {
    const m = mapPackage('locales', 'debian', ctx);
    assert.equal(m.kind, 'dropped');
    assert.match(m.kind === 'dropped' ? m.reason : '', /glibc-locale-<lang>/);
  });

  it('finds the Wolfi origin through the Debian source package', () => {
    assert.deepEqual(mapPackage('libjpeg62-turbo-dev', 'debian', ctx), {
      kind: 'mapped',
      to: ['libjpeg-turbo-dev'],
      rule: 'debian:source:libjpeg-turbo',
      note: 'Debian package libjpeg62-turbo-dev is built from source libjpeg-turbo; Wolfi builds it as libjpeg-turbo (dev → libjpeg-turbo-dev)',
    });
    assert.deepEqual(mapPackage('libpq5', 'debian', ctx).rule, 'debian:map:libpq5');
    const lib = mapPackage('libxml2', 'debian', ctx);
    assert.equal(lib.kind === 'mapped' ? lib.to[0] : null, 'libxml2');
    const yaml = mapPackage('libyaml-dev', 'debian', ctx);
    assert.deepEqual(yaml.kind === 'mapped' ? [yaml.to, yaml.rule] : null, [
      ['yaml-dev'],
      'debian:source:libyaml',
    ]);
  });

  it('strips an apt architecture qualifier', () => {
    const m = mapPackage('libssl-dev:amd64', 'debian', ctx);
    assert.deepEqual(m.kind === 'mapped' ? m.to : null, ['openssl-dev']);
  });

  it('reports an unknown package with up to three suggestions, never a guess', () => {
    const m = mapPackage('libfrobnicate-dev', 'debian', ctx);
    assert.equal(m.kind, 'unknown');
    assert.equal(m.rule, 'debian:unknown');
    assert.ok(m.kind === 'unknown' && m.suggestions.length <= 3);
  });
});

describe('Alpine, Fedora and Wolfi packages', () => {
  it('maps Alpine names, including versioned ones', () => {
    const php = mapPackage('php83-fpm', 'alpine', ctx);
    assert.deepEqual(php.kind === 'mapped' ? [php.to, php.rule] : null, [
      ['php-8.3-fpm'],
      'alpine:pattern:php8?-*',
    ]);
    const musl = mapPackage('musl-dev', 'alpine', ctx);
    assert.deepEqual(musl.kind === 'mapped' ? musl.to : null, ['glibc-2.43-dev']);
  });

  it('maps RPM -devel names to -dev', () => {
    const m = mapPackage('libffi-devel', 'fedora', ctx);
    assert.deepEqual(m.kind === 'mapped' ? [m.to, m.rule] : null, [
      ['libffi-dev'],
      'fedora:pattern:*-devel',
    ]);
  });

  it('accepts Wolfi names as they are and resolves virtual ones', () => {
    assert.deepEqual(mapPackage('curl', 'wolfi', ctx), {
      kind: 'mapped',
      to: ['curl'],
      rule: 'wolfi:same-name',
    });
    const go = mapPackage('go', 'wolfi', ctx);
    assert.deepEqual(go.kind === 'mapped' ? go.to : null, ['go-1.27']);
    assert.equal(mapPackage('curll', 'wolfi', ctx).kind, 'unknown');
  });
});

describe('versioned PostgreSQL names', () => {
  const PRIVATE_16 =
    "postgresql-16 is only in Chainguard's private repository (origin postgresql-16 left public Wolfi on 2026-06-08); to use it, add your organisation's Chainguard repository (https://apk.cgr.dev/<org>) to the repositories (config `repositories:` or --repository) and authenticate with `chainctl auth configure-docker`";
  const MOVED_16 = `Wolfi no longer has postgresql 16; using postgresql-18, the nearest newer supported version; ${PRIVATE_16}`;

  it('move Alpine postgresql16-* to the nearest supported public major, saying 16 is private-only', () => {
    const cases: [string, string[], string][] = [
      ['postgresql16-dev', ['postgresql-18-dev'], 'alpine:pattern:postgresql*-dev'],
      ['postgresql16-client', ['postgresql-18-client'], 'alpine:pattern:postgresql*-client'],
      ['postgresql16-contrib', ['postgresql-18-contrib'], 'alpine:pattern:postgresql*-contrib'],
      ['postgresql16', ['postgresql-18'], 'alpine:pattern:postgresql*'],
    ];
    for (const [name, to, rule] of cases)
      assert.deepEqual(mapPackage(name, 'alpine', ctx), {
        kind: 'mapped',
        to,
        rule,
        note: MOVED_16,
      });
  });

  it('keep a supported major as it is and move a long-gone one without a private note', () => {
    assert.deepEqual(mapPackage('postgresql18-dev', 'alpine', ctx), {
      kind: 'mapped',
      to: ['postgresql-18-dev'],
      rule: 'alpine:pattern:postgresql*-dev',
    });
    assert.deepEqual(mapPackage('postgresql12-client', 'alpine', ctx), {
      kind: 'mapped',
      to: ['postgresql-18-client'],
      rule: 'alpine:pattern:postgresql*-client',
      note: 'Wolfi no longer has postgresql 12; using postgresql-18, the nearest newer supported version',
    });
  });

  it('use the exact private major when the repositories include Chainguard’s private one', () => {
    const m = mapPackage('postgresql16-dev', 'alpine', {
      ...ctx,
      repositories: ['https://apk.cgr.dev/acme'],
    });
    assert.deepEqual(m, {
      kind: 'mapped',
      to: ['postgresql-16-dev'],
      rule: 'alpine:pattern:postgresql*-dev',
      note: "from Chainguard's private repository (origin postgresql-16 left public Wolfi on 2026-06-08)",
    });
  });

  it('map the PGDG names of Debian and Fedora the same way', () => {
    const to = (name: string, family: 'debian' | 'fedora') => {
      const m = mapPackage(name, family, ctx);
      return m.kind === 'mapped' ? [m.to, m.rule] : m.kind;
    };
    assert.deepEqual(to('postgresql-client-16', 'debian'), [
      ['postgresql-18-client'],
      'debian:pattern:postgresql-client-*',
    ]);
    assert.deepEqual(to('postgresql-server-dev-16', 'debian'), [
      ['postgresql-18-dev'],
      'debian:pattern:postgresql-server-dev-*',
    ]);
    assert.deepEqual(to('postgresql-16', 'debian'), [
      ['postgresql-18'],
      'debian:pattern:postgresql-*',
    ]);
    assert.deepEqual(to('postgresql-16-postgis-3', 'debian'), [
      ['postgis-18'],
      'debian:pattern:postgresql-*-postgis-*',
    ]);
    assert.deepEqual(to('postgresql16-devel', 'fedora'), [
      ['postgresql-18-dev'],
      'fedora:pattern:postgresql*-devel',
    ]);
    assert.deepEqual(to('postgresql16-libs', 'fedora'), [
      ['libpq-18'],
      'fedora:pattern:postgresql*-libs',
    ]);
    assert.deepEqual(to('postgresql16', 'fedora'), [
      ['postgresql-18-client'],
      'fedora:pattern:postgresql*',
    ]);
  });

  it('leave names whose captured text is no version to the other rules', () => {
    // postgresql-common is not a version: the drop rule decides, not the versioned pattern.
    assert.equal(
      mapPackage('postgresql-common', 'debian', ctx).rule,
      'debian:drop:postgresql-common',
    );
  });
});

describe('private-only packages', () => {
  it('are reported, not emitted, with public repositories only', () => {
    assert.deepEqual(mapPackage('mariadb-client', 'debian', ctx), {
      kind: 'private',
      to: ['mariadb-12.3-client'],
      origin: 'mariadb-12.3',
      on: ctx.catalog.privateOnly('mariadb-12.3-client')?.on,
      rule: 'debian:map:mariadb-client',
    });
  });

  it('are emitted when the repositories include Chainguard’s private one', () => {
    const m = mapPackage('mariadb-client', 'debian', {
      ...ctx,
      repositories: ['https://apk.cgr.dev/acme'],
    });
    assert.equal(m.kind, 'mapped');
    assert.match(
      m.kind === 'mapped' ? (m.note ?? '') : '',
      /^from Chainguard's private repository/,
    );
  });
});

describe('user rules', () => {
  it('override built-in rules and name their file', () => {
    const user = loadRuleFile(
      'debian:\n  map:\n    libpq-dev: libpq-18\n  drop:\n    curl: we use wget\n',
      'team.yaml',
    );
    const merged = { ...ctx, rules: mergeRuleSets(ctx.rules, user) };
    assert.deepEqual(mapPackage('libpq-dev', 'debian', merged), {
      kind: 'mapped',
      to: ['libpq-18'],
      rule: 'debian:map:libpq-dev@team.yaml:3',
    });
    assert.deepEqual(mapPackage('curl', 'debian', merged), {
      kind: 'dropped',
      reason: 'we use wget',
      rule: 'debian:drop:curl@team.yaml:5',
    });
  });

  it('without built-in rules fall back to catalog names only', () => {
    const bare = { ...ctx, rules: loadRuleFile('', 'none.yaml') };
    assert.equal(mapPackage('build-essential', 'debian', bare).kind, 'unknown');
    assert.equal(mapPackage('curl', 'debian', bare).rule, 'debian:same-name');
  });
});

describe('explain', () => {
  it('says what a package becomes, by which rule, written where', () => {
    const text = explainPackage('libpq-dev', 'debian', ctx);
    assert.equal(
      text.split('\n').slice(0, 3).join('\n'),
      [
        'libpq-dev (debian) → postgresql-18-dev',
        `  rule: debian:map:libpq-dev (rules/debian.yaml:${ctx.rules.packages.debian.map.get('libpq-dev')?.at.line})`,
        '  note: Wolfi keeps libpq headers in the postgresql-18 origin',
      ].join('\n'),
    );
  });

  it('gives suggestions for an unknown package', () => {
    assert.match(explainPackage('zlib1g-devv', 'debian', ctx), /did you mean: .*zlib-dev/);
  });
});
