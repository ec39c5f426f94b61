import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import type { MapContext } from '../../src/map/context.js';
import { parseImageRef } from '../../src/parse/index.js';
import { mapBaseImage } from '../../src/map/images.js';
import { loadRuleFile, mergeRuleSets } from '../../src/map/rules.js';

const publicCtx: MapContext = {
  catalog: loadBuiltinCatalog(),
  rules: loadBuiltinRules(),
  repositories: ['https://packages.wolfi.dev/os'],
};
const map = (raw: string, ctx: MapContext = publicCtx) => mapBaseImage(parseImageRef(raw), ctx);

describe('base images', () => {
  it('maps python:3.11.4-bookworm to python-3.11 with Debian package names', () => {
    const d = map('python:3.11.4-bookworm');
    assert.equal(d.family, 'debian');
    assert.equal(d.rule, 'images:python');
    assert.equal(d.version, '3.11');
    assert.equal(d.known, true);
    assert.deepEqual(d.runtime, [
      'python-3.11',
      'wolfi-baselayout',
      'ca-certificates-bundle',
      'tzdata',
    ]);
    assert.deepEqual(d.build, [
      'python-3.11-dev',
      'py3.11-pip',
      'py3.11-setuptools',
      'py3.11-wheel',
      'build-base',
    ]);
    assert.deepEqual(d.findings, []);
  });

  it('gives slim and alpine tags, which have no compiler, a build without build-base', () => {
    assert.deepEqual(map('python:3.11.4-slim-bookworm').build, [
      'py3.11-pip',
      'py3.11-setuptools',
      'py3.11-wheel',
    ]);
    assert.deepEqual(map('python:3.12-alpine3.20').build, [
      'py3.12-pip',
      'py3.12-setuptools',
      'py3.12-wheel',
    ]);
    assert.deepEqual(map('node:24-slim').build, ['npm-12', 'yarn']);
    assert.deepEqual(map('node:24-alpine').build, ['npm-12', 'yarn']);
    assert.deepEqual(map('node:24-bookworm').build, [
      'npm-12',
      'yarn',
      'node-gyp',
      'python-3.14',
      'build-base',
    ]);
    assert.deepEqual(map('golang:1.26-alpine').build, []);
    assert.deepEqual(map('golang:1.26-bookworm').build, ['build-base', 'git']);
  });

  it('carries the environment Docker images set, with Wolfi values', () => {
    const env = (raw: string) => map(raw).env;
    // The runtime's version variable states Wolfi's version of the package chosen.
    const version = (raw: string, name: string, prefix: string) => {
      const { [name]: value, ...rest } = env(raw);
      assert.ok(value?.startsWith(prefix), `${raw}: ${name}=${value}`);
      return rest;
    };
    assert.deepEqual(version('python:3.12-slim', 'PYTHON_VERSION', '3.12.'), { LANG: 'C.UTF-8' });
    assert.deepEqual(version('golang:1.26', 'GOLANG_VERSION', '1.26.'), {
      GOPATH: '/go',
      GOTOOLCHAIN: 'local',
    });
    assert.deepEqual(version('ruby:3.4', 'RUBY_VERSION', '3.4.'), {
      LANG: 'C.UTF-8',
      GEM_HOME: '/usr/local/bundle',
      BUNDLE_APP_CONFIG: '/usr/local/bundle',
      BUNDLE_SILENCE_ROOT_WARNING: '1',
    });
    assert.deepEqual(version('php:8.4-fpm', 'PHP_VERSION', '8.4.'), { PHP_INI_DIR: '/etc/php' });
    for (const raw of [
      'eclipse-temurin:21-jre',
      'openjdk:21',
      'amazoncorretto:21',
      'maven:3.9-eclipse-temurin-21',
      'gradle:9-jdk21',
    ]) {
      // Wolfi's JAVA_HOME, not Docker's /opt/java/openjdk; the JDK's version, not Maven's.
      assert.equal(env(raw)['JAVA_HOME'], '/usr/lib/jvm/default-jvm', raw);
      assert.equal(env(raw)['LANG'], 'en_US.UTF-8', raw);
      assert.match(env(raw)['JAVA_VERSION'] ?? '21.', /^21\./, raw);
    }
    assert.deepEqual(env('mcr.microsoft.com/dotnet/aspnet:10.0'), {
      APP_UID: '1654',
      ASPNETCORE_HTTP_PORTS: '8080',
      DOTNET_RUNNING_IN_CONTAINER: 'true',
    });
    assert.deepEqual(env('mcr.microsoft.com/dotnet/runtime:10.0'), {
      APP_UID: '1654',
      ASPNETCORE_HTTP_PORTS: '8080',
      DOTNET_RUNNING_IN_CONTAINER: 'true',
    });
    assert.equal(map('mcr.microsoft.com/dotnet/aspnet:10.0').users['app'], 1654);
    assert.deepEqual(env('nginx:1.27'), {});
    assert.deepEqual(version('node:24', 'NODE_VERSION', '24.'), {});
    assert.deepEqual(mapBaseImage(null, publicCtx).env, {});
  });

  it('installs the English locale that LANG=en_US.UTF-8 of Java images needs', () => {
    assert.deepEqual(map('eclipse-temurin:21-jre').runtime, [
      'openjdk-21-jre',
      'openjdk-21-default-jvm',
      'glibc-2.43-locale-en',
      'wolfi-baselayout',
      'ca-certificates-bundle',
      'tzdata',
    ]);
  });

  it('rolls .NET 8 apps forward to dotnet-9, the nearest newer supported version, and says so', () => {
    const d = map('mcr.microsoft.com/dotnet/aspnet:8.0');
    assert.equal(d.runtime[0], 'aspnet-9-runtime');
    assert.equal(d.versionFamily, 'dotnet-9');
    assert.deepEqual(d.env, {
      APP_UID: '1654',
      ASPNETCORE_HTTP_PORTS: '8080',
      DOTNET_RUNNING_IN_CONTAINER: 'true',
      DOTNET_ROLL_FORWARD: 'Major',
    });
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.message, f.hint]),
      [
        [
          'WF206',
          'Wolfi no longer has dotnet-aspnet 8.0; using dotnet-9, the nearest newer supported version; DOTNET_ROLL_FORWARD=Major is set, so apps built for the older .NET start on it',
          "dotnet-8 is available from Chainguard's private repository: add your organisation's Chainguard repository (https://apk.cgr.dev/<org>) to the repositories (config `repositories:` or --repository) and authenticate with `chainctl auth configure-docker`",
        ],
      ],
    );
    assert.equal(map('mcr.microsoft.com/dotnet/sdk:8.0').env['DOTNET_ROLL_FORWARD'], 'Major');
  });

  it('keeps .NET 8 without rolling forward when the private repository is in use', () => {
    const d = map('mcr.microsoft.com/dotnet/aspnet:8.0', {
      ...publicCtx,
      repositories: ['https://apk.cgr.dev/acme'],
    });
    assert.equal(d.runtime[0], 'aspnet-8-runtime');
    assert.equal(d.env['DOTNET_ROLL_FORWARD'], undefined);
    assert.deepEqual(d.findings, []);
  });

  it('gives nginx the upstream-image config layout on top of the nginx-config provider', () => {
    assert.deepEqual(map('nginx:1.27-alpine').runtime, [
      'nginx-mainline',
      'nginx-mainline-config',
      'nginx-mainline-config-compat',
      'nginx-mainline-mime-types',
      'wolfi-baselayout',
      'ca-certificates-bundle',
      'tzdata',
    ]);
  });

  it('gives php the extensions Docker’s php image compiles in, and names its family', () => {
    const d = map('php:8.4-cli');
    assert.equal(d.versionFamily, 'php-8.4');
    assert.deepEqual(d.runtime, [
      'php-8.4',
      'php-8.4-ctype',
      'php-8.4-curl',
      'php-8.4-dom',
      'php-8.4-fileinfo',
      'php-8.4-iconv',
      'php-8.4-mbstring',
      'php-8.4-mysqlnd',
      'php-8.4-openssl',
      'php-8.4-pdo',
      'php-8.4-pdo_sqlite',
      'php-8.4-phar',
      'php-8.4-posix',
      'php-8.4-simplexml',
      'php-8.4-sodium',
      'php-8.4-xml',
      'php-8.4-xmlreader',
      'php-8.4-xmlwriter',
      'wolfi-baselayout',
      'ca-certificates-bundle',
      'tzdata',
    ]);
    assert.equal(map('nginx:1.27').versionFamily, null);
  });

  it('reads the distro family from an -alpine tag', () => {
    assert.equal(map('python:3.12-alpine').family, 'alpine');
    assert.equal(map('node:24-alpine3.20').family, 'alpine');
  });

  it('moves python 3.9 up to python-3.10 with a warning', () => {
    const d = map('python:3.9-slim');
    assert.equal(d.runtime[0], 'python-3.10');
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.severity, f.message]),
      [
        [
          'WF206',
          'warning',
          'Wolfi no longer has python 3.9; using python-3.10, the nearest newer supported version',
        ],
      ],
    );
  });

  it('moves node 22 to nodejs-24 and go 1.24 to go-1.26', () => {
    assert.equal(map('node:22').runtime[0], 'nodejs-24');
    assert.equal(map('golang:1.24-bookworm').runtime[0], 'go-1.26');
  });

  it('points at the private repository when it has the exact version', () => {
    const d = map('node:20');
    assert.equal(d.runtime[0], 'nodejs-24');
    assert.match(
      d.findings[0]?.hint ?? '',
      /^nodejs-20 is available from Chainguard's private repository/,
    );
  });

  it('uses the private version when the repositories include it', () => {
    const d = map('node:20', { ...publicCtx, repositories: ['https://apk.cgr.dev/acme'] });
    assert.equal(d.runtime[0], 'nodejs-20');
    assert.deepEqual(d.findings, []);
  });

  it('normalises registries, library/ and mirrors, and notes a digest', () => {
    for (const raw of [
      'docker.io/library/ruby:3.3',
      'index.docker.io/library/ruby:3.3',
      'mirror.gcr.io/library/ruby:3.3',
    ]) {
      assert.equal(map(raw).rule, 'images:ruby', raw);
    }
    const d = map('docker.io/library/python:3.12@sha256:0123');
    assert.equal(d.runtime[0], 'python-3.12');
    assert.deepEqual(
      d.findings.map((f) => f.id),
      ['WF208'],
    );
  });

  it('maps the variants of php, Java and .NET', () => {
    assert.deepEqual(map('php:8.3-fpm-alpine').runtime.slice(0, 2), ['php-8.3', 'php-8.3-fpm']);
    assert.deepEqual(map('php:8.4-apache').runtime.slice(0, 3), [
      'php-8.4',
      'php-8.4-apache',
      'apache2',
    ]);
    assert.deepEqual(map('eclipse-temurin:21-jre-jammy').runtime.slice(0, 2), [
      'openjdk-21-jre',
      'openjdk-21-default-jvm',
    ]);
    assert.deepEqual(map('maven:3.9-eclipse-temurin-17').runtime.slice(0, 2), [
      'maven-3.9',
      'openjdk-17',
    ]);
    assert.equal(map('amazoncorretto:21-al2023').family, 'fedora');
    assert.equal(map('mcr.microsoft.com/dotnet/aspnet:10.0').runtime[0], 'aspnet-10-runtime');
  });

  it('maps UBI, distroless and Chainguard images', () => {
    assert.equal(map('registry.access.redhat.com/ubi9/ubi-minimal:9.4').family, 'fedora');
    assert.equal(map('gcr.io/distroless/static-debian12:nonroot').family, 'scratch');
    assert.deepEqual(map('gcr.io/distroless/java17-debian12').runtime.slice(0, 1), [
      'openjdk-17-jre',
    ]);
    const cg = map('cgr.dev/chainguard/python:latest-dev');
    assert.equal(cg.family, 'wolfi');
    assert.ok(cg.runtime.includes('busybox'));
  });

  it('gives scratch the basic runtime packages', () => {
    const d = mapBaseImage(null, publicCtx);
    assert.deepEqual(
      [d.family, d.rule, d.runtime],
      ['scratch', 'images:scratch', ['wolfi-baselayout', 'ca-certificates-bundle', 'tzdata']],
    );
  });

  it('reports an unknown image and guesses its family from the tag', () => {
    const d = map('acme/widget:2.1-alpine');
    assert.equal(d.known, false);
    assert.equal(d.family, 'alpine');
    assert.deepEqual(
      d.findings.map((f) => f.id),
      ['WF207'],
    );
    assert.equal(map('acme/widget:2.1').family, 'unknown');
  });

  it('warns about a tag that still holds a variable and uses the newest version', () => {
    const d = map('python:${PYTHON_VERSION}-slim');
    assert.equal(d.runtime[0], 'python-3.14');
    assert.equal(d.findings[0]?.id, 'WF102');
  });

  it('lets a user rule override a built-in image rule', () => {
    const user = loadRuleFile(
      'images:\n  python:\n    match: [python]\n    family: debian\n    runtime: [busybox]\n',
      'mine.yaml',
    );
    const d = map('python:3.12', { ...publicCtx, rules: mergeRuleSets(publicCtx.rules, user) });
    assert.deepEqual(d.runtime, ['busybox']);
    assert.equal(d.rule, 'images:python@mine.yaml:2');
  });
});
