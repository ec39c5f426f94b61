import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convert } from '../../../src/convert.js';
import type { Result } from '../../../src/model.js';
import { carryOf, carryRun, runs } from './helpers.js';

// One fixture per pattern of "every step is carried" that the other files do not cover:
// each command's fate, and the melange steps or apko entries it becomes.

test('tee into a file of the image writes it in the package, with the text piped into it', () => {
  const c = carryOf("echo 'ServerTokens Prod' | tee /etc/app/tokens.conf", 'tee');
  assert.equal(c.fate, 'melange');
  // Without the echo the file would be empty.
  assert.equal(
    runs(c),
    'mkdir -p "${{targets.destdir}}/etc/app"\necho \'ServerTokens Prod\' | tee "${{targets.destdir}}/etc/app/tokens.conf"',
  );
  const echo = carryOf("echo 'ServerTokens Prod' | tee /etc/app/tokens.conf", 'echo');
  assert.equal(echo.fate, 'unneeded');
  assert.match(echo.detail, /pipes into/);
});

test('printf > a file of the image writes it in the package', () => {
  const c = carryOf("printf '[app]\\nport=8080\\n' > /etc/app/app.ini", 'printf');
  assert.equal(c.fate, 'melange');
  assert.match(
    runs(c),
    /printf '\[app\]\\nport=8080\\n' > "\$\{\{targets\.destdir\}\}\/etc\/app\/app\.ini"$/,
  );
});

test('a group redirected into one file: the commands after the first append', () => {
  const all = carryRun(
    "{ echo 'opcache.enable=1'; echo 'opcache.revalidate_freq=2'; } > /usr/local/etc/php/conf.d/opcache.ini",
  );
  const lines = all.map((c) => runs(c).split('\n').at(-1));
  assert.deepEqual(lines, [
    'echo opcache.enable=1 > "${{targets.destdir}}/etc/php/conf.d/opcache.ini"',
    'echo opcache.revalidate_freq=2 >> "${{targets.destdir}}/etc/php/conf.d/opcache.ini"',
  ]);
});

test('ln -s TARGET DIR/ makes the link inside DIR, as Docker does', () => {
  const c = carryOf('ln -s /opt/tool/bin/tool /usr/local/bin/', 'ln');
  assert.equal(c.fate, 'melange');
  assert.equal(
    runs(c),
    'mkdir -p "${{targets.destdir}}/usr/local/bin/"\nln -s /opt/tool/bin/tool "${{targets.destdir}}/usr/local/bin/"',
  );
});

test('a checksum the build cannot hand to fetch keeps the sums piped into it', () => {
  const all = carryRun(
    'curl -o wp.tar.gz -fL https://wordpress.org/wordpress-6.6.2.tar.gz && echo "7acbf69d5fdaf804e3db322bad23b08d2e2e42ec *wp.tar.gz" | sha1sum -c -',
    { workdir: '/' },
  );
  const check = all.find((c) => c.argv[0] === 'sha1sum');
  assert.equal(check?.fate, 'melange');
  assert.equal(
    runs(check as never),
    "echo '7acbf69d5fdaf804e3db322bad23b08d2e2e42ec *wp.tar.gz' | sha1sum -c -",
  );
});

test('a source tree the RUN builds and removes stays in the sandbox; make install goes to the package', () => {
  const all = carryRun(
    'tar -xzf /tmp/src.tgz -C /usr/src/app --strip-components=1 && make -C /usr/src/app && make -C /usr/src/app install && rm -rf /usr/src/app',
    { workdir: '/' },
  );
  assert.deepEqual(
    all.map((c) => runs(c)),
    [
      'tar -xzf /tmp/src.tgz -C /usr/src/app --strip-components=1',
      'make -C /usr/src/app',
      'make -C /usr/src/app install "DESTDIR=${{targets.destdir}}"',
      'rm -rf /usr/src/app',
    ],
  );
});

test('a path the RUN does not remove is still the image path, in the package', () => {
  const c = carryOf('tar -xzf /tmp/tool.tgz -C /opt/tool', 'tar');
  assert.match(runs(c), /-C "\$\{\{targets\.destdir\}\}\/opt\/tool"/);
});

// ------------------------------------------------------------ whole conversions

async function steps(dockerfile: string): Promise<Result> {
  return convert(dockerfile, { source: 'Dockerfile' });
}

function fates(result: Result): string[] {
  return result.steps.map((s) => `${s.line} ${s.fate} ${s.command}`);
}

test('an image that copies nothing still gets a build for its RUN steps', async () => {
  const result = await steps(
    [
      'FROM python:3.12-slim',
      'RUN pip install --no-cache-dir jupyterlab',
      'CMD ["jupyter", "lab"]',
    ].join('\n'),
  );
  assert.deepEqual(fates(result), [
    '2 melange pip install --no-cache-dir jupyterlab',
    '3 apko CMD ["jupyter", "lab"]',
  ]);
  const pipeline = (result.melange?.pipeline ?? []) as { runs?: string }[];
  assert.deepEqual(
    pipeline.map((s) => s.runs),
    ['pip install --root "${{targets.destdir}}" --prefix /usr --no-cache-dir jupyterlab'],
  );
  assert.ok(result.apko.contents.packages.some((p) => p.endsWith('@local')));
  assert.ok(!result.findings.some((f) => f.severity === 'error'), JSON.stringify(result.findings));
});

test('a file copied to /tmp for a later RUN is copied into the build sandbox only (WF349)', async () => {
  const result = await steps(
    [
      'FROM python:3.12-slim',
      'WORKDIR /srv',
      'COPY requirements.txt /tmp/requirements.txt',
      'RUN pip install --no-cache-dir -r /tmp/requirements.txt',
      'COPY app.py .',
      'CMD ["python", "app.py"]',
    ].join('\n'),
  );
  assert.equal(result.steps.find((s) => s.line === 3)?.fate, 'melange');
  assert.deepEqual(
    result.findings.filter((f) => f.line === 3).map((f) => f.id),
    ['WF349'],
  );
  const script = ((result.melange?.pipeline ?? []) as { runs?: string }[])
    .map((s) => s.runs ?? '')
    .join('\n');
  assert.match(script, /^cp -a requirements\.txt \/tmp\/requirements\.txt$/m);
  assert.doesNotMatch(script, /destdir\}\}\/tmp/);
});

test('a file copied to /tmp that no RUN reads is still not packaged (WF511)', async () => {
  const result = await steps(
    [
      'FROM python:3.12-slim',
      'COPY notes.txt /tmp/notes.txt',
      'COPY app.py /srv/',
      'CMD ["python", "/srv/app.py"]',
    ].join('\n'),
  );
  assert.equal(result.steps.find((s) => s.line === 2)?.fate, 'dropped');
  assert.ok(result.findings.some((f) => f.id === 'WF511'));
});

test('ADD <url> /tmp puts the file inside /tmp, where the next RUN unpacks it', async () => {
  const result = await steps(
    [
      'FROM alpine:3.20',
      'ADD https://example.com/releases/tool-1.0.tar.xz /tmp',
      'RUN tar -C / -Jxpf /tmp/tool-1.0.tar.xz',
      'COPY app.sh /usr/local/bin/app.sh',
      'CMD ["/usr/local/bin/app.sh"]',
    ].join('\n'),
  );
  const script = ((result.melange?.pipeline ?? []) as { runs?: string }[])
    .map((s) => s.runs ?? '')
    .join('\n');
  assert.match(script, /-O \/tmp\/tool-1\.0\.tar\.xz /);
  assert.match(script, /tar -C "\$\{\{targets\.destdir\}\}" -Jxpf \/tmp\/tool-1\.0\.tar\.xz/);
  assert.equal(result.steps.find((s) => s.line === 3)?.fate, 'melange');
});

test('a docker-library source build: fetch with its checksum, scratch tree in the sandbox, no apko path for it', async () => {
  const result = await steps(
    [
      'FROM debian:bookworm-slim',
      'ENV V=1.6.29',
      'RUN apt-get update && apt-get install -y gcc make wget && wget -O app.tar.gz "https://example.org/app-$V.tar.gz" \\',
      '  && echo "' + 'b'.repeat(64) + ' *app.tar.gz" | sha256sum -c - \\',
      '  && mkdir -p /usr/src/app && tar -xzf app.tar.gz -C /usr/src/app --strip-components=1 && rm app.tar.gz \\',
      '  && make -C /usr/src/app && make -C /usr/src/app install && rm -r /usr/src/app \\',
      '  && apt-get purge -y --auto-remove gcc make wget',
      'CMD ["app"]',
    ].join('\n'),
  );
  assert.ok(!result.steps.some((s) => s.fate === 'dropped'), fates(result).join('\n'));
  assert.ok(!(result.apko.paths ?? []).some((p) => p.path.startsWith('/usr/src')));
  const pipeline = (result.melange?.pipeline ?? []) as {
    runs?: string;
    uses?: string;
    with?: Record<string, string>;
  }[];
  assert.deepEqual(pipeline[0], {
    uses: 'fetch',
    with: {
      uri: 'https://example.org/app-1.6.29.tar.gz',
      'expected-sha256': 'b'.repeat(64),
      extract: 'false',
    },
  });
  assert.deepEqual(
    pipeline.slice(1).map((s) => s.runs),
    [
      'mv app-1.6.29.tar.gz app.tar.gz',
      'mkdir -p /usr/src/app',
      'tar -xzf app.tar.gz -C /usr/src/app --strip-components=1',
      'rm -f app.tar.gz',
      'make -C /usr/src/app',
      'make -C /usr/src/app install "DESTDIR=${{targets.destdir}}"',
      'rm -f -r /usr/src/app',
    ],
  );
});

test('an exec-form RUN of the image is carried like its shell form', async () => {
  const result = await steps(
    [
      'FROM python:3.12-slim',
      'RUN ["pip", "install", "flask"]',
      'COPY app.py /srv/',
      'CMD ["python", "/srv/app.py"]',
    ].join('\n'),
  );
  assert.equal(result.steps.find((s) => s.line === 2)?.fate, 'melange');
  assert.ok(
    ((result.melange?.pipeline ?? []) as { runs?: string }[]).some(
      (s) => s.runs === 'pip install --root "${{targets.destdir}}" --prefix /usr flask',
    ),
  );
  assert.ok(!result.findings.some((f) => f.id === 'WF305'));
});
