import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convert, renderFiles, WolfifyError } from '../src/index.js';

// The package entry point is a library: text and options in, a Result out, no files touched.

test('converts Dockerfile text through the library entry point', async () => {
  const result = await convert(
    'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nCMD ["python3"]\n',
    { source: 'Dockerfile', archs: ['x86_64'] },
  );
  assert.equal(result.version, 1);
  assert.deepEqual(result.apko.contents.packages, [
    'ca-certificates-bundle',
    'libpq-18',
    'python-3.12',
    'tzdata',
    'wolfi-baselayout',
  ]);
  assert.equal(result.apko.accounts?.['run-as'], 'nonroot');
  assert.deepEqual(
    renderFiles(result).map((f) => f.path),
    ['apko.yaml', 'BUILD.md', 'REPORT.md'],
  );
});

test('rejects input without FROM with a typed error', async () => {
  await assert.rejects(
    convert('RUN true\n'),
    (e: unknown) => e instanceof WolfifyError && e.exitCode === 2,
  );
});

test('leaves a packaged WORKDIR to the package, which sets its owner', async () => {
  const result = await convert(
    'FROM python:3.12-slim\nWORKDIR /app\nCOPY --chown=1000:1000 . /app\nUSER 1000\nCMD ["python3", "app.py"]\n',
    { source: 'Dockerfile' },
  );
  assert.equal(result.apko['work-dir'], '/app');
  assert.deepEqual(
    (result.apko.paths ?? []).filter((p) => p.path === '/app'),
    [],
  );
  assert.ok(result.melange);
});

test('a piped installer that a Wolfi package replaces is advised to be dropped, not replaced', async () => {
  const result = await convert(
    'FROM debian:bookworm-slim\nRUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash - && apt-get install -y nodejs\nUSER 1000\nCMD ["node"]\n',
    { source: 'Dockerfile' },
  );
  const wf401 = result.findings.find((f) => f.id === 'WF401');
  assert.match(wf401?.hint ?? '', /installs that Wolfi package instead \(WF405\)/);
  assert.ok(result.findings.some((f) => f.id === 'WF405' && f.line === 2));
});

test('the built command is executable, so npx wolfify runs it from a fresh clone', async () => {
  const { statSync } = await import('node:fs');
  const main = new URL('../src/cli/main.js', import.meta.url);
  assert.notEqual(statSync(main).mode & 0o111, 0);
});

test('a build that fixes GOARCH=amd64 narrows the default architectures to x86_64', async () => {
  const dockerfile =
    'FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOARCH=amd64 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
  const narrowed = await convert(dockerfile, { source: 'Dockerfile' });
  assert.deepEqual(narrowed.apko.archs, ['x86_64']);
  assert.deepEqual((narrowed.melange?.package as Record<string, unknown>)['target-architecture'], [
    'x86_64',
  ]);
  const chosen = await convert(dockerfile, { source: 'Dockerfile', archs: ['x86_64', 'aarch64'] });
  assert.deepEqual(chosen.apko.archs, ['x86_64', 'aarch64']);
});
