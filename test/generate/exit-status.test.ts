import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convert } from '../../src/convert.js';
import { ScriptSplitter } from '../../src/generate/melange-script.js';

// melange runs each step under `set -e` and ends it with `exit 0`; `set -e` ignores a failure
// left of `&&`. Docker's RUN fails when its last list fails, so the step must too.

test('a script ending in an && list is recognised, other endings are not', async () => {
  const scripts = await ScriptSplitter.load();
  assert.equal(scripts.endsInAndList('a && b'), true);
  assert.equal(scripts.endsInAndList('a; b && c > out'), true);
  assert.equal(scripts.endsInAndList('a || b && c'), true);
  assert.equal(scripts.endsInAndList('a && b || c'), false);
  assert.equal(scripts.endsInAndList('a && b; c'), false);
  assert.equal(scripts.endsInAndList('a'), false);
});

test('a RUN kept as written that ends in && exits with its status', async () => {
  const result = await convert(
    'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN python manage.py collectstatic && python manage.py compilemessages\nCMD ["python", "app.py"]\n',
    { source: 'Dockerfile' },
  );
  const steps = (result.melange?.pipeline ?? []) as { name?: string; runs?: string }[];
  const run = steps.find((s) => s.name?.startsWith('RUN (line 4'));
  assert.equal(
    run?.runs,
    'python manage.py collectstatic && python manage.py compilemessages\nexit $?',
  );
});
