import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunFact } from '../../src/model.js';
import { analyze, facts } from './helpers.js';

const user = (over: Partial<Extract<RunFact, { kind: 'user' }>>): RunFact => ({
  kind: 'user',
  name: 'app',
  uid: null,
  group: null,
  groups: [],
  shell: null,
  home: null,
  system: false,
  ownGroup: true,
  line: 1,
  ...over,
});

test('reads useradd short options, numbers as numbers, without an own group when -g is given', () => {
  assert.deepEqual(
    facts('useradd -r -u 1001 -g app -G wheel,docker -s /sbin/nologin -d /home/app -m app'),
    [
      user({
        uid: 1001,
        group: 'app',
        groups: ['wheel', 'docker'],
        shell: '/sbin/nologin',
        home: '/home/app',
        system: true,
        ownGroup: false,
      }),
    ],
  );
});

test('reads useradd long options and keeps the own group by default', () => {
  assert.deepEqual(
    facts(
      'useradd --uid 1000 --groups audio --shell /bin/bash --home-dir /srv --create-home --system app',
    ),
    [user({ uid: 1000, groups: ['audio'], shell: '/bin/bash', home: '/srv', system: true })],
  );
});

test('gives useradd -N no own group and useradd -U one', () => {
  assert.deepEqual(facts('useradd -N a1 && useradd --no-user-group a2 && useradd -U -l a3'), [
    user({ name: 'a1', ownGroup: false }),
    user({ name: 'a2', ownGroup: false }),
    user({ name: 'a3' }),
  ]);
});

test('reads groupadd with -g and -r', () => {
  assert.deepEqual(facts('groupadd -r -g 999 docker && groupadd --system --gid=1000 app'), [
    { kind: 'group', name: 'docker', gid: 999, system: true, line: 1 },
    { kind: 'group', name: 'app', gid: 1000, system: true, line: 1 },
  ]);
});

test('reads Debian adduser --system --group with uid, home and shell', () => {
  const script =
    'adduser --system --group --uid 999 --home /var/lib/svc --shell /usr/sbin/nologin --disabled-password --gecos "" --no-create-home svc';
  assert.deepEqual(facts(script), [
    user({ name: 'svc', uid: 999, home: '/var/lib/svc', shell: '/usr/sbin/nologin', system: true }),
  ]);
});

test('puts a Debian system user without --group into nogroup', () => {
  assert.deepEqual(facts('adduser --system --disabled-login svc'), [
    user({ name: 'svc', group: 'nogroup', system: true, ownGroup: false }),
  ]);
});

test('reads Debian adduser --ingroup as the primary group', () => {
  assert.deepEqual(facts('adduser --disabled-password --gecos "" --ingroup staff --uid 1000 app'), [
    user({ uid: 1000, group: 'staff', ownGroup: false }),
  ]);
});

test('reads busybox adduser -S -D -H -u -G -s -h', () => {
  assert.deepEqual(
    facts('adduser -S -D -H -u 101 -G nginx -s /sbin/nologin -h /var/cache/nginx nginx'),
    [
      user({
        name: 'nginx',
        uid: 101,
        group: 'nginx',
        shell: '/sbin/nologin',
        home: '/var/cache/nginx',
        system: true,
        ownGroup: false,
      }),
    ],
  );
});

test('reads busybox addgroup -S -g', () => {
  assert.deepEqual(facts('addgroup -S -g 101 nginx'), [
    { kind: 'group', name: 'nginx', gid: 101, system: true, line: 1 },
  ]);
});

test('adds the groups of adduser user group to a user created earlier in the RUN', () => {
  assert.deepEqual(facts('adduser -D app && adduser app wheel && addgroup app audio'), [
    user({ groups: ['wheel', 'audio'] }),
  ]);
});

test('adds the groups of usermod -aG to a user created earlier in the RUN', () => {
  assert.deepEqual(facts('useradd -m app && usermod -aG sudo,video app'), [
    user({ groups: ['sudo', 'video'] }),
  ]);
});

test('reports a group change for a user the stage does not create and keeps the command', () => {
  const result = analyze('usermod -aG docker jenkins');
  assert.deepEqual(result.facts, [
    {
      kind: 'command',
      argv: ['usermod', '-aG', 'docker', 'jenkins'],
      text: 'usermod -aG docker jenkins',
      line: 1,
    },
  ]);
  assert.deepEqual(
    result.findings.map((f) => [f.id, f.severity, f.message]),
    [
      [
        'WF313',
        'warning',
        'changes user `jenkins` (groups `docker`), which this stage does not create',
      ],
    ],
  );
});

test('reports a user name it cannot resolve', () => {
  const result = analyze('useradd -u 1000 $USERNAME');
  assert.deepEqual(
    result.facts.map((f) => f.kind),
    ['command'],
  );
  assert.deepEqual(
    result.findings.map((f) => [f.id, f.message]),
    [['WF102', 'cannot tell the name of the user `$USERNAME`']],
  );
});

test('resolves user name and uid from ARG values', () => {
  assert.deepEqual(facts('useradd -u "$UID" "$USER"', { UID: '1500', USER: 'dev' }), [
    user({ name: 'dev', uid: 1500 }),
  ]);
});

test('leaves the uid null when it is not a number', () => {
  assert.deepEqual(facts('useradd -u abc app'), [user({})]);
});
