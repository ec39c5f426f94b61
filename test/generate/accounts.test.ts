import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAccounts, type AccountsInput } from '../../src/generate/accounts.js';
import type { RunFact } from '../../src/model.js';

const base: AccountsInput = {
  facts: [],
  userSwitch: null,
  override: null,
  keepRoot: false,
  stage: 'runtime',
  baseImageUsers: {},
};

function user(name: string, extra: Partial<Extract<RunFact, { kind: 'user' }>> = {}): RunFact {
  return {
    kind: 'user',
    name,
    uid: null,
    group: null,
    groups: [],
    shell: null,
    home: null,
    system: false,
    ownGroup: true,
    line: 5,
    ...extra,
  };
}

test('runs as nonroot 65532 when the Dockerfile has no USER', () => {
  const { accounts, findings } = buildAccounts(base);
  assert.deepEqual(accounts, {
    groups: [{ groupname: 'nonroot', gid: 65532 }],
    users: [{ username: 'nonroot', uid: 65532, gid: 65532 }],
    'run-as': 'nonroot',
  });
  assert.deepEqual(
    findings.map((f) => f.id),
    ['WF306'],
  );
});

test('declares a user created with useradd and its own group', () => {
  const { accounts } = buildAccounts({
    ...base,
    facts: [user('app', { uid: 10001, shell: '/sbin/nologin' })],
    userSwitch: { user: 'app', group: null, line: 9 },
  });
  assert.deepEqual(accounts, {
    groups: [{ groupname: 'app', gid: 10001 }],
    users: [{ username: 'app', uid: 10001, gid: 10001, shell: '/sbin/nologin' }],
    'run-as': 'app',
  });
});

test('uses the gid of a group created with groupadd', () => {
  const { accounts } = buildAccounts({
    ...base,
    facts: [
      { kind: 'group', name: 'web', gid: 2000, system: false, line: 3 },
      user('www', { uid: 2001, group: 'web', ownGroup: false }),
    ],
    userSwitch: { user: 'www', group: null, line: 9 },
  });
  assert.deepEqual(accounts.users, [{ username: 'www', uid: 2001, gid: 2000 }]);
  assert.deepEqual(accounts.groups, [{ groupname: 'web', gid: 2000 }]);
});

test('chooses system ids from 999 down, with a finding', () => {
  const { accounts, findings } = buildAccounts({
    ...base,
    facts: [user('svc', { system: true })],
    userSwitch: { user: 'svc', group: null, line: 9 },
  });
  assert.deepEqual(accounts.users, [{ username: 'svc', uid: 999, gid: 999 }]);
  assert.deepEqual(
    findings.map((f) => [f.id, f.line]),
    [['WF309', 5]],
  );
});

test('adds supplementary group members', () => {
  const { accounts } = buildAccounts({
    ...base,
    facts: [
      { kind: 'group', name: 'audio', gid: 29, system: true, line: 2 },
      user('app', { uid: 1000, groups: ['audio'] }),
    ],
    userSwitch: { user: 'app', group: null, line: 9 },
  });
  assert.deepEqual(accounts.groups, [
    { groupname: 'audio', gid: 29, members: ['app'] },
    { groupname: 'app', gid: 1000 },
  ]);
});

test('declares a numeric USER with its gid', () => {
  const { accounts } = buildAccounts({
    ...base,
    userSwitch: { user: '65534', group: '65534', line: 12 },
  });
  assert.deepEqual(accounts, {
    groups: [{ groupname: 'nobody', gid: 65534 }],
    users: [{ username: 'nobody', uid: 65534, gid: 65534 }],
    'run-as': 'nobody',
  });
});

test('keeps a base image user such as node with its id', () => {
  const { accounts } = buildAccounts({
    ...base,
    userSwitch: { user: 'node', group: null, line: 7 },
    baseImageUsers: { node: 1000 },
  });
  assert.deepEqual(accounts.users, [{ username: 'node', uid: 1000, gid: 1000 }]);
  assert.equal(accounts['run-as'], 'node');
});

test('replaces USER root with nonroot and says so', () => {
  const { accounts, findings } = buildAccounts({
    ...base,
    userSwitch: { user: 'root', group: null, line: 4 },
  });
  assert.equal(accounts['run-as'], 'nonroot');
  assert.deepEqual(
    findings.map((f) => [f.id, f.line]),
    [['WF307', 4]],
  );
});

test('keeps root with keepRoot', () => {
  const { accounts, findings } = buildAccounts({ ...base, keepRoot: true });
  assert.deepEqual(accounts, { groups: [], users: [], 'run-as': '0' });
  assert.deepEqual(findings, []);
});

test('honours --user NAME:UID over the Dockerfile', () => {
  const { accounts } = buildAccounts({
    ...base,
    userSwitch: { user: 'root', group: null, line: 4 },
    override: { name: 'svc', uid: 4242 },
  });
  assert.deepEqual(accounts.users, [{ username: 'svc', uid: 4242, gid: 4242 }]);
  assert.equal(accounts['run-as'], 'svc');
});

test('runs as nonroot when USER names an unresolved variable', () => {
  const { accounts, findings } = buildAccounts({
    ...base,
    userSwitch: { user: '$APP_UID', group: null, line: 6 },
  });
  assert.equal(accounts['run-as'], 'nonroot');
  assert.deepEqual(
    findings.map((f) => [f.id, f.severity, f.line]),
    [['WF306', 'warning', 6]],
  );
});

test('USER name:name keeps the user and its own group on one id', () => {
  const { accounts } = buildAccounts({
    ...base,
    userSwitch: { user: 'nonroot', group: 'nonroot', line: 3 },
  });
  assert.deepEqual(accounts.users, [{ username: 'nonroot', uid: 65532, gid: 65532 }]);
  assert.deepEqual(accounts.groups, [{ groupname: 'nonroot', gid: 65532 }]);
});

test('puts a system user without a group into nogroup, gid 65534', () => {
  const { accounts, findings } = buildAccounts({
    ...base,
    facts: [user('nextjs', { uid: 1001, system: true, group: 'nogroup', ownGroup: false })],
    userSwitch: { user: 'nextjs', group: null, line: 9 },
  });
  assert.deepEqual(accounts.groups, [{ groupname: 'nogroup', gid: 65534 }]);
  assert.deepEqual(accounts.users, [{ username: 'nextjs', uid: 1001, gid: 65534 }]);
  assert.deepEqual(findings, []);
});
