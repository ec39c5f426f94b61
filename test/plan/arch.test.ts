import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScriptSplitter } from '../../src/generate/melange-script.js';
import { archCommandValue, platformValue } from '../../src/plan/arch.js';

test('TARGETARCH is melange goarch; TARGETPLATFORM names linux and the goarch', () => {
  assert.equal(platformValue('TARGETARCH', 'melange'), '${{build.goarch}}');
  assert.equal(platformValue('TARGETPLATFORM', 'melange'), 'linux/${{build.goarch}}');
  assert.equal(platformValue('TARGETOS', 'melange'), 'linux');
  assert.equal(platformValue('TARGETARCH', 'fixed'), null);
  assert.equal(platformValue('HOME', 'melange'), null);
});

test('commands that ask for the architecture have melange answers', () => {
  assert.equal(archCommandValue(['uname', '-m']), '${{build.arch}}');
  assert.equal(archCommandValue(['apk', '--print-arch']), '${{build.arch}}');
  assert.equal(archCommandValue(['dpkg', '--print-architecture']), '${{build.goarch}}');
  assert.equal(archCommandValue(['uname', '-a']), null);
});

test('command substitutions of the architecture are replaced, the rest of the script kept', async () => {
  const scripts = await ScriptSplitter.load();
  const script =
    'ARCH="$(dpkg --print-architecture)" && curl -fsSLo tool.deb "https://example.com/tool_${ARCH}.deb"\n' +
    'case "`uname -m`" in x86_64) echo amd;; aarch64) echo arm;; esac; echo "$(uname -a)"';
  assert.equal(
    scripts.replaceArchCommands(script),
    'ARCH="${{build.goarch}}" && curl -fsSLo tool.deb "https://example.com/tool_${ARCH}.deb"\n' +
      'case "${{build.arch}}" in x86_64) echo amd;; aarch64) echo arm;; esac; echo "$(uname -a)"',
  );
  assert.equal(scripts.replaceArchCommands('make && make install'), null);
});
