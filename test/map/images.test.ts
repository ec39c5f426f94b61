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
  it('maps python:3.11.4-slim-bookworm to python-3.11 with Debian package names', () => {
    const d = map('python:3.11.4-slim-bookworm');
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
