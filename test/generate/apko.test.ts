import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PATH, generateApko, type ImageInput } from '../../src/generate/apko.js';
import type { Instruction, RunFact, Stage } from '../../src/model.js';

type Without<T> = T extends unknown ? Omit<T, 'line' | 'endLine' | 'raw'> : never;

function stage(id: string, instructions: (Without<Instruction> & { line?: number })[]): Stage {
  return {
    index: 0,
    name: id,
    id,
    line: 1,
    base: { kind: 'scratch' },
    platform: null,
    instructions: instructions.map(
      (i, n) => ({ line: n + 2, endLine: n + 2, raw: '', ...i }) as Instruction,
    ),
  };
}

function input(stages: Stage[], extra: Partial<ImageInput> = {}): ImageInput {
  return {
    chain: stages,
    facts: [],
    packages: ['wolfi-baselayout', 'python-3.12', 'ca-certificates-bundle'],
    repositories: ['https://packages.wolfi.dev/os'],
    keyring: ['https://packages.wolfi.dev/os/wolfi-signing.rsa.pub'],
    archs: ['x86_64', 'aarch64'],
    user: null,
    keepRoot: false,
    baseImageUsers: {},
    baseEnvironment: {},
    ...extra,
  };
}

test('sorts and de-duplicates packages', () => {
  const { config } = generateApko(
    input([stage('final', [])], { packages: ['tzdata', 'busybox', 'tzdata'] }),
  );
  assert.deepEqual(config.contents.packages, ['busybox', 'tzdata']);
});

test('renders exec-form ENTRYPOINT and CMD as shell-quoted strings', () => {
  const { config } = generateApko(
    input([
      stage('final', [
        { kind: 'entrypoint', command: { form: 'exec', argv: ['nginx', '-g', 'daemon off;'] } },
        { kind: 'cmd', command: { form: 'exec', argv: ['--port', '8080'] } },
      ]),
    ]),
  );
  assert.deepEqual(config.entrypoint, { command: "nginx -g 'daemon off;'" });
  assert.equal(config.cmd, '--port 8080');
});

test('gives shell-form CMD an explicit /bin/sh -c and adds busybox', () => {
  const { config, findings } = generateApko(
    input([
      stage('final', [
        { kind: 'cmd', command: { form: 'shell', script: 'exec gunicorn app:app' } },
      ]),
    ]),
  );
  assert.equal(config.cmd, "/bin/sh -c 'exec gunicorn app:app'");
  assert.ok(config.contents.packages.includes('busybox'));
  assert.deepEqual(
    findings.filter((f) => f.id === 'WF308').map((f) => f.line),
    [2],
  );
});

test('uses shell-fragment for a shell-form ENTRYPOINT and drops CMD as Docker does', () => {
  const { config } = generateApko(
    input([
      stage('final', [
        { kind: 'cmd', command: { form: 'exec', argv: ['x'] } },
        { kind: 'entrypoint', command: { form: 'shell', script: 'exec java -jar app.jar' } },
      ]),
    ]),
  );
  assert.deepEqual(config.entrypoint, { 'shell-fragment': 'exec java -jar app.jar' });
  assert.equal(config.cmd, undefined);
});

test('an ENTRYPOINT resets a CMD set by an earlier stage of the chain', () => {
  const { config } = generateApko(
    input([
      stage('base', [{ kind: 'cmd', command: { form: 'exec', argv: ['python3'] } }]),
      stage('final', [{ kind: 'entrypoint', command: { form: 'exec', argv: ['/app/run'] } }]),
    ]),
  );
  assert.deepEqual(config.entrypoint, { command: '/app/run' });
  assert.equal(config.cmd, undefined);
});

test('folds ENV into environment with the default PATH', () => {
  const { config } = generateApko(
    input([
      stage('final', [
        {
          kind: 'env',
          vars: [
            ['PYTHONUNBUFFERED', '1'],
            ['APP_HOME', '/app'],
          ],
        },
      ]),
    ]),
  );
  assert.deepEqual(config.environment, {
    APP_HOME: '/app',
    PATH: DEFAULT_PATH,
    PYTHONUNBUFFERED: '1',
  });
});

test('keeps a PATH the Dockerfile sets', () => {
  const { config } = generateApko(
    input([stage('final', [{ kind: 'env', vars: [['PATH', `/app/.venv/bin:${DEFAULT_PATH}`]] }])]),
  );
  assert.equal(config.environment?.PATH, `/app/.venv/bin:${DEFAULT_PATH}`);
});

test('sets work-dir and creates the directory, which apko does not do by itself', () => {
  const { config } = generateApko(input([stage('final', [{ kind: 'workdir', path: '/srv/app' }])]));
  assert.equal(config['work-dir'], '/srv/app');
  assert.deepEqual(config.paths, [
    { path: '/srv/app', type: 'directory', uid: 0, gid: 0, permissions: 0o755 },
  ]);
});

test('maps LABEL and MAINTAINER to annotations, STOPSIGNAL and VOLUME', () => {
  const { config } = generateApko(
    input([
      stage('final', [
        { kind: 'label', labels: [['org.opencontainers.image.source', 'https://example.com/x']] },
        { kind: 'maintainer', text: 'Ops <ops@example.com>' },
        { kind: 'stopsignal', signal: 'SIGQUIT' },
        { kind: 'volume', paths: ['/data', '/data'] },
      ]),
    ]),
  );
  assert.deepEqual(config.annotations, {
    'org.opencontainers.image.source': 'https://example.com/x',
    'org.opencontainers.image.authors': 'Ops <ops@example.com>',
  });
  assert.equal(config['stop-signal'], 'SIGQUIT');
  assert.deepEqual(config.volumes, ['/data']);
});

test('reports EXPOSE, HEALTHCHECK, ONBUILD and SHELL with their lines', () => {
  const { findings } = generateApko(
    input([
      stage('final', [
        { kind: 'expose', ports: ['8080'] },
        { kind: 'healthcheck', text: 'CMD curl -f http://localhost/' },
        { kind: 'onbuild', text: 'RUN make' },
        { kind: 'shell', text: '["/bin/bash", "-c"]' },
      ]),
    ]),
  );
  assert.deepEqual(
    findings.filter((f) => f.id !== 'WF306' && f.id !== 'WF311').map((f) => [f.id, f.line]),
    [
      ['WF301', 2],
      ['WF302', 3],
      ['WF303', 4],
      ['WF304', 5],
    ],
  );
});

test('turns mkdir, chown, chmod and ln -s into paths with owners from accounts', () => {
  const facts: RunFact[] = [
    {
      kind: 'user',
      name: 'app',
      uid: 1000,
      group: null,
      groups: [],
      shell: null,
      home: null,
      system: false,
      ownGroup: true,
      line: 3,
    },
    { kind: 'path', op: 'mkdir', paths: ['/data'], value: null, recursive: false, line: 4 },
    { kind: 'path', op: 'chown', paths: ['/data'], value: 'app:app', recursive: false, line: 4 },
    { kind: 'path', op: 'chmod', paths: ['/data'], value: '750', recursive: false, line: 4 },
    {
      kind: 'path',
      op: 'symlink',
      paths: ['/usr/bin/python'],
      value: '/usr/bin/python3',
      recursive: false,
      line: 5,
    },
  ];
  const { config } = generateApko(
    input([stage('final', [{ kind: 'user', user: 'app', group: null }])], { facts }),
  );
  assert.deepEqual(config.paths, [
    { path: '/data', type: 'directory', uid: 1000, gid: 1000, permissions: 0o750 },
    { path: '/usr/bin/python', type: 'symlink', source: '/usr/bin/python3', permissions: 0o755 },
  ]);
});

test('hands the commands left in a final-stage RUN to the not-carried report', () => {
  const facts: RunFact[] = [
    {
      kind: 'command',
      argv: ['python', 'manage.py', 'collectstatic'],
      text: 'python manage.py collectstatic',
      line: 8,
    },
    { kind: 'command', argv: ['touch', '/x'], text: 'touch /x', line: 8 },
  ];
  const { notCarried } = generateApko(input([stage('final', [])], { facts }));
  assert.deepEqual(
    notCarried.map((c) => c.text),
    ['python manage.py collectstatic', 'touch /x'],
  );
});

test('orders keys for reading: contents, accounts, work-dir, entrypoint … archs', () => {
  const { config } = generateApko(
    input([
      stage('final', [
        { kind: 'workdir', path: '/app' },
        { kind: 'cmd', command: { form: 'exec', argv: ['x'] } },
      ]),
    ]),
  );
  assert.deepEqual(Object.keys(config), [
    'contents',
    'accounts',
    'work-dir',
    'cmd',
    'environment',
    'paths',
    'archs',
  ]);
});

test('expands $PATH in ENV to the PATH the image has', () => {
  const { config } = generateApko(
    input([stage('final', [{ kind: 'env', vars: [['PATH', '/app/.venv/bin:$PATH']] }])]),
  );
  assert.equal(config.environment?.PATH, `/app/.venv/bin:${DEFAULT_PATH}`);
});

test('resolves relative paths of a RUN against its WORKDIR', () => {
  const facts: RunFact[] = [
    {
      kind: 'path',
      op: 'mkdir',
      paths: ['.next', 'tmp/cache'],
      value: null,
      recursive: false,
      line: 5,
    },
  ];
  const { config } = generateApko(
    input([stage('final', [{ kind: 'workdir', path: '/app', line: 3 }])], { facts }),
  );
  assert.deepEqual(
    config.paths?.map((p) => p.path),
    ['/app', '/app/.next', '/app/tmp/cache'],
  );
});

test('creates a touched file as an empty file that chown then owns', () => {
  const facts: RunFact[] = [
    {
      kind: 'path',
      op: 'touch',
      paths: ['/var/run/nginx.pid'],
      value: null,
      recursive: false,
      line: 4,
    },
    {
      kind: 'path',
      op: 'chown',
      paths: ['/var/run/nginx.pid'],
      value: '101:101',
      recursive: false,
      line: 4,
    },
  ];
  const { config } = generateApko(input([stage('final', [])], { facts }));
  assert.deepEqual(config.paths, [
    { path: '/var/run/nginx.pid', type: 'empty-file', uid: 101, gid: 101, permissions: 0o644 },
  ]);
});

test('starts from the base image ENV, which Dockerfile ENV and USER can use', () => {
  const { config } = generateApko(
    input(
      [
        stage('final', [
          { kind: 'env', vars: [['LANG', 'C.UTF-8']] },
          { kind: 'user', user: '$APP_UID', group: null },
        ]),
      ],
      { baseEnvironment: { APP_UID: '1654', LANG: 'en_US.UTF-8' }, baseImageUsers: { app: 1654 } },
    ),
  );
  assert.deepEqual(config.environment, { APP_UID: '1654', LANG: 'C.UTF-8', PATH: DEFAULT_PATH });
  assert.deepEqual(config.accounts?.users, [{ username: 'app', uid: 1654, gid: 1654 }]);
  assert.equal(config.accounts?.['run-as'], 'app');
});
