import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { writeOutputs } from '../../src/workspace/files.js';
import { WolfifyError } from '../../src/errors.js';

// Nothing lost: what test/cli/files.test.ts does not cover yet — a failure after the
// first file, the same through the real CLI, and an out-dir reached through a symlink.

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wolfify-writes-'));
  dirs.push(dir);
  return dir;
}

test('a second output that is an existing directory stops the write, even with --force, and the first file stays as it was', async () => {
  const dir = await scratch();
  await writeFile(join(dir, 'apko.yaml'), 'old');
  await mkdir(join(dir, 'melange.yaml'));
  await assert.rejects(
    writeOutputs(
      dir,
      [
        { path: 'apko.yaml', content: 'new' },
        { path: 'melange.yaml', content: 'new' },
      ],
      { force: true },
    ),
    (e: unknown) =>
      e instanceof WolfifyError &&
      e.message === `${join(dir, 'melange.yaml')} is a directory; refusing to replace it`,
  );
  assert.equal(await readFile(join(dir, 'apko.yaml'), 'utf8'), 'old');
  assert.deepEqual((await readdir(dir)).sort(), ['apko.yaml', 'melange.yaml']);
});

test('a new out-dir is not written at all when a later file is refused', async () => {
  const dir = await scratch();
  await assert.rejects(
    writeOutputs(
      join(dir, 'out'),
      [
        { path: 'apko.yaml', content: 'x' },
        { path: '../escape.yaml', content: 'x' },
      ],
      { force: false },
    ),
    /outside/,
  );
  assert.deepEqual(await readdir(join(dir, 'out')), []);
  assert.deepEqual((await readdir(dir)).sort(), ['out']);
});

test('a file inside a symlinked subdirectory of the out-dir is refused', async () => {
  const dir = await scratch();
  const elsewhere = await scratch();
  await mkdir(join(dir, 'out'));
  await symlink(elsewhere, join(dir, 'out', 'sub'));
  await assert.rejects(
    writeOutputs(join(dir, 'out'), [{ path: 'sub/apko.yaml', content: 'x' }], { force: true }),
    (e: unknown) =>
      e instanceof WolfifyError && e.message === 'refusing to write through the symbolic link sub',
  );
  assert.deepEqual(await readdir(elsewhere), []);
});

function wolfify(args: string[], cwd: string) {
  const child = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8' });
  return { status: child.status, stderr: child.stderr };
}

test('the CLI refuses an out-dir that is a file, in one line, and leaves it alone', async () => {
  const dir = await scratch();
  await writeFile(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCMD ["sh"]\n');
  await writeFile(join(dir, 'out'), 'keep');
  const run = wolfify(['convert', 'Dockerfile', '--no-config', '-q', '-o', 'out'], dir);
  assert.equal(run.stderr, 'wolfify: --out-dir out exists and is not a directory\n');
  assert.equal(run.status, 2);
  assert.equal(await readFile(join(dir, 'out'), 'utf8'), 'keep');
});

test('the CLI never overwrites without --force and leaves no temporary files', async () => {
  const dir = await scratch();
  await writeFile(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCMD ["sh"]\n');
  await mkdir(join(dir, 'out'));
  await writeFile(join(dir, 'out', 'apko.yaml'), 'mine');
  const run = wolfify(['convert', 'Dockerfile', '--no-config', '-q', '-o', 'out'], dir);
  assert.equal(
    run.stderr,
    `wolfify: ${join(dir, 'out', 'apko.yaml')} exists; pass --force to overwrite it\n`,
  );
  assert.equal(run.status, 2);
  assert.equal(await readFile(join(dir, 'out', 'apko.yaml'), 'utf8'), 'mine');
  assert.deepEqual(await readdir(join(dir, 'out')), ['apko.yaml']);
});
