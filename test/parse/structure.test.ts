import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WolfifyError } from '../../src/errors.js';
import type { Instruction } from '../../src/model.js';
import { parseDockerfile } from '../../src/parse/index.js';

const only = (text: string): Instruction => {
  const [stage] = parseDockerfile(text).stages;
  assert.ok(stage);
  assert.equal(stage.instructions.length, 1);
  return stage.instructions[0] as Instruction;
};

const error = (text: string): { message: string; file: string | null; line: number | null } => {
  try {
    parseDockerfile(text, { fileName: 'Dockerfile' });
  } catch (e) {
    assert.ok(e instanceof WolfifyError, `expected a WolfifyError, got ${String(e)}`);
    return { message: e.message, file: e.file, line: e.line };
  }
  assert.fail('expected parseDockerfile to throw');
};

test('parser directives are read and the escape defaults to backslash', () => {
  const parsed = parseDockerfile('# syntax=docker/dockerfile:1.7\nFROM alpine\n');
  assert.deepEqual(parsed.directives, { syntax: 'docker/dockerfile:1.7' });
  assert.equal(parsed.escape, '\\');
});

test('a backtick escape directive continues lines with a backtick', () => {
  const parsed = parseDockerfile('# escape=`\nFROM alpine\nENV A=1 `\n  B=2\n');
  assert.equal(parsed.escape, '`');
  assert.deepEqual(parsed.directives, { escape: '`' });
  assert.deepEqual(parsed.stages[0]?.instructions[0], {
    line: 3,
    endLine: 4,
    raw: 'ENV A=1 `\n  B=2',
    kind: 'env',
    vars: [
      ['A', '1'],
      ['B', '2'],
    ],
  });
});

test('an escape directive other than backslash or backtick is an error', () => {
  assert.deepEqual(error('# escape=x\nFROM alpine\n'), {
    message: 'invalid escape directive "x": it must be \\ or `',
    file: 'Dockerfile',
    line: 1,
  });
});

test('a BOM is accepted and reported as WF105', () => {
  const parsed = parseDockerfile('\uFEFF# syntax=docker/dockerfile:1\nFROM alpine\n');
  assert.deepEqual(parsed.directives, { syntax: 'docker/dockerfile:1' });
  assert.deepEqual(parsed.findings, [
    {
      id: 'WF105',
      severity: 'info',
      message: 'the file has a UTF-8 byte order mark',
      line: null,
      stage: null,
    },
  ]);
});

test('CRLF line endings give the same instructions and lines as LF', () => {
  const parsed = parseDockerfile('FROM alpine\r\nRUN a \\\r\n  && b\r\nUSER app\r\n');
  const [run, user] = parsed.stages[0]?.instructions ?? [];
  assert.equal(run?.kind === 'run' && run.script, 'a \\\n  && b');
  assert.deepEqual(user, {
    line: 4,
    endLine: 4,
    raw: 'USER app',
    kind: 'user',
    user: 'app',
    group: null,
  });
  assert.equal(parsed.findings[0]?.message, 'the file has CRLF line endings');
});

test('keywords are case-insensitive', () => {
  assert.deepEqual(only('from alpine\nworkdir /srv\n'), {
    line: 2,
    endLine: 2,
    raw: 'workdir /srv',
    kind: 'workdir',
    path: '/srv',
  });
});

test('an empty file is an error', () => {
  assert.deepEqual(error(''), {
    message: 'the Dockerfile has no instructions',
    file: 'Dockerfile',
    line: null,
  });
});

test('a file with only comments is an error', () => {
  assert.equal(error('# nothing\n\n# here\n').message, 'the Dockerfile has no instructions');
});

test('a file without FROM is an error', () => {
  assert.deepEqual(error('ARG A=1\n'), {
    message: 'no FROM instruction',
    file: 'Dockerfile',
    line: null,
  });
});

test('an instruction other than ARG before the first FROM is an error at its line', () => {
  assert.deepEqual(error('ARG A\nRUN echo\nFROM alpine\n'), {
    message: 'RUN before the first FROM: only ARG may come before it',
    file: 'Dockerfile',
    line: 2,
  });
});

test('FROM with extra words is an error', () => {
  assert.deepEqual(error('FROM alpine AS x y\n'), {
    message: 'FROM takes an image, optionally followed by "AS <name>"',
    file: 'Dockerfile',
    line: 1,
  });
});

test('unknown instructions are kept as unknown with WF103', () => {
  const parsed = parseDockerfile('FROM alpine\nFORM x y\n');
  assert.deepEqual(parsed.stages[0]?.instructions, [
    { line: 2, endLine: 2, raw: 'FORM x y', kind: 'unknown', keyword: 'FORM', text: 'x y' },
  ]);
  assert.deepEqual(parsed.findings, [
    {
      id: 'WF103',
      severity: 'warning',
      message: 'unknown instruction FORM; it is ignored',
      line: 2,
      stage: '0',
    },
  ]);
});

test('MAINTAINER becomes a maintainer instruction', () => {
  assert.deepEqual(only('FROM alpine\nMAINTAINER Jane <jane@example.com>\n'), {
    line: 2,
    endLine: 2,
    raw: 'MAINTAINER Jane <jane@example.com>',
    kind: 'maintainer',
    text: 'Jane <jane@example.com>',
  });
});

test('HEALTHCHECK, ONBUILD and SHELL keep their text', () => {
  const [stage] = parseDockerfile(
    'FROM alpine\nHEALTHCHECK --interval=5s CMD curl -f http://x/\nONBUILD RUN make\nSHELL ["/bin/bash", "-c"]\n',
  ).stages;
  assert.deepEqual(
    stage?.instructions.map((i) => ('text' in i ? [i.kind, i.text] : [])),
    [
      ['healthcheck', '--interval=5s CMD curl -f http://x/'],
      ['onbuild', 'RUN make'],
      ['shell', '["/bin/bash", "-c"]'],
    ],
  );
});

test('CMD and ENTRYPOINT in JSON form are exec form', () => {
  assert.deepEqual(only('FROM alpine\nENTRYPOINT ["/app", "--port", "8080"]\n'), {
    line: 2,
    endLine: 2,
    raw: 'ENTRYPOINT ["/app", "--port", "8080"]',
    kind: 'entrypoint',
    command: { form: 'exec', argv: ['/app', '--port', '8080'] },
  });
});

test('CMD in shell form keeps the script as written, variables not expanded', () => {
  const cmd = only('FROM alpine\nCMD echo $P \\\n  && run\n');
  assert.deepEqual(cmd.kind === 'cmd' && cmd.command, {
    form: 'shell',
    script: 'echo $P   && run',
  });
});

test('JSON that is not valid is shell form, as Docker reads it', () => {
  const cmd = only('FROM alpine\nCMD ["a", b]\n');
  assert.deepEqual(cmd.kind === 'cmd' && cmd.command, { form: 'shell', script: '["a", b]' });
});

test('a JSON array with a non-string is shell form', () => {
  const cmd = only('FROM alpine\nCMD ["sleep", 5]\n');
  assert.deepEqual(cmd.kind === 'cmd' && cmd.command, { form: 'shell', script: '["sleep", 5]' });
});

test('EXPOSE lists its ports after expansion', () => {
  const parsed = parseDockerfile('FROM alpine\nARG PORT=8080\nEXPOSE $PORT 443/tcp\n');
  const expose = parsed.stages[0]?.instructions[1];
  assert.deepEqual(expose?.kind === 'expose' && expose.ports, ['8080', '443/tcp']);
});

test('VOLUME accepts the JSON form and the word form', () => {
  const [stage] = parseDockerfile('FROM alpine\nVOLUME ["/data", "/logs"]\nVOLUME /a /b\n').stages;
  assert.deepEqual(
    stage?.instructions.map((i) => i.kind === 'volume' && i.paths),
    [
      ['/data', '/logs'],
      ['/a', '/b'],
    ],
  );
});

test('STOPSIGNAL is expanded', () => {
  const parsed = parseDockerfile('FROM alpine\nARG SIG=SIGTERM\nSTOPSIGNAL $SIG\n');
  const stop = parsed.stages[0]?.instructions[1];
  assert.deepEqual(stop?.kind === 'stopsignal' && stop.signal, 'SIGTERM');
});

test('LABEL accepts quoted keys and values and expands them', () => {
  const label = only('FROM alpine\nLABEL org.opencontainers.image.title="my app" "a b"=c\n');
  assert.deepEqual(label.kind === 'label' && label.labels, [
    ['org.opencontainers.image.title', 'my app'],
    ['a b', 'c'],
  ]);
});

test('USER splits user and group', () => {
  const user = only('FROM alpine\nUSER app:staff\n');
  assert.deepEqual(user.kind === 'user' && [user.user, user.group], ['app', 'staff']);
});

test('a relative WORKDIR joins the previous one, starting from /', () => {
  const [stage] = parseDockerfile(
    'FROM alpine\nWORKDIR app\nWORKDIR src/../bin\nWORKDIR /opt\n',
  ).stages;
  assert.deepEqual(
    stage?.instructions.map((i) => i.kind === 'workdir' && i.path),
    ['/app', '/app/bin', '/opt'],
  );
});

test('raw keeps every line of the instruction, comments included', () => {
  const run = only('FROM alpine\nRUN a \\\n# note\n  b\n');
  assert.deepEqual([run.line, run.endLine, run.raw], [2, 4, 'RUN a \\\n# note\n  b']);
});

test('an empty continuation line does not end the instruction', () => {
  const run = only('FROM alpine\nRUN a \\\n\n  b\n');
  assert.deepEqual(run.kind === 'run' && [run.script, run.lineMap], ['a \\\n  b', [2, 4]]);
});
