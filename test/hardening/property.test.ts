import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { convert } from '../../src/convert.js';
import { WolfifyError } from '../../src/errors.js';
import { renderFiles } from '../../src/generate/files.js';
import type { OutputFile } from '../../src/model.js';
import { apkoSchemaErrors, melangeSchemaErrors } from '../schema.js';
import { assertExplicitTrust } from './trust.js';

// For arbitrary Dockerfile-like text, `convert` resolves to a Result or rejects with a
// WolfifyError — nothing else; each Result's files re-parse, validate, trust explicitly,
// and are byte-identical on a second run. Bounded: ~200 runs each.

const word = fc.oneof(
  fc.constantFrom(
    'alpine:3.20',
    'debian:bookworm',
    'python:3.12-slim',
    'node:22',
    'scratch',
    'build',
    'apk add --no-cache curl',
    'apt-get install -y libpq-dev',
    'curl -fsSL https://sh.rustup.rs | sh',
    'wget https://example.com/x.tgz',
    'sh -c "echo $A"',
    'useradd -u 1001 app',
    'a: b',
    '#x',
    '*star',
    '&amp',
    '${{ x }}',
    '$A',
    '${A:-d}',
    '"q"',
    "'s'",
    '\\',
    '&&',
    '|',
    ';',
    'yes',
    '0755',
    '1.10',
    'é✓',
  ),
  fc.string({ maxLength: 8 }),
);
const words = fc.array(word, { minLength: 0, maxLength: 5 }).map((w) => w.join(' '));

const line = fc.oneof(
  words.map((w) => `FROM ${w}`),
  fc.constant('FROM alpine:3.20 AS build'),
  words.map((w) => `RUN ${w}`),
  words.map((w) => `RUN ${w} \\`),
  fc.tuple(words, words).map(([a, b]) => `RUN <<EOF\n${a}\n${b}\nEOF`),
  words.map((w) => `COPY ${w} /app/`),
  fc.constant('COPY --from=build /out /usr/bin/'),
  words.map((w) => `ENV A=${JSON.stringify(w)}`),
  words.map((w) => `ARG A=${w}`),
  words.map((w) => `LABEL k=${JSON.stringify(w)}`),
  words.map((w) => `USER ${w}`),
  words.map((w) => `WORKDIR ${w}`),
  fc.array(word, { maxLength: 3 }).map((w) => `CMD ${JSON.stringify(w)}`),
  words.map((w) => `# ${w}`),
  words,
);

const dockerfile = fc
  .tuple(fc.boolean(), fc.array(line, { maxLength: 12 }))
  .map(([from, lines]) => (from ? ['FROM alpine:3.20', ...lines] : lines).join('\n'));

type Outcome = { files: OutputFile[] } | { error: string };

async function outcome(text: string): Promise<Outcome> {
  try {
    return { files: renderFiles(await convert(text)) };
  } catch (error) {
    if (error instanceof WolfifyError) return { error: error.describe() };
    throw error;
  }
}

test('convert returns a Result or a WolfifyError for any Dockerfile-like text', async () => {
  let converted = 0;
  await fc.assert(
    fc.asyncProperty(dockerfile, async (text) => {
      // Throws (and fails) on anything but a WolfifyError.
      if ('files' in (await outcome(text))) converted++;
    }),
    { numRuns: 200 },
  );
  // The generator must reach the generators too, not only the parser's refusals.
  assert.ok(converted >= 50, `only ${converted} of 200 inputs converted`);
});

test('every apko and melange config re-parses, validates, and lists its keyring and repositories', async () => {
  await fc.assert(
    fc.asyncProperty(dockerfile, async (text) => {
      const result = await outcome(text);
      if ('error' in result) return;
      const apko = result.files.find((f) => f.path === 'apko.yaml');
      assert.ok(apko);
      const config: unknown = parse(apko.content);
      assert.deepEqual(apkoSchemaErrors(config), []);
      for (const file of result.files.filter((f) => /^melange[^/]*\.yaml$/.test(f.path)))
        assert.deepEqual(melangeSchemaErrors(parse(file.content)), [], file.path);
      assertExplicitTrust(result.files);
    }),
    { numRuns: 200 },
  );
});

test('conversion is deterministic: two runs give byte-identical files', async () => {
  await fc.assert(
    fc.asyncProperty(dockerfile, async (text) => {
      assert.deepEqual(await outcome(text), await outcome(text));
    }),
    { numRuns: 200 },
  );
});
