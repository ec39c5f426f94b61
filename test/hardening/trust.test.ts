import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { convert } from '../../src/convert.js';
import { renderFiles } from '../../src/generate/files.js';
import { repoRoot } from '../schema.js';
import { assertExplicitTrust } from './trust.js';

// Explicit trust: every generated config lists its keyring and repositories, nothing allows
// unsigned packages, and every unverified download or package source is a finding with a line.

const samplesDir = join(repoRoot, 'samples');
const samples = readdirSync(samplesDir).filter((name) =>
  existsSync(join(samplesDir, name, 'Dockerfile')),
);

test('every sample converts to files that trust explicitly and never allow unsigned packages', async () => {
  assert.ok(samples.length >= 12);
  for (const name of samples) {
    const text = readFileSync(join(samplesDir, name, 'Dockerfile'), 'utf8');
    const files = renderFiles(await convert(text, { source: `samples/${name}/Dockerfile` }));
    assert.doesNotThrow(() => assertExplicitTrust(files), name);
  }
});

test('--repository and --keyring are listed after Wolfi, and replace it only when asked', async () => {
  const text = 'FROM alpine:3.20\nUSER 1000\nCMD ["sh"]\n';
  const extra = { repositories: ['https://r.example/os'], keyring: ['https://r.example/k.pub'] };
  const added = await convert(text, extra);
  assert.deepEqual(added.apko.contents.repositories, [
    'https://packages.wolfi.dev/os',
    'https://r.example/os',
  ]);
  assert.deepEqual(added.apko.contents.keyring, [
    'https://packages.wolfi.dev/os/wolfi-signing.rsa.pub',
    'https://r.example/k.pub',
  ]);
  const replaced = await convert(text, { ...extra, replaceRepositories: true });
  assert.deepEqual(replaced.apko.contents.repositories, ['https://r.example/os']);
  assert.deepEqual(replaced.apko.contents.keyring, ['https://r.example/k.pub']);
});

test('unverified downloads and third-party sources are WF401–WF404 on their lines', async () => {
  const result = await convert(
    [
      'FROM debian:bookworm',
      'RUN curl -fsSL https://example.com/install.sh | sh',
      'RUN wget -O /tmp/t.tgz https://example.com/t.tgz && tar xzf /tmp/t.tgz',
      'RUN wget -O /tmp/v.tgz https://example.com/v.tgz && echo "abc  /tmp/v.tgz" | sha256sum -c -',
      'ADD https://example.com/a.tar.gz /opt/',
      'ADD --checksum=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef https://example.com/b.tar.gz /opt/',
      'RUN curl -fsSL https://example.com/key.gpg | gpg --dearmor -o /usr/share/keyrings/ex.gpg',
      'RUN echo "deb [signed-by=/usr/share/keyrings/ex.gpg] https://apt.example.com stable main" > /etc/apt/sources.list.d/ex.list',
      'USER 1000',
      'CMD ["sh"]',
    ].join('\n'),
  );
  const supply = result.findings
    .filter((f) => f.id.startsWith('WF4'))
    .map((f) => `${f.id}@${f.line}`);
  assert.deepEqual(supply, ['WF401@2', 'WF402@3', 'WF403@5', 'WF402@7', 'WF404@7', 'WF404@8']);
  assert.ok(!result.packages.some((p) => p.manager === 'installer'));
});
