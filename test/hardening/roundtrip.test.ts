import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { convert } from '../../src/convert.js';
import { renderFiles } from '../../src/generate/files.js';
import type { ApkoConfig, Result } from '../../src/model.js';

// Output safety: values that YAML would read differently when written plainly (`a: b`,
// `#`, `*x`, `yes`, `1.10`, `0755`, `${{…}}`) come back from apko.yaml exactly as converted.

const TRICKY = [
  'a: b',
  'x #not a comment',
  '#leading hash',
  '*star',
  '&anchor',
  '!tag',
  '@at',
  '%percent',
  '`tick',
  '${{ package.version }}',
  'say "hi"',
  "it's",
  'yes',
  'no',
  'on',
  'off',
  'null',
  '~',
  '1.10',
  '0755',
  '0x1F',
  '1e3',
  '- dash',
  '? question',
  '[bracket]',
  '{brace}',
  '|pipe',
  '>gt',
  ' leading space',
  'trailing space ',
  'tab\there',
  'unicode ✓ café',
];

function readBack(result: Result): ApkoConfig {
  const apko = renderFiles(result).find((f) => f.path === 'apko.yaml');
  assert.ok(apko);
  return parse(apko.content) as ApkoConfig;
}

/** A Dockerfile double-quoted string holding exactly `value`. */
const dq = (value: string): string => `"${value.replace(/[\\"$]/g, '\\$&')}"`;

test('ENV, LABEL, WORKDIR and CMD values round-trip through apko.yaml unchanged', async () => {
  const lines = ['FROM alpine:3.20'];
  TRICKY.forEach((value, i) => {
    lines.push(`ENV V${i}=${dq(value)}`);
    lines.push(`LABEL l${i}=${dq(value)}`);
  });
  lines.push('WORKDIR "/srv/a: b #c/0755"');
  lines.push(`CMD ${JSON.stringify(['run', ...TRICKY])}`);
  lines.push('USER 1000');
  const result = await convert(`${lines.join('\n')}\n`);
  TRICKY.forEach((value, i) => {
    assert.equal(result.apko.environment?.[`V${i}`], value, `ENV V${i}`);
    assert.equal(result.apko.annotations?.[`l${i}`], value, `LABEL l${i}`);
  });
  const back = readBack(result);
  assert.deepEqual(back.environment, result.apko.environment);
  assert.deepEqual(back.annotations, result.apko.annotations);
  assert.equal(back['work-dir'], '/srv/a: b #c/0755');
  assert.equal(back.cmd, result.apko.cmd);
  assert.deepEqual(back.entrypoint, result.apko.entrypoint);
  assert.deepEqual(back.contents, result.apko.contents);
});

test('newlines and control characters in values survive the YAML writer', () => {
  const values = ['line1\nline2', 'ends with newline\n', '\n', 'cr\rhere', 'nul\u0000bell\u0007'];
  const environment = Object.fromEntries(values.map((v, i) => [`N${i}`, v]));
  const result: Result = {
    version: 1,
    source: 'Dockerfile',
    verdict: 'ready',
    apko: {
      contents: { repositories: ['https://packages.wolfi.dev/os'], keyring: [], packages: [] },
      environment,
      annotations: environment,
      cmd: values.join(' '),
      'work-dir': '/a\nb',
      archs: ['x86_64'],
    },
    melange: null,
    melanges: [],
    steps: [],
    packages: [],
    findings: [],
    size: null,
  };
  const back = readBack(result);
  assert.deepEqual(back.environment, environment);
  assert.deepEqual(back.annotations, environment);
  assert.equal(back.cmd, values.join(' '));
  assert.equal(back['work-dir'], '/a\nb');
});

test('a source name with YAML syntax only ever lands in a comment', async () => {
  const result = await convert('FROM alpine:3.20\nUSER 1000\n', {
    source: 'x\nkeyring: [evil]\n# ',
  });
  const back = readBack(result);
  assert.deepEqual(back.contents.keyring, ['https://packages.wolfi.dev/os/wolfi-signing.rsa.pub']);
  assert.equal(Object.keys(back).includes('keyring'), false);
});

// Quotes, `#`, `\` continuations, globs and YAML indicators, but nothing melange substitutes.
const TRICKY_SCRIPT = `echo "a: b" '#c' \\
  && printf '%s\\n' "\${HOME}" *glob &anchor !tag`;
// `\${{…}}` is melange's own substitution: the generator must keep it from melange.
const SUBSTITUTED_SCRIPT = `printf '%s\\n' '\${{targets.destdir}}' "a: b"`;

/** Every `runs:` text in a parsed melange config, wherever the pipeline nests it. */
function runsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(runsOf);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'runs' && typeof value === 'string' ? [value] : runsOf(value),
  );
}

test('runs: scripts in melange.yaml keep their quoting byte for byte', async () => {
  const result = await convert(
    'FROM alpine:3.20 AS build\nWORKDIR /src\nCOPY . .\n' +
      `RUN ${TRICKY_SCRIPT} > /out/app\nRUN ${SUBSTITUTED_SCRIPT} >> /out/app\n` +
      'FROM alpine:3.20\nCOPY --from=build /out/app /usr/bin/app\nUSER 1000\nCMD ["app"]\n',
  );
  const melange = renderFiles(result).find((f) => f.path === 'melange.yaml');
  assert.ok(melange, 'a multi-stage build writes melange.yaml');
  const runs = runsOf(parse(melange.content));
  const shown = `runs were:\n${runs.join('\n---\n')}`;
  assert.ok(
    runs.some((r) => r.includes(TRICKY_SCRIPT)),
    shown,
  );
  // Encoded, so that melange cannot substitute it; the bytes are the original ones.
  const encoded = Buffer.from(`${SUBSTITUTED_SCRIPT} >> /out/app`).toString('base64');
  assert.ok(
    runs.some((r) => r.includes(encoded)),
    shown,
  );
});
