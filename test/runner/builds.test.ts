import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { convert } from '../../src/convert.js';
import type { Result } from '../../src/model.js';
import { repoRoot } from '../schema.js';
import { listFiles, runMelangeBuild, runnerUnavailable } from './melange-runner.js';

// Every generated melange config that can build offline on this machine is built under the
// local runner, and its package must hold exactly the files the image needs.
//
// - test/runner/fixtures/<name>/: offline build contexts (vendored tarballs, a local wheel);
//   the expected package is the golden file test/runner/fixtures/<name>.files
//   (`npm run test:update` rewrites it; review every line: "would this image run the app?").
// - samples/<name>/: the README's samples. Their contexts are excerpts of real projects and
//   their steps fetch from registries, so each one that cannot build offline is listed below
//   with the reason. A sample not listed must build.

const update = process.env.UPDATE_GOLDEN === '1';
const unavailable = runnerUnavailable();
// Under CI=true a missing bubblewrap fails these tests instead of skipping them.
const skipAll = process.env.CI === 'true' ? false : (unavailable ?? false);

const OFFLINE_SKIPS: Readonly<Record<string, string>> = {
  'alpine-service': 'pip installs psycopg2 from PyPI; exporter.py is not in the sample',
  'django-gunicorn': 'pip installs Django and gunicorn from PyPI',
  'dotnet-aspnet': 'dotnet restore reads NuGet; no .NET SDK on the test machine',
  'express-npm': 'npm ci fetches express from the npm registry; no package-lock.json in the sample',
  'fastapi-uv': 'uv sync fetches from PyPI; no uv.lock in the sample',
  flask: 'pip installs Flask and gunicorn from PyPI',
  'go-distroless': 'go mod download needs the module proxy; no go.sum in the sample',
  'go-scratch': 'go mod download needs the module proxy; no go.sum in the sample',
  'nextjs-pnpm': 'pnpm install fetches from the npm registry; no pnpm-lock.yaml in the sample',
  'nginx-static': 'npm ci fetches from the npm registry; no package-lock.json in the sample',
  'php-extensions': 'wget fetches install-php-extensions from GitHub; composer reads Packagist',
  'rails-bundler': 'bundle install fetches gems from rubygems.org; no Gemfile.lock in the sample',
  'rust-cargo': 'cargo fetches crates from crates.io; no Cargo.lock or src/ in the sample',
  'spring-boot-maven': 'mvn dependency:go-offline downloads from Maven Central',
  'ubi-microdnf': 'poetry install fetches from PyPI; no poetry.lock in the sample',
  'go-gopath': 'go/build needs Go and the module proxy; no Go on the test machine',
  'go-scratch-targetos': 'go build needs Go; no Go on the test machine',
  'monorepo-node-python': 'npm ci fetches from the npm registry; pip installs from PyPI',
  'python-base-deps-final': 'pip installs Flask and gunicorn from PyPI',
  'thirdparty-python': 'pip installs the requirements from PyPI',
};

/**
 * Fixtures whose package holds files of this machine's toolchain (a venv copies the host's
 * pip): instead of a golden list, the package's top directories and the files that matter.
 */
const TOOLCHAIN_DEPENDENT: Readonly<Record<string, { tops: string[]; contains: RegExp[] }>> = {
  'python-wheel': {
    tops: ['app/', 'wheels/'],
    contains: [
      /^0644 app\/app\.py$/,
      /^0644 app\/requirements\.txt$/,
      /^\d+ app\/\.venv\/bin\/python3 -> /,
      /^0644 app\/\.venv\/lib\/python3\.\d+\/site-packages\/greet\/__init__\.py$/,
    ],
  },
};

/** Fixtures the generated configs cannot build yet, and why. */
const FIXTURE_TODO: Readonly<Record<string, string>> = {};

async function convertContext(dir: string, source: string): Promise<Result> {
  return convert(readFileSync(join(dir, 'Dockerfile'), 'utf8'), { source });
}

/**
 * Every build of the result in order, each on the packages of the builds before it (as BUILD.md
 * runs them); the files of the packages the image installs.
 */
function build(result: Result, workspace: string): string[] {
  const configs =
    result.melanges.length > 0 ? result.melanges : result.melange ? [result.melange] : [];
  assert.ok(configs.length > 0, 'no melange config');
  const local = '@local';
  const inImage = new Set(
    result.apko.contents.packages
      .filter((p) => p.endsWith(local))
      .map((p) => p.slice(0, -local.length)),
  );
  const earlier: string[] = [];
  const roots: string[] = [];
  const files = new Map<string, string>();
  try {
    for (const config of configs) {
      const run = runMelangeBuild(config, { workspace, dependencies: [...earlier] });
      roots.push(run.root);
      earlier.push(run.destdir, ...Object.values(run.subpackages));
      const name = (config.package as { name?: string } | undefined)?.name ?? '';
      if (!inImage.has(name)) continue;
      for (const f of listFiles(run.destdir))
        files.set(f.path, `${f.mode} ${f.path}${f.link ? ` -> ${f.link}` : ''}`);
    }
  } finally {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
  return [...files.keys()].sort().map((path) => files.get(path) as string);
}

const fixturesDir = join(repoRoot, 'test', 'runner', 'fixtures');
const fixtures = readdirSync(fixturesDir).filter((n) =>
  existsSync(join(fixturesDir, n, 'Dockerfile')),
);

for (const name of fixtures) {
  const dir = join(fixturesDir, name);
  const todo = FIXTURE_TODO[name];
  test(
    `fixture ${name}: passes the self-check and builds offline into the expected files`,
    { skip: skipAll, ...(todo ? { todo } : {}) },
    async () => {
      const result = await convertContext(dir, `test/runner/fixtures/${name}/Dockerfile`);
      const selfCheck = result.findings.filter((f) => /^WF52\d$/.test(f.id));
      assert.deepEqual(selfCheck, []);
      const files = build(result, dir);
      const partial = TOOLCHAIN_DEPENDENT[name];
      if (partial) {
        assert.deepEqual(
          [...new Set(files.map((f) => f.split(' ')[1]?.replace(/\/.*/, '/')))].sort(),
          partial.tops,
        );
        for (const pattern of partial.contains)
          assert.ok(
            files.some((f) => pattern.test(f)),
            `no file matches ${pattern}`,
          );
        return;
      }
      const golden = join(fixturesDir, `${name}.files`);
      if (update) writeFileSync(golden, `${files.join('\n')}\n`);
      assert.ok(existsSync(golden), `${golden} is missing: run npm run test:update and review it`);
      assert.deepEqual(files, readFileSync(golden, 'utf8').trimEnd().split('\n'));
    },
  );
}

const samplesDir = join(repoRoot, 'samples');
const samples = readdirSync(samplesDir).filter((n) =>
  existsSync(join(samplesDir, n, 'Dockerfile')),
);

test('every offline skip names a sample that exists', () => {
  assert.deepEqual(
    Object.keys(OFFLINE_SKIPS).filter((n) => !samples.includes(n)),
    [],
  );
});

for (const name of samples) {
  const reason = OFFLINE_SKIPS[name];
  test(
    `sample ${name}: builds offline under the local runner`,
    { skip: skipAll || (reason ? `needs the network: ${reason}` : false) },
    async () => {
      const dir = join(samplesDir, name);
      const result = await convertContext(dir, `samples/${name}/Dockerfile`);
      if (result.melanges.length === 0) return;
      const files = build(result, dir);
      assert.ok(files.length > 0, 'the package is empty');
    },
  );
}
