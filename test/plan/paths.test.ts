import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CopyInstruction } from '../../src/plan/model.js';
import {
  copyDestination,
  installedPaths,
  isDirectoryDest,
  isTemporary,
  nextWorkdir,
  resolvePathVariables,
  usrMerged,
} from '../../src/plan/paths.js';

function copy(
  sources: string[],
  dest: string,
  extra: Partial<CopyInstruction> = {},
): CopyInstruction {
  return {
    kind: 'copy',
    line: 1,
    endLine: 1,
    raw: `COPY ${sources.join(' ')} ${dest}`,
    sources,
    dest,
    from: null,
    chown: null,
    chmod: null,
    link: false,
    checksum: null,
    heredocs: [],
    ...extra,
  };
}

const vars = { baseEnv: { GOPATH: '/go' }, emptyArgs: new Set(['SUFFIX']) };

test('COPY x / copies into the image root, never an empty path', () => {
  const c = copy(['rootfs'], '/');
  assert.equal(isDirectoryDest(c), true);
  assert.equal(copyDestination(c, '/app'), '/');
  assert.deepEqual(installedPaths(c, '/app'), [['/', 'dir']]);
});

test('a relative destination is taken against WORKDIR; . is WORKDIR itself', () => {
  assert.equal(copyDestination(copy(['a.txt'], 'conf/a.txt'), '/srv/app'), '/srv/app/conf/a.txt');
  assert.equal(copyDestination(copy(['.'], '.'), '/srv/app'), '/srv/app');
  assert.deepEqual(installedPaths(copy(['.'], '.'), '/srv/app'), [['/srv/app', 'dir']]);
});

test('a file to a name is that file; to a trailing slash, a file inside the directory', () => {
  assert.deepEqual(installedPaths(copy(['app.py'], '/srv/main.py'), '/'), [
    ['/srv/main.py', 'file'],
  ]);
  assert.deepEqual(installedPaths(copy(['app.py'], '/srv/'), '/'), [['/srv/app.py', 'file']]);
});

test('several sources go into the destination as a directory', () => {
  const c = copy(['go.mod', 'go.sum'], './');
  assert.equal(isDirectoryDest(c), true);
  assert.deepEqual(installedPaths(c, '/src'), [
    ['/src/go.mod', 'file'],
    ['/src/go.sum', 'file'],
  ]);
});

test('a wildcard source fills the directory it names', () => {
  assert.equal(isDirectoryDest(copy(['*.whl'], '/wheels/')), true);
  assert.deepEqual(installedPaths(copy(['*.whl'], '/wheels/'), '/'), [['/wheels', 'dir']]);
});

test('WORKDIR resolves against the previous one and creates a normal absolute path', () => {
  assert.equal(nextWorkdir('/app', 'src'), '/app/src');
  assert.equal(nextWorkdir('/app', '/srv//www/'), '/srv/www');
  assert.equal(nextWorkdir('/', '//go/src/app'), '/go/src/app');
});

test("variables the parser left come from the base image's ENV", () => {
  assert.equal(resolvePathVariables('${GOPATH}/src/app', vars), '/go/src/app');
  assert.equal(resolvePathVariables('$GOPATH/bin', vars), '/go/bin');
});

test('an ARG declared without a value is the empty string, as in Docker', () => {
  assert.equal(resolvePathVariables('/opt/app${SUFFIX}', vars), '/opt/app');
});

test("BuildKit's platform args: the OS is linux, the architecture melange's substitution", () => {
  assert.equal(resolvePathVariables('/out/$TARGETOS', vars), '/out/linux');
  assert.equal(resolvePathVariables('/out/app-${TARGETARCH}', vars, 'fixed'), null);
  assert.equal(
    resolvePathVariables('/out/app-${TARGETARCH}', vars, 'melange'),
    '/out/app-${{build.goarch}}',
  );
});

test('a variable nobody sets stays unknown', () => {
  assert.equal(resolvePathVariables('${NOPE}/x', vars), null);
});

test('/bin, /sbin and /lib go under /usr in a package; /usr/local stays', () => {
  assert.equal(usrMerged('/bin/app'), '/usr/bin/app');
  assert.equal(usrMerged('/sbin'), '/usr/sbin');
  assert.equal(usrMerged('/lib64/ld.so'), '/usr/lib/ld.so');
  assert.equal(usrMerged('/usr/local/bin/app'), '/usr/local/bin/app');
  assert.equal(usrMerged('/binaries/x'), '/binaries/x');
});

test('/tmp, /run, /var/tmp and /var/run are temporary; /runner is not', () => {
  for (const p of ['/tmp', '/tmp/x', '/run/app.pid', '/var/tmp/a', '/var/run/x'])
    assert.equal(isTemporary(p), true, p);
  assert.equal(isTemporary('/runner'), false);
});
