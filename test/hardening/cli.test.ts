import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import type { Result } from '../../src/model.js';

// Bad input through the real CLI: exactly one line on stderr that starts with `wolfify:`,
// names file:line where known, exit code 2 (DESIGN.md "Interfaces"), never a stack trace.

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const BAD = fileURLToPath(new URL('../../../test/fixtures/bad/', import.meta.url));
const bad = (name: string): string => join(BAD, name);

/** The conventional uid of `nobody`. */
const NOBODY = 65534;

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wolfify-hardening-'));
  dirs.push(dir);
  return dir;
}

export function wolfify(
  args: string[],
  options: { cwd?: string; preload?: string; input?: string; uid?: number; home?: string } = {},
): { status: number | null; stdout: string; stderr: string } {
  const node = options.preload ? ['--import', options.preload] : [];
  const child = spawnSync(process.execPath, [...node, MAIN, ...args], {
    cwd: options.cwd ?? tmpdir(),
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', ...(options.home ? { HOME: options.home } : {}) },
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The contract for a refused input: exit 2, one `wolfify:` line, no stack. */
function assertRefused(run: ReturnType<typeof wolfify>, line: string): void {
  assert.equal(run.stderr, `wolfify: ${line}\n`);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
}

test('a missing path is one line naming the path, exit 2', () => {
  const path = join(tmpdir(), 'wolfify-no-such-dir', 'Dockerfile');
  assertRefused(wolfify(['convert', path]), `cannot read ${path}: no such file`);
});

test('an unreadable file is refused with permission denied', async () => {
  const dir = await scratch();
  await chmod(dir, 0o755);
  const path = join(dir, 'Dockerfile');
  await writeFile(path, 'FROM alpine\n');
  await chmod(path, 0o000);
  // chmod 000 does not stop root from reading: as root, run wolfify as the user nobody
  // (with a home of its own: root's is closed to it).
  const asNobody = process.getuid?.() === 0 ? { uid: NOBODY, home: dir } : {};
  assertRefused(wolfify(['convert', path], asNobody), `cannot read ${path}: permission denied`);
});

test('a directory is refused with a hint to name the Dockerfile inside it', () => {
  const dir = BAD.replace(/\/$/, '');
  assertRefused(wolfify(['convert', dir]), `${dir}: is a directory; name the Dockerfile inside it`);
});

test('an empty file is refused', () => {
  const path = bad('empty.Dockerfile');
  assertRefused(wolfify(['convert', path]), `${path}: the Dockerfile has no instructions`);
});

test('a file with only comments is refused', () => {
  const path = bad('comment-only.Dockerfile');
  assertRefused(wolfify(['convert', path]), `${path}: the Dockerfile has no instructions`);
});

test('a binary file (NUL bytes) is refused', () => {
  const path = bad('binary.Dockerfile');
  assertRefused(wolfify(['convert', path]), `${path}: not a text file (it contains NUL bytes)`);
});

test('a file without FROM is refused', () => {
  const path = bad('no-from.Dockerfile');
  assertRefused(wolfify(['convert', path]), `${path}: no FROM instruction`);
});

test('an unterminated heredoc names the line that opens it', () => {
  const path = bad('unterminated-heredoc.Dockerfile');
  assertRefused(
    wolfify(['convert', path]),
    `${path}:2: unterminated heredoc: no line "EOF" ends <<EOF`,
  );
});

test('a COPY --from cycle names the first forward reference', () => {
  const path = bad('cyclic-copy-from.Dockerfile');
  assertRefused(
    wolfify(['convert', path]),
    `${path}:2: COPY --from=b names a stage defined later in the file`,
  );
});

test('standard input with NUL bytes is refused as `-`', () => {
  assertRefused(
    wolfify(['convert', '-'], { input: 'FROM a\u0000\n' }),
    '-: not a text file (it contains NUL bytes)',
  );
});

test('malformed flags are one usage line each, exit 2', () => {
  const path = bad('crlf.Dockerfile');
  assertRefused(
    wolfify(['convert', path, '--build-arg', 'X']),
    '--build-arg X: expected NAME=VALUE',
  );
  assertRefused(
    wolfify(['convert', path, '--fail-on', 'bogus']),
    '--fail-on bogus: expected error, warning or never',
  );
  assertRefused(
    wolfify(['convert', path, '--no-such-option']),
    "unknown option '--no-such-option' (run wolfify --help for usage)",
  );
  assertRefused(
    wolfify(['convert']),
    "missing required argument 'dockerfile' (run wolfify --help for usage)",
  );
  assertRefused(wolfify(['nonsense']), "unknown command 'nonsense' (run wolfify --help for usage)");
});

test('an empty --arch is a usage error', () => {
  const run = wolfify(['convert', bad('crlf.Dockerfile'), '--arch', '']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^wolfify: --arch/);
});

test('an internal error is one line with a --debug hint, and --debug adds the stack', async () => {
  const dir = await scratch();
  // Make the CLI fail the way a bug would (an exception that is no WolfifyError), in its own
  // process: through a global it shares however it is bundled, the stream it prints to.
  const preload = join(dir, 'break.mjs');
  await writeFile(
    preload,
    `process.stdout.write = () => { throw new TypeError('simulated bug'); };\n`,
  );
  const path = bad('crlf.Dockerfile');
  const plain = wolfify(['convert', path], { preload });
  assert.equal(
    plain.stderr,
    'wolfify: internal error: simulated bug (rerun with --debug for details)\n',
  );
  assert.equal(plain.status, 2);
  const debug = wolfify(['--debug', 'convert', path], { preload });
  const lines = debug.stderr.trimEnd().split('\n');
  assert.equal(lines[0], 'wolfify: internal error: simulated bug (rerun with --debug for details)');
  assert.equal(lines[1], 'TypeError: simulated bug');
  assert.match(lines[2] ?? '', /^ {4}at /);
});

function convertJson(path: string): Result {
  const run = wolfify(['convert', path, '--json', '--quiet', '--fail-on', 'never']);
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
  return JSON.parse(run.stdout) as Result;
}

const ids = (result: Result): string[] => result.findings.map((f) => `${f.id}@${f.line}`);

test('a CRLF file converts, with a WF105 note and continuation lines joined', () => {
  const result = convertJson(bad('crlf.Dockerfile'));
  assert.ok(ids(result).includes('WF105@null'));
  assert.ok(result.apko.contents.packages.includes('curl'));
  assert.ok(result.apko.contents.packages.includes('jq'));
  assert.equal(result.apko.cmd, 'sh');
});

test('a file with a byte order mark converts, with a WF105 note', () => {
  const result = convertJson(bad('bom.Dockerfile'));
  assert.equal(
    result.findings.find((f) => f.id === 'WF105')?.message,
    'the file has a UTF-8 byte order mark',
  );
  assert.equal(result.apko.cmd, 'sh');
});

test('an unknown instruction converts with WF103 on its line', () => {
  const result = convertJson(bad('unknown-instruction.Dockerfile'));
  assert.ok(ids(result).includes('WF103@2'));
});

test('invalid UTF-8 in a label converts with replacement characters and WF108', () => {
  const result = convertJson(bad('invalid-utf8.Dockerfile'));
  assert.equal(result.apko.annotations?.title, 'caf\uFFFD \uFFFD');
  assert.ok(ids(result).includes('WF108@2'));
});

test('undefined variables convert with a WF102 per variable, left as written', () => {
  const result = convertJson(bad('undefined-variables.Dockerfile'));
  const wf102 = result.findings.filter((f) => f.id === 'WF102').map((f) => f.line);
  assert.deepEqual(wf102, [1, 1, 2, 3]);
  assert.equal(result.apko.environment?.A, '$NOT_SET');
  assert.equal(result.apko['work-dir'], '/app/${ALSO_NOT_SET}');
});

test('COPY --from a name that is no stage converts: Docker reads it as an image', () => {
  const result = convertJson(bad('dangling-copy-from.Dockerfile'));
  assert.deepEqual(result.apko.contents.repositories, ['https://packages.wolfi.dev/os']);
});

test('COPY --from an image is reported, since its files do not reach the apko image', () => {
  const result = convertJson(bad('dangling-copy-from.Dockerfile'));
  assert.deepEqual(
    result.findings.filter((f) => f.line === 2).map((f) => f.id),
    ['WF506'],
  );
});
