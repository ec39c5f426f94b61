import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { convert } from '../../src/convert.js';
import { parseDockerfile } from '../../src/parse/index.js';
import { buildGraph, lineage } from '../../src/plan/graph.js';
import { repoRoot } from '../schema.js';

// Result.steps: every instruction of every stage the image needs has a fate — exactly one,
// or one per simple command of a RUN — and the fate says where it went.

const samples = readdirSync(join(repoRoot, 'samples')).filter((name) =>
  existsSync(join(repoRoot, 'samples', name, 'Dockerfile')),
);

for (const name of samples) {
  test(`${name}: every instruction of the stages the image needs has a fate`, async () => {
    const source = `samples/${name}/Dockerfile`;
    const text = readFileSync(join(repoRoot, source), 'utf8');
    const result = await convert(text, { source });
    const parsed = parseDockerfile(text, { buildArgs: {}, fileName: source });
    const last = parsed.stages[parsed.stages.length - 1];
    assert.ok(last);
    const image = lineage(parsed, last);
    const graph = buildGraph(parsed, image);
    const needed = parsed.stages.filter(
      (s) => image.includes(s) || graph.builds.some((b) => b.replay.includes(s)),
    );
    for (const stage of needed)
      for (const i of stage.instructions) {
        const fates = result.steps.filter(
          (s) => s.stage === stage.id && s.line >= i.line && s.line <= i.endLine,
        );
        if (i.kind === 'run') assert.ok(fates.length >= 1, `line ${i.line} has no fate`);
        else assert.equal(fates.length, 1, `line ${i.line}: ${fates.length} fates`);
        for (const f of fates) assert.ok(f.detail.length > 0, `line ${f.line} says nothing`);
      }
    // Nothing outside those stages.
    const ids = new Set(needed.map((s) => s.id));
    assert.deepEqual(
      result.steps.filter((s) => !ids.has(s.stage)),
      [],
    );
  });
}

test('a builder stage the image copies from is melange; a lint stage it ignores has no fates', async () => {
  const result = await convert(`FROM golang:1.24 AS lint
RUN golangci-lint run
FROM golang:1.24 AS build
RUN go build -o /out/app .
FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
`);
  assert.deepEqual(
    result.steps.map((s) => [s.stage, s.line, s.fate]),
    [
      ['build', 4, 'melange'],
      ['2', 6, 'melange'],
      ['2', 7, 'apko'],
    ],
  );
});
