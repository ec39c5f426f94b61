import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { loadBuiltinCatalog } from '../src/catalog/builtin.js';
import { findConfigFile, loadConfig } from '../src/workspace/config.js';
import { resolveConversion, type ConversionFlags } from '../src/workspace/settings.js';
import { answersRuleSet, CONFIG_KEYS, parseConfig } from '../src/config.js';
import { WolfifyError } from '../src/errors.js';
import { loadBuiltinRules } from '../src/map/builtin-rules.js';
import { mapPackage } from '../src/map/packages.js';
import { mergeRuleSets } from '../src/map/rules.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

// Temp dirs are realpath'd: on some systems tmpdir() is a symlink, and discovery reports real paths.
const root = realpathSync(mkdtempSync(join(tmpdir(), 'wolfify-config-')));
// No imported catalog from the machine running the tests: the built-in one applies.
process.env['XDG_CACHE_HOME'] = join(root, 'cache');
after(() => rmSync(root, { recursive: true, force: true }));

function tree(base: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), content);
  }
  return base;
}

function rejects(text: string, expected: string): void {
  assert.throws(
    () => parseConfig(text, '.wolfify.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof WolfifyError);
      assert.equal(e.describe(), expected);
      assert.equal(e.exitCode, 2);
      return true;
    },
  );
}

const flags = (overrides: Partial<ConversionFlags> = {}): ConversionFlags => ({
  rules: [],
  builtinRules: true,
  repository: [],
  buildArg: [],
  arch: [],
  keyring: [],
  wolfi: true,
  ...overrides,
});

describe('parsing .wolfify.yaml', () => {
  it('reads every key into a typed config', () => {
    const config = parseConfig(
      [
        'rules: [rules/ours.yaml]',
        'builtinRules: false',
        'repositories: [https://apk.cgr.dev/acme]',
        'keyring: [https://apk.cgr.dev/acme/key.pub]',
        'archs: [x86_64, aarch64]',
        'user: app:10001',
        'keepRoot: false',
        'buildArgs: {PYTHON_VERSION: 3.10, EMPTY: ""}',
        'target: runtime',
        'name: my-app',
        'failOn: warning',
        'answers:',
        '  ./svc/api/Dockerfile:',
        '    packages: {libfoo1: foo, curl: drop, libbar: [a, b]}',
        '    user: api',
        '    archs: [x86_64]',
        '    outDir: svc/api/wolfi',
        '    runtimes: {ghcr.io/acme/platform: python-3.12, acme/static: none}',
        'bases: {acme/base: base/Dockerfile}',
        '',
      ].join('\n'),
      '.wolfify.yaml',
    );
    assert.deepEqual(
      {
        ...config,
        answers: [...config.answers].map(([k, v]) => [
          k,
          { ...v, packages: [...v.packages], runtimes: [...v.runtimes] },
        ]),
      },
      {
        file: '.wolfify.yaml',
        rules: ['rules/ours.yaml'],
        builtinRules: false,
        repositories: ['https://apk.cgr.dev/acme'],
        keyring: ['https://apk.cgr.dev/acme/key.pub'],
        archs: ['x86_64', 'aarch64'],
        user: { name: 'app', uid: 10001 },
        keepRoot: false,
        buildArgs: { PYTHON_VERSION: '3.10', EMPTY: '' },
        target: 'runtime',
        name: 'my-app',
        failOn: 'warning',
        bases: { 'acme/base': 'base/Dockerfile' },
        answers: [
          [
            'svc/api/Dockerfile',
            {
              packages: [
                ['libfoo1', { to: ['foo'], line: 14 }],
                ['curl', { to: null, line: 14 }],
                ['libbar', { to: ['a', 'b'], line: 14 }],
              ],
              user: { name: 'api', uid: null },
              keepRoot: null,
              archs: ['x86_64'],
              runtimes: [
                ['ghcr.io/acme/platform', { to: ['python-3.12'], line: 18 }],
                ['acme/static', { to: [], line: 18 }],
              ],
              outDir: 'svc/api/wolfi',
            },
          ],
        ],
      },
    );
  });

  it('reads an empty file as an empty config', () => {
    const config = parseConfig('# nothing yet\n', '.wolfify.yaml');
    assert.deepEqual(config.rules, []);
    assert.equal(config.failOn, null);
    assert.equal(config.answers.size, 0);
  });

  it('rejects an unknown key with its line and the allowed keys', () => {
    rejects(
      'archs: [x86_64]\n\nrepos: [https://example.com]\n',
      `.wolfify.yaml:3: unknown key "repos" in the config; expected one of: ${CONFIG_KEYS.join(', ')}`,
    );
  });

  it('rejects an unknown key in a Dockerfile answer', () => {
    rejects(
      'answers:\n  Dockerfile:\n    pkgs: {a: b}\n',
      '.wolfify.yaml:3: unknown key "pkgs" in answers["Dockerfile"]; expected one of: packages, user, keepRoot, archs, outDir, runtimes',
    );
  });

  it('rejects wrong types and says what is expected', () => {
    rejects(
      'keepRoot: yes\n',
      '.wolfify.yaml:1: keepRoot must be true or false, found string "yes"',
    );
    rejects(
      'failOn: fatal\n',
      '.wolfify.yaml:1: failOn is "fatal"; expected one of: error, warning, never',
    );
    rejects(
      'rules: ours.yaml\n',
      '.wolfify.yaml:1: rules must be a list of rule files, found string "ours.yaml"',
    );
    rejects(
      'user: root:0\n',
      '.wolfify.yaml:1: user is "root:0"; expected NAME or NAME:UID with a non-zero uid (use keepRoot: true for root)',
    );
    rejects(
      'buildArgs: [A=1]\n',
      '.wolfify.yaml:1: buildArgs must be a map, found a list; expected {NAME: value}',
    );
    rejects(
      '- rules\n',
      `.wolfify.yaml:1: the config must be a map, found a list; expected keys: ${CONFIG_KEYS.join(', ')}`,
    );
  });

  it('rejects a key given twice', () => {
    rejects(
      'archs: [x86_64]\narchs: [aarch64]\n',
      '.wolfify.yaml:2: invalid YAML: Map keys must be unique',
    );
  });

  it('rejects absolute paths in answers', () => {
    rejects(
      'answers:\n  /src/Dockerfile: {user: app}\n',
      '.wolfify.yaml:2: answers: "/src/Dockerfile" must be relative to .wolfify.yaml',
    );
  });

  it('follows a plain anchor and alias', () => {
    const config = parseConfig(
      'repositories: &repos [https://example.com/a]\nkeyring: *repos\n',
      '.wolfify.yaml',
    );
    assert.deepEqual(config.keyring, ['https://example.com/a']);
  });

  it('refuses an alias bomb quickly', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 40; i++)
      text += `a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
    text += 'rules: *a39\n';
    const started = performance.now();
    rejects(
      text,
      '.wolfify.yaml: invalid YAML: Excessive alias count indicates a resource exhaustion attack',
    );
    assert.ok(performance.now() - started < 1000, 'took longer than a second');
  });
});

describe('package answers', () => {
  const catalog = loadBuiltinCatalog();
  const builtin = loadBuiltinRules();

  it('override a built-in mapping and drop a package, naming the config line', () => {
    const config = parseConfig(
      'answers:\n  Dockerfile:\n    packages:\n      libpq-dev: libpq-18\n      curl: drop\n',
      '.wolfify.yaml',
    );
    const answers = config.answers.get('Dockerfile');
    assert.ok(answers);
    const rules = mergeRuleSets(builtin, answersRuleSet(answers, '.wolfify.yaml'));
    const ctx = { catalog, rules, repositories: [] };
    assert.deepEqual(mapPackage('libpq-dev', 'debian', ctx), {
      kind: 'mapped',
      to: ['libpq-18'],
      rule: 'debian:map:libpq-dev@.wolfify.yaml:4',
      note: 'your answer in .wolfify.yaml',
    });
    assert.deepEqual(mapPackage('curl', 'alpine', ctx), {
      kind: 'dropped',
      reason: 'dropped by your answer in .wolfify.yaml',
      rule: 'alpine:drop:curl@.wolfify.yaml:5',
    });
  });
});

describe('finding the config file', () => {
  it('searches from the working directory upward and takes the nearest', async () => {
    const base = tree(join(root, 'find'), {
      '.wolfify.yaml': 'archs: [x86_64]\n',
      'a/b/c/Dockerfile': 'FROM alpine\n',
    });
    assert.equal(await findConfigFile(join(base, 'a/b/c')), join(base, '.wolfify.yaml'));
    tree(base, { 'a/.wolfify.yaml': 'archs: [aarch64]\n' });
    assert.equal(await findConfigFile(join(base, 'a/b/c')), join(base, 'a/.wolfify.yaml'));
    const loaded = await loadConfig(join(base, 'a/b/c'), undefined);
    assert.equal(loaded?.dir, join(base, 'a'));
    assert.equal(loaded?.config.file, '../../.wolfify.yaml');
    assert.deepEqual(loaded?.config.archs, ['aarch64']);
  });

  it('reads the --config file instead, and none with --no-config', async () => {
    const base = tree(join(root, 'explicit'), {
      '.wolfify.yaml': 'archs: [x86_64]\n',
      'other.yaml': 'archs: [riscv64]\n',
    });
    assert.deepEqual((await loadConfig(base, 'other.yaml'))?.config.archs, ['riscv64']);
    assert.equal(await loadConfig(base, false), null);
    await assert.rejects(loadConfig(base, 'missing.yaml'), {
      message: 'cannot read the config file: no such file',
      file: 'missing.yaml',
    });
  });
});

describe('resolving the conversion options', () => {
  const base = tree(join(root, 'resolve'), {
    '.wolfify.yaml': [
      'rules: [rules/ours.yaml]',
      'repositories: [https://example.com/config]',
      'keyring: [https://example.com/config.pub]',
      'archs: [x86_64]',
      'user: app:10001',
      'buildArgs: {A: from-config, B: from-config}',
      'failOn: warning',
      'target: runtime',
      'answers:',
      '  svc/Dockerfile:',
      '    packages: {libfoo1: jq}',
      '    archs: [aarch64]',
      '    outDir: out/svc',
      '',
    ].join('\n'),
    'rules/ours.yaml': 'debian:\n  map:\n    libfoo1: curl\n    libbar1: curl\n',
    'svc/Dockerfile': 'FROM debian\n',
  });

  it('takes the config where no flag is given', async () => {
    const resolved = await resolveConversion(flags(), base);
    const { options } = resolved.forDockerfile('other/Dockerfile');
    assert.equal(resolved.failOn, 'warning');
    assert.deepEqual(options.archs, ['x86_64']);
    assert.deepEqual(options.user, { name: 'app', uid: 10001 });
    assert.deepEqual(options.buildArgs, { A: 'from-config', B: 'from-config' });
    assert.equal(options.target, 'runtime');
    assert.deepEqual(options.repositories, ['https://example.com/config']);
    assert.deepEqual(options.keyring, ['https://example.com/config.pub']);
    assert.equal(options.rules?.packages.debian.map.get('libfoo1')?.at.file, 'rules/ours.yaml');
  });

  it('lets flags win, and lists the config first then the flags', async () => {
    const resolved = await resolveConversion(
      flags({
        failOn: 'never',
        arch: ['riscv64'],
        user: 'web',
        buildArg: ['B=from-flag'],
        target: 'build',
        repository: ['https://example.com/flag'],
        keyring: ['https://example.com/flag.pub'],
      }),
      base,
    );
    const { options } = resolved.forDockerfile('svc/Dockerfile');
    assert.equal(resolved.failOn, 'never');
    assert.deepEqual(options.archs, ['riscv64']);
    assert.deepEqual(options.user, { name: 'web', uid: null });
    assert.deepEqual(options.buildArgs, { A: 'from-config', B: 'from-flag' });
    assert.equal(options.target, 'build');
    assert.deepEqual(options.repositories, [
      'https://example.com/config',
      'https://example.com/flag',
    ]);
    assert.deepEqual(options.keyring, [
      'https://example.com/config.pub',
      'https://example.com/flag.pub',
    ]);
  });

  it("applies a Dockerfile's answers, found from a subdirectory, over every rule file", async () => {
    const later = tree(join(root, 'later-rules'), {
      'later.yaml': 'debian:\n  map:\n    libfoo1: git\n',
    });
    const resolved = await resolveConversion(
      flags({ rules: [join(later, 'later.yaml')] }),
      join(base, 'svc'),
    );
    const settings = resolved.forDockerfile('Dockerfile');
    assert.deepEqual(settings.options.archs, ['aarch64']);
    assert.equal(settings.outDir, join(base, 'out/svc'));
    const ctx = {
      catalog: loadBuiltinCatalog(),
      rules: settings.options.rules ?? loadBuiltinRules(),
      repositories: [],
    };
    assert.deepEqual(mapPackage('libfoo1', 'debian', ctx), {
      kind: 'mapped',
      to: ['jq'],
      rule: 'debian:map:libfoo1@../.wolfify.yaml:11',
      note: 'your answer in ../.wolfify.yaml',
    });
    // The config's rule files are read relative to the config file.
    assert.deepEqual(mapPackage('libbar1', 'debian', ctx), {
      kind: 'mapped',
      to: ['curl'],
      rule: 'debian:map:libbar1@../rules/ours.yaml:4',
    });
    // Without answers, a later --rules file wins over the config's rule files.
    const other = resolved.forDockerfile('../other/Dockerfile');
    assert.equal(other.outDir, null);
    assert.equal(
      mapPackage('libfoo1', 'debian', { ...ctx, rules: other.options.rules ?? ctx.rules }).rule,
      `debian:map:libfoo1@${join('..', '..', 'later-rules', 'later.yaml')}:3`,
    );
  });

  it('leaves out the built-in rules when the config says so', async () => {
    const dir = tree(join(root, 'no-builtin'), { '.wolfify.yaml': 'builtinRules: false\n' });
    const resolved = await resolveConversion(flags(), dir);
    assert.equal(resolved.forDockerfile('Dockerfile').options.rules?.packages.debian.map.size, 0);
  });
});

describe('the convert command with a config', () => {
  it('uses the nearest config, and a flag overrides it', () => {
    const dir = tree(join(root, 'cli'), {
      '.wolfify.yaml':
        'archs: [x86_64]\nanswers:\n  app/Dockerfile:\n    packages: {libfoo1: jq}\n',
      'app/Dockerfile':
        'FROM debian:bookworm-slim\nRUN apt-get install -y libfoo1\nUSER 1000\nCMD ["sh"]\n',
    });
    const run = (args: string[]) => {
      const child = spawnSync(
        process.execPath,
        [MAIN, 'convert', 'Dockerfile', '--json', '-q', ...args],
        {
          cwd: join(dir, 'app'),
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      assert.equal(child.stderr, '');
      return JSON.parse(child.stdout) as {
        apko: { archs: string[] };
        packages: { from: string; to: string[]; rule: string }[];
      };
    };
    const withConfig = run([]);
    assert.deepEqual(withConfig.apko.archs, ['x86_64']);
    assert.deepEqual(
      withConfig.packages.find((p) => p.from === 'libfoo1'),
      {
        from: 'libfoo1',
        manager: 'apt',
        stage: '0',
        line: 2,
        to: ['jq'],
        target: 'image',
        rule: 'debian:map:libfoo1@../.wolfify.yaml:4',
      },
    );
    assert.deepEqual(run(['--arch', 'aarch64']).apko.archs, ['aarch64']);
    assert.equal(
      run(['--no-config']).packages.find((p) => p.from === 'libfoo1')?.rule,
      'debian:unknown',
    );
  });

  it("writes into the answers' outDir when -o is not given", () => {
    const dir = tree(join(root, 'cli-out'), {
      '.wolfify.yaml': 'answers:\n  Dockerfile: {outDir: generated/wolfi}\n',
      Dockerfile: 'FROM alpine:3.20\nUSER 1000\nCMD ["sh"]\n',
    });
    const child = spawnSync(process.execPath, [MAIN, 'convert', 'Dockerfile'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, '');
    assert.ok(existsSync(join(dir, 'generated/wolfi/apko.yaml')));
  });

  it('stops with the config file and line when the config is wrong', () => {
    const dir = tree(join(root, 'cli-bad'), {
      '.wolfify.yaml': 'archs: [x86_64]\nfail_on: error\n',
      Dockerfile: 'FROM alpine\n',
    });
    const child = spawnSync(process.execPath, [MAIN, 'convert', 'Dockerfile'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(child.status, 2);
    assert.equal(
      child.stderr,
      `wolfify: .wolfify.yaml:2: unknown key "fail_on" in the config; expected one of: ${CONFIG_KEYS.join(', ')}\n`,
    );
  });
});
