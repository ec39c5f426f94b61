import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The real CLI in a pseudo-terminal (util-linux `script`), answered key by key.

const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const hasScript = spawnSync('script', ['--version']).status === 0;
const skip = hasScript ? false : 'util-linux `script` is not installed';

const DOCKERFILE = `FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y gcc libfoo-bogus
RUN gcc -o /hello hello.c

FROM debian:bookworm-slim
COPY --from=build /hello /usr/local/bin/hello
RUN apt-get update && apt-get install -y curl
`;

const temps: string[] = [];
after(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

async function repo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wolfify-pty-'));
  temps.push(dir);
  await writeFile(join(dir, 'Dockerfile'), DOCKERFILE);
  return dir;
}

// Screen text without colours and cursor movements, to look for prompts in.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][A-Z0-9]|\u001b[=>78]/g;

function terminal(cwd: string) {
  const child = spawn('script', ['-qefc', `${process.execPath} ${MAIN} wizard .`, '/dev/null'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' },
  });
  let screen = '';
  child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
  const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  let seen = 0;
  return {
    /** Wait until `text` appears after what was already matched; kill the CLI on timeout. */
    async waitFor(text: string | RegExp, ms = 10_000): Promise<void> {
      const deadline = Date.now() + ms;
      for (;;) {
        const plain = screen.replace(ANSI, '');
        const rest = plain.slice(seen);
        const at = typeof text === 'string' ? rest.indexOf(text) : rest.search(text);
        if (at >= 0) {
          seen += at + 1;
          return;
        }
        if (Date.now() > deadline || child.exitCode !== null) {
          child.kill('SIGKILL');
          assert.fail(`timed out waiting for ${String(text)}; screen:\n${plain}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async type(keys: string): Promise<void> {
      child.stdin.write(keys);
      await new Promise((r) => setTimeout(r, 60));
    },
    async exitCode(ms = 10_000): Promise<number | null> {
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
    screen: () => screen.replace(ANSI, ''),
  };
}

const ENTER = '\r';

describe('wolfify wizard in a terminal', { skip }, () => {
  it('converts a multi-stage Dockerfile with an unknown package, answered key by key', async () => {
    const dir = await repo();
    const t = terminal(dir);
    await t.waitFor('Convert Dockerfile?');
    await t.type(ENTER);
    await t.waitFor('Which package repositories?');
    await t.type(ENTER);
    await t.waitFor('apt package libfoo-bogus');
    await t.type('zlib');
    await t.waitFor(/❯ zlib/);
    await t.type(ENTER);
    await t.waitFor('Run the image as which non-root user');
    await t.type(ENTER);
    await t.waitFor('Build the image for which architectures?');
    await t.type(ENTER);
    await t.waitFor('Write the generated files into which directory?');
    await t.type(ENTER);
    await t.waitFor(/Write \d files into wolfi/);
    await t.type(ENTER);
    await t.waitFor('Saved your answers to .wolfify.yaml');
    assert.equal(await t.exitCode(), 0, t.screen());

    const config = await readFile(join(dir, '.wolfify.yaml'), 'utf8');
    assert.equal(
      config,
      'answers:\n  Dockerfile:\n    packages:\n      libfoo-bogus: zlib\n    outDir: wolfi\n',
    );
    const names = (await readdir(join(dir, 'wolfi'))).sort();
    const before = await Promise.all(names.map((n) => readFile(join(dir, 'wolfi', n), 'utf8')));
    await promisify(execFile)(
      process.execPath,
      [MAIN, 'convert', 'Dockerfile', '--out-dir', 'wolfi', '--force', '-q', '--fail-on', 'never'],
      { cwd: dir },
    );
    for (const [i, name] of names.entries()) {
      assert.equal(await readFile(join(dir, 'wolfi', name), 'utf8'), before[i], name);
    }
  });

  it('exits 130 on Ctrl-C and writes nothing', async () => {
    const dir = await repo();
    const t = terminal(dir);
    await t.waitFor('Convert Dockerfile?');
    await t.type(ENTER);
    await t.waitFor('Which package repositories?');
    await t.type('\u0003');
    assert.equal(await t.exitCode(), 130, t.screen());
    assert.match(t.screen(), /cancelled; nothing was written/);
    assert.deepEqual(await readdir(dir), ['Dockerfile']);
  });
});

describe('wolfify wizard without a terminal', () => {
  it('refuses with one line naming convert and batch, exit 2', async () => {
    const dir = await repo();
    const result = await promisify(execFile)(process.execPath, [MAIN, 'wizard', '.'], {
      cwd: dir,
    }).then(
      () => assert.fail('expected exit 2'),
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'wolfify: wizard needs an interactive terminal; in scripts and CI use `wolfify convert <Dockerfile>` or `wolfify batch`\n',
    );
    assert.deepEqual(await readdir(dir), ['Dockerfile']);
  });
});
