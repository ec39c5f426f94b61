import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import {
  checkReport,
  exitCodeOf,
  fixCommand,
  pairFormats,
  runBatch,
  type BatchOptions,
  type Engine,
} from '../../src/cli/batch.js';
import { createProgress, progressEnabled, progressLine } from '../../src/cli/progress.js';
import { outputDirFor } from '../../src/workspace/files.js';
import { WolfifyError } from '../../src/errors.js';
import type { Finding, Result } from '../../src/model.js';
import { isFormatName } from '../../src/report/index.js';
import { verdictOf } from '../../src/verdict.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'wolfify-batch-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), `${path}/`)));
    else out.push(path);
  }
  return out.sort();
}

// A stand-in for the core, so these tests are about batch alone: the text decides the outcome.
const engine: Engine = {
  async convert(text, options) {
    const source = options.source ?? 'Dockerfile';
    if (text.includes('BROKEN')) throw new WolfifyError('no FROM instruction', 2, source, 3);
    if (text.includes('CRASH')) throw new TypeError('cannot read properties of undefined');
    const findings: Finding[] = text.includes('UNKNOWN')
      ? [{ id: 'WF203', severity: 'error', message: 'no Wolfi package', line: 2, stage: '0' }]
      : text.includes('HEALTH')
        ? [{ id: 'WF302', severity: 'warning', message: 'HEALTHCHECK', line: 2, stage: '0' }]
        : [];
    const result: Result = {
      version: 1,
      source,
      verdict: verdictOf(findings),
      apko: { contents: { repositories: [], keyring: [], packages: [] }, archs: ['x86_64'] },
      melange: null,
      melanges: [],
      steps: [],
      packages: [],
      findings,
      size: null,
    };
    return result;
  },
  renderFiles(result) {
    return [{ path: 'apko.yaml', content: `# from ${result.source}\n` }];
  },
};

function options(cwd: string, extra: Partial<BatchOptions> = {}): BatchOptions {
  return {
    cwd,
    optionsFor: () => ({}),
    outDir: null,
    mode: 'write',
    force: false,
    engine,
    ...extra,
  };
}

test('output folders: wolfi/ beside a Dockerfile, wolfi/<name>/ for other names, mirrored under --out-dir', () => {
  assert.equal(outputDirFor('Dockerfile', null), 'wolfi');
  assert.equal(outputDirFor('services/api/Dockerfile', null), join('services', 'api', 'wolfi'));
  assert.equal(outputDirFor('services/api/Containerfile', null), join('services', 'api', 'wolfi'));
  assert.equal(
    outputDirFor('services/api/Dockerfile.prod', null),
    join('services', 'api', 'wolfi', 'Dockerfile.prod'),
  );
  assert.equal(outputDirFor('api.Dockerfile', null), join('wolfi', 'api.Dockerfile'));
  assert.equal(outputDirFor('services/api/Dockerfile', 'out'), join('out', 'services', 'api'));
  assert.equal(
    outputDirFor('services/api/Dockerfile.prod', 'out'),
    join('out', 'services', 'api', 'Dockerfile.prod'),
  );
  assert.equal(outputDirFor('Dockerfile', 'out'), 'out');
});

test('writes each conversion into its folder', async () => {
  const root = await tree({
    'a/Dockerfile': 'FROM x',
    'a/Dockerfile.prod': 'FROM x',
    'b/web.Dockerfile': 'FROM x',
  });
  const run = await runBatch(
    ['a/Dockerfile', 'a/Dockerfile.prod', 'b/web.Dockerfile'],
    options(root),
  );
  assert.deepEqual(run.written, ['a/wolfi', 'a/wolfi/Dockerfile.prod', 'b/wolfi/web.Dockerfile']);
  assert.equal(
    await readFile(join(root, 'a/wolfi/Dockerfile.prod/apko.yaml'), 'utf8'),
    '# from a/Dockerfile.prod\n',
  );
  assert.deepEqual(run.report.failures, []);
});

test('mirrors paths under --out-dir', async () => {
  const root = await tree({ 'services/api/Dockerfile': 'FROM x', Dockerfile: 'FROM x' });
  await runBatch(
    ['Dockerfile', 'services/api/Dockerfile'],
    options(root, { outDir: join(root, 'out') }),
  );
  assert.deepEqual(await listFiles(join(root, 'out')), ['apko.yaml', 'services/api/apko.yaml']);
});

test('--dry-run writes nothing', async () => {
  const root = await tree({ 'a/Dockerfile': 'FROM x' });
  const run = await runBatch(['a/Dockerfile'], options(root, { mode: 'dry-run' }));
  assert.equal(run.report.results.length, 1);
  assert.deepEqual(await listFiles(root), ['a/Dockerfile']);
});

test('does not overwrite without --force: that file fails, the others are written', async () => {
  const root = await tree({
    'a/Dockerfile': 'FROM x',
    'a/wolfi/apko.yaml': 'mine',
    'b/Dockerfile': 'FROM x',
  });
  const run = await runBatch(['a/Dockerfile', 'b/Dockerfile'], options(root));
  assert.equal(run.report.failures.length, 1);
  assert.equal(run.report.failures[0]?.source, 'a/Dockerfile');
  assert.match(run.report.failures[0]?.error.message ?? '', /exists; pass --force/);
  assert.equal(await readFile(join(root, 'a/wolfi/apko.yaml'), 'utf8'), 'mine');
  assert.equal(await readFile(join(root, 'b/wolfi/apko.yaml'), 'utf8'), '# from b/Dockerfile\n');
  const forced = await runBatch(['a/Dockerfile'], options(root, { force: true }));
  assert.deepEqual(forced.report.failures, []);
  assert.equal(await readFile(join(root, 'a/wolfi/apko.yaml'), 'utf8'), '# from a/Dockerfile\n');
});

test('one bad file does not stop the rest, and is counted', async () => {
  const root = await tree({
    'a/Dockerfile': 'BROKEN',
    'b/Dockerfile': 'FROM x',
    'c/Dockerfile': 'FROM x',
  });
  const run = await runBatch(
    ['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile'],
    options(root, { mode: 'dry-run' }),
  );
  assert.deepEqual(run.report.failures, [
    { source: 'a/Dockerfile', error: { message: 'no FROM instruction', line: 3 } },
  ]);
  assert.deepEqual(
    run.report.results.map((r) => r.source),
    ['b/Dockerfile', 'c/Dockerfile'],
  );
  assert.equal(exitCodeOf(run, 'never'), 1);
  assert.deepEqual(run.internalErrors, []);
});

test('a bug in one file is reported, the rest still run, and the exit code is 2', async () => {
  const root = await tree({ 'a/Dockerfile': 'CRASH', 'b/Dockerfile': 'FROM x' });
  const run = await runBatch(['a/Dockerfile', 'b/Dockerfile'], options(root, { mode: 'dry-run' }));
  assert.equal(
    run.report.failures[0]?.error.message,
    'internal error: cannot read properties of undefined',
  );
  assert.equal(run.report.results.length, 1);
  assert.equal(exitCodeOf(run, 'error'), 2);
});

test('an unreadable file is a failure of that file', async () => {
  const root = await tree({ 'b/Dockerfile': 'FROM x' });
  const run = await runBatch(['a/Dockerfile', 'b/Dockerfile'], options(root, { mode: 'dry-run' }));
  assert.match(
    run.report.failures[0]?.error.message ?? '',
    /cannot read .*a\/Dockerfile: no such file/,
  );
});

test('two Dockerfiles that would share an output folder: the second fails', async () => {
  const root = await tree({ 'a/Dockerfile': 'FROM x', 'a/Containerfile': 'FROM x' });
  const run = await runBatch(
    ['a/Containerfile', 'a/Dockerfile'],
    options(root, { mode: 'dry-run' }),
  );
  assert.deepEqual(run.report.failures, [
    {
      source: 'a/Dockerfile',
      error: {
        message: 'its output folder a/wolfi is already used by a/Containerfile; rename one of them',
        line: null,
      },
    },
  ]);
});

test('--check: up to date gives 0 and writes nothing', async () => {
  const root = await tree({
    'a/Dockerfile': 'FROM x',
    'a/wolfi/apko.yaml': '# from a/Dockerfile\n',
  });
  const run = await runBatch(['a/Dockerfile'], options(root, { mode: 'check' }));
  assert.deepEqual(run.report.check, { changed: [], missing: [] });
  assert.equal(exitCodeOf(run, 'error'), 0);
  assert.equal(checkReport(run, ['batch', '--check']), 'All generated files are up to date.\n');
  assert.deepEqual(await listFiles(root), ['a/Dockerfile', 'a/wolfi/apko.yaml']);
});

test('--check: drift gives 1 with a unified diff, and the file on disk stays', async () => {
  const root = await tree({ 'a/Dockerfile': 'FROM x', 'a/wolfi/apko.yaml': '# edited by hand\n' });
  const run = await runBatch(['a/Dockerfile'], options(root, { mode: 'check' }));
  assert.deepEqual(run.report.check, { changed: ['a/wolfi/apko.yaml'], missing: [] });
  assert.equal(exitCodeOf(run, 'never'), 1);
  assert.equal(
    checkReport(run, ['batch', '--check', '--format', 'json']),
    [
      'Index: a/wolfi/apko.yaml',
      '===================================================================',
      '--- a/wolfi/apko.yaml\ton disk',
      '+++ a/wolfi/apko.yaml\tgenerated',
      '@@ -1,1 +1,1 @@',
      '-# edited by hand',
      '+# from a/Dockerfile',
      '1 generated file is out of date. Run `wolfify batch --format json --force` to update them.',
      '',
    ].join('\n'),
  );
  assert.equal(await readFile(join(root, 'a/wolfi/apko.yaml'), 'utf8'), '# edited by hand\n');
});

test('--check: a missing file gives 1 and one line', async () => {
  const root = await tree({ 'a/Dockerfile': 'FROM x' });
  const run = await runBatch(['a/Dockerfile'], options(root, { mode: 'check' }));
  assert.deepEqual(run.report.check, { changed: [], missing: ['a/wolfi/apko.yaml'] });
  assert.equal(exitCodeOf(run, 'never'), 1);
  assert.match(
    checkReport(run, ['batch', '--check']),
    /^missing: a\/wolfi\/apko.yaml\n1 generated file is out of date/,
  );
  assert.deepEqual(await listFiles(root), ['a/Dockerfile']);
});

test('--fail-on: errors fail by default, warnings only when asked, never never', async () => {
  const root = await tree({ 'a/Dockerfile': 'HEALTH', 'b/Dockerfile': 'UNKNOWN' });
  const warningOnly = await runBatch(['a/Dockerfile'], options(root, { mode: 'dry-run' }));
  assert.equal(exitCodeOf(warningOnly, 'error'), 0);
  assert.equal(exitCodeOf(warningOnly, 'warning'), 1);
  const withError = await runBatch(
    ['a/Dockerfile', 'b/Dockerfile'],
    options(root, { mode: 'dry-run' }),
  );
  assert.equal(exitCodeOf(withError, 'error'), 1);
  assert.equal(exitCodeOf(withError, 'never'), 0);
});

test('the fix command drops --check and --dry-run, adds --force, and quotes globs', () => {
  assert.equal(
    fixCommand(['batch', '**/Dockerfile*', '--check', '--out-dir', 'out dir']),
    "wolfify batch '**/Dockerfile*' --out-dir 'out dir' --force",
  );
});

test('--format and --output pair up in order; the rest go to stdout, at most one', () => {
  assert.deepEqual(pairFormats([], [], isFormatName), [{ format: 'text', output: null }]);
  assert.deepEqual(pairFormats(['sarif', 'text'], ['x.sarif'], isFormatName), [
    { format: 'sarif', output: 'x.sarif' },
    { format: 'text', output: null },
  ]);
  assert.throws(
    () => pairFormats(['json', 'text'], [], isFormatName),
    /only one --format can go to standard output/,
  );
  assert.throws(
    () => pairFormats(['yaml'], [], isFormatName),
    /--format yaml: expected text, json, sarif, junit or markdown/,
  );
  assert.throws(
    () => pairFormats(['json'], ['a', 'b'], isFormatName),
    /2 --output files but 1 --format/,
  );
});

test('progress shows only on a TTY, outside CI, without --quiet', () => {
  assert.equal(progressEnabled({ isTTY: true }, {}, false), true);
  assert.equal(progressEnabled({ isTTY: false }, {}, false), false);
  assert.equal(progressEnabled({ isTTY: true }, { CI: 'true' }, false), false);
  assert.equal(progressEnabled({ isTTY: true }, {}, true), false);
});

test('the progress line has a bar, the counts and the file, cut to the width', () => {
  assert.equal(
    progressLine(6, 24, 'a/Dockerfile', 80),
    '[######------------------] 6/24 a/Dockerfile',
  );
  assert.equal(
    progressLine(1, 2, 'services/very/long/Dockerfile', 40),
    '[############------------] 1/2 …kerfile',
  );
});

test('disabled progress writes nothing; enabled progress erases its line at the end', () => {
  const chunks: string[] = [];
  const stream = {
    write: (s: string) => chunks.push(s) > 0,
    columns: 60,
  } as unknown as NodeJS.WritableStream;
  const off = createProgress(3, stream, false);
  off.tick('a');
  off.done();
  assert.deepEqual(chunks, []);
  let clock = 0;
  const on = createProgress(2, stream, true, () => (clock += 1000));
  on.tick('a');
  on.tick('b');
  on.done();
  assert.equal(chunks.length, 3);
  assert.equal(chunks.at(-1), '\r\x1b[2K');
});
