import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carryOf, runs } from './helpers.js';

const py311 = { runtime: { name: 'python' as const, version: '3.11' } };

const cases: {
  name: string;
  script: string;
  program: string;
  over?: Parameters<typeof carryOf>[2];
  build: string[];
  image: string[];
  step: RegExp;
  ships?: string[];
}[] = [
  {
    name: 'pip install -r into the image Python under /usr, with py3.11-pip for python 3.11',
    script: 'pip install --no-cache-dir -r requirements.txt',
    program: 'pip',
    over: py311,
    build: ['python-3.11', 'py3.11-pip'],
    image: ['python-3.11'],
    step: /^pip install --root "\$\{\{targets\.destdir\}\}" --prefix \/usr --no-cache-dir -r requirements\.txt$/,
  },
  {
    name: 'python -m pip install is the same install',
    script: 'python3 -m pip install flask==3.0',
    program: 'python3',
    over: py311,
    build: ['python-3.11', 'py3.11-pip'],
    image: ['python-3.11'],
    step: /--prefix \/usr flask==3\.0$/,
  },
  {
    name: 'pip install --target writes into the same directory in the package',
    script: 'pip install --target /opt/deps --no-deps -r req.txt',
    program: 'pip',
    over: py311,
    build: ['python-3.11', 'py3.11-pip'],
    image: ['python-3.11'],
    step: /^pip install --target "\$\{\{targets\.destdir\}\}\/opt\/deps" --no-deps -r req\.txt$/,
  },
  {
    name: 'pip install --prefix keeps the prefix, under the package root',
    script: 'pip install --prefix=/install /wheels/*.whl',
    program: 'pip',
    over: py311,
    build: ['python-3.11', 'py3.11-pip'],
    image: ['python-3.11'],
    step: /^pip install --root "\$\{\{targets\.destdir\}\}" --prefix=\/install \/wheels\/\*\.whl$/,
  },
  {
    name: 'pip install --user keeps the user site of HOME',
    script: 'pip install --user gunicorn',
    program: 'pip',
    over: { ...py311, env: { HOME: '/home/app' } },
    build: ['python-3.11', 'py3.11-pip'],
    image: ['python-3.11'],
    step: /--root "\$\{\{targets\.destdir\}\}" --user gunicorn$/,
  },
  {
    name: 'pip inside a virtualenv on PATH installs there and ships the virtualenv',
    script: 'pip install -r requirements.txt',
    program: 'pip',
    over: { ...py311, env: { PATH: '/opt/venv/bin:/usr/local/bin:/usr/bin' } },
    build: ['python-3.11'],
    image: ['python-3.11'],
    step: /^export PATH=\/opt\/venv\/bin:\$PATH\npip install -r requirements\.txt$/,
    ships: ['/opt/venv'],
  },
  {
    name: 'python -m venv builds the virtualenv at its own path with the image Python',
    script: 'python3 -m venv /opt/venv',
    program: 'python3',
    over: py311,
    build: ['python-3.11'],
    image: ['python-3.11'],
    step: /^python3\.11 -m venv \/opt\/venv$/,
    ships: ['/opt/venv'],
  },
  {
    name: 'virtualenv comes from py3.12-virtualenv',
    script: 'virtualenv .venv',
    program: 'virtualenv',
    over: { runtime: { name: 'python', version: '3.12' } },
    build: ['python-3.12', 'py3.12-virtualenv'],
    image: ['python-3.12'],
    step: /^virtualenv --python python3\.12 \.venv$/,
    ships: ['/app/.venv'],
  },
  {
    name: 'uv sync builds the project virtualenv with the image Python, never a downloaded one',
    script: 'uv sync --frozen --no-dev',
    program: 'uv',
    over: { runtime: { name: 'python', version: '3.12' } },
    build: ['uv', 'python-3.12'],
    image: ['python-3.12'],
    step: /^uv sync --frozen --no-dev$/,
    ships: ['/app/.venv'],
  },
  {
    name: 'uv pip install --system goes into the image Python under /usr',
    script: 'uv pip install --system -r requirements.txt',
    program: 'uv',
    over: { runtime: { name: 'python', version: '3.12' } },
    build: ['uv', 'python-3.12'],
    image: ['python-3.12'],
    step: /^uv pip install --prefix "\$\{\{targets\.destdir\}\}\/usr" -r requirements\.txt$/,
  },
  {
    name: 'poetry install goes into the project virtualenv, which ships',
    script: 'poetry install --no-root --only main',
    program: 'poetry',
    over: {
      runtime: { name: 'python', version: '3.12' },
      env: { POETRY_VIRTUALENVS_CREATE: 'false' },
    },
    build: ['python-3.12', 'py3.12-poetry'],
    image: ['python-3.12'],
    step: /^poetry install --no-root --only main$/,
    ships: ['/app/.venv'],
  },
  {
    name: 'pipenv install --system --deploy installs the locked packages with pip',
    script: 'pipenv install --system --deploy',
    program: 'pipenv',
    over: { runtime: { name: 'python', version: '3.12' } },
    build: ['python-3.12', 'py3.12-pipenv', 'py3.12-pip'],
    image: ['python-3.12'],
    step: /^pipenv requirements > \/home\/build\/\.wolfify-requirements\.txt\npip install --root "\$\{\{targets\.destdir\}\}" --prefix \/usr -r /,
  },
];

for (const c of cases) {
  test(c.name, () => {
    const carried = carryOf(c.script, c.program, c.over);
    assert.equal(carried.fate, 'melange', carried.detail);
    assert.deepEqual(carried.buildPackages, c.build);
    assert.deepEqual(carried.imagePackages, c.image);
    assert.match(runs(carried), c.step);
    // The application directory (WORKDIR /app) is built in place and ships too.
    assert.deepEqual(carried.ships, [...new Set([...(c.ships ?? []), '/app'])]);
  });
}

test('every package a Python install names is in the catalog', async () => {
  const { catalog } = await import('./helpers.js');
  for (const c of cases) {
    const carried = carryOf(c.script, c.program, c.over);
    for (const name of [...carried.buildPackages, ...carried.imagePackages])
      assert.ok(catalog.has(name), name);
  }
});

test('poetry and pipenv without a configured virtualenv point the image at the project .venv', () => {
  const carried = carryOf('poetry install', 'poetry', {
    runtime: { name: 'python', version: '3.12' },
  });
  assert.equal(carried.environment.VIRTUAL_ENV, '/app/.venv');
  assert.match(carried.environment.PATH ?? '', /^\/app\/\.venv\/bin:/);
  assert.deepEqual(
    carried.findings.map((f) => f.id),
    ['WF340'],
  );
  assert.equal(carried.steps[0]?.environment?.POETRY_VIRTUALENVS_IN_PROJECT, 'true');
});

test('uv never downloads a Python of its own into the build', () => {
  const carried = carryOf('uv sync', 'uv', { runtime: { name: 'python', version: '3.12' } });
  assert.deepEqual(carried.steps[0]?.environment, {
    UV_PYTHON_DOWNLOADS: 'never',
    UV_PYTHON: 'python3.12',
  });
});

test('a Python Wolfi no longer has picks the nearest newer runtime and its pip', () => {
  const carried = carryOf('pip install flask', 'pip', {
    runtime: { name: 'python', version: '3.8' },
  });
  assert.deepEqual(carried.buildPackages, ['python-3.10', 'py3.10-pip']);
});

test('pip upgrading itself is the py3.X-pip package of the build', () => {
  const carried = carryOf('pip install --upgrade pip setuptools wheel', 'pip', py311);
  assert.equal(carried.fate, 'package');
  assert.deepEqual(carried.buildPackages, ['python-3.11', 'py3.11-pip']);
});

test('pip cache purge is unneeded', () => {
  assert.equal(carryOf('pip cache purge', 'pip', py311).fate, 'unneeded');
});
