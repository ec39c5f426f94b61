// RHEL-family names, dnf module streams, Alpine subpackage families, versioned PHP
// extension packages and copied programs: the second pass of package mapping.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { installedPackages, moduleStream } from '../../src/analyze/stage.js';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import type { MapContext } from '../../src/map/context.js';
import { copiedToolPackage } from '../../src/map/copied-tools.js';
import { mapPackage, type PackageMapping } from '../../src/map/packages.js';
import { loadRuleFile } from '../../src/map/rules.js';
import { WolfifyError } from '../../src/errors.js';
import type { DistroFamily, RunFact } from '../../src/model.js';

const catalog = loadBuiltinCatalog();
const ctx: MapContext = {
  catalog,
  rules: loadBuiltinRules(),
  repositories: ['https://packages.wolfi.dev/os'],
};
const withPrivate: MapContext = {
  ...ctx,
  repositories: [...ctx.repositories, 'https://apk.cgr.dev/example-org'],
};

function to(m: PackageMapping): string[] | string {
  return m.kind === 'mapped' ? m.to : m.kind;
}

function expectMapped(cases: [string, string[]][], family: DistroFamily, streams: string[] = []) {
  for (const [from, want] of cases) {
    it(`maps ${from}${streams.length ? ` under ${streams.join(' ')}` : ''} to ${want.join(' ')}`, () => {
      assert.deepEqual(to(mapPackage(from, family, ctx, streams)), want);
    });
  }
}

describe('RHEL-family names', () => {
  expectMapped(
    [
      ['libX11-devel', ['libx11-dev']],
      ['GeoIP-devel', ['geoip-dev']],
      ['perl-DBI', ['perl-dbi']],
      ['perl-App-cpanminus', ['perl-app-cpanminus']],
      ['python3-PyYAML', ['py3-pyyaml']],
      ['gcc-toolset-13-gcc-c++', ['gcc-13', 'gcc-13-default']],
      ['gcc-toolset-13-binutils', ['binutils']],
      ['java-17-openjdk-headless', ['openjdk-17-jre', 'openjdk-17-default-jvm']],
      ['dotnet-sdk-10.0', ['dotnet-10-sdk']],
      ['aspnetcore-runtime-9.0', ['aspnet-9-runtime']],
      ['rubygem-bundler', ['ruby4.0-bundler']],
      ['mod_ssl', ['apache2']],
      ['nginx-mod-stream', ['nginx-mainline-mod-stream']],
      ['python39-devel', ['python-3.10-dev']],
      ['php-pecl-apcu', ['php-8.5-apcu']],
      ['gcc-gfortran', ['gfortran']],
    ],
    'fedora',
  );

  it('keeps a library its library: cups-libs is not the cups server', () => {
    assert.deepEqual(to(mapPackage('cups-libs', 'fedora', ctx)), ['cups-libs']);
  });

  it('says so when a spelling in lower case decided', () => {
    const m = mapPackage('libXext', 'fedora', ctx);
    assert.equal(m.kind === 'mapped' && m.note, 'libXext is spelled libxext in Wolfi');
  });

  it('uses the nearest newer .NET channel and says why, or the asked one from the private repository', () => {
    const m = mapPackage('dotnet-sdk-8.0', 'fedora', ctx);
    assert.deepEqual(to(m), ['dotnet-9-sdk']);
    assert.match(m.kind === 'mapped' ? (m.note ?? '') : '', /Wolfi no longer has dotnet 8/);
    assert.deepEqual(to(mapPackage('dotnet-sdk-8.0', 'fedora', withPrivate)), ['dotnet-8-sdk']);
  });

  it('drops a core Perl module with the reason', () => {
    const m = mapPackage('perl-Data-Dumper', 'fedora', ctx);
    assert.equal(m.kind === 'dropped' && m.reason, "a core module of Wolfi's perl");
  });
});

describe('dnf module streams', () => {
  expectMapped([['nodejs', ['nodejs-24']]], 'fedora', ['nodejs:24']);
  expectMapped(
    [
      ['php-fpm', ['php-8.3-fpm']],
      ['php', ['php-8.3']],
    ],
    'fedora',
    ['php:8.3'],
  );
  expectMapped([['postgresql-server', ['postgresql-18']]], 'fedora', ['postgresql:15']);
  expectMapped([['nodejs', ['nodejs-26']]], 'fedora');

  it('picks a stream only Chainguard has when its repository is configured', () => {
    assert.deepEqual(to(mapPackage('nodejs', 'fedora', withPrivate, ['nodejs:20'])), ['nodejs-20']);
  });

  it('reads module:stream/profile', () => {
    assert.deepEqual(moduleStream('php:8.2/minimal'), { module: 'php', stream: '8.2' });
    assert.deepEqual(moduleStream('nodejs'), { module: 'nodejs', stream: null });
  });

  it('gives later dnf installs the streams enabled before them, and installs `module install` packages', () => {
    const facts: RunFact[] = [
      { kind: 'module-enable', manager: 'dnf', modules: ['nodejs:20'], line: 2 },
      {
        kind: 'install',
        manager: 'dnf',
        packages: [{ name: 'nodejs', version: null }],
        virtual: null,
        groups: [],
        line: 3,
      },
      {
        kind: 'module-enable',
        manager: 'dnf',
        modules: ['php:8.2/common'],
        install: true,
        line: 4,
      },
    ];
    const installs = installedPackages(facts);
    assert.deepEqual(
      installs.map((i) => [i.name, i.streams]),
      [
        ['nodejs', ['nodejs:20']],
        ['php', ['nodejs:20', 'php:8.2']],
      ],
    );
  });
});

describe('Alpine families', () => {
  expectMapped(
    [
      ['imagemagick-jpeg', ['imagemagick-7']],
      ['imagemagick-pdf', ['imagemagick-7', 'ghostscript']],
      ['imagemagick-dev', ['imagemagick-7-dev']],
      ['php83-pecl-redis', ['php-8.3-redis']],
      ['php83-pecl-mongodb', ['php-8.3-pecl-mongodb']],
      ['php81-fpm', ['php-8.2-fpm']],
      ['procps-ng', ['procps']],
      ['py-pip', ['py3-pip']],
      ['ttf-freefont', ['font-freefont']],
      ['sqlite-libs', ['sqlite-libs']],
      ['icu-libs', ['icu']],
    ],
    'alpine',
  );

  it('drops an extension compiled into PHP, naming the PHP', () => {
    const m = mapPackage('php83-tokenizer', 'alpine', ctx);
    assert.equal(
      m.kind === 'dropped' && m.reason,
      "tokenizer is compiled into Wolfi's php-8.3; nothing to install",
    );
  });

  it("maps tesseract language data to Chainguard's packages when that repository is configured", () => {
    assert.equal(mapPackage('tesseract-ocr-data-deu', 'alpine', ctx).kind, 'private');
    assert.deepEqual(to(mapPackage('tesseract-ocr-data-deu', 'alpine', withPrivate)), [
      'tesseract-deu',
    ]);
  });
});

describe('Debian long tail', () => {
  expectMapped(
    [
      ['python-pip', ['py3-pip']],
      ['fonts-freefont-ttf', ['font-freefont']],
      ['php8.1-mysql', ['php-8.2-mysqlnd', 'php-8.2-mysqli', 'php-8.2-pdo_mysql']],
      ['php-imagick', ['php-8.5-imagick']],
      ['libssh2-1', ['libssh2']],
      ['docker.io', ['docker-cli']],
      ['libnginx-mod-stream', ['nginx-mainline-mod-stream']],
      ['language-pack-de', ['glibc-2.43-locale-de']],
      ['hunspell-de-de', ['hunspell-dictionary-de']],
    ],
    'debian',
  );

  it('drops a language part Wolfi does not package, with the reason', () => {
    const m = mapPackage('libreoffice-l10n-de', 'debian', ctx);
    assert.equal(m.kind, 'dropped');
    assert.equal(mapPackage('language-pack-ja', 'debian', ctx).kind, 'dropped');
  });
});

describe('libraries map to the library, not the server or the tool', () => {
  expectMapped(
    [
      ['libcups2', ['cups-libs']],
      ['libpq5', ['libpq-18']],
      ['libcurl3-gnutls', ['libcurl-openssl4']],
      ['libpython3.11', ['python-3.11']],
      ['libmysqlclient21', ['mariadb-connector-c']],
    ],
    'debian',
  );
  expectMapped(
    [
      ['cups-libs', ['cups-libs']],
      ['openssl-libs', ['libssl3', 'libcrypto3']],
      ['postgresql-libs', ['libpq-18']],
    ],
    'fedora',
  );
});

describe('programs copied from other images', () => {
  it('maps docker:cli to the CLI, not the engine', () => {
    assert.equal(
      copiedToolPackage('docker:27-cli', ['/usr/local/bin/docker'], catalog),
      'docker-cli',
    );
    assert.equal(copiedToolPackage('docker:cli', ['/usr/local/bin/'], catalog), 'docker-cli');
  });

  it('maps a copied program by its file name, else by the image', () => {
    assert.equal(copiedToolPackage('docker/buildx-bin', ['/buildx'], catalog), 'docker-cli-buildx');
    assert.equal(copiedToolPackage('composer:2', ['/usr/bin/composer'], catalog), 'composer');
    assert.equal(copiedToolPackage('ghcr.io/acme/nothing:1', ['/opt/x/'], catalog), null);
  });
});

describe('rule files', () => {
  it('reads lowercase: on a pattern and refuses anything but true or false', () => {
    const set = loadRuleFile(
      "fedora:\n  patterns:\n    - { match: 'perl-*', to: 'perl-$1', lowercase: true }\n",
      'r.yaml',
    );
    assert.equal(set.packages.fedora.patterns[0]?.lowercase, true);
    assert.throws(
      () =>
        loadRuleFile(
          "fedora:\n  patterns:\n    - { match: 'perl-*', to: 'perl-$1', lowercase: yes please }\n",
          'r.yaml',
        ),
      (e: unknown) =>
        e instanceof WolfifyError &&
        e.file === 'r.yaml' &&
        e.line === 3 &&
        /lowercase must be true or false/.test(e.message),
    );
  });
});
