import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WolfifyError } from '../../src/errors.js';
import { parseDockerfile } from '../../src/parse/index.js';

const elapsed = (work: () => void): number => {
  const start = performance.now();
  try {
    work();
  } catch {
    // only the time matters here
  }
  return performance.now() - start;
};

test('a 40-step doubling ARG chain stops fast with a WolfifyError', () => {
  let text = 'ARG A0=xx\n';
  for (let i = 1; i <= 40; i++) text += `ARG A${i}=$A${i - 1}$A${i - 1}\n`;
  text += 'FROM alpine:$A40\n';
  assert.throws(
    () => parseDockerfile(text),
    (e: unknown) => e instanceof WolfifyError && e.message === 'variable expansion exceeds 64 KiB',
  );
  assert.ok(elapsed(() => parseDockerfile(text)) < 1000);
});

test('many mid-size expansions hit the total expansion budget', () => {
  const big = 'x'.repeat(60 * 1024);
  const text = `FROM alpine\nENV B=${big}\n${'LABEL a=$B\n'.repeat(600)}`;
  assert.throws(
    () => parseDockerfile(text),
    (e: unknown) =>
      e instanceof WolfifyError && e.message === 'variable expansion exceeds 32 MiB in total',
  );
});

test('deeply nested defaults are refused instead of exhausting the stack', () => {
  const text = `FROM alpine\nENV A=${'${X:-'.repeat(10_000)}${'}'.repeat(10_000)}\n`;
  assert.throws(
    () => parseDockerfile(text),
    (e: unknown) =>
      e instanceof WolfifyError && e.message === 'variable references are nested more than 64 deep',
  );
});

test('a large inline heredoc file is not mistaken for an expansion blow-up', () => {
  const body = 'line $HOME\n'.repeat(10_000);
  const parsed = parseDockerfile(`FROM alpine\nENV HOME=/h\nCOPY <<EOF /f\n${body}EOF\n`);
  const copy = parsed.stages[0]?.instructions[1];
  assert.equal(
    copy?.kind === 'copy' && copy.heredocs[0]?.content.length,
    'line /h\n'.length * 10_000,
  );
});

test('input larger than 4 MiB is refused fast, before parsing', () => {
  const text = `FROM alpine\nRUN ${'x '.repeat(2.5 * 1024 * 1024)}\n`;
  let error: unknown;
  const ms = elapsed(() => {
    try {
      parseDockerfile(text, { fileName: 'big.Dockerfile' });
    } catch (e) {
      error = e;
      throw e;
    }
  });
  assert.ok(error instanceof WolfifyError);
  assert.equal(
    error.describe(),
    'big.Dockerfile: the Dockerfile is larger than 4 MiB; refusing to parse it',
  );
  assert.ok(ms < 200, `took ${ms} ms`);
});

test('alternating ENV and RUN share scope copies and stay within the copy budget', () => {
  const lines = ['FROM alpine'];
  for (let i = 0; i < 1500; i++) lines.push(`ENV V${i}=${i}`, 'RUN x');
  assert.throws(
    () => parseDockerfile(lines.join('\n')),
    (e: unknown) => e instanceof WolfifyError && e.message.startsWith('too many ARG/ENV variables'),
  );
});
