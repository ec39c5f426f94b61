import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeRun, type RunInstruction } from '../../src/analyze/run.js';
import { shell, runOf, analyze, facts } from './helpers.js';

test('keeps the Dockerfile line of a command after a comment line', () => {
  // Dockerfile lines 5-8: `RUN apk update \`, `# tools`, `  && apk add git \`, `  && make`.
  const run = { ...runOf('apk update \\\n  && apk add git \\\n  && make', 5), lineMap: [5, 7, 8] };
  assert.deepEqual(
    analyzeRun(run, shell, 'build').facts.map((f) => [f.kind, f.line]),
    [
      ['housekeeping', 5],
      ['install', 7],
      ['command', 8],
    ],
  );
});

test('gives a command inside a multi-line sh -c string the line it is written on', () => {
  assert.deepEqual(
    analyzeRun(runOf('sh -c "apk update && \\\n  apk add git"', 3), shell, '0').facts.map((f) => [
      f.kind,
      f.line,
    ]),
    [
      ['command', 3],
      ['housekeeping', 3],
      ['install', 4],
    ],
  );
});

test('keeps other commands as build steps with expanded argv and source text', () => {
  assert.deepEqual(facts('cd /src && make -j4 VERSION=$V install', { V: '2.1' }), [
    { kind: 'command', argv: ['cd', '/src'], text: 'cd /src', line: 1 },
    {
      kind: 'command',
      argv: ['make', '-j4', 'VERSION=2.1', 'install'],
      text: 'make -j4 VERSION=$V install',
      line: 1,
    },
  ]);
});

test('emits no facts for set, true, colon and plain echo', () => {
  assert.deepEqual(facts('set -eux; set -o pipefail; true; :; echo "building"'), []);
});

test('keeps an echo that writes a file as a command with its redirect', () => {
  assert.deepEqual(facts('echo "max_connections=10" >> /etc/app.conf'), [
    {
      kind: 'command',
      argv: ['echo', 'max_connections=10'],
      text: 'echo "max_connections=10" >> /etc/app.conf',
      line: 1,
    },
  ]);
});

test('keeps export as a command', () => {
  assert.deepEqual(facts('export PATH=/opt/bin:$PATH', { PATH: '/usr/bin' }), [
    {
      kind: 'command',
      argv: ['export', 'PATH=/opt/bin:/usr/bin'],
      text: 'export PATH=/opt/bin:$PATH',
      line: 1,
    },
  ]);
});

test('reports a shell syntax error with its line and still extracts the other commands', () => {
  const result = analyzeRun(runOf('apk add git\nfoo )\napk add curl', 4), shell, 'app');
  assert.deepEqual(
    result.facts.map((f) => (f.kind === 'install' ? f.packages[0]?.name : f.kind)),
    ['git', 'command', 'curl'],
  );
  assert.deepEqual(result.findings, [
    {
      id: 'WF106',
      severity: 'warning',
      message: 'shell syntax error in RUN: unexpected `)`',
      line: 5,
      stage: 'app',
      hint: 'Facts were extracted from the parts that parse; check this RUN by hand.',
    },
  ]);
});

test('reports sh -c nested too deeply as WF107', () => {
  let script = 'apk add x';
  for (let i = 0; i < 9; i++) script = `sh -c ${JSON.stringify(script)}`;
  const result = analyze(script);
  assert.deepEqual(
    result.findings.map((f) => [f.id, f.severity, f.line]),
    [['WF107', 'warning', 1]],
  );
  assert.equal(result.facts.filter((f) => f.kind === 'install').length, 0);
});

test('reads an exec-form RUN without expanding variables', () => {
  const run: RunInstruction = {
    ...runOf('', 9, { V: 'x' }),
    command: { form: 'exec', argv: ['apk', 'add', '$V'] },
  };
  assert.deepEqual(analyzeRun(run, shell, '0').facts, [
    {
      kind: 'install',
      manager: 'apk',
      packages: [{ name: '$V', version: null }],
      virtual: null,
      groups: [],
      line: 9,
    },
  ]);
});

test('reads an exec-form RUN of sh -c as a script', () => {
  const run: RunInstruction = {
    ...runOf('', 2),
    command: { form: 'exec', argv: ['/bin/sh', '-c', 'apt-get update && apt-get install -y git'] },
  };
  assert.deepEqual(
    analyzeRun(run, shell, '0').facts.map((f) => [f.kind, f.line]),
    [
      ['command', 2],
      ['housekeeping', 2],
      ['install', 2],
    ],
  );
});

test('keeps a heredoc script with a non-shell shebang as one command', () => {
  const script = '#!/usr/bin/env python3\nprint("hi")\n';
  assert.deepEqual(analyzeRun(runOf(script, 3), shell, '0').facts, [
    { kind: 'command', argv: ['/usr/bin/env', 'python3'], text: script, line: 3 },
  ]);
});

test('analyzes a heredoc script with a shell shebang', () => {
  assert.deepEqual(
    analyzeRun(runOf('#!/bin/bash\nset -e\napk add git\n', 3), shell, '0').facts.map((f) => [
      f.kind,
      f.line,
    ]),
    [['install', 5]],
  );
});

test('walks case, while and function bodies for package installs', () => {
  const script =
    'case "$ARCH" in amd64) apk add a;; *) apk add b;; esac; while false; do apk add c; done; f() { apk add d; }';
  assert.deepEqual(
    facts(script).flatMap((f) => (f.kind === 'install' ? f.packages.map((p) => p.name) : [])),
    ['a', 'b', 'c', 'd'],
  );
});

test('analyzes the same RUN twice to the same result', () => {
  const script = 'PKGS="a b"; apk add $PKGS $X && curl https://x | sh';
  assert.deepEqual(analyze(script), analyze(script));
});

test('reports a command substitution as part of its command, not as a step of its own', () => {
  assert.deepEqual(
    facts('make -j"$(nproc)" install').map((f) => (f.kind === 'command' ? f.argv[0] : f.kind)),
    ['make'],
  );
});
