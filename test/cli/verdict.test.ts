import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Result } from '../../src/model.js';

// The verdict through the real CLI: `incomplete` exits 1 under the default --fail-on error.

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function convert(dockerfile: string, ...args: string[]) {
  const child = spawnSync(
    process.execPath,
    [MAIN, 'convert', '-', '--json', '--no-size', ...args],
    {
      cwd: tmpdir(),
      encoding: 'utf8',
      input: dockerfile,
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  return { status: child.status, result: JSON.parse(child.stdout) as Result, stderr: child.stderr };
}

const DROPPED_STEP =
  'FROM nginx:1.27\nRUN sed -i \'/^user /d\' /etc/nginx/nginx.conf\nUSER nginx\nCMD ["nginx"]\n';

test('an image with a dropped step is incomplete and exits 1 by default', () => {
  const run = convert(DROPPED_STEP);
  assert.equal(run.result.verdict, 'incomplete');
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^-: incomplete — /);
});

test('--fail-on never lets an incomplete image exit 0; the verdict stays', () => {
  const run = convert(DROPPED_STEP, '--fail-on', 'never');
  assert.equal(run.result.verdict, 'incomplete');
  assert.equal(run.status, 0);
});

test('an image that needs review exits 0 by default and 1 under --fail-on warning', () => {
  const root = 'FROM python:3.12-slim\nUSER root\nCMD ["python3"]\n';
  assert.equal(convert(root).result.verdict, 'needs-review');
  assert.equal(convert(root).status, 0);
  assert.equal(convert(root, '--fail-on', 'warning').status, 1);
});
