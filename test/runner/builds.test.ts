import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { buildInputsFor } from '../../src/workspace/inputs.js';
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

/**
 * Each sample's package must hold the files its image runs (patterns over `mode path` lines
 * of the packages the image installs). Tools and registries the test machine lacks are
 * replaced by the stand-ins of test/runner/stand-ins (README.md there says which and why).
 */
const SAMPLE_EXPECTS: Readonly<Record<string, RegExp[]>> = {
  'alpine-service': [
    /^0644 opt\/exporter\/exporter\.py$/,
    /^0644 opt\/venv\/lib\/python3\.\d+\/site-packages\/psycopg2\/__init__\.py$/,
    /^0755 usr\/local\/bin\/docker-entrypoint\.sh$/,
  ],
  'apache-httpd': [/^0644 usr\/local\/apache2\/htdocs\/index\.html$/],
  'arch-downloads': [
    /^0755 opt\/agent\/bin\/agent$/,
    /^0755 opt\/agent\/bin\/shipper$/,
    /^0644 etc\/agent\/agent\.yaml$/,
  ],
  'django-gunicorn': [
    /^0644 app\/manage\.py$/,
    /^0755 app\/\.venv\/bin\/gunicorn$/,
    /^0644 app\/\.venv\/lib\/python3\.\d+\/site-packages\/django\/__init__\.py$/,
    // collectstatic and compilemessages ran at build time, as in the Dockerfile.
    /^0644 app\/staticfiles\/css\/shop\.css$/,
    /^0644 app\/locale\/de\/LC_MESSAGES\/django\.mo$/,
  ],
  'dotnet-aspnet': [
    /^0644 app\/Catalog\.Api\.dll$/,
    /^0644 app\/Catalog\.Api\.runtimeconfig\.json$/,
  ],
  'express-npm': [
    /^0644 home\/node\/app\/src\/server\.js$/,
    /^0644 home\/node\/app\/node_modules\/express\/package\.json$/,
  ],
  'fastapi-uv': [
    /^0755 app\/\.venv\/bin\/uvicorn$/,
    /^0644 app\/\.venv\/lib\/python3\.\d+\/site-packages\/fastapi\/__init__\.py$/,
    /^0644 app\/inventory\/main\.py$/,
  ],
  flask: [
    /^0644 usr\/src\/app\/app\.py$/,
    /^0755 usr\/src\/app\/\.venv\/bin\/gunicorn$/,
    /^0644 usr\/src\/app\/\.venv\/lib\/python3\.\d+\/site-packages\/flask\/__init__\.py$/,
  ],
  'gosu-entrypoint': [/^0755 usr\/local\/bin\/docker-entrypoint\.sh$/],
  'go-distroless': [/^0755 usr\/local\/bin\/api$/],
  'go-gopath': [/^0755 usr\/bin\/notifier$/],
  'go-scratch': [/^0755 go\/bin\/notifier$/],
  'go-scratch-targetos': [/^0755 relay$/],
  'monorepo-base': [/^0644 srv\/app\/orders\/__main__\.py$/],
  'monorepo-node-python': [
    /^0644 srv\/dashboard\/main\.py$/,
    /^0644 srv\/dashboard\/static\/index\.html$/,
    /^0755 opt\/venv\/bin\/uvicorn$/,
  ],
  'nextjs-pnpm': [
    /^0644 app\/server\.js$/,
    /^0644 app\/\.next\/static\/chunks\/main\.js$/,
    /^0644 app\/public\/robots\.txt$/,
  ],
  'nginx-default': [/^0644 usr\/share\/nginx\/html\/index\.html$/],
  'nginx-static': [
    /^0644 usr\/share\/nginx\/html\/index\.html$/,
    /^0644 usr\/share\/nginx\/html\/assets\/index\.js$/,
    /^0644 etc\/nginx\/conf\.d\/app\.conf$/,
  ],
  'rails-bundler': [
    /^0644 usr\/local\/bundle\/ruby\/[\d.]+\/gems\/rails-7\.2\.2\/lib\/rails\.rb$/,
    /^0755 rails\/bin\/docker-entrypoint$/,
    // bootsnap precompile and assets:precompile ran at build time, as in the Dockerfile.
    /^0644 rails\/public\/assets\/application-[0-9a-f]{8}\.css$/,
    /^0644 rails\/tmp\/cache\/bootsnap\/compile-cache-iseq\//,
  ],
  'php-apache-site': [/^0644 var\/www\/html\/index\.php$/],
  'php-extensions': [
    /^0644 var\/www\/html\/vendor\/laravel\/framework\/src\/Illuminate\/Foundation\/Application\.php$/,
    // composer dump-autoload and `php artisan storage:link` ran at build time.
    /^0644 var\/www\/html\/vendor\/composer\/autoload_classmap\.php$/,
    /^0777 var\/www\/html\/public\/storage -> \/var\/www\/html\/storage\/app\/public$/,
    /^0644 etc\/php\/conf\.d\/opcache\.ini$/,
  ],
  'postgres-16': [/^0644 docker-entrypoint-initdb\.d\/01-schema\.sql$/],
  'python-base-deps-final': [
    /^0644 app\/app\/wsgi\.py$/,
    /^0755 venv\/bin\/gunicorn$/,
    /^0644 venv\/lib\/python3\.\d+\/site-packages\/flask\/__init__\.py$/,
  ],
  'rootfs-overlay': [/^0644 etc\/app\/check\.conf$/, /^0755 usr\/local\/bin\/healthcheck\.sh$/],
  'rust-cargo': [/^0755 usr\/local\/bin\/ingest$/],
  'spring-boot-maven': [
    /^0644 opt\/app\/app\.jar$/,
    /^0644 opt\/otel\/opentelemetry-javaagent\.jar$/,
  ],
  'thirdparty-python': [
    /^0644 srv\/report-api\/report_api\/__main__\.py$/,
    /^0644 srv\/report-api\/\.venv\/lib\/python3\.\d+\/site-packages\/flask\/__init__\.py$/,
  ],
  'ubi-microdnf': [
    /^0664 opt\/app-root\/src\/report_worker\/__main__\.py$/,
    /^0664 opt\/app-root\/src\/\.venv\/lib\/python3\.\d+\/site-packages\/celery\/__init__\.py$/,
    /^0664 opt\/app-root\/src\/\.venv\/lib\/python3\.\d+\/site-packages\/redis\/__init__\.py$/,
  ],
};

/** Samples whose builds do not run offline yet, and why (reported as todo, never skipped). */
const SAMPLE_TODO: Readonly<Record<string, string>> = {};

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
function build(result: Result, workspace: (index: number) => string): string[] {
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
      const run = runMelangeBuild(config, {
        workspace: workspace(configs.indexOf(config)),
        dependencies: [...earlier],
      });
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
      const files = build(result, () => dir);
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

test('every sample says which files its image runs', () => {
  assert.deepEqual(
    samples.filter((n) => !SAMPLE_EXPECTS[n] && !SAMPLE_TODO[n]),
    [],
  );
});

test('every expectation and todo names a sample that exists', () => {
  assert.deepEqual(
    [...Object.keys(SAMPLE_EXPECTS), ...Object.keys(SAMPLE_TODO)].filter(
      (n) => !samples.includes(n),
    ),
    [],
  );
});

for (const name of samples) {
  const todo = SAMPLE_TODO[name];
  test(
    `sample ${name}: builds offline under the local runner into the files its image runs`,
    { skip: skipAll, ...(todo ? { todo } : {}) },
    async () => {
      const dir = join(samplesDir, name);
      const source = `samples/${name}/Dockerfile`;
      const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      // Converted as the golden files are: the build context is the sample, output in wolfi/.
      const result = await convert(text, {
        source,
        contextDir: '..',
        outputDir: 'wolfi',
        ...(await buildInputsFor(join(dir, 'Dockerfile'), text, {}, dir, { skip: 'wolfi' })),
      });
      if (result.melanges.length === 0 && !result.melange) return;
      // Each build from its own context (a base image built in the repository has its own);
      // --source-dir is relative to the output directory, samples/<name>/wolfi.
      const files = build(result, (i) =>
        resolve(dir, 'wolfi', result.melangeOrigins?.[i]?.contextDir ?? '..'),
      );
      assert.ok(files.length > 0, 'the package is empty');
      for (const pattern of SAMPLE_EXPECTS[name] ?? [])
        assert.ok(
          files.some((f) => pattern.test(f)),
          `no file matches ${pattern}`,
        );
    },
  );
}
