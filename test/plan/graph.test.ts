import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/parse/index.js';
import { buildGraph, lineage, resolveStage } from '../../src/plan/graph.js';

const parse = (text: string) => parseDockerfile(text, { buildArgs: {}, fileName: 'Dockerfile' });

test('a stage named through TARGETOS resolves to the linux stage', () => {
  const parsed = parse(`ARG TARGETOS
FROM golang:1.24 AS binaries-linux
RUN go build -o /out/app .
FROM scratch
ARG TARGETOS
COPY --from=binaries-\${TARGETOS} /out/app /app
`);
  assert.equal(resolveStage(parsed, 'binaries-${TARGETOS}')?.id, 'binaries-linux');
  const image = lineage(parsed, parsed.stages[1]!);
  const graph = buildGraph(parsed, image);
  assert.deepEqual(
    graph.builds.map((b) => b.stage.id),
    ['binaries-linux'],
  );
  assert.equal(graph.builds[0]?.outputs.length, 1);
});

test('builder stages are built in file order, each with the builds it reads', () => {
  const parsed = parse(`FROM node:22 AS frontend
WORKDIR /app
RUN npm run build
FROM python:3.12 AS backend
WORKDIR /app
RUN pip wheel -w /wheels .
FROM backend AS tested
RUN pytest
FROM python:3.12-slim
COPY --from=frontend /app/dist /srv/static
COPY --from=tested /wheels /wheels
`);
  const graph = buildGraph(parsed, lineage(parsed, parsed.stages[3]!));
  assert.deepEqual(
    graph.builds.map((b) => [b.stage.id, b.parent, b.base, b.outputs.length]),
    [
      ['frontend', null, false, 1],
      ['backend', null, true, 0],
      ['tested', 'backend', false, 1],
    ],
  );
  // Each build replays its own stage only: frontend and backend never share /app.
  assert.deepEqual(
    graph.builds.map((b) => b.replay.map((s) => s.id)),
    [['frontend'], ['backend'], ['tested']],
  );
});

test("a builder FROM one of the image's stages replays that stage itself", () => {
  const parsed = parse(`FROM python:3.12-slim AS base
WORKDIR /app
FROM base AS deps
RUN pip install -r requirements.txt
FROM base
COPY --from=deps /venv /venv
`);
  const graph = buildGraph(parsed, lineage(parsed, parsed.stages[2]!));
  assert.deepEqual(
    graph.builds.map((b) => [b.stage.id, b.parent, b.replay.map((s) => s.id)]),
    [['deps', null, ['base', 'deps']]],
  );
});

test('stages the image does not take files from are not built', () => {
  const parsed = parse(`FROM alpine AS lint
RUN echo lint
FROM alpine AS build
RUN echo build > /out
FROM scratch
COPY --from=build /out /out
`);
  const graph = buildGraph(parsed, lineage(parsed, parsed.stages[2]!));
  assert.deepEqual(
    graph.builds.map((b) => b.stage.id),
    ['build'],
  );
});
