import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convert } from '../../../src/convert.js';

// The application's build runs carried commands after the RUNs that prepare the copied
// application; when the Dockerfile's order mattered, WF351 says so.

const wheels = (later: string, install = 'pip install --no-cache /wheels/*') =>
  [
    'FROM python:3.12-slim AS builder',
    'WORKDIR /build',
    'COPY requirements.txt .',
    'RUN pip wheel --wheel-dir /wheels -r requirements.txt',
    'FROM python:3.12-slim',
    'WORKDIR /app',
    'COPY --from=builder /wheels /wheels',
    `RUN ${install} && rm -rf /wheels`,
    'COPY . .',
    `RUN ${later}`,
    'CMD ["gunicorn", "site.wsgi"]',
  ].join('\n');

const order = async (text: string) =>
  (await convert(text, { size: false })).findings.filter((f) => f.id === 'WF351');

test('a system pip install before a RUN that starts python in the application: WF351', async () => {
  const found = await order(wheels('python manage.py collectstatic --noinput'));
  assert.equal(found.length, 1, 'one finding for the RUN, not one for its rm');
  assert.equal(found[0]?.line, 8);
  assert.equal(found[0]?.severity, 'error');
  assert.match(found[0]?.message ?? '', /pip install --no-cache \/wheels\/\*.*line 10/);
});

test('no WF351 when the later RUN does not start the interpreter the install feeds', async () => {
  assert.deepEqual(await order(wheels('npm ci')), []);
});

test('no WF351 for installs the application build already runs in order', async () => {
  const text = [
    'FROM python:3.12-slim',
    'WORKDIR /app',
    'COPY requirements.txt .',
    'RUN pip install -r requirements.txt',
    'COPY . .',
    'RUN python manage.py collectstatic --noinput',
    'CMD ["gunicorn", "site.wsgi"]',
  ].join('\n');
  assert.deepEqual(await order(text), []);
});

test('python -m pip counts as pip; another python command installs nothing', async () => {
  const viaModule = await order(
    wheels('python manage.py collectstatic', 'python3 -m pip install /wheels/*'),
  );
  assert.equal(viaModule.length, 1);
  assert.deepEqual(
    await order(wheels('python manage.py collectstatic', 'python3 -m compileall /wheels')),
    [],
  );
});
