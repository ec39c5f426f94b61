import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WolfifyError } from '../../src/errors.js';
import type { Instruction } from '../../src/model.js';
import { parseDockerfile } from '../../src/parse/index.js';

type Run = Extract<Instruction, { kind: 'run' }>;

const runOf = (text: string): Run => {
  const run = parseDockerfile(text).stages[0]?.instructions.find((i) => i.kind === 'run');
  assert.ok(run?.kind === 'run');
  return run;
};

test('a one-line RUN is its own script, mapped to its line', () => {
  const run = runOf('FROM alpine\nRUN apk add --no-cache curl\n');
  assert.deepEqual(run, {
    line: 2,
    endLine: 2,
    raw: 'RUN apk add --no-cache curl',
    kind: 'run',
    mounts: [],
    network: null,
    env: {},
    command: { form: 'shell', script: 'apk add --no-cache curl' },
    script: 'apk add --no-cache curl',
    lineMap: [2],
    heredocs: [],
  });
});

test('continuations stay in the script and each script line maps to its Dockerfile line', () => {
  const run = runOf(
    'FROM debian\nRUN apt-get update \\\n    && apt-get install -y \\\n       curl\n',
  );
  assert.deepEqual(
    [run.script, run.lineMap],
    ['apt-get update \\\n    && apt-get install -y \\\n       curl', [2, 3, 4]],
  );
});

test('comment lines inside a continued RUN are dropped', () => {
  const run = runOf(
    'FROM debian\nRUN apt-get update \\\n  # install curl\n  && apt-get install -y curl\n',
  );
  assert.deepEqual(
    [run.script, run.lineMap, run.endLine],
    ['apt-get update \\\n  && apt-get install -y curl', [2, 4], 4],
  );
  assert.deepEqual(run.command, {
    form: 'shell',
    script: 'apt-get update   && apt-get install -y curl',
  });
});

test('blanks after the escape character still continue the line', () => {
  const run = runOf('FROM alpine\nRUN a \\   \n  && b\n');
  assert.deepEqual([run.script, run.lineMap], ['a \\\n  && b', [2, 3]]);
});

test('with a backtick escape the continuation becomes the shell continuation', () => {
  const run = runOf('# escape=`\nFROM alpine\nRUN echo a `\n  && echo b\n');
  assert.deepEqual([run.script, run.lineMap], ['echo a \\\n  && echo b', [3, 4]]);
});

test('a backslash is an ordinary character with a backtick escape', () => {
  const run = runOf('# escape=`\nFROM alpine\nRUN echo C:\\dir\n');
  assert.equal(run.script, 'echo C:\\dir');
});

test('exec-form RUN is exec form with a shell-quoted script', () => {
  const run = runOf('FROM alpine\nRUN ["sh", "-c", "echo \'hi\' && ls"]\n');
  assert.deepEqual(
    [run.command, run.script, run.lineMap],
    [
      { form: 'exec', argv: ['sh', '-c', "echo 'hi' && ls"] },
      `sh -c 'echo '\\''hi'\\'' && ls'`,
      [2],
    ],
  );
});

test('RUN --mount options are parsed from the comma list', () => {
  const run = runOf(
    'FROM alpine\nRUN --mount=type=cache,target=/root/.cache,sharing=locked pip install x\n',
  );
  assert.deepEqual(run.mounts, [
    { type: 'cache', options: { type: 'cache', target: '/root/.cache', sharing: 'locked' } },
  ]);
  assert.equal(run.script, 'pip install x');
});

test('secret, ssh and bind mounts are all kept, bind is the default type', () => {
  const run = runOf(
    'FROM alpine\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc \\\n    --mount=type=ssh \\\n    --mount=from=build,source=/out,target=/in,readonly \\\n    make\n',
  );
  assert.deepEqual(run.mounts, [
    { type: 'secret', options: { type: 'secret', id: 'npmrc', target: '/root/.npmrc' } },
    { type: 'ssh', options: { type: 'ssh' } },
    { type: 'bind', options: { from: 'build', source: '/out', target: '/in', readonly: 'true' } },
  ]);
  assert.deepEqual([run.script, run.lineMap], ['make', [5]]);
});

test('RUN --network is read', () => {
  assert.equal(runOf('FROM alpine\nRUN --network=none make test\n').network, 'none');
});

test('an unknown RUN flag is ignored with WF104', () => {
  const parsed = parseDockerfile('FROM alpine\nRUN --fast make\n');
  const run = parsed.stages[0]?.instructions[0];
  assert.equal(run?.kind === 'run' && run.script, 'make');
  assert.deepEqual(parsed.findings, [
    {
      id: 'WF104',
      severity: 'warning',
      message: 'unknown flag --fast on RUN; it is ignored',
      line: 2,
      stage: '0',
    },
  ]);
});

test('RUN <<EOF uses the heredoc body as the script with its own line map', () => {
  const run = runOf('FROM alpine\nRUN <<EOF\napk add curl\napk add git\nEOF\nUSER app\n');
  assert.deepEqual(
    [run.script, run.lineMap, run.heredocs, run.endLine],
    ['apk add curl\napk add git', [3, 4], [], 5],
  );
  assert.deepEqual(run.command, { form: 'shell', script: '<<EOF\napk add curl\napk add git\nEOF' });
});

test('RUN bash <<EOF and RUN <<EOF sh are scripts too', () => {
  assert.equal(runOf('FROM alpine\nRUN bash -ex <<EOF\nmake\nEOF\n').script, 'make');
  assert.equal(runOf('FROM alpine\nRUN <<EOF sh\nmake\nEOF\n').script, 'make');
});

test('RUN <<-EOF strips leading tabs from the body and the terminator', () => {
  const run = runOf('FROM alpine\nRUN <<-EOF\n\tapk add curl\n\tEOF\n');
  assert.deepEqual([run.script, run.lineMap], ['apk add curl', [3]]);
});

test("a quoted heredoc delimiter RUN <<'EOF' is read the same way", () => {
  const run = runOf("FROM alpine\nRUN <<'EOF'\necho $HOME\nEOF\n");
  assert.equal(run.script, 'echo $HOME');
});

test('RUN python3 <<EOF keeps the command line as script and the body in heredocs', () => {
  const run = runOf('FROM python\nRUN python3 <<EOF\nprint("hi")\nEOF\n');
  assert.deepEqual(
    [run.script, run.lineMap, run.heredocs],
    ['python3 <<EOF', [2], [{ name: 'EOF', content: 'print("hi")\n', line: 3 }]],
  );
});

test('a heredoc with a non-shell shebang is not the shell script', () => {
  const run = runOf('FROM python\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n');
  assert.deepEqual(
    [run.script, run.heredocs.map((h) => h.content)],
    ['<<EOF', ['#!/usr/bin/env python3\nprint(1)\n']],
  );
});

test('several heredocs are read in order', () => {
  const run = runOf('FROM alpine\nRUN cat <<A <<B > /out\nfirst\nA\nsecond\nB\nUSER x\n');
  assert.deepEqual(
    [run.script, run.heredocs, run.endLine],
    [
      'cat <<A <<B > /out',
      [
        { name: 'A', content: 'first\n', line: 3 },
        { name: 'B', content: 'second\n', line: 5 },
      ],
      6,
    ],
  );
});

test('a heredoc marker inside quotes is not a heredoc', () => {
  const run = runOf('FROM alpine\nRUN echo "<<EOF"\n');
  assert.deepEqual([run.script, run.heredocs], ['echo "<<EOF"', []]);
});

test('lines inside a heredoc body are not read as instructions', () => {
  const parsed = parseDockerfile('FROM alpine\nRUN <<EOF\nFROM evil\nUSER root\nEOF\nUSER app\n');
  assert.equal(parsed.stages.length, 1);
  assert.deepEqual(
    parsed.stages[0]?.instructions.map((i) => [i.kind, i.line]),
    [
      ['run', 2],
      ['user', 6],
    ],
  );
});

test('an unterminated heredoc is an error at the RUN line', () => {
  assert.throws(
    () => parseDockerfile('FROM alpine\nRUN <<EOF\necho hi\n', { fileName: 'Dockerfile' }),
    (e: unknown) =>
      e instanceof WolfifyError &&
      e.describe() === 'Dockerfile:2: unterminated heredoc: no line "EOF" ends <<EOF',
  );
});

test('COPY <<EOF /dest is an inline file in heredocs', () => {
  const parsed = parseDockerfile('FROM alpine\nCOPY <<EOF /etc/app.conf\nport=80\nEOF\n');
  assert.deepEqual(parsed.stages[0]?.instructions[0], {
    line: 2,
    endLine: 4,
    raw: 'COPY <<EOF /etc/app.conf\nport=80\nEOF',
    kind: 'copy',
    sources: [],
    dest: '/etc/app.conf',
    from: null,
    chown: null,
    chmod: null,
    link: false,
    checksum: null,
    heredocs: [{ name: 'EOF', content: 'port=80\n', line: 3 }],
  });
});

test('a COPY heredoc is expanded unless its delimiter is quoted', () => {
  const [stage] = parseDockerfile(
    "FROM alpine\nARG PORT=80\nCOPY <<EOF /a\nport=$PORT\nEOF\nCOPY <<'EOF' /b\nport=$PORT\nEOF\n",
  ).stages;
  assert.deepEqual(
    stage?.instructions.flatMap((i) => (i.kind === 'copy' ? i.heredocs.map((h) => h.content) : [])),
    ['port=80\n', 'port=$PORT\n'],
  );
});

test('ADD --checksum and --chmod are read', () => {
  const parsed = parseDockerfile(
    'FROM alpine\nADD --checksum=sha256:abc --chmod=755 https://example.com/tool /usr/bin/tool\n',
  );
  const add = parsed.stages[0]?.instructions[0];
  assert.deepEqual(add?.kind === 'add' && [add.sources, add.dest, add.checksum, add.chmod], [
    ['https://example.com/tool'],
    '/usr/bin/tool',
    'sha256:abc',
    '755',
  ]);
});

test('COPY in JSON form allows spaces in paths', () => {
  const copy = parseDockerfile('FROM alpine\nCOPY ["my file", "/dest dir/"]\n').stages[0]
    ?.instructions[0];
  assert.deepEqual(copy?.kind === 'copy' && [copy.sources, copy.dest], [['my file'], '/dest dir/']);
});

test('an unknown COPY flag is ignored with WF104', () => {
  const parsed = parseDockerfile('FROM alpine\nCOPY --chmode=755 a /b\n');
  const copy = parsed.stages[0]?.instructions[0];
  assert.deepEqual(copy?.kind === 'copy' && [copy.sources, copy.chmod], [['a'], null]);
  assert.deepEqual(
    parsed.findings.map((f) => [f.id, f.message]),
    [['WF104', 'unknown flag --chmode on COPY; it is ignored']],
  );
});
