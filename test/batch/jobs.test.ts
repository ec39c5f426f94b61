import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { jobsFor } from '../../src/cli/batch.js';

// `batch --jobs N` through the real CLI: worker threads must not change a byte of the report
// or of the files written, compared with the one-thread path.

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const PACKAGES = ['curl', 'git', 'ca-certificates', 'make', 'jq', 'openssl', 'bash'];
const UNKNOWN =
  'FROM debian:bookworm-slim\nRUN apt-get install -y no-such-package-wolfify-test\nUSER 1000\nCMD ["sh"]\n';
const BROKEN = '# no FROM at all\nRUN echo hi\n';

/** 40 Dockerfiles that differ, so that a result out of order would show. */
function corpus(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 38; i++) {
    const wanted = PACKAGES.filter((_, p) => (i >> p) % 2 === 1 || p === i % PACKAGES.length);
    const name = i % 5 === 0 ? `svc${i}/Dockerfile.prod` : `svc${i}/Dockerfile`;
    files[name] =
      `FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ${wanted.join(' ')}\nUSER 1000\nCMD ["python3", "app${i}.py"]\n`;
  }
  files['svc17/Dockerfile'] = BROKEN;
  files['unknown/Dockerfile'] = UNKNOWN;
  files['zz-broken/Dockerfile'] = BROKEN;
  return files;
}

async function repo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'wolfify-jobs-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

async function copyOf(root: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'wolfify-jobs-'));
  dirs.push(copy);
  await cp(root, copy, { recursive: true });
  return copy;
}

function wolfify(cwd: string, args: string[]) {
  const child = spawnSync(process.execPath, [MAIN, 'batch', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' },
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Every file below root, path → content. */
async function tree(root: string): Promise<Map<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), await readFile(path, 'utf8'));
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

test('--jobs 2 prints the same JSON report as --jobs 1, byte for byte, failures included', async () => {
  const root = await repo(corpus());
  const one = wolfify(root, ['--dry-run', '--format', 'json', '--jobs', '1']);
  const two = wolfify(root, ['--dry-run', '--format', 'json', '--jobs', '2']);
  assert.equal(one.status, 1, one.stderr);
  assert.equal(two.status, 1, two.stderr);
  assert.equal(two.stdout, one.stdout);
  assert.equal(two.stderr, one.stderr);
  const json = JSON.parse(two.stdout) as {
    results: { source: string; findings: { id: string }[] }[];
    failures: { source: string; error: { message: string; line: number | null } }[];
    summary: { files: number; converted: number; failed: number };
  };
  assert.deepEqual([json.summary.files, json.summary.converted, json.summary.failed], [40, 38, 2]);
  assert.deepEqual(
    json.failures.map((f) => f.source),
    ['svc17/Dockerfile', 'zz-broken/Dockerfile'],
  );
  assert.equal(json.failures[0]?.error.message.startsWith('internal error'), false);
  const unknown = json.results.find((r) => r.source === 'unknown/Dockerfile');
  assert.ok(unknown, 'the file with an unknown package is converted');
  assert.ok(unknown.findings.length > 0, 'and its unknown package is reported');
});

test('--jobs 2 writes the same files as --jobs 1, and --check with --jobs 2 finds drift', async () => {
  const one = await repo(corpus());
  const two = await copyOf(one);
  assert.equal(wolfify(one, ['--quiet', '--jobs', '1']).status, 1);
  assert.equal(wolfify(two, ['--quiet', '--jobs', '2']).status, 1);
  const written = await tree(one);
  assert.ok(written.has('svc0/wolfi/Dockerfile.prod/apko.yaml'));
  assert.ok(written.has('svc1/wolfi/apko.yaml'));
  assert.deepEqual(await tree(two), written);

  const upToDate = wolfify(two, ['--check', '--quiet', '--jobs', '2']);
  assert.match(upToDate.stdout, /All generated files are up to date\.\n$/);

  const apko = join(two, 'svc3/wolfi/apko.yaml');
  await writeFile(apko, `${await readFile(apko, 'utf8')}# hand edit\n`);
  await rm(join(two, 'svc21/wolfi/apko.yaml'));
  const drift = wolfify(two, ['--check', '--quiet', '--jobs', '2']);
  assert.equal(drift.status, 1);
  assert.match(drift.stdout, /^--- svc3\/wolfi\/apko\.yaml\ton disk$/m);
  assert.match(drift.stdout, /^-# hand edit$/m);
  assert.match(drift.stdout, /^missing: svc21\/wolfi\/apko\.yaml$/m);
  assert.match(drift.stdout, /2 generated files are out of date\./);
});

test('--to dockerfile with --jobs 2 writes the same Dockerfiles as with --jobs 1', async () => {
  const one = await repo(corpus());
  const two = await copyOf(one);
  assert.equal(wolfify(one, ['--quiet', '--to', 'dockerfile', '--jobs', '1']).status, 1);
  assert.equal(wolfify(two, ['--quiet', '--to', 'dockerfile', '--jobs', '2']).status, 1);
  const written = await tree(one);
  assert.ok(written.has('svc1/wolfi/Dockerfile'));
  assert.deepEqual(await tree(two), written);
});

test('--jobs 0 and --jobs x are usage errors: exit 2 and one line', async () => {
  const root = await repo({ 'a/Dockerfile': UNKNOWN });
  for (const value of ['0', 'x']) {
    const run = wolfify(root, ['--dry-run', '--jobs', value]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      `wolfify: --jobs ${value}: expected a positive whole number or auto\n`,
    );
  }
});

test('auto uses workers only with at least 4 CPUs and 32 files', () => {
  assert.equal(jobsFor('auto', 2000, 2), 1);
  assert.equal(jobsFor('auto', 2000, 4), 3);
  assert.equal(jobsFor('auto', 2000, 16), 4);
  assert.equal(jobsFor('auto', 10, 16), 1);
  assert.equal(jobsFor(3, 10, 2), 3);
});
