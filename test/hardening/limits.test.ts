import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { parseConfig } from '../../src/config.js';
import { convert } from '../../src/convert.js';
import { WolfifyError } from '../../src/errors.js';
import { loadRuleFile } from '../../src/map/rules.js';
import { MAX_INPUT_BYTES } from '../../src/parse/limits.js';
import { MAX_SHELL_NESTING } from '../../src/shell/index.js';

// Limits that keep conversion linear. The parser's own limits (ARG doubling, nesting of
// ${…}, total expansion, 4 MiB) are tested in test/parse/limits.test.ts; these are the rest.
// Time bounds are generous: they catch blow-ups, not slow machines.

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function scratch(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wolfify-limits-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

function timed(args: string[], cwd: string): { stderr: string; status: number | null; ms: number } {
  const start = performance.now();
  const child = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8' });
  return { stderr: child.stderr, status: child.status, ms: performance.now() - start };
}

async function msToConvert(text: string): Promise<number> {
  const start = performance.now();
  await convert(text);
  return performance.now() - start;
}

const chained = (n: number): string =>
  `FROM alpine:3.20\nRUN ${Array.from({ length: n }, (_, i) => `echo step${i}`).join(' && ')}\nCMD ["sh"]\n`;

test('a RUN of 10,000 &&-joined commands converts in linear time', async () => {
  await convert(chained(10)); // load the shell grammar and data outside the measurement
  const small = await msToConvert(chained(1_000));
  const large = await msToConvert(chained(10_000));
  assert.ok(large < 5_000, `10,000 commands took ${large} ms`);
  // Linear is ×10; quadratic would be ×100. Allow for timer noise on small numbers.
  assert.ok(large / Math.max(small, 5) < 20, `1k: ${small} ms, 10k: ${large} ms`);
});

test('sh -c nested beyond the limit is reported as WF107, without a crash', async () => {
  let script = 'apk add curl';
  for (let i = 0; i < MAX_SHELL_NESTING + 4; i++) script = `sh -c ${JSON.stringify(script)}`;
  const start = performance.now();
  const result = await convert(`FROM alpine:3.20\nRUN ${script}\nCMD ["sh"]\n`);
  assert.ok(performance.now() - start < 5_000);
  const wf107 = result.findings.find((f) => f.id === 'WF107');
  assert.equal(
    wf107?.message,
    `shell scripts nested more than ${MAX_SHELL_NESTING} deep (sh -c inside sh -c …) were not analyzed`,
  );
  assert.equal(wf107.line, 2);
});

test('a 5 MiB Dockerfile is refused quickly with a clear message', async () => {
  assert.ok(5 * 1024 * 1024 > MAX_INPUT_BYTES);
  const body = `RUN ${'x'.repeat(1023)}\n`.repeat(5 * 1024);
  const dir = await scratch({ Dockerfile: `FROM alpine:3.20\n${body}` });
  const run = timed(['convert', 'Dockerfile', '--no-config'], dir);
  assert.equal(
    run.stderr,
    'wolfify: Dockerfile: the Dockerfile is larger than 4 MiB; refusing to parse it\n',
  );
  assert.equal(run.status, 2);
  assert.ok(run.ms < 5_000, `took ${run.ms} ms`);
});

/** Eleven levels of ten aliases each: 10^11 nodes when expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 11; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const BOMB_MESSAGE = 'invalid YAML: Excessive alias count indicates a resource exhaustion attack';

function refusedWithin(load: () => unknown, file: string, ms: number): void {
  const start = performance.now();
  assert.throws(
    load,
    (e: unknown) => e instanceof WolfifyError && e.describe() === `${file}: ${BOMB_MESSAGE}`,
  );
  const took = performance.now() - start;
  assert.ok(took < ms, `took ${took} ms`);
}

test('a YAML alias bomb in a rule file is refused in under a second', () => {
  refusedWithin(() => loadRuleFile(aliasBomb(), 'bomb.yaml'), 'bomb.yaml', 1_000);
});

test('a YAML alias bomb in a config file is refused in under a second', () => {
  refusedWithin(() => parseConfig(aliasBomb(), '.wolfify.yaml'), '.wolfify.yaml', 1_000);
});

test('the CLI refuses an alias bomb given with --rules in one line', async () => {
  const dir = await scratch({ Dockerfile: 'FROM alpine:3.20\n', 'bomb.yaml': aliasBomb() });
  const run = timed(['convert', 'Dockerfile', '--no-config', '--rules', 'bomb.yaml'], dir);
  assert.equal(run.stderr, `wolfify: bomb.yaml: ${BOMB_MESSAGE}\n`);
  assert.equal(run.status, 2);
  assert.ok(run.ms < 5_000, `took ${run.ms} ms`);
});

test('the CLI refuses an alias bomb in .wolfify.yaml in one line', async () => {
  const dir = await scratch({ Dockerfile: 'FROM alpine:3.20\n', '.wolfify.yaml': aliasBomb() });
  const run = timed(['convert', 'Dockerfile'], dir);
  assert.equal(run.stderr, `wolfify: .wolfify.yaml: ${BOMB_MESSAGE}\n`);
  assert.equal(run.status, 2);
  assert.ok(run.ms < 5_000, `took ${run.ms} ms`);
});

// Input that never ends: the reader stops one byte past the limit instead of reading forever.
// The timeout only turns a hang into a failure; it is no speed claim.
const REFUSED_FOREVER = { encoding: 'utf8', timeout: 60_000 } as const;

test('a device that never ends (/dev/zero) is refused with one line, exit 2', () => {
  const run = spawnSync(process.execPath, [MAIN, 'convert', '/dev/zero'], REFUSED_FOREVER);
  assert.equal(
    run.stderr,
    'wolfify: /dev/zero: the Dockerfile is larger than 4 MiB; refusing to parse it\n',
  );
  assert.equal(run.status, 2);
});

test('a pipe on stdin that never ends is refused with one line, exit 2', () => {
  const run = spawnSync(
    'sh',
    ['-c', 'yes "RUN true" | "$0" "$1" convert -', process.execPath, MAIN],
    {
      ...REFUSED_FOREVER,
    },
  );
  assert.equal(
    run.stderr,
    'wolfify: -: the Dockerfile is larger than 4 MiB; refusing to parse it\n',
  );
  assert.equal(run.status, 2);
});

test('a FIFO whose writer never stops is refused with one line, exit 2', async () => {
  const dir = await scratch({});
  const fifo = join(dir, 'Dockerfile');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  // The writer ends with SIGPIPE once wolfify closes its end.
  const writer = spawn('sh', ['-c', 'yes "RUN true" > "$0"', fifo], { stdio: 'ignore' });
  const exited = new Promise((done) => writer.on('exit', done));
  const run = spawnSync(process.execPath, [MAIN, 'convert', fifo], REFUSED_FOREVER);
  assert.equal(
    run.stderr,
    `wolfify: ${fifo}: the Dockerfile is larger than 4 MiB; refusing to parse it\n`,
  );
  assert.equal(run.status, 2);
  await exited;
});

test('a config or rule file that never ends is refused with one line, exit 2', async () => {
  const dir = await scratch({ Dockerfile: 'FROM alpine:3.20\n' });
  for (const flag of ['--config', '--rules']) {
    const run = spawnSync(process.execPath, [MAIN, 'convert', 'Dockerfile', flag, '/dev/zero'], {
      ...REFUSED_FOREVER,
      cwd: dir,
    });
    assert.match(
      run.stderr,
      /^wolfify: \S*dev\/zero: the file is larger than 4 MiB; refusing to read it\n$/,
    );
    assert.equal(run.status, 2);
  }
});
