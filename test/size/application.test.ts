import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readBuildContext } from '../../src/workspace/context.js';
import { convert } from '../../src/convert.js';
import { copiedFromContext, languageInstalls } from '../../src/size/application.js';

const files = [
  { path: 'app.py', bytes: 1000 },
  { path: 'requirements.txt', bytes: 100 },
  { path: 'src/main.py', bytes: 2000 },
  { path: 'src/lib/util.py', bytes: 500 },
  { path: 'src/lib/util.pyc', bytes: 700 },
  { path: 'tests/test_app.py', bytes: 4000 },
  { path: '.git/objects/ab', bytes: 90_000 },
  { path: 'README.md', bytes: 300 },
];

describe('the files a Dockerfile copies from the context', () => {
  it('counts COPY . . as the whole context minus what .dockerignore leaves out', () => {
    const app = copiedFromContext([{ sources: ['.'], line: 5 }], {
      files,
      dockerignore: '.git\ntests\n**/*.pyc\n',
    });
    assert.equal(app.bytes, 1000 + 100 + 2000 + 500 + 300);
    assert.equal(app.files, 5);
  });

  it('counts a file once when two COPYs take it', () => {
    const app = copiedFromContext(
      [
        { sources: ['requirements.txt'], line: 3 },
        { sources: ['.'], line: 5 },
      ],
      { files, dockerignore: '.git\ntests\n' },
    );
    assert.equal(app.bytes, 1000 + 100 + 2000 + 500 + 700 + 300);
  });

  it('matches directories and globs the way COPY does, and names sources that match nothing', () => {
    const app = copiedFromContext([{ sources: ['src/', '*.py', 'missing.cfg'], line: 4 }], {
      files,
      dockerignore: null,
    });
    assert.equal(app.bytes, 2000 + 500 + 700 + 1000);
    assert.deepEqual(app.unmatched, ['missing.cfg']);
  });
});

describe('dependencies installed by language tools', () => {
  it('are found from the RUN facts, pip through python -m too', () => {
    const found = languageInstalls([
      {
        kind: 'command',
        argv: ['pip', 'install', '-r', 'requirements.txt'],
        text: 'pip install -r requirements.txt',
        line: 4,
      },
      {
        kind: 'command',
        argv: ['python', '-m', 'pip', 'install', '.'],
        text: 'python -m pip install .',
        line: 5,
      },
      { kind: 'command', argv: ['npm', 'ci', '--omit=dev'], text: 'npm ci --omit=dev', line: 6 },
      { kind: 'command', argv: ['npm', 'run', 'build'], text: 'npm run build', line: 7 },
    ]);
    assert.deepEqual(
      found.map((f) => `${f.tool}:${f.line}`),
      ['pip:4', 'pip:5', 'npm:6'],
    );
  });
});

describe('the application estimate from a build context on disk', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wolfify-context-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'node_modules', 'left-pad'), { recursive: true });
    mkdirSync(join(dir, 'wolfi'));
    writeFileSync(join(dir, 'package.json'), '{"name":"svc"}\n');
    writeFileSync(join(dir, 'src', 'index.js'), 'x'.repeat(12_345));
    writeFileSync(join(dir, 'node_modules', 'left-pad', 'index.js'), 'y'.repeat(50_000));
    writeFileSync(join(dir, 'wolfi', 'apko.yaml'), 'z'.repeat(999));
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n');
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "src/index.js"]\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the context without the output directory and honours .dockerignore', async () => {
    const context = readBuildContext(join(dir, 'Dockerfile'), { skip: 'wolfi' });
    assert.ok(context);
    assert.deepEqual(
      context.files.map((f) => f.path),
      ['.dockerignore', 'Dockerfile', 'package.json', 'src/index.js'],
    );
  });

  it('adds the copied files to "after" and lists the npm install as not counted', async () => {
    const buildContext = readBuildContext(join(dir, 'Dockerfile'), { skip: 'wolfi' });
    const text =
      'FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "src/index.js"]\n';
    const result = await convert(text, { source: join(dir, 'Dockerfile'), buildContext });
    const withoutApp = await convert(text, { source: join(dir, 'Dockerfile') });
    const size = result.size;
    assert.ok(size?.after.bytes && withoutApp.size?.after.bytes);
    const appBytes = buildContext?.files.reduce((s, f) => s + f.bytes, 0) ?? 0;
    assert.equal(size.after.bytes - withoutApp.size.after.bytes, appBytes);
    assert.ok(
      size.after.top.some((t) => t.name === 'application (build context)') || appBytes < 1e6,
    );
    assert.match(
      size.application,
      /in 4 files copied from the build context \(\.dockerignore honoured\)/,
    );
    assert.match(
      size.notCounted.join('\n'),
      /dependencies installed by npm \(line 4: npm ci --omit=dev\)/,
    );
    assert.match(withoutApp.size.application, /not counted: the build context is not on disk/);
  });
});
