import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convert } from '../../../src/convert.js';

// The carry modules wired into a whole conversion: Result.steps, apko and melange agree.

const dockerfile = [
  'FROM python:3.12-slim',
  'WORKDIR /app',
  'COPY . .',
  'RUN apt-get update && apt-get install -y --no-install-recommends locales && locale-gen en_US.UTF-8 && rm -rf /var/lib/apt/lists/*',
  'RUN curl -fsSL -o /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-amd64 && chmod +x /usr/local/bin/tini',
  'RUN echo "listen=8080" > /etc/app.conf && ldconfig && python -m compileall .',
  'RUN cd / && acme-setup --init',
  'CMD ["python", "app.py"]',
].join('\n');

test('every command of the image RUNs gets the fate its carry decided', async () => {
  const result = await convert(dockerfile, { source: 'Dockerfile' });
  const fate = (command: string) => result.steps.find((s) => s.command.startsWith(command))?.fate;
  assert.equal(fate('locale-gen'), 'package');
  assert.equal(fate('curl'), 'package');
  assert.equal(fate('echo'), 'melange');
  assert.equal(fate('ldconfig'), 'unneeded');
  assert.equal(fate('python -m compileall'), 'melange');
  assert.equal(fate('acme-setup'), 'dropped');
});

test('the packages carried commands need are in the image', async () => {
  const result = await convert(dockerfile, { source: 'Dockerfile' });
  const packages = result.apko.contents.packages;
  assert.ok(packages.includes('glibc-2.43-locale-en'), packages.join(' '));
  assert.ok(packages.includes('tini'), packages.join(' '));
});

test('a carried config write is a step of the application build, into the package', async () => {
  const result = await convert(dockerfile, { source: 'Dockerfile' });
  const pipeline = (result.melange?.pipeline ?? []) as { runs?: string }[];
  assert.ok(
    pipeline.some((s) =>
      s.runs?.includes('echo listen=8080 > "${{targets.destdir}}/etc/app.conf"'),
    ),
    JSON.stringify(pipeline.map((s) => s.runs)),
  );
});

test("a command nobody can carry stays in the RUN's one WF305 error, naming it", async () => {
  const result = await convert(dockerfile, { source: 'Dockerfile' });
  const at7 = result.findings.filter((f) => f.line === 7);
  assert.deepEqual(
    at7.map((f) => [f.id, f.severity]),
    [['WF305', 'error']],
  );
  assert.match(at7[0]?.message ?? '', /acme-setup/);
});
