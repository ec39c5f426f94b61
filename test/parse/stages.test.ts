import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WolfifyError } from '../../src/errors.js';
import type { Instruction } from '../../src/model.js';
import { parseDockerfile } from '../../src/parse/index.js';

const errorOf = (text: string): string => {
  try {
    parseDockerfile(text, { fileName: 'Dockerfile' });
  } catch (e) {
    assert.ok(e instanceof WolfifyError);
    return e.describe();
  }
  assert.fail('expected parseDockerfile to throw');
};

const copyOf = (text: string, stage: number): Extract<Instruction, { kind: 'copy' | 'add' }> => {
  const copy = parseDockerfile(text).stages[stage]?.instructions.find((i) => i.kind === 'copy');
  assert.ok(copy?.kind === 'copy');
  return copy;
};

test('a stage alias is lower-cased and becomes the stage id', () => {
  const [stage] = parseDockerfile('FROM golang:1.22 AS Builder\n').stages;
  assert.deepEqual(stage && [stage.index, stage.name, stage.id, stage.line], [
    0,
    'builder',
    'builder',
    1,
  ]);
});

test('a stage without a name has its index as id', () => {
  const stages = parseDockerfile('FROM alpine AS a\nFROM alpine\n').stages;
  assert.deepEqual(
    stages.map((s) => [s.name, s.id]),
    [
      ['a', 'a'],
      [null, '1'],
    ],
  );
});

test('FROM an earlier stage has a stage base, matched case-insensitively', () => {
  const stages = parseDockerfile('FROM alpine AS base\nFROM BASE AS final\n').stages;
  assert.deepEqual(stages[1]?.base, { kind: 'stage', stage: 'base' });
});

test('FROM scratch has a scratch base', () => {
  assert.deepEqual(parseDockerfile('FROM scratch\n').stages[0]?.base, { kind: 'scratch' });
});

test('FROM --platform is read and expanded', () => {
  const [stage] = parseDockerfile('ARG P=linux/arm64\nFROM --platform=$P alpine\n').stages;
  assert.equal(stage?.platform, 'linux/arm64');
});

test('FROM --platform=$BUILDPLATFORM stays as written without a finding', () => {
  const parsed = parseDockerfile('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n');
  assert.equal(parsed.stages[0]?.platform, '$BUILDPLATFORM');
  assert.deepEqual(parsed.findings, []);
});

test('a platform ARG given as a build argument is used', () => {
  const parsed = parseDockerfile('FROM --platform=$BUILDPLATFORM alpine\n', {
    buildArgs: { BUILDPLATFORM: 'linux/amd64' },
  });
  assert.equal(parsed.stages[0]?.platform, 'linux/amd64');
});

test('a stage built FROM another inherits its ENV and WORKDIR', () => {
  const parsed = parseDockerfile(
    'FROM alpine AS base\nENV A=1\nWORKDIR /app\nFROM base\nWORKDIR sub\nRUN make\n',
  );
  const [workdir, run] = parsed.stages[1]?.instructions ?? [];
  assert.equal(workdir?.kind === 'workdir' && workdir.path, '/app/sub');
  assert.deepEqual(run?.kind === 'run' && run.env, { A: '1' });
});

test('FROM a stage defined later is an error', () => {
  assert.equal(
    errorOf('FROM later\nFROM alpine AS later\n'),
    'Dockerfile:1: FROM later names a stage defined later in the file',
  );
});

test('FROM of the stage itself is an error', () => {
  assert.equal(errorOf('FROM app AS app\n'), 'Dockerfile:1: stage "app" is built FROM itself');
});

test('two stages with the same name are an error', () => {
  assert.equal(
    errorOf('FROM alpine AS x\nFROM alpine AS X\n'),
    'Dockerfile:2: duplicate stage name "x"',
  );
});

test('COPY --from names an earlier stage by its id', () => {
  const copy = copyOf('FROM golang AS build\nFROM alpine\nCOPY --from=Build /out /app\n', 1);
  assert.deepEqual([copy.from, copy.sources, copy.dest], ['build', ['/out'], '/app']);
});

test('COPY --from with a number names the stage at that index', () => {
  assert.equal(
    copyOf('FROM golang AS build\nFROM alpine\nCOPY --from=0 /out /app\n', 1).from,
    'build',
  );
  assert.equal(copyOf('FROM golang\nFROM alpine\nCOPY --from=0 /out /app\n', 1).from, '0');
});

test('COPY --link --from keeps both flags', () => {
  const copy = copyOf('FROM golang AS build\nFROM alpine\nCOPY --link --from=build /out /app\n', 1);
  assert.deepEqual([copy.link, copy.from], [true, 'build']);
});

test('COPY --from an image keeps the reference', () => {
  const copy = copyOf('FROM alpine\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/\n', 0);
  assert.equal(copy.from, 'nginx:1.27');
});

test('COPY --from a stage defined later is an error', () => {
  assert.equal(
    errorOf('FROM alpine\nCOPY --from=late /a /b\nFROM alpine AS late\n'),
    'Dockerfile:2: COPY --from=late names a stage defined later in the file',
  );
});

test('COPY --from the stage itself is an error', () => {
  assert.equal(
    errorOf('FROM alpine AS me\nCOPY --from=me /a /b\n'),
    'Dockerfile:2: COPY --from=me refers to the stage it is in',
  );
});

test('COPY --from an index that is not earlier is an error', () => {
  assert.equal(
    errorOf('FROM alpine\nCOPY --from=0 /a /b\n'),
    'Dockerfile:2: COPY --from=0 refers to the stage it is in',
  );
  assert.equal(
    errorOf('FROM alpine\nCOPY --from=3 /a /b\n'),
    'Dockerfile:2: COPY --from=3: there is no earlier stage 3',
  );
});
