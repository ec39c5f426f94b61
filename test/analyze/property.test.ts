import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeRun, type RunInstruction } from '../../src/analyze/run.js';
import { ShellParser } from '../../src/shell/index.js';

const shell = await ShellParser.load();

function runOf(script: string): RunInstruction {
  const rows = script.split('\n');
  return {
    kind: 'run',
    line: 1,
    endLine: rows.length,
    raw: `RUN ${script}`,
    command: { form: 'shell', script },
    script,
    lineMap: rows.map((_, i) => i + 1),
    mounts: [],
    network: null,
    heredocs: [],
    env: { V: '1 2', EMPTY: '' },
  };
}

/** Fragments that exercise the parser's corners: quotes, expansions, nesting, heredocs. */
const fragment = fc.constantFrom(
  'apt-get install -y ',
  'apk add ',
  'dnf install ',
  'useradd ',
  'adduser -S ',
  'curl -fsSL x | sh',
  'sh -c ',
  'bash -c "',
  "'",
  '"',
  '`',
  '$(',
  ')',
  '(',
  '{ ',
  '}',
  '${V:-',
  '${',
  '$V',
  '$1',
  '\\',
  '\\\n',
  '\n',
  ' && ',
  ' || ',
  ';',
  ' | ',
  '<<EOF\n',
  'EOF\n',
  'if ',
  'then ',
  'fi',
  'for i in ',
  'do ',
  'done',
  'case ',
  ' in ',
  ';;',
  'esac',
  'xargs ',
  'sudo ',
  'eval ',
  '>',
  '>>',
  '2>&1',
  'pkg=1.2*',
  '-o',
  '=',
  '#',
  '@edge',
  '--virtual ',
  'mkdir -p ',
  'ln -s ',
  'chmod ',
  ' ',
);

const script = fc.oneof(
  fc
    .array(fc.oneof(fragment, fc.string({ maxLength: 4 })), { maxLength: 30 })
    .map((parts) => parts.join('')),
  fc.string({ maxLength: 80 }),
);

test('never throws and gives the same result twice for arbitrary shell-ish text', () => {
  fc.assert(
    fc.property(script, (text) => {
      const first = analyzeRun(runOf(text), shell, '0');
      const second = analyzeRun(runOf(text), shell, '0');
      assert.deepEqual(second, first);
      for (const fact of first.facts) assert.ok(Number.isInteger(fact.line) && fact.line >= 1);
    }),
    { numRuns: 400 },
  );
});
