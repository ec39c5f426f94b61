import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunFact } from '../../src/model.js';
import { facts } from './helpers.js';

const path = (over: Partial<Extract<RunFact, { kind: 'path' }>>): RunFact => ({
  kind: 'path',
  op: 'mkdir',
  paths: [],
  value: null,
  recursive: false,
  line: 1,
  ...over,
});

test('reads mkdir -p -m MODE with several directories', () => {
  assert.deepEqual(facts('mkdir -p -m 0750 /app/data /app/logs'), [
    path({ paths: ['/app/data', '/app/logs'], value: '0750', recursive: true }),
  ]);
});

test('reads mkdir without a mode as a null value', () => {
  assert.deepEqual(facts('mkdir /data'), [path({ paths: ['/data'] })]);
});

test('reads chown -R owner:group with paths', () => {
  assert.deepEqual(facts('chown -R app:app /app /data'), [
    path({ op: 'chown', paths: ['/app', '/data'], value: 'app:app', recursive: true }),
  ]);
});

test('reads chmod with a numeric mode and with a mode that looks like a flag', () => {
  assert.deepEqual(facts('chmod 755 /entrypoint.sh && chmod -R -w /etc/app'), [
    path({ op: 'chmod', paths: ['/entrypoint.sh'], value: '755' }),
    path({ op: 'chmod', paths: ['/etc/app'], value: '-w', recursive: true }),
  ]);
});

test('reads ln -sf target link as a symlink whose value is the target', () => {
  assert.deepEqual(facts('ln -sf /usr/bin/python3 /usr/local/bin/python'), [
    path({ op: 'symlink', paths: ['/usr/local/bin/python'], value: '/usr/bin/python3' }),
  ]);
});

test('reads ln -s with several targets and a directory as one symlink per target', () => {
  assert.deepEqual(facts('ln -s /opt/a/bin/x /opt/a/bin/y /usr/local/bin/'), [
    path({ op: 'symlink', paths: ['/usr/local/bin/x'], value: '/opt/a/bin/x' }),
    path({ op: 'symlink', paths: ['/usr/local/bin/y'], value: '/opt/a/bin/y' }),
  ]);
});

test('keeps a hard link as a command', () => {
  assert.deepEqual(facts('ln /a /b'), [
    { kind: 'command', argv: ['ln', '/a', '/b'], text: 'ln /a /b', line: 1 },
  ]);
});

test('reads install -d -m -o -g as mkdir and chown', () => {
  assert.deepEqual(facts('install -d -m 0755 -o app -g app /run/app'), [
    path({ paths: ['/run/app'], value: '0755', recursive: true }),
    path({ op: 'chown', paths: ['/run/app'], value: 'app:app' }),
  ]);
});

test('reads touch with its options as empty files to create', () => {
  assert.deepEqual(facts('touch -c -d 2020-01-01 /var/run/nginx.pid log.txt'), [
    path({ op: 'touch', paths: ['/var/run/nginx.pid', 'log.txt'] }),
  ]);
});
