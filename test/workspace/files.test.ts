import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  decode,
  insideDirectory,
  readDockerfile,
  writeOutputs,
} from '../../src/workspace/files.js';
import { WolfifyError } from '../../src/errors.js';

const dirs: string[] = [];
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wolfify-files-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

test('writes every file and leaves no temporary files', async () => {
  const dir = await scratch();
  await writeOutputs(
    join(dir, 'out'),
    [
      { path: 'apko.yaml', content: 'a: 1\n' },
      { path: 'sub/b.md', content: 'b' },
    ],
    { force: false },
  );
  assert.equal(await readFile(join(dir, 'out', 'apko.yaml'), 'utf8'), 'a: 1\n');
  assert.equal(await readFile(join(dir, 'out', 'sub', 'b.md'), 'utf8'), 'b');
  assert.deepEqual((await readdir(join(dir, 'out'))).sort(), ['apko.yaml', 'sub']);
});

test('refuses to overwrite without force and changes nothing', async () => {
  const dir = await scratch();
  await writeFile(join(dir, 'melange.yaml'), 'old');
  await assert.rejects(
    writeOutputs(
      dir,
      [
        { path: 'apko.yaml', content: 'new' },
        { path: 'melange.yaml', content: 'new' },
      ],
      { force: false },
    ),
    (e: unknown) => e instanceof WolfifyError && /exists; pass --force/.test(e.message),
  );
  assert.equal(await readFile(join(dir, 'melange.yaml'), 'utf8'), 'old');
  assert.deepEqual((await readdir(dir)).sort(), ['melange.yaml']);
});

test('overwrites with force', async () => {
  const dir = await scratch();
  await writeFile(join(dir, 'apko.yaml'), 'old');
  await writeOutputs(dir, [{ path: 'apko.yaml', content: 'new' }], { force: true });
  assert.equal(await readFile(join(dir, 'apko.yaml'), 'utf8'), 'new');
});

test('refuses an out-dir that is a file', async () => {
  const dir = await scratch();
  await writeFile(join(dir, 'file'), 'x');
  await assert.rejects(
    writeOutputs(join(dir, 'file'), [{ path: 'a', content: '' }], { force: false }),
    /not a directory/,
  );
});

test('refuses names that escape the out-dir', () => {
  assert.throws(() => insideDirectory('/tmp/out', '../evil'), /outside/);
  assert.throws(() => insideDirectory('/tmp/out', '/etc/passwd'), /outside/);
  assert.equal(insideDirectory('/tmp/out', 'a/b.yaml'), '/tmp/out/a/b.yaml');
});

test('refuses to write through a symbolic link even with force', async () => {
  const dir = await scratch();
  await writeFile(join(dir, 'target'), 'keep');
  await symlink(join(dir, 'target'), join(dir, 'apko.yaml'));
  await assert.rejects(
    writeOutputs(dir, [{ path: 'apko.yaml', content: 'x' }], { force: true }),
    /symbolic link/,
  );
  assert.equal(await readFile(join(dir, 'target'), 'utf8'), 'keep');
});

test('reports a missing file and a directory in one line', async () => {
  const dir = await scratch();
  await assert.rejects(readDockerfile(join(dir, 'nope')), /cannot read .*nope: no such file/);
  await assert.rejects(readDockerfile(dir), /is a directory/);
});

test('refuses binary input', () => {
  assert.throws(() => decode(Buffer.from([0x46, 0x00, 0x52]), 'x'), /not a text file/);
});
