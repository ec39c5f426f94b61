import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadBuiltinCatalog } from '../../src/catalog/index.js';
import type { MelangeConfig } from '../../src/model.js';
import { selfCheck } from '../../src/plan/self-check.js';
import { ShellParser } from '../../src/shell/index.js';
import {
  BuildFailure,
  listFiles,
  runMelangeBuild,
  runnerUnavailable,
  type RunResult,
} from './melange-runner.js';

// Under CI=true the runner must exist: a missing bwrap fails the suite instead of skipping it.
const unavailable = runnerUnavailable();
const skip = process.env.CI === 'true' ? false : (unavailable ?? false);

test('bubblewrap and unshare are installed (required under CI=true)', { skip }, () => {
  assert.equal(unavailable, null);
});

const scratch = mkdtempSync(join(tmpdir(), 'wolfify-runner-test-'));
const results: RunResult[] = [];
after(() => {
  rmSync(scratch, { recursive: true, force: true });
  for (const r of results) rmSync(r.root, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'ws-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function pkg(
  pipeline: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): MelangeConfig {
  return { package: { name: 'app', version: '1.2.3', epoch: 4 }, pipeline, ...extra };
}

function run(config: MelangeConfig, ws: string, dependencies?: string[]): RunResult {
  const result = runMelangeBuild(config, {
    workspace: ws,
    ...(dependencies ? { dependencies } : {}),
  });
  results.push(result);
  return result;
}

test('a passing config installs exactly its files into the destdir', { skip }, () => {
  const ws = workspace({ 'src/hello.sh': 'echo hello\n', 'README.md': 'x' });
  const result = run(
    pkg([
      {
        runs: 'mkdir -p "${{targets.destdir}}/usr/bin"\ninstall -m 0755 src/hello.sh "${{targets.destdir}}/usr/bin/hello"',
      },
    ]),
    ws,
  );
  assert.deepEqual(
    listFiles(result.destdir).map((f) => `${f.mode} ${f.path}`),
    ['0755 usr/', '0755 usr/bin/', '0755 usr/bin/hello'],
  );
  assert.equal(readFileSync(join(result.destdir, 'usr/bin/hello'), 'utf8'), 'echo hello\n');
});

test('a failing command stops the build (set -e) and the error carries the log', { skip }, () => {
  const ws = workspace({ a: '' });
  assert.throws(
    () =>
      run(
        pkg([
          { name: 'first', runs: 'echo before\nfalse\necho after > "${{targets.destdir}}/after"' },
        ]),
        ws,
      ),
    (e: unknown) =>
      e instanceof BuildFailure &&
      /step 1 "first"/.test(e.message) &&
      e.log.includes('before') &&
      !e.log.includes('after\n'),
  );
  assert.throws(() => run(pkg([{ runs: "mkdir -p ''" }]), ws), BuildFailure);
});

test('every step starts with melange PATH, whatever the environment sets', { skip }, () => {
  const ws = workspace({ a: '' });
  const result = run(
    pkg(
      [
        {
          runs: 'echo "$PATH" > "${{targets.destdir}}/path"\necho "$GREETING" > "${{targets.destdir}}/greeting"',
          environment: { PATH: '/step/bin' },
        },
      ],
      {
        environment: { environment: { PATH: '/venv/bin', GREETING: 'hi' } },
      },
    ),
    ws,
  );
  assert.equal(
    readFileSync(join(result.destdir, 'path'), 'utf8'),
    '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n',
  );
  assert.equal(readFileSync(join(result.destdir, 'greeting'), 'utf8'), 'hi\n');
});

test('shell state does not carry from one step to the next; files do', { skip }, () => {
  const ws = workspace({ a: '' });
  const result = run(
    pkg([
      { runs: 'export CARRIED=yes\ncd /tmp\nmkdir -p /app && echo kept > /app/file' },
      { runs: 'echo "${CARRIED:-no} $(pwd) $(cat /app/file)" > "${{targets.destdir}}/state"' },
    ]),
    ws,
  );
  assert.equal(readFileSync(join(result.destdir, 'state'), 'utf8'), 'no /home/build kept\n');
});

test('working-directory: absolute, relative to /home/build, created when missing', { skip }, () => {
  const ws = workspace({ 'sub/marker': 'm' });
  const result = run(
    pkg([
      { 'working-directory': 'sub', runs: 'cat marker > "${{targets.destdir}}/relative"' },
      { 'working-directory': '/opt/new', runs: 'pwd > "${{targets.destdir}}/absolute"' },
    ]),
    ws,
  );
  assert.equal(readFileSync(join(result.destdir, 'relative'), 'utf8'), 'm');
  assert.equal(readFileSync(join(result.destdir, 'absolute'), 'utf8'), '/opt/new\n');
});

test('substitutions are expanded; an unknown one fails the build', { skip }, () => {
  const ws = workspace({ a: '' });
  const result = run(
    pkg(
      [
        {
          runs: 'echo "${{package.name}} ${{package.version}} ${{package.full-version}} ${{build.arch}} ${{build.goarch}} ${{vars.flavour}} ${{targets.contextdir}} ${{targets.outdir}}" > "${{targets.destdir}}/values"',
        },
      ],
      { vars: { flavour: 'mint' } },
    ),
    ws,
  );
  assert.equal(
    readFileSync(join(result.destdir, 'values'), 'utf8'),
    'app 1.2.3 1.2.3-r4 x86_64 amd64 mint /home/build/melange-out/app /home/build/melange-out\n',
  );
  assert.throws(
    () => run(pkg([{ runs: 'echo ${{package.nope}}' }]), ws),
    /unknown substitution \$\{\{package\.nope\}\}/,
  );
});

test('the workspace holds regular files only, minus .melangeignore', { skip }, () => {
  const ws = workspace({
    'keep.txt': 'k',
    'wolfi/apko.yaml': 'x',
    'deep/melange.rsa': 'secret',
    '.melangeignore': 'wolfi/\nmelange.rsa\n',
  });
  symlinkSync('keep.txt', join(ws, 'link.txt'));
  const result = run(
    pkg([
      { runs: 'find . -path ./melange-out -prune -o -print | sort > "${{targets.destdir}}/seen"' },
    ]),
    ws,
  );
  assert.equal(
    readFileSync(join(result.destdir, 'seen'), 'utf8'),
    '.\n./.melangeignore\n./keep.txt\n',
  );
});

test('each build has its own root; dependencies are installed into it', { skip }, () => {
  const ws = workspace({ a: '' });
  const first = run(
    pkg([
      {
        runs: 'mkdir -p "${{targets.destdir}}/app" /sandbox-only\necho built > "${{targets.destdir}}/app/lib.txt"',
      },
    ]),
    ws,
  );
  const second = run(
    {
      ...pkg([
        {
          runs: 'cat /app/lib.txt > "${{targets.destdir}}/seen"\n[ ! -e /sandbox-only ] && echo clean >> "${{targets.destdir}}/seen"',
        },
      ]),
      package: { name: 'second', version: '1' },
    },
    ws,
    [first.destdir],
  );
  assert.equal(readFileSync(join(second.destdir, 'seen'), 'utf8'), 'built\nclean\n');
  // the dependency's own files are untouched
  assert.deepEqual(
    listFiles(first.destdir).map((f) => f.path),
    ['app/', 'app/lib.txt'],
  );
});

test('writes to the host /usr stay in the build', { skip }, () => {
  const ws = workspace({ a: '' });
  run(pkg([{ runs: 'mkdir -p /usr/src/wolfify-runner-probe' }]), ws);
  assert.throws(() => readFileSync('/usr/src/wolfify-runner-probe'), /ENOENT/);
});

test('the build has no network', { skip }, () => {
  const ws = workspace({ a: '' });
  assert.throws(
    () =>
      run(
        pkg([
          {
            runs: 'python3 -c "import socket; socket.create_connection((\'1.1.1.1\', 53), timeout=2)"',
          },
        ]),
        ws,
      ),
    BuildFailure,
  );
});

test('uses: fetch of a local file checks its sha256 and extracts it', { skip }, () => {
  const src = workspace({ 'pkg-1.0/data.txt': 'payload' });
  const tarball = join(scratch, 'pkg-1.0.tar.gz');
  execFileSync('tar', ['-czf', tarball, '-C', src, 'pkg-1.0']);
  const sha = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  const ws = workspace({ a: '' });
  const result = run(
    pkg([
      { uses: 'fetch', with: { uri: `file://${tarball}`, 'expected-sha256': sha } },
      { runs: 'cp data.txt "${{targets.destdir}}/"' },
    ]),
    ws,
  );
  assert.equal(readFileSync(join(result.destdir, 'data.txt'), 'utf8'), 'payload');
  assert.throws(
    () =>
      run(
        pkg([
          { uses: 'fetch', with: { uri: `file://${tarball}`, 'expected-sha256': '0'.repeat(64) } },
        ]),
        ws,
      ),
    /has sha256/,
  );
  assert.throws(
    () => run(pkg([{ uses: 'autoconf/configure' }]), ws),
    /does not support `uses: autoconf\/configure`/,
  );
});

test('uses: git-checkout of a local repository', { skip }, () => {
  const repo = workspace({ 'main.txt': 'from git' });
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
  const ws = workspace({ a: '' });
  const result = run(
    pkg([
      { uses: 'git-checkout', with: { repository: repo, branch: 'main', destination: 'src' } },
      { runs: 'cp src/main.txt "${{targets.destdir}}/"' },
    ]),
    ws,
  );
  assert.equal(readFileSync(join(result.destdir, 'main.txt'), 'utf8'), 'from git');
});

test('listFiles gives sorted paths with modes, owners and link targets', { skip }, () => {
  const ws = workspace({ a: '' });
  const result = run(
    pkg([
      {
        runs: 'cd "${{targets.destdir}}"\nmkdir -p b/c\ntouch a b/c/x\nchmod 0640 a\nln -s a link\nchown 1000:1000 b/c/x',
      },
    ]),
    ws,
  );
  const rootOwned = process.getuid?.() === 0;
  assert.deepEqual(
    listFiles(result.destdir).map((f) => `${f.mode} ${f.path}${f.link ? ` -> ${f.link}` : ''}`),
    ['0640 a', '0755 b/', '0755 b/c/', '0644 b/c/x', '0777 link -> a'],
  );
  if (rootOwned) assert.equal(listFiles(result.destdir).find((f) => f.path === 'b/c/x')?.uid, 1000);
});

test('the runner fails where the self-check reports a build-breaker', { skip }, async () => {
  const shell = await ShellParser.load();
  const ws = workspace({ a: '' });
  const cases: [id: string, runs: string][] = [
    ['WF520', "mkdir -p ''"],
    // www-data exists on Debian hosts, not in melange's sandbox
    ['WF524', 'mkdir -p /x && chown www-data:www-data /x'],
    ['WF525', 'echo ${{package.nope}}'],
    ['WF528', 'if true; then echo x'],
  ];
  for (const [id, runs] of cases) {
    const config = pkg([{ runs }], { environment: { contents: { packages: ['busybox'] } } });
    const found = selfCheck(config, { catalog: loadBuiltinCatalog(), shell, buildName: 'm' });
    assert.deepEqual(
      found.map((f) => f.id),
      [id],
      runs,
    );
    assert.throws(() => run(config, ws), BuildFailure, runs);
  }
  // A BuildKit automatic arg is empty under melange: the URL loses its architecture.
  const result = run(
    pkg([{ runs: 'echo "app_${TARGETARCH}.deb" > "${{targets.destdir}}/url"' }]),
    ws,
  );
  assert.equal(readFileSync(join(result.destdir, 'url'), 'utf8'), 'app_.deb\n');
});

test('nested pipelines run in order; subpackages fill their own directory', { skip }, () => {
  const ws = workspace({ a: '' });
  const result = run(
    pkg(
      [
        {
          pipeline: [
            { runs: 'mkdir -p "${{targets.destdir}}/usr/share/doc"' },
            { runs: 'echo doc > "${{targets.destdir}}/usr/share/doc/README"' },
          ],
        },
      ],
      {
        subpackages: [
          {
            name: 'app-doc',
            pipeline: [
              {
                runs: 'mkdir -p "${{targets.contextdir}}/usr/share"\nmv "${{targets.destdir}}/usr/share/doc" "${{targets.contextdir}}/usr/share/"\necho ${{context.name}} > "${{targets.subpkgdir}}/name"',
              },
            ],
          },
        ],
      },
    ),
    ws,
  );
  assert.deepEqual(
    listFiles(result.destdir).map((f) => f.path),
    ['usr/', 'usr/share/'],
  );
  const doc = result.subpackages['app-doc'];
  assert.ok(doc);
  assert.deepEqual(
    listFiles(doc).map((f) => f.path),
    ['name', 'usr/', 'usr/share/', 'usr/share/doc/', 'usr/share/doc/README'],
  );
  assert.equal(readFileSync(join(doc, 'name'), 'utf8'), 'app-doc\n');
});
