import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImageRef } from '../../src/parse/image-ref.js';
import { sizeBaseImage } from '../../src/size/base-image.js';
import { modelParts } from '../../src/size/model.js';
import { tagParts } from '../../src/size/tags.js';
import { loadBaseImages } from '../../src/size/data.js';
import { calibrated, difference, widened } from '../../src/size/range.js';

// The "before" ladder over the shipped data: measured tag → nearest measured tag → model →
// unknown (only for a variable). Each level says which it is, and every figure is a range.

const data = loadBaseImages();

function size(raw: string) {
  return sizeBaseImage(parseImageRef(raw), data);
}

function assertRange(raw: string): void {
  const s = size(raw);
  assert.ok(s.figure, `${raw} has a figure`);
  assert.ok(s.figure.low <= s.figure.bytes && s.figure.bytes <= s.figure.high, `${raw} range`);
}

describe('level 1: the measured tag', () => {
  it('takes the measured figure, its range the rounding of the printed size', () => {
    const s = size('alpine:3.22');
    assert.equal(s.kind, 'measured');
    // repo-info printed "8.3 Mb": ±0.05 MB.
    assert.deepEqual(s.figure, { bytes: 8_300_000, low: 8_250_000, high: 8_350_000 });
    assert.equal(s.label, 'measured alpine:3.22');
  });

  it('knows a codename alias and a resolved patch tag as the same image', () => {
    assert.equal(size('python:3.11-slim-bookworm').kind, 'measured');
    assert.equal(
      size('python:3.12.13-slim-trixie').label,
      'measured python:3.12-slim (= python:3.12.13-slim-trixie)',
    );
    assert.equal(size('docker.io/library/python:3.14-alpine').kind, 'measured');
  });

  it('takes the published figure of a base outside Docker Hub', () => {
    const s = size('gcr.io/distroless/static-debian12:nonroot');
    assert.equal(s.kind, 'measured');
    assert.equal(s.figure?.bytes, 2 * 1024 * 1024);
    assert.match(s.basis, /around 2 MiB.*distroless README/);
  });
});

describe('level 2: the nearest measured tag of the same image and variant', () => {
  it('reads a patch release as its line', () => {
    const s = size('python:3.12.9-slim');
    assert.equal(s.kind, 'nearest');
    assert.match(s.label, /^nearest measured tag python:3\.12-slim .*another patch release/);
  });

  it('reads a dated snapshot as its line', () => {
    assert.match(
      size('debian:trixie-20260803-slim').label,
      /nearest measured tag debian:trixie-slim/,
    );
  });

  it('reads lts as the LTS number at the data date', () => {
    assert.match(size('node:lts-slim').label, /nearest measured tag node:24-slim .*lts is 26/);
  });

  it('reads a short version as the newest release of its line', () => {
    assert.match(
      size('golang:1.23-alpine').label,
      /nearest measured tag golang:1\.25-alpine .*another minor version/,
    );
    assert.match(size('python:3.9').label, /nearest measured tag python:3\.10 /);
  });

  it('never crosses variants: slim stays slim, alpine stays alpine', () => {
    assert.match(size('ruby:3.2-slim').label, /ruby:3\.3-slim/);
    assert.match(size('node:18-alpine').label, /node:22-alpine/);
  });

  it('widens the figure by the measured errors of nearest-tag estimates', () => {
    const s = size('golang:1.24');
    const measured = data.images['golang:1.25'];
    assert.ok(s.figure && measured?.bytes && measured.low !== null && measured.high !== null);
    assert.equal(s.figure.bytes, measured.bytes);
    assert.ok(s.figure.low < measured.low && s.figure.high > measured.high);
    assert.match(s.basis, /errors of nearest-tag estimates/);
  });
});

describe('level 3: the model', () => {
  it('sizes a third-party runtime image as OS layer + runtime layer', () => {
    const s = size('ghcr.io/astral-sh/uv:python3.12-bookworm-slim');
    assert.equal(s.kind, 'model');
    assert.equal(
      s.label,
      'model estimate for ghcr.io/astral-sh/uv:python3.12-bookworm-slim: Debian slim + python',
    );
    const layer = data.osLayers['debian-slim:bookworm'];
    const runtime = data.runtimes['python@slim'];
    assert.ok(layer && runtime);
    assert.equal(s.figure?.bytes, layer.bytes + runtime.bytes);
  });

  it('reads the OS from distroless, UBI and alpine names', () => {
    assert.deepEqual(modelParts(parseImageRef('gcr.io/distroless/python3-debian12')), {
      os: 'distroless-base',
      osAssumed: false,
      codename: null,
      runtime: 'python',
    });
    assert.equal(
      modelParts(parseImageRef('registry.access.redhat.com/ubi9/ubi-minimal:9.4')).os,
      'ubi-minimal',
    );
    assert.equal(modelParts(parseImageRef('bitnami/node:20-alpine')).os, 'alpine');
    assert.equal(modelParts(parseImageRef('amazoncorretto:21')).runtime, 'java-jdk');
  });

  it('spans Alpine to Ubuntu when the name says nothing of the OS', () => {
    const s = size('bitnami/python:3.11');
    assert.equal(s.kind, 'model');
    assert.match(s.basis, /names no OS: Debian slim assumed, the range spans Alpine to Ubuntu/);
    const alpine = data.osLayers['alpine:3.24'];
    assert.ok(
      s.figure &&
        alpine &&
        s.figure.low < alpine.bytes + (data.runtimes['python@slim']?.bytes ?? 0),
    );
  });

  it('still answers for a private base that names nothing', () => {
    const s = size('registry.example.com/team/base:2');
    assert.equal(s.kind, 'model');
    assert.ok(s.figure && s.figure.bytes > 0);
  });

  it('sizes another .NET version from the published 10.0 figure as the nearest tag', () => {
    const s = size('mcr.microsoft.com/dotnet/aspnet:8.0');
    assert.equal(s.kind, 'nearest');
    assert.equal(s.figure?.bytes, 210e6);
  });
});

describe('level 4: unknown', () => {
  it('is reached only by a reference holding a variable', () => {
    const s = sizeBaseImage({ ...parseImageRef('$BASE'), unresolved: true }, data);
    assert.equal(s.kind, 'unknown');
    assert.equal(s.figure, null);
  });

  it('is not reached by any of a broad set of real references', () => {
    for (const raw of [
      'alpine:3.20',
      'python:3.14-alpine',
      'node:lts-slim',
      'golang:1.22',
      'debian:trixie-20260803-slim',
      'gcr.io/distroless/base-debian12',
      'registry.access.redhat.com/ubi9/ubi:9.4',
      'mcr.microsoft.com/dotnet/sdk:9.0',
      'tiangolo/uvicorn-gunicorn-fastapi:python3.11',
      'postgres:16',
      'busybox',
    ]) {
      assert.notEqual(size(raw).kind, 'unknown', raw);
      assertRange(raw);
    }
  });
});

describe('scratch', () => {
  it('is exactly nothing', () => {
    assert.deepEqual(sizeBaseImage(null, data).figure, { bytes: 0, low: 0, high: 0 });
  });
});

describe('tags', () => {
  it('split into version, variant and codename', () => {
    assert.deepEqual(tagParts('3.12.13-slim-trixie'), {
      version: [3, 12, 13],
      variant: 'slim',
      codename: 'trixie',
    });
    assert.deepEqual(tagParts('1.25-alpine3.24'), {
      version: [1, 25],
      variant: 'alpine',
      codename: '3.24',
    });
    assert.deepEqual(tagParts('lts-slim', { lts: '26' }), {
      version: [26],
      variant: 'slim',
      codename: null,
    });
  });
});

describe('ranges', () => {
  const calibration = { factor: 0.5, low: 0.8, high: 1.5, basis: 'test', samples: [] };

  it('corrects a raw estimate by its factor and spans its measured errors', () => {
    assert.deepEqual(calibrated(1000, calibration), { bytes: 500, low: 400, high: 750 });
  });

  it('always holds the figure, even when every error went one way', () => {
    assert.deepEqual(widened({ bytes: 100, low: 100, high: 100 }, { low: 1.2, high: 1.5 }), {
      bytes: 100,
      low: 100,
      high: 150,
    });
  });

  it('makes the saving the widest difference of the two ranges', () => {
    assert.deepEqual(
      difference({ bytes: 100, low: 90, high: 120 }, { bytes: 30, low: 20, high: 40 }),
      { bytes: 70, low: 50, high: 100 },
    );
  });

  it('gives every calibration a range around 1 and a basis', () => {
    for (const [name, c] of Object.entries(data.calibration)) {
      assert.ok(c.low <= 1 && c.high >= 1, name);
      assert.ok(c.samples.length > 0, `${name} has samples`);
      assert.ok(c.basis.length > 0, name);
    }
  });
});
