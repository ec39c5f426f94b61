import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WolfifyError } from '../../src/errors.js';
import { parseDockerfile } from '../../src/parse/index.js';

const imageOf = (text: string, buildArgs: Record<string, string> = {}) =>
  parseDockerfile(text, { buildArgs }).stages[0]?.base;

const envOfLastRun = (text: string, buildArgs: Record<string, string> = {}) => {
  const stages = parseDockerfile(text, { buildArgs }).stages;
  const runs = stages[stages.length - 1]?.instructions.filter((i) => i.kind === 'run') ?? [];
  const last = runs[runs.length - 1];
  assert.ok(last?.kind === 'run');
  return last.env;
};

test('a global ARG is expanded in FROM', () => {
  const base = imageOf('ARG PY=3.12\nFROM python:${PY}-slim\n');
  assert.deepEqual(base, {
    kind: 'image',
    image: {
      raw: 'python:3.12-slim',
      registry: null,
      repository: 'python',
      tag: '3.12-slim',
      digest: null,
      unresolved: false,
    },
  });
});

test('${VAR:-default} in FROM uses the default when the ARG has none', () => {
  const base = imageOf('ARG PY\nFROM python:${PY:-3.11}\n');
  assert.equal(base?.kind === 'image' && base.image.raw, 'python:3.11');
});

test('a whole image reference can come from an ARG default', () => {
  const base = imageOf('ARG IMAGE=mcr.microsoft.com/dotnet/aspnet:8.0\nFROM ${IMAGE}\n');
  assert.deepEqual(
    base?.kind === 'image' && [base.image.registry, base.image.repository, base.image.tag],
    ['mcr.microsoft.com', 'dotnet/aspnet', '8.0'],
  );
});

test('a registry with a port can come from an ARG', () => {
  const base = imageOf('ARG REG=localhost:5000\nFROM ${REG}/team/app:1\n');
  assert.deepEqual(
    base?.kind === 'image' && [base.image.registry, base.image.repository, base.image.tag],
    ['localhost:5000', 'team/app', '1'],
  );
});

test('a build argument overrides a declared ARG default', () => {
  const base = imageOf('ARG PY=3.12\nFROM python:$PY\n', { PY: '3.13' });
  assert.equal(base?.kind === 'image' && base.image.tag, '3.13');
});

test('a build argument for an ARG that is not declared is ignored', () => {
  const parsed = parseDockerfile('FROM python:$PY\n', { buildArgs: { PY: '3.13' } });
  const base = parsed.stages[0]?.base;
  assert.equal(base?.kind === 'image' && base.image.raw, 'python:$PY');
});

test('an unresolved variable in FROM marks the image unresolved and reports WF102', () => {
  const parsed = parseDockerfile('ARG VERSION\nFROM node:${VERSION}\n');
  const base = parsed.stages[0]?.base;
  assert.deepEqual(base?.kind === 'image' && [base.image.raw, base.image.unresolved], [
    'node:${VERSION}',
    true,
  ]);
  assert.deepEqual(parsed.findings, [
    {
      id: 'WF102',
      severity: 'warning',
      message: 'ARG VERSION has no value (no default, no build argument); it is left as written',
      line: 2,
      stage: '0',
      hint: 'give ARG VERSION a default or pass --build-arg VERSION=…',
    },
  ]);
});

test('an empty ARG default is a value, not an unresolved variable', () => {
  const parsed = parseDockerfile('ARG SUFFIX=\nFROM alpine:3.20${SUFFIX}\n');
  const base = parsed.stages[0]?.base;
  assert.equal(base?.kind === 'image' && base.image.raw, 'alpine:3.20');
  assert.deepEqual(parsed.globalArgs, { SUFFIX: '' });
  assert.deepEqual(parsed.findings, []);
});

test('an overwritten ARG takes the later value', () => {
  const parsed = parseDockerfile('ARG TAG=1\nARG TAG=2\nFROM alpine:$TAG\n');
  assert.deepEqual(parsed.globalArgs, { TAG: '2' });
  const base = parsed.stages[0]?.base;
  assert.equal(base?.kind === 'image' && base.image.tag, '2');
});

test('a multi-line ARG declares every name', () => {
  const parsed = parseDockerfile('ARG A=1 \\\n    B=2 \\\n    C\nFROM alpine\n');
  assert.deepEqual(parsed.globalArgs, { A: '1', B: '2', C: null });
});

test('a global ARG without value is null in globalArgs', () => {
  assert.deepEqual(parseDockerfile('ARG A\nFROM alpine\n').globalArgs, { A: null });
});

test('a global ARG is not visible inside a stage without a bare ARG', () => {
  assert.deepEqual(envOfLastRun('ARG V=1\nFROM alpine\nRUN echo $V\n'), {});
});

test('a bare ARG inside a stage re-imports the global default', () => {
  const parsed = parseDockerfile('ARG V=1\nFROM alpine\nARG V\nRUN echo $V\n');
  const [arg, run] = parsed.stages[0]?.instructions ?? [];
  assert.deepEqual(arg, { line: 3, endLine: 3, raw: 'ARG V', kind: 'arg', name: 'V', value: '1' });
  assert.deepEqual(run?.kind === 'run' && run.env, { V: '1' });
});

test('a stage ARG default is overridden by a build argument', () => {
  assert.deepEqual(envOfLastRun('FROM alpine\nARG V=1\nRUN x\n', { V: '2' }), { V: '2' });
});

test('ENV accepts KEY=VALUE pairs with quotes', () => {
  const parsed = parseDockerfile('FROM alpine\nENV A=1 B="x y" C=\'$A\'\n');
  const env = parsed.stages[0]?.instructions[0];
  assert.deepEqual(env?.kind === 'env' && env.vars, [
    ['A', '1'],
    ['B', 'x y'],
    ['C', '$A'],
  ]);
});

test('the legacy ENV KEY VALUE form takes the rest of the line', () => {
  const env = parseDockerfile('FROM alpine\nENV GREETING hello  world\n').stages[0]
    ?.instructions[0];
  assert.deepEqual(env?.kind === 'env' && env.vars, [['GREETING', 'hello  world']]);
});

test('the values of one ENV see the variables as they were before it', () => {
  const parsed = parseDockerfile('FROM alpine\nENV A=old\nENV A=new B=$A\n');
  const env = parsed.stages[0]?.instructions[1];
  assert.deepEqual(env?.kind === 'env' && env.vars, [
    ['A', 'new'],
    ['B', 'old'],
  ]);
});

test('a later ENV sees an earlier ARG and ENV', () => {
  const parsed = parseDockerfile('FROM alpine\nARG V=1\nENV HOME=/home/app\nENV P=$HOME/v$V\n');
  const env = parsed.stages[0]?.instructions[2];
  assert.deepEqual(env?.kind === 'env' && env.vars, [['P', '/home/app/v1']]);
});

test('ENV wins over an ARG of the same name', () => {
  assert.deepEqual(envOfLastRun('FROM alpine\nENV V=env\nARG V=arg\nRUN x\n'), { V: 'env' });
});

test('RUN env holds the ARG and ENV values in scope, not ARGs without value', () => {
  assert.deepEqual(envOfLastRun('FROM alpine\nARG A=1\nARG B\nENV C=3\nRUN x\n'), {
    A: '1',
    C: '3',
  });
});

test('ENV PATH=$PATH keeps $PATH without a finding: it comes from the base image', () => {
  const parsed = parseDockerfile('FROM python\nENV PATH=/opt/venv/bin:$PATH\n');
  const env = parsed.stages[0]?.instructions[0];
  assert.deepEqual(env?.kind === 'env' && env.vars, [['PATH', '/opt/venv/bin:$PATH']]);
  assert.deepEqual(parsed.findings, []);
});

test('an escaped dollar in ENV is literal', () => {
  const env = parseDockerfile('FROM alpine\nENV A=\\$HOME\n').stages[0]?.instructions[0];
  assert.deepEqual(env?.kind === 'env' && env.vars, [['A', '$HOME']]);
});

test('COPY paths and --chown are expanded', () => {
  const parsed = parseDockerfile(
    'FROM alpine\nARG U=app\nENV D=/srv\nCOPY --chown=$U:$U src/ $D/\n',
  );
  const copy = parsed.stages[0]?.instructions[2];
  assert.deepEqual(copy?.kind === 'copy' && [copy.sources, copy.dest, copy.chown], [
    ['src/'],
    '/srv/',
    'app:app',
  ]);
});

test('an unresolved variable in WORKDIR reports WF102 with its line and stage', () => {
  const parsed = parseDockerfile('FROM alpine AS run\nWORKDIR /home/$APP_USER\n');
  const workdir = parsed.stages[0]?.instructions[0];
  assert.equal(workdir?.kind === 'workdir' && workdir.path, '/home/$APP_USER');
  assert.deepEqual(
    parsed.findings.map((f) => [f.id, f.line, f.stage, f.message]),
    [
      [
        'WF102',
        2,
        'run',
        'variable APP_USER is not set in this Dockerfile (it may come from the base image); it is left as written',
      ],
    ],
  );
});

test('RUN text is not expanded', () => {
  const run = parseDockerfile('FROM alpine\nARG V=1\nRUN echo $V\n').stages[0]?.instructions[1];
  assert.deepEqual(run?.kind === 'run' && [run.script, run.command], [
    'echo $V',
    { form: 'shell', script: 'echo $V' },
  ]);
});

test('a variable expansion error names the file and line', () => {
  let chain = 'ARG A0=xxxxxxxx\n';
  for (let i = 1; i <= 40; i++) chain += `ARG A${i}=\${A${i - 1}}\${A${i - 1}}\n`;
  chain += 'FROM alpine\n';
  assert.throws(
    () => parseDockerfile(chain, { fileName: 'Dockerfile' }),
    (e: unknown) =>
      e instanceof WolfifyError &&
      e.describe() === 'Dockerfile:15: variable expansion exceeds 64 KiB',
  );
});
