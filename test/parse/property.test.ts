import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WolfifyError } from '../../src/errors.js';
import type { ParsedDockerfile } from '../../src/model.js';
import { parseDockerfile } from '../../src/parse/index.js';

// Lines built from the pieces that make Dockerfiles hard: keywords, flags, quotes,
// variables, continuations (both escapes), comments, heredoc markers and JSON.
const fragment = fc.constantFrom(
  'FROM',
  'from',
  'RUN',
  'COPY',
  'ADD',
  'ARG',
  'ENV',
  'LABEL',
  'WORKDIR',
  'USER',
  'CMD',
  'ENTRYPOINT',
  'EXPOSE',
  'VOLUME',
  'STOPSIGNAL',
  'ONBUILD',
  'HEALTHCHECK',
  'SHELL',
  'MAINTAINER',
  'BOGUS',
  'AS',
  'alpine',
  'scratch',
  'build',
  'x',
  '0',
  '1',
  '--from=build',
  '--from=0',
  '--mount=type=cache,target=/c',
  '--platform=$BUILDPLATFORM',
  '--link',
  '--bogus',
  '--',
  '<<EOF',
  '<<-EOF',
  "<<'EOF'",
  'EOF',
  '\tEOF',
  '$A',
  '${A}',
  '${A:-d}',
  '${A:+x}',
  '${',
  '}',
  'A=1',
  'A=',
  'B="x y"',
  "'",
  '"',
  '\\',
  '`',
  '#',
  '# escape=`',
  '# syntax=x',
  '[',
  ']',
  '["a", "b"]',
  '["a", 1]',
  '&&',
  '=',
  ':',
  '@sha256:abc',
  ' ',
  '\t',
  '\r',
  '\uFEFF',
);

const line = fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(' '));
// Most inputs start with a real FROM so that the stage code runs, not only the early errors.
const dockerfile = fc
  .tuple(
    fc.constantFrom('', 'FROM alpine AS build', 'ARG A=1', '# escape=`'),
    fc.constantFrom('FROM alpine AS build', 'FROM scratch'),
    fc.array(line, { maxLength: 25 }),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([head, from, lines, eol]) => [head, from, ...lines].join(eol));

type Outcome = { ok: ParsedDockerfile } | { error: string };

const outcome = (text: string): Outcome => {
  try {
    return { ok: parseDockerfile(text, { fileName: 'Dockerfile', buildArgs: { A: 'a' } }) };
  } catch (e) {
    if (e instanceof WolfifyError) return { error: e.describe() };
    throw e;
  }
};

test('parseDockerfile returns or throws a WolfifyError for Dockerfile-like text, deterministically', () => {
  fc.assert(
    fc.property(dockerfile, (text) => {
      const first = outcome(text);
      assert.deepEqual(outcome(text), first);
    }),
    { numRuns: 400 },
  );
});

test('every RUN script line maps to a Dockerfile line inside the instruction', () => {
  fc.assert(
    fc.property(dockerfile, (text) => {
      const result = outcome(text);
      if (!('ok' in result)) return;
      for (const stage of result.ok.stages) {
        for (const instruction of stage.instructions) {
          assert.ok(instruction.line <= instruction.endLine);
          if (instruction.kind !== 'run') continue;
          assert.equal(instruction.lineMap.length, instruction.script.split('\n').length);
          for (const mapped of instruction.lineMap) {
            assert.ok(mapped >= instruction.line && mapped <= instruction.endLine);
          }
        }
      }
    }),
    { numRuns: 400 },
  );
});
