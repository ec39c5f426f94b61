import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WolfifyError } from '../../src/errors.js';
import { parseImageRef } from '../../src/parse/index.js';

const parts = (raw: string) => {
  const { registry, repository, tag, digest } = parseImageRef(raw);
  return { registry, repository, tag, digest };
};

test('docker.io/library/python:3.12-slim is Docker Hub python with tag 3.12-slim', () => {
  assert.deepEqual(parseImageRef('docker.io/library/python:3.12-slim'), {
    raw: 'docker.io/library/python:3.12-slim',
    registry: null,
    repository: 'python',
    tag: '3.12-slim',
    digest: null,
    unresolved: false,
  });
});

test('index.docker.io and registry-1.docker.io also mean Docker Hub', () => {
  assert.deepEqual(parts('index.docker.io/library/node:20'), {
    registry: null,
    repository: 'node',
    tag: '20',
    digest: null,
  });
  assert.deepEqual(parts('registry-1.docker.io/bitnami/redis'), {
    registry: null,
    repository: 'bitnami/redis',
    tag: null,
    digest: null,
  });
});

test('a bare name has no registry, no tag and no digest', () => {
  assert.deepEqual(parts('ubuntu'), {
    registry: null,
    repository: 'ubuntu',
    tag: null,
    digest: null,
  });
});

test('a Docker Hub user repository keeps its namespace', () => {
  assert.deepEqual(parts('bitnami/redis:7.2'), {
    registry: null,
    repository: 'bitnami/redis',
    tag: '7.2',
    digest: null,
  });
});

test('a registry with a port is not mistaken for a tag', () => {
  assert.deepEqual(parts('localhost:5000/x/y:1'), {
    registry: 'localhost:5000',
    repository: 'x/y',
    tag: '1',
    digest: null,
  });
  assert.deepEqual(parts('registry.example.com:5000/team/app'), {
    registry: 'registry.example.com:5000',
    repository: 'team/app',
    tag: null,
    digest: null,
  });
});

test('localhost without a port is a registry', () => {
  assert.deepEqual(parts('localhost/app:dev'), {
    registry: 'localhost',
    repository: 'app',
    tag: 'dev',
    digest: null,
  });
});

test('a digest reference has no tag', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(parts(`alpine@${digest}`), {
    registry: null,
    repository: 'alpine',
    tag: null,
    digest,
  });
});

test('a reference with both tag and digest keeps both', () => {
  const digest = `sha256:${'b'.repeat(64)}`;
  assert.deepEqual(parts(`python:3.12@${digest}`), {
    registry: null,
    repository: 'python',
    tag: '3.12',
    digest,
  });
});

test('mcr.microsoft.com/dotnet/aspnet:8.0 has a registry and a nested repository', () => {
  assert.deepEqual(parts('mcr.microsoft.com/dotnet/aspnet:8.0'), {
    registry: 'mcr.microsoft.com',
    repository: 'dotnet/aspnet',
    tag: '8.0',
    digest: null,
  });
});

test('gcr.io/distroless/static-debian12:nonroot splits at the first slash', () => {
  assert.deepEqual(parts('gcr.io/distroless/static-debian12:nonroot'), {
    registry: 'gcr.io',
    repository: 'distroless/static-debian12',
    tag: 'nonroot',
    digest: null,
  });
});

test('a first component without a dot, colon or localhost is part of the repository', () => {
  assert.deepEqual(parts('myorg/tools/app:1'), {
    registry: null,
    repository: 'myorg/tools/app',
    tag: '1',
    digest: null,
  });
});

test('library/ is kept for registries other than Docker Hub', () => {
  assert.equal(parseImageRef('quay.io/library/x').repository, 'library/x');
});

test('a reference that still holds a variable is marked unresolved', () => {
  assert.equal(parseImageRef('python:${PY}').unresolved, true);
  assert.equal(parseImageRef('python:3').unresolved, false);
});

test('an empty reference is a WolfifyError', () => {
  assert.throws(() => parseImageRef('  '), WolfifyError);
});
