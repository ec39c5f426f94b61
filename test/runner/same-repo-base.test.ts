import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { buildInputsFor } from '../../src/workspace/inputs.js';
import { convert } from '../../src/convert.js';
import { repoRoot } from '../schema.js';
import { listFiles, runMelangeBuild, runnerUnavailable } from './melange-runner.js';

// samples/monorepo-base as BUILD.md builds it: the base image's package (base/Dockerfile,
// from base/) first, then the service's (from the sample's directory) on top of it.

const unavailable = runnerUnavailable();
const skip = process.env.CI === 'true' ? false : (unavailable ?? false);

test(
  'monorepo-base: the base image built in the repository and the service build in order, each from its own context',
  { skip },
  async () => {
    const sample = join(repoRoot, 'samples', 'monorepo-base');
    const source = 'samples/monorepo-base/Dockerfile';
    const text = readFileSync(join(repoRoot, source), 'utf8');
    const result = await convert(text, {
      source,
      contextDir: '..',
      outputDir: 'wolfi',
      size: false,
      ...(await buildInputsFor(join(repoRoot, source), text, {}, sample)),
    });
    assert.deepEqual(result.melangeFiles, ['melange-python-base.yaml', 'melange.yaml']);
    const local = result.apko.contents.packages.filter((p) => p.endsWith('@local'));
    assert.deepEqual(local, ['orders@local', 'python-base@local']);

    const earlier: string[] = [];
    const roots: string[] = [];
    const files: string[] = [];
    try {
      result.melanges.forEach((config, i) => {
        // --source-dir is relative to the output directory, samples/monorepo-base/wolfi.
        const context = result.melangeOrigins?.[i]?.contextDir ?? '..';
        const run = runMelangeBuild(config, {
          workspace: resolve(sample, 'wolfi', context),
          dependencies: [...earlier],
        });
        roots.push(run.root);
        earlier.push(run.destdir);
        for (const f of listFiles(run.destdir)) files.push(`${f.mode} ${f.path}`);
      });
    } finally {
      for (const root of roots) rmSync(root, { recursive: true, force: true });
    }
    assert.deepEqual(files.sort(), [
      '0644 srv/app/orders/__main__.py',
      '0755 srv/',
      '0755 srv/app/',
      '0755 srv/app/orders/',
      '0755 usr/',
      '0755 usr/local/',
      '0755 usr/local/bin/',
      '0755 usr/local/bin/docker-entrypoint.sh',
    ]);
  },
);
