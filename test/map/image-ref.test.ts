import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTag } from '../../src/map/image-ref.js';
import { parseImageRef } from '../../src/parse/index.js';

describe('image references', () => {
  it('splits registry, repository, tag and digest', () => {
    assert.deepEqual(parseImageRef('ghcr.io/acme/app:1.2@sha256:abc'), {
      raw: 'ghcr.io/acme/app:1.2@sha256:abc',
      registry: 'ghcr.io',
      repository: 'acme/app',
      tag: '1.2',
      digest: 'sha256:abc',
      unresolved: false,
    });
  });

  it('normalises Docker Hub spellings and library/', () => {
    for (const raw of [
      'python:3.12',
      'docker.io/library/python:3.12',
      'index.docker.io/library/python:3.12',
      'library/python:3.12',
    ]) {
      const ref = parseImageRef(raw);
      assert.equal(ref.registry, null, raw);
      assert.equal(ref.repository, 'python', raw);
      assert.equal(ref.tag, '3.12', raw);
    }
  });

  it('keeps a registry port apart from the tag', () => {
    const ref = parseImageRef('localhost:5000/team/app');
    assert.equal(ref.registry, 'localhost:5000');
    assert.equal(ref.repository, 'team/app');
    assert.equal(ref.tag, null);
  });

  it('marks references that still hold a variable', () => {
    assert.equal(parseImageRef('python:${PY_VERSION}-slim').unresolved, true);
  });
});

describe('tags', () => {
  const families = new Set(['alpine', 'bookworm', 'slim', 'ubi', 'al', 'jammy']);

  it('reads version and words of 3.11.4-slim-bookworm', () => {
    assert.deepEqual(parseTag('3.11.4-slim-bookworm', families), {
      version: '3.11.4',
      words: ['slim', 'bookworm'],
      secondary: null,
    });
  });

  it('treats alpine3.20 as a distro word, not a second version', () => {
    assert.deepEqual(parseTag('8.3-fpm-alpine3.20', families), {
      version: '8.3',
      words: ['fpm', 'alpine'],
      secondary: null,
    });
  });

  it('finds a second version after the first', () => {
    assert.equal(parseTag('3.9-eclipse-temurin-21', families).secondary, '21');
    assert.equal(parseTag('8.5-jdk21-alpine', families).secondary, '21');
    assert.deepEqual(parseTag('jdk17', families), {
      version: null,
      words: ['jdk'],
      secondary: '17',
    });
  });

  it('has no version for latest or codename tags', () => {
    assert.deepEqual(parseTag('latest', families), { version: null, words: [], secondary: null });
    assert.deepEqual(parseTag(null, families), { version: null, words: [], secondary: null });
    assert.deepEqual(parseTag('jammy-20240101', families), {
      version: null,
      words: ['jammy'],
      secondary: null,
    });
  });
});
