import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { BUILTIN_CATALOG_URL, loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { catalogCounts } from '../../src/cli/catalog.js';
import { tarOf } from '../tar.js';

// `wolfify catalog …` through the real CLI, with the cache in a scratch XDG_CACHE_HOME.

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const root = realpathSync(mkdtempSync(join(tmpdir(), 'wolfify-catalog-')));
after(() => rmSync(root, { recursive: true, force: true }));
writeFileSync(join(root, '.wolfify.yaml'), '');
const cache = join(root, 'cache');
const cacheFile = join(cache, 'wolfify', 'catalog.json');

function wolfify(args: string[]) {
  const child = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cache },
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

// Three packages, one of them twice (the newer wins), one providing a virtual name.
const INDEX = [
  'P:fixture-tool',
  'V:1.0.0-r0',
  'A:x86_64',
  'S:1000',
  'I:4096',
  'o:fixture-tool',
  't:1767225600',
  'D:so:libc.so.6 fixture-lib>=1',
  'p:cmd:fixture-tool=1.0.0-r0',
  '',
  'P:fixture-tool',
  'V:1.2.0-r1',
  'A:x86_64',
  'S:1100',
  'I:8192',
  'o:fixture-tool',
  't:1767312000',
  'D:so:libc.so.6 fixture-lib>=1',
  'p:cmd:fixture-tool=1.2.0-r1',
  '',
  'P:fixture-lib',
  'V:1.0-r0',
  'A:x86_64',
  'S:500',
  'I:2048',
  'o:fixture-tool',
  't:1767225600',
  'p:so:libfixture.so.1=1',
  '',
  'P:curl',
  'V:8.17.0-r0',
  'A:x86_64',
  'S:300',
  'I:1024',
  'o:curl',
  't:1767225600',
  '',
].join('\n');

const builtin = loadBuiltinCatalog();
const builtinCounts = catalogCounts(builtin);
const builtinInfo = [
  `catalog: built-in (${fileURLToPath(BUILTIN_CATALOG_URL)})`,
  `source:  ${builtin.source}`,
  `date:    ${builtin.date}`,
  `size:    ${builtinCounts.packages} packages (${builtinCounts.virtualNames} virtual names, ${builtinCounts.privateOnly} only in Chainguard's private repository, no installed sizes)`,
  '',
].join('\n');
// Names that left public Wolfi stay known after importing a public index.
const privateCount = builtinCounts.privateOnly;

describe('the catalog commands', () => {
  const archive = join(root, 'APKINDEX.tar.gz');
  writeFileSync(archive, gzipSync(tarOf({ DESCRIPTION: 'fixture', APKINDEX: INDEX })));

  it('reports the built-in catalog when nothing was imported', () => {
    const run = wolfify(['catalog', 'info']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, builtinInfo);
  });

  it('imports an APKINDEX.tar.gz into the cache and prints the counts', () => {
    const run = wolfify(['catalog', 'import', 'APKINDEX.tar.gz']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        `imported 3 packages (2 virtual names, ${privateCount} only in Chainguard's private repository, 3 with installed sizes)`,
        `  from ${archive} (2026-01-02T00:00:00.000Z)`,
        `  into ${cacheFile}; it now takes precedence over the built-in catalog`,
        '',
      ].join('\n'),
    );
    assert.ok(existsSync(cacheFile));
  });

  it('then reports the imported catalog as the one in use', () => {
    const run = wolfify(['catalog', 'info', '--json']);
    assert.deepEqual(JSON.parse(run.stdout), {
      inUse: 'cache',
      path: cacheFile,
      kind: 'apkindex',
      source: archive,
      date: '2026-01-02T00:00:00.000Z',
      counts: { packages: 3, virtualNames: 2, privateOnly: privateCount, installedSizes: 3 },
    });
  });

  it('finds names in the imported catalog', () => {
    const run = wolfify(['catalog', 'search', 'fixture']);
    assert.equal(run.stdout, 'fixture-lib 1.0-r0 (from fixture-tool)\nfixture-tool 1.2.0-r1\n');
  });

  it('maps a package that only the imported index has, in explain and in convert', () => {
    const explained = wolfify(['rules', 'explain', 'fixture-tool', '--distro', 'alpine']);
    assert.equal(
      explained.stdout,
      [
        'fixture-tool (alpine) → fixture-tool',
        '  rule: alpine:same-name',
        `catalog: apkindex ${archive} (2026-01-02T00:00:00.000Z)`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(root, 'Dockerfile'),
      'FROM alpine:3.20\nRUN apk add --no-cache fixture-tool cmd:fixture-tool\nUSER 1000\n',
    );
    const run = wolfify(['convert', 'Dockerfile', '--json', '-q', '--fail-on', 'never']);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as {
      packages: { from: string; to: string[]; rule: string }[];
    };
    assert.deepEqual(
      result.packages.filter((p) => p.from !== 'alpine:3.20').map((p) => [p.from, p.to, p.rule]),
      [
        ['fixture-tool', ['fixture-tool'], 'alpine:same-name'],
        ['cmd:fixture-tool', ['fixture-tool'], 'alpine:same-name'],
      ],
    );
  });

  it('refuses a file that is not an apk index, with its line', () => {
    writeFileSync(join(root, 'notes.txt'), 'P:ok\nV:1-r0\n\nthis is not an index\n');
    const run = wolfify(['catalog', 'import', 'notes.txt']);
    assert.equal(run.status, 2);
    assert.equal(
      run.stderr,
      `wolfify: ${join(root, 'notes.txt')}:4: not an APKINDEX line: "this is not an index" (expected "X:value")\n`,
    );
    assert.equal(wolfify(['catalog', 'info', '--json']).stdout.includes('"inUse": "cache"'), true);
  });

  it('refuses a missing file with exit code 2', () => {
    const run = wolfify(['catalog', 'import', 'nowhere.tar.gz']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'wolfify: cannot read nowhere.tar.gz: no such file\n');
  });

  it('goes back to the built-in catalog after reset', () => {
    const run = wolfify(['catalog', 'reset']);
    assert.equal(run.stdout, `removed ${cacheFile}; using the built-in catalog\n`);
    assert.equal(wolfify(['catalog', 'info']).stdout, builtinInfo);
  });
});
