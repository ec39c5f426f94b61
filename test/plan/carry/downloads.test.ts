import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carryOf, carryRun, runs } from './helpers.js';

const SHA = 'a'.repeat(64);

test('a verified curl download becomes melange fetch with its sha256, placed where the RUN saved it', () => {
  const script = `curl -fsSL -o /tmp/tool.tgz https://example.com/tool-1.2.tgz && echo "${SHA}  /tmp/tool.tgz" | sha256sum -c - && tar -xzf /tmp/tool.tgz -C /usr/local/bin && rm /tmp/tool.tgz`;
  const all = carryRun(script);
  assert.deepEqual(
    all.map((c) => [c.argv[0], c.fate]),
    [
      ['curl', 'melange'],
      ['echo', 'unneeded'],
      ['sha256sum', 'unneeded'],
      ['tar', 'melange'],
      ['rm', 'unneeded'],
    ],
  );
  const [fetch, place] = all[0]?.steps ?? [];
  assert.deepEqual(fetch, {
    uses: 'fetch',
    with: { uri: 'https://example.com/tool-1.2.tgz', 'expected-sha256': SHA, extract: 'false' },
  });
  assert.equal(place?.runs, 'mkdir -p /tmp\nmv tool-1.2.tgz /tmp/tool.tgz');
  assert.equal(
    runs(all[3] as never),
    'mkdir -p "${{targets.destdir}}/usr/local/bin"\ntar -xzf /tmp/tool.tgz -C "${{targets.destdir}}/usr/local/bin"',
  );
});

test('sha512 checksums become expected-sha512', () => {
  const script = `wget -O /tmp/a.zip https://example.com/a.zip && echo "${'b'.repeat(128)} /tmp/a.zip" | sha512sum -c`;
  const carried = carryOf(script, 'wget');
  assert.equal(carried.steps[0]?.with?.['expected-sha512'], 'b'.repeat(128));
});

test('TARGETARCH in the URL becomes the architecture melange builds', () => {
  const script = `curl -fsSLo /tmp/t.tgz "https://example.com/t-linux-\${TARGETARCH}.tgz" && echo "${SHA}  /tmp/t.tgz" | sha256sum -c`;
  const one = carryOf(script, 'curl', { archs: ['x86_64'] });
  assert.equal(one.steps[0]?.with?.uri, 'https://example.com/t-linux-${{build.goarch}}.tgz');
  assert.match(runs(one), /mv "t-linux-\$\{\{build\.goarch\}\}\.tgz" \/tmp\/t\.tgz/);
});

test('one checksum for a per-architecture URL keeps the checked download as a step, with WF348', () => {
  const script = `curl -fsSLo /tmp/t.tgz "https://example.com/t-linux-\${TARGETARCH}.tgz" && echo "${SHA}  /tmp/t.tgz" | sha256sum -c`;
  const carried = carryOf(script, 'curl');
  assert.equal(carried.fate, 'melange');
  assert.deepEqual(
    carried.findings.map((f) => f.id),
    ['WF348'],
  );
  assert.match(
    runs(carried),
    /^mkdir -p \/tmp\ncurl -fsSLo \/tmp\/t\.tgz 'https:\/\/example\.com\/t-linux-\$\{\{build\.goarch\}\}\.tgz'$|curl/,
  );
  assert.deepEqual(carried.buildPackages, ['curl']);
});

test('an unverified download stays a step with curl in the build environment', () => {
  const carried = carryOf('curl -fsSL -o /usr/local/bin/x https://example.com/x', 'curl');
  assert.equal(carried.fate, 'melange');
  assert.equal(
    runs(carried),
    'mkdir -p "${{targets.destdir}}/usr/local/bin"\ncurl -fsSL -o "${{targets.destdir}}/usr/local/bin/x" https://example.com/x',
  );
});

test('git clone becomes git-checkout with branch, depth and destination', () => {
  const carried = carryOf(
    'git clone --depth 1 -b v1.4.0 https://github.com/acme/tool.git /opt/tool',
    'git',
  );
  assert.equal(carried.fate, 'melange');
  assert.deepEqual(carried.steps, [
    {
      uses: 'git-checkout',
      with: {
        repository: 'https://github.com/acme/tool.git',
        destination: '${{targets.destdir}}/opt/tool',
        branch: 'v1.4.0',
        depth: '1',
      },
    },
  ]);
});

const replaced: { name: string; script: string; pkg: string }[] = [
  {
    name: 'tini',
    script:
      'curl -fsSL -o /tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-amd64 && chmod +x /tini',
    pkg: 'tini',
  },
  {
    name: 'gosu',
    script:
      'wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64" && chmod +x /usr/local/bin/gosu',
    pkg: 'gosu',
  },
  {
    name: 'yq',
    script:
      'wget -qO /usr/local/bin/yq https://github.com/mikefarah/yq/releases/download/v4.44.1/yq_linux_amd64 && chmod +x /usr/local/bin/yq',
    pkg: 'yq',
  },
  {
    name: 'hugo',
    script:
      'curl -fsSL https://github.com/gohugoio/hugo/releases/download/v0.125.0/hugo_0.125.0_linux-amd64.tar.gz | tar -xz -C /usr/local/bin hugo',
    pkg: 'hugo',
  },
  {
    name: 'git-lfs',
    script:
      'curl -fsSLO https://github.com/git-lfs/git-lfs/releases/download/v3.5.1/git-lfs-linux-amd64-v3.5.1.tar.gz && tar -xzf git-lfs-linux-amd64-v3.5.1.tar.gz',
    pkg: 'git-lfs',
  },
  {
    name: 'node release',
    script:
      'curl -fsSLO https://nodejs.org/dist/v24.1.0/node-v24.1.0-linux-x64.tar.xz && tar -xJf node-v24.1.0-linux-x64.tar.xz -C /usr/local --strip-components=1',
    pkg: 'nodejs-24',
  },
];

for (const r of replaced) {
  test(`the Wolfi package replaces the ${r.name} download and what the RUN does with it`, () => {
    const all = carryRun(r.script);
    assert.ok(
      all.every((c) => c.fate === 'package'),
      JSON.stringify(all.map((c) => [c.argv[0], c.fate])),
    );
    assert.deepEqual(all[0]?.imagePackages, [r.pkg]);
  });
}

test('a source build of software Wolfi ships is replaced by the package, with WF342', () => {
  const script = [
    'wget -O python.tar.xz "https://www.python.org/ftp/python/3.12.4/Python-3.12.4.tar.xz"',
    'tar -xJf python.tar.xz -C /usr/src/python --strip-components=1',
    'cd /usr/src/python',
    './configure --enable-optimizations',
    'make -j "$(nproc)"',
    'make install',
  ].join(' && ');
  const all = carryRun(script);
  assert.deepEqual(
    all.map((c) => c.fate),
    ['package', 'package', 'melange', 'package', 'package', 'package'],
  );
  assert.deepEqual(all[0]?.imagePackages, ['python-3.12']);
  assert.deepEqual(
    all[0]?.findings.map((f) => f.id),
    ['WF342'],
  );
});
