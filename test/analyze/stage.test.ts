import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeStage } from '../../src/analyze/stage.js';
import type { Instruction, Stage } from '../../src/model.js';
import { shell, runOf } from './helpers.js';

/** A stage whose RUNs start on lines 2, 3, 4 … in order. */
function stageOf(...scripts: string[]): Stage {
  const instructions: Instruction[] = scripts.map((s, i) => runOf(s, i + 2));
  return {
    index: 0,
    name: 'build',
    id: 'build',
    line: 1,
    base: { kind: 'scratch' },
    platform: null,
    instructions,
  };
}

test('maps apt purge after pip install to build-only packages', () => {
  const stage = stageOf(
    'apt-get update && apt-get install -y gcc libpq-dev ca-certificates',
    'pip install psycopg2',
    'apt-get purge -y --auto-remove gcc libpq-dev',
  );
  assert.deepEqual(analyzeStage(stage, shell).installs, [
    { name: 'gcc', version: null, manager: 'apt', line: 2, buildOnly: true },
    { name: 'libpq-dev', version: null, manager: 'apt', line: 2, buildOnly: true },
    { name: 'ca-certificates', version: null, manager: 'apt', line: 2, buildOnly: false },
  ]);
});

test('marks everything installed under an apk virtual name build-only when apk del removes the name', () => {
  const stage = stageOf(
    'apk add --no-cache --virtual .build-deps gcc musl-dev && apk add --no-cache libpq && apk del .build-deps',
  );
  assert.deepEqual(analyzeStage(stage, shell).installs, [
    { name: 'gcc', version: null, manager: 'apk', line: 2, buildOnly: true },
    { name: 'musl-dev', version: null, manager: 'apk', line: 2, buildOnly: true },
    { name: 'libpq', version: null, manager: 'apk', line: 2, buildOnly: false },
  ]);
});

test('marks an apk package removed by name build-only', () => {
  const stage = stageOf('apk add git make', 'apk del git');
  assert.deepEqual(
    analyzeStage(stage, shell).installs.map((p) => [p.name, p.buildOnly]),
    [
      ['git', true],
      ['make', false],
    ],
  );
});

test('marks a package removed by dnf remove build-only', () => {
  const stage = stageOf('dnf install -y gcc python3', 'dnf remove -y gcc');
  assert.deepEqual(
    analyzeStage(stage, shell).installs.map((p) => [p.name, p.manager, p.buildOnly]),
    [
      ['gcc', 'dnf', true],
      ['python3', 'dnf', false],
    ],
  );
});

test('ignores packages named only in removals', () => {
  const stage = stageOf('apk add curl', 'apk del wget');
  assert.deepEqual(
    analyzeStage(stage, shell).installs.map((p) => p.name),
    ['curl'],
  );
});

test('keeps the first line of a package installed twice', () => {
  const stage = stageOf('apk add curl', 'apk add curl jq');
  assert.deepEqual(
    analyzeStage(stage, shell).installs.map((p) => [p.name, p.line]),
    [
      ['curl', 2],
      ['jq', 3],
    ],
  );
});

test('keeps a package that is installed again after its removal', () => {
  const stage = stageOf('apk add curl', 'apk del curl', 'apk add curl');
  assert.deepEqual(analyzeStage(stage, shell).installs, [
    { name: 'curl', version: null, manager: 'apk', line: 2, buildOnly: false },
  ]);
});

test('does not let a removal by another package manager make a package build-only', () => {
  const stage = stageOf('apt-get install -y curl', 'apk del curl');
  assert.deepEqual(
    analyzeStage(stage, shell).installs.map((p) => p.buildOnly),
    [false],
  );
});

test('adds a group membership from a later RUN to the user an earlier RUN created', () => {
  const stage = stageOf('useradd -m -u 1000 app', 'usermod -aG audio app');
  const analysis = analyzeStage(stage, shell);
  assert.deepEqual(analysis.facts, [
    {
      kind: 'user',
      name: 'app',
      uid: 1000,
      group: null,
      groups: ['audio'],
      shell: null,
      home: null,
      system: false,
      ownGroup: true,
      line: 2,
    },
  ]);
  assert.deepEqual(analysis.findings, []);
});

test('collects the facts and findings of every RUN in order and skips other instructions', () => {
  const stage = stageOf('apk add $X');
  stage.instructions.push(
    { kind: 'workdir', path: '/src', line: 3, endLine: 3, raw: 'WORKDIR /src' },
    runOf('make', 4),
  );
  const analysis = analyzeStage(stage, shell);
  assert.deepEqual(
    analysis.facts.map((f) => [f.kind, f.line]),
    [['command', 4]],
  );
  assert.deepEqual(
    analysis.findings.map((f) => [f.id, f.line, f.stage]),
    [['WF201', 2, 'build']],
  );
  assert.equal(analysis.stage, stage);
});
