import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadBuiltinCatalog } from '../../src/catalog/index.js';
import type { MelangeConfig } from '../../src/model.js';
import { COMMANDS_FILE, loadBuiltinCommands, parseCommandTable } from '../../src/plan/commands.js';
import { BUILTIN_PIPELINES } from '../../src/plan/melange-pipelines.js';
import { selfCheck } from '../../src/plan/self-check.js';
import { melangeSubstitutions, substitute } from '../../src/plan/substitutions.js';
import { ShellParser } from '../../src/shell/index.js';
import { repoRoot } from '../schema.js';

const catalog = loadBuiltinCatalog();

/** A config with the given steps and environment packages (busybox unless listed otherwise). */
function config(
  pipeline: Record<string, unknown>[],
  packages: string[] = ['busybox'],
  environment: Record<string, string> = {},
): MelangeConfig {
  return {
    package: { name: 'app', version: '1.0.0', epoch: 0 },
    environment: { contents: { packages }, environment },
    pipeline,
  };
}

async function check(c: MelangeConfig) {
  return selfCheck(c, { catalog, shell: await ShellParser.load(), buildName: 'melange.yaml' });
}

async function ids(c: MelangeConfig): Promise<string[]> {
  return (await check(c)).map((f) => f.id);
}

test('a clean config passes the self-check', async () => {
  const findings = await check(
    config(
      [
        {
          runs: 'mkdir -p "${{targets.destdir}}/usr/bin"\ncp -a app "${{targets.destdir}}/usr/bin/"',
        },
        { uses: 'go/build', with: { packages: '.', output: 'app' } },
      ],
      ['busybox', 'go-1.26'],
    ),
  );
  assert.deepEqual(findings, []);
});

test('every finding names the build, the step, and has a fix', async () => {
  const [f] = await check(config([{ name: 'copy', runs: "mkdir -p ''" }]));
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /^melange\.yaml: step 1 "copy": `mkdir -p ''`/);
  assert.ok(f.hint && f.hint.length > 0);
});

test('a caller that knows where a step comes from gets findings with its line and stage', async () => {
  const c = config([{ name: 'copy', runs: "mkdir -p ''" }]);
  const [f] = selfCheck(c, {
    catalog,
    shell: await ShellParser.load(),
    buildName: 'melange.yaml',
    locate: (step) =>
      step.name === 'copy' ? { line: 7, stage: 'build' } : { line: null, stage: null },
  });
  assert.equal(f?.line, 7);
  assert.equal(f?.stage, 'build');
});

test('WF520: an empty path argument fails under set -e', async () => {
  assert.deepEqual(await ids(config([{ runs: "mkdir -p ''" }])), ['WF520']);
  assert.deepEqual(await ids(config([{ runs: 'cp -a "" /app/' }])), ['WF520']);
  assert.deepEqual(await ids(config([{ runs: 'mkdir -p /app' }])), []);
  // rm -f of an empty name does not fail
  assert.deepEqual(await ids(config([{ runs: "rm -f ''" }])), []);
});

test('WF521: copying the sandbox root', async () => {
  assert.deepEqual(await ids(config([{ runs: 'cp -a //. "${{targets.destdir}}"/' }])), ['WF521']);
  assert.deepEqual(await ids(config([{ runs: 'cp -a / "${{targets.destdir}}"' }])), ['WF521']);
  assert.deepEqual(await ids(config([{ runs: 'cp -a rootfs/. "${{targets.destdir}}"/' }])), []);
  // the root as the destination is not a copy of it
  assert.deepEqual(await ids(config([{ runs: 'cp -a /app/x /' }])), []);
});

test('WF522: installing into /bin, /sbin, /lib or a temp directory of the package', async () => {
  for (const path of [
    'bin/app',
    'sbin/app',
    'lib/libx.so',
    'tmp/x',
    'run/x',
    'var/run/x',
    'var/tmp/x',
  ])
    assert.deepEqual(
      await ids(config([{ runs: `cp -a x "\${{targets.destdir}}/${path}"` }])),
      ['WF522'],
      path,
    );
  for (const path of ['usr/bin/app', 'usr/lib/x', 'binaries/x', 'var/lib/app'])
    assert.deepEqual(
      await ids(config([{ runs: `cp -a x "\${{targets.destdir}}/${path}"` }])),
      [],
      path,
    );
  // in the sandbox (not the package), /tmp is fine
  assert.deepEqual(await ids(config([{ runs: 'cp -a x /tmp/y' }])), []);
  assert.deepEqual(
    await ids(
      config(
        [{ uses: 'cargo/build', with: { prefix: '/', 'install-dir': 'bin' } }],
        ['busybox', 'rust'],
      ),
    ),
    ['WF522'],
  );
  assert.deepEqual(
    await ids(
      config([{ uses: 'cargo/build', with: { prefix: 'usr/local' } }], ['busybox', 'rust']),
    ),
    [],
  );
});

test('WF523: a BuildKit automatic arg that melange never sets', async () => {
  const found = await check(
    config(
      [{ runs: 'curl -fsSLo x.deb "https://example.com/x_${TARGETARCH}.deb"' }],
      ['busybox', 'curl'],
    ),
  );
  assert.deepEqual(
    found.map((f) => f.id),
    ['WF523'],
  );
  assert.match(found[0]?.hint ?? '', /build\.goarch/);
  assert.deepEqual(await ids(config([{ runs: 'echo "$TARGETOS/$BUILDPLATFORM"' }])), [
    'WF523',
    'WF523',
  ]);
  // set by the script itself, or by the build's environment: fine
  assert.deepEqual(await ids(config([{ runs: 'TARGETARCH=amd64\necho $TARGETARCH' }])), []);
  assert.deepEqual(
    await ids(config([{ runs: 'echo $TARGETARCH' }], ['busybox'], { TARGETARCH: 'amd64' })),
    [],
  );
  // melange's own substitution is the fix
  assert.deepEqual(await ids(config([{ runs: 'echo ${{build.goarch}}' }])), []);
});

test('WF524: chown to a user or group name', async () => {
  assert.deepEqual(await ids(config([{ runs: 'chown -R app:app /app' }])), ['WF524']);
  assert.deepEqual(await ids(config([{ runs: 'chown 1000:app /app' }])), ['WF524']);
  assert.deepEqual(await ids(config([{ runs: 'chgrp www-data /app' }])), ['WF524']);
  assert.deepEqual(await ids(config([{ runs: 'install -o app -m 755 x /usr/bin/x' }])), ['WF524']);
  assert.deepEqual(await ids(config([{ runs: 'sh -c "chown nobody /x"' }])), ['WF524']);
  for (const ok of [
    'chown -R 1000:1000 /app',
    'chown root:root /app',
    'chown 0 /app',
    'chown 65532: /x',
  ])
    assert.deepEqual(await ids(config([{ runs: ok }])), [], ok);
});

test('WF525: a substitution melange does not know', async () => {
  const found = await check(config([{ runs: 'echo ${{targets.dest}}' }]));
  assert.deepEqual(
    found.map((f) => f.id),
    ['WF525'],
  );
  assert.match(found[0]?.message ?? '', /targets\.dest/);
  assert.deepEqual(
    await ids(config([{ uses: 'fetch', with: { uri: 'x', 'expected-sha256': '${{inputs.x}}' } }])),
    ['WF525'],
  );
  const withVars = {
    ...config([{ runs: 'echo ${{vars.mangled}} ${{package.full-version}}' }]),
    vars: { mangled: 'x' },
  };
  assert.deepEqual(await ids(withVars), []);
});

test('WF526: unknown pipelines, unknown and missing inputs', async () => {
  assert.deepEqual(await ids(config([{ uses: 'pip/install' }])), ['WF526']);
  assert.deepEqual(await ids(config([{ uses: 'fetch', with: { url: 'x' } }])), ['WF526', 'WF526']);
  assert.deepEqual(
    await ids(config([{ uses: 'go/build', with: { packages: '.' } }], ['busybox'])),
    ['WF526'],
  );
  assert.deepEqual(
    await ids(
      config([{ uses: 'fetch', with: { uri: 'https://x/y.tgz', 'expected-sha256': 'ab' } }]),
    ),
    [],
  );
});

test('WF527: a command no package of the environment provides', async () => {
  const found = await check(config([{ runs: 'pip install -r requirements.txt' }]));
  assert.deepEqual(
    found.map((f) => f.id),
    ['WF527'],
  );
  assert.match(found[0]?.hint ?? '', /py3-pip/);
  // versioned packages answer to the table's virtual names
  assert.deepEqual(
    await ids(
      config(
        [{ runs: 'python3 -m venv /v && node x.js' }],
        ['busybox', 'python-3.12', 'nodejs-24'],
      ),
    ),
    [],
  );
  // runtime dependencies count: build-base brings gcc and make
  assert.deepEqual(
    await ids(config([{ runs: 'make && gcc -o x x.c' }], ['busybox', 'build-base'])),
    [],
  );
  // pipeline needs count: go/build adds go for later steps
  assert.deepEqual(
    await ids(
      config([
        { uses: 'go/build', with: { packages: '.', output: 'x' } },
        { runs: 'go test ./...' },
      ]),
    ),
    [],
  );
  // busybox applets need busybox
  assert.deepEqual(await ids(config([{ runs: 'mkdir -p /x' }], ['bash'])), ['WF527']);
  // distro tools Wolfi lacks
  assert.deepEqual(await ids(config([{ runs: 'dpkg --print-architecture' }])), ['WF527']);
  assert.deepEqual(await ids(config([{ runs: 'gosu app true' }])), ['WF527']);
  // tools outside the table and files of the workspace are not checked
  assert.deepEqual(await ids(config([{ runs: './gradlew build && some-tool' }])), []);
  // through wrappers and nested shells
  assert.deepEqual(await ids(config([{ runs: "env A=1 sh -c 'npm ci'" }])), ['WF527']);
});

test('WF527: a tool an earlier step installs into a directory the step puts on PATH', async () => {
  const venv = config(
    [
      { runs: 'python3 -m venv /app/.venv' },
      { runs: 'export PATH=/app/.venv/bin:$PATH\npip install -r requirements.txt' },
    ],
    ['busybox', 'python-3.12'],
  );
  assert.deepEqual(await ids(venv), []);
  const noPath = config(
    [{ runs: 'python3 -m venv /app/.venv' }, { runs: 'pip install -r requirements.txt' }],
    ['busybox', 'python-3.12'],
  );
  assert.deepEqual(await ids(noPath), ['WF527']);
  const stepEnv = config(
    [
      { runs: 'python3 -m venv /app/.venv' },
      { runs: 'pip install x', environment: { PATH: '/app/.venv/bin:/usr/bin:/bin' } },
    ],
    ['busybox', 'python-3.12'],
  );
  assert.deepEqual(await ids(stepEnv), []);
  // a tool a package manager installed in an earlier step or command
  for (const script of [
    'pip install pipenv==2024.1\npipenv install --system',
    'pip install --no-cache-dir poetry && poetry install',
    'npm install -g pnpm@9 && pnpm install',
    'gem install bundler -v 2.5 && bundle install',
  ])
    assert.deepEqual(
      await ids(
        config([{ runs: script }], ['busybox', 'py3.12-pip', 'nodejs-24', 'npm-12', 'ruby-3.3']),
      ),
      [],
      script,
    );
  // requirements files are not packages
  assert.deepEqual(
    await ids(
      config([{ runs: 'pip install -r poetry\npoetry install' }], ['busybox', 'py3.12-pip']),
    ),
    ['WF527'],
  );
  const corepack = config(
    [{ runs: 'corepack enable' }, { runs: 'pnpm install' }],
    ['busybox', 'corepack'],
  );
  assert.deepEqual(await ids(corepack), []);
});

test('WF528: a script that is not valid shell', async () => {
  assert.deepEqual(await ids(config([{ runs: 'if true; then echo x' }])), ['WF528']);
});

test('WF529: PATH in environment.environment when a step fills one of its directories', async () => {
  const broken = config(
    [{ runs: 'python3 -m venv /app/.venv' }, { runs: 'pip install x' }],
    ['busybox', 'python-3.12', 'py3.12-pip'],
    { PATH: '/app/.venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
  );
  assert.deepEqual(await ids(broken), ['WF529']);
  // every step sets the PATH itself: the environment's copy is harmless
  const fixed = config(
    [
      { runs: 'export PATH=/app/.venv/bin:$PATH\npython3 -m venv /app/.venv' },
      { runs: 'export PATH=/app/.venv/bin:$PATH\npip install x' },
    ],
    ['busybox', 'python-3.12', 'py3.12-pip'],
    { PATH: '/app/.venv/bin:/usr/bin:/bin' },
  );
  assert.deepEqual(await ids(fixed), []);
  // a directory nothing fills (PNPM_HOME before any global install) breaks nothing
  const harmless = config([{ runs: 'true' }], ['busybox'], { PATH: '/pnpm:/usr/bin:/bin' });
  assert.deepEqual(await ids(harmless), []);
});

test('subpackage steps are checked with their own contextdir', async () => {
  const c = {
    ...config([]),
    subpackages: [
      { name: 'app-doc', pipeline: [{ runs: 'mkdir -p "${{targets.contextdir}}/bin"' }] },
    ],
  };
  const found = await check(c);
  assert.deepEqual(
    found.map((f) => f.id),
    ['WF522'],
  );
  assert.match(found[0]?.message ?? '', /subpackage app-doc step 1/);
});

test('substitutions: values as melange sets them; unknown names are listed', () => {
  const values = melangeSubstitutions(
    { package: { name: 'app', version: '1.2', epoch: 3 }, vars: { v: 'x' } },
    'aarch64',
  );
  assert.deepEqual(
    substitute(
      '${{targets.destdir}} ${{package.full-version}} ${{build.goarch}} ${{ vars.v }}',
      values,
    ),
    {
      text: '/home/build/melange-out/app 1.2-r3 arm64 x',
      unknown: [],
    },
  );
  assert.deepEqual(substitute('a ${{nope}} b', values), {
    text: 'a ${{nope}} b',
    unknown: ['nope'],
  });
});

test('rules/commands.yaml names only packages the catalog knows', () => {
  const table = loadBuiltinCommands();
  const unknown = [...table.commands]
    .flatMap(([command, packages]) => packages.map((p) => [command, p] as const))
    .filter(([, p]) => catalog.resolve(p) === null)
    .map(([command, p]) => `${command}: ${p}`);
  assert.deepEqual(unknown, []);
  assert.ok(table.busybox.has('sh') && table.busybox.has('cp'));
  assert.ok(table.commands.size >= 40, `only ${table.commands.size} commands`);
  for (const must of [
    'pip',
    'python3',
    'npm',
    'node',
    'yarn',
    'pnpm',
    'bundle',
    'go',
    'cargo',
    'mvn',
    'gradle',
    'dotnet',
    'composer',
    'php',
    'curl',
    'git',
    'make',
    'gcc',
    'jq',
    'gpg',
  ])
    assert.ok(table.commands.has(must), must);
});

test('built-in pipelines need only packages the catalog knows', () => {
  const needs = Object.values(BUILTIN_PIPELINES).flatMap((p) => p.needs);
  assert.deepEqual(
    needs.filter((n) => catalog.resolve(n) === null),
    [],
  );
});

test('a malformed command table is one error with its line', () => {
  assert.throws(
    () => parseCommandTable('busybox: [sh]\ncommands:\n  pip: 3\nmissing: {}\n', COMMANDS_FILE),
    (e: Error & { line?: number }) => /commands\.pip/.test(e.message) && e.line === 3,
  );
  const text = readFileSync(join(repoRoot, 'rules', 'commands.yaml'), 'utf8');
  assert.doesNotThrow(() => parseCommandTable(text, COMMANDS_FILE));
});

/** Pieces of real build steps, including the ones the checks look for. */
const piece = fc.constantFrom(
  'mkdir -p ',
  'cp -a ',
  'chown ',
  'app:app ',
  '1000:1000 ',
  "''",
  '"${{targets.destdir}}"',
  '${{targets.destdir}}/bin ',
  '${{nope',
  '}}',
  '$TARGETARCH ',
  'export PATH=/v/bin:$PATH',
  'pip install x',
  'sh -c "',
  '"',
  "'",
  '$(',
  ')',
  ' && ',
  ' | ',
  '\n',
  'if [ -d x ]; then ',
  '; fi',
  '//.',
  ' ',
);

test('the self-check never throws and reports only its own ids, whatever the scripts hold', async () => {
  const shell = await ShellParser.load();
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
          fc.string(),
        ),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
      (scripts) => {
        const found = selfCheck(config(scripts.map((runs) => ({ runs }))), {
          catalog,
          shell,
          buildName: 'melange.yaml',
        });
        for (const f of found) {
          assert.match(f.id, /^WF52\d$/);
          assert.equal(f.severity, 'error');
          assert.ok(f.hint);
        }
      },
    ),
    { numRuns: 200 },
  );
});
