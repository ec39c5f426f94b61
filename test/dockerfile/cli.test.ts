import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, test } from 'node:test';
import { convertToDockerfile, type ToDockerfileFlags } from '../../src/cli/to-dockerfile.js';
import { WolfifyError } from '../../src/errors.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const ORIGINAL = 'FROM debian:12\n# tools\nRUN apt-get update && apt-get install -y curl\n';
const CONVERTED = 'FROM cgr.dev/ORG/wolfi-base:latest\n# tools\nRUN apk add --no-cache curl\n';

async function fileWith(text: string, mode = 0o640): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wolfify-to-dockerfile-'));
  dirs.push(dir);
  const path = join(dir, 'Dockerfile');
  await writeFile(path, text);
  await chmod(path, mode);
  return path;
}

async function run(path: string, flags: ToDockerfileFlags, stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await convertToDockerfile(path, flags, {}, 'error', {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout,
    stderr,
  });
  return { code, out, err };
}

test('prints the converted Dockerfile on stdout', async () => {
  const path = await fileWith(ORIGINAL);
  const { code, out } = await run(path, { quiet: true });
  assert.equal(code, 0);
  assert.equal(out, CONVERTED);
});

test('reads standard input when the path is -', async () => {
  const { out } = await run('-', { quiet: true, org: 'acme' }, ORIGINAL);
  assert.equal(out, CONVERTED.replace('/ORG/', '/acme/'));
});

test('--in-place rewrites the file, keeps FILE.bak, and both keep the mode', async () => {
  const path = await fileWith(ORIGINAL, 0o640);
  const { code, out } = await run(path, { inPlace: true, quiet: true });
  assert.equal(code, 0);
  assert.equal(out, '');
  assert.equal(await readFile(path, 'utf8'), CONVERTED);
  assert.equal(await readFile(`${path}.bak`, 'utf8'), ORIGINAL);
  assert.equal((await stat(path)).mode & 0o777, 0o640);
  assert.equal((await stat(`${path}.bak`)).mode & 0o777, 0o640);
  assert.deepEqual((await readdir(join(path, '..'))).sort(), ['Dockerfile', 'Dockerfile.bak']);
});

test('--in-place is refused for standard input', async () => {
  await assert.rejects(
    run('-', { inPlace: true }, ORIGINAL),
    (e: unknown) =>
      e instanceof WolfifyError && e.exitCode === 2 && e.message.includes('--in-place'),
  );
});

test('--json prints one object with every line, the packages and the findings', async () => {
  const path = await fileWith('FROM debian:12\nRUN apt-get install -y curl no-such-pkg-xyz\n');
  const { code, out } = await run(path, { json: true, quiet: true });
  // An unknown package is an error finding: exit 1 at the default threshold.
  assert.equal(code, 1);
  const result = JSON.parse(out) as {
    lines: { line: number; original: string; converted: string }[];
    packages: { from: string; to: string[] }[];
    findings: { id: string }[];
  };
  assert.deepEqual(
    result.lines.map((l) => [l.line, l.original, l.converted]),
    [
      [1, 'FROM debian:12\n', 'FROM cgr.dev/ORG/wolfi-base:latest\n'],
      [2, 'RUN apt-get install -y curl no-such-pkg-xyz\n', 'RUN apk add --no-cache curl\n'],
    ],
  );
  assert.deepEqual(
    result.packages.map((p) => [p.from, p.to]),
    [
      ['curl', ['curl']],
      ['no-such-pkg-xyz', []],
    ],
  );
  assert.ok(result.findings.some((f) => f.id === 'WF203'));
});

test('the verdict, then findings go to stderr as file:line lines', async () => {
  const path = await fileWith('FROM debian:12\nRUN apt-get install -y no-such-pkg-xyz curl\n');
  const { err } = await run(path, {});
  const [verdict, first] = err.split('\n');
  assert.match(verdict ?? '', /: incomplete — the image would not do what the original did/);
  assert.ok(first?.startsWith(`${path}:2: error WF203: no Wolfi package`), err);
});
