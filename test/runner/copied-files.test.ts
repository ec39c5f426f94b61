import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { convert } from '../../src/convert.js';
import { listFiles, runMelangeBuild, runnerUnavailable } from './melange-runner.js';

// A RUN reads a file an earlier COPY put in the image: the melange build must find it there,
// whichever way the build runs the RUN. Both Dockerfiles once gave configs that passed every
// schema and failed at `pip install` ("Could not open requirements file").

const unavailable = runnerUnavailable();
const skip = process.env.CI === 'true' ? false : (unavailable ?? false);

async function buildFiles(dockerfile: string, context: Record<string, string>): Promise<string[]> {
  const workspace = mkdtempSync(join(tmpdir(), 'wolfify-copied-'));
  let root: string | null = null;
  try {
    for (const [path, content] of Object.entries(context)) {
      mkdirSync(join(workspace, path, '..'), { recursive: true });
      writeFileSync(join(workspace, path), content);
    }
    const result = await convert(dockerfile, { source: 'Dockerfile', size: false });
    assert.ok(result.melange, 'the image gets a melange build');
    const run = runMelangeBuild(result.melange, { workspace });
    root = run.root;
    return listFiles(run.destdir).map((f) => f.path);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    if (root) rmSync(root, { recursive: true, force: true });
  }
}

test(
  'a requirements file copied outside the application directory is there for pip',
  { skip },
  async () => {
    const files = await buildFiles(
      `FROM python:3.12-slim
COPY requirements.txt /opt/requirements.txt
RUN pip install --no-cache-dir -r /opt/requirements.txt
COPY app.py /srv/app.py
CMD ["python", "/srv/app.py"]
`,
      { 'requirements.txt': '# no third-party dependencies\n', 'app.py': 'print("ok")\n' },
    );
    assert.ok(files.includes('opt/requirements.txt'));
    assert.ok(files.includes('srv/app.py'));
  },
);

test(
  'a requirements folder copied into the working directory is there for pip',
  { skip },
  async () => {
    const files = await buildFiles(
      `FROM python:3.12-slim
WORKDIR /home/worker/app
COPY requirements/ requirements/
RUN pip install -r requirements/production.txt
COPY . .
CMD ["python", "app.py"]
`,
      { 'requirements/production.txt': '# none\n', 'app.py': 'print("ok")\n' },
    );
    assert.ok(files.includes('home/worker/app/requirements/production.txt'));
    assert.ok(files.includes('home/worker/app/app.py'));
  },
);

test('files copied into the folder a RUN changes into are there for it', { skip }, async () => {
  const files = await buildFiles(
    `FROM python:3.12-slim
COPY requirements.txt app.py /srv/app/
RUN cd /srv/app && pip install -r requirements.txt
CMD ["python", "/srv/app/app.py"]
`,
    { 'requirements.txt': '# none\n', 'app.py': 'print("ok")\n' },
  );
  assert.ok(files.includes('srv/app/requirements.txt'));
  assert.ok(files.includes('srv/app/app.py'));
});
