import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunFact } from '../../src/model.js';
import { facts } from './helpers.js';

const dl = (over: Partial<Extract<RunFact, { kind: 'download' }>>): RunFact => ({
  kind: 'download',
  tool: 'curl',
  url: null,
  pipedTo: null,
  verified: false,
  line: 1,
  ...over,
});

test('finds the curl URL past flags that take values', () => {
  assert.deepEqual(
    facts('curl -fsSL -H "Accept: x" -o /tmp/app.tgz --retry 3 https://example.com/app.tgz'),
    [dl({ url: 'https://example.com/app.tgz' })],
  );
});

test('finds the wget URL past -O and -q', () => {
  assert.deepEqual(
    facts('wget -q -O /tmp/app.tgz --tries=3 https://example.com/$V/app.tgz', { V: '1.0' }),
    [dl({ tool: 'wget', url: 'https://example.com/1.0/app.tgz' })],
  );
});

test('names the shell a download is piped into', () => {
  assert.deepEqual(facts('curl -fsSL https://get.example.com | sh'), [
    dl({ url: 'https://get.example.com', pipedTo: 'sh' }),
    { kind: 'command', argv: ['sh'], text: 'sh', line: 1 },
  ]);
});

test('names the interpreter behind sudo -E when a download is piped into it', () => {
  assert.deepEqual(
    facts('wget -qO- https://deb.nodesource.com/setup_20.x | sudo -E bash -')[0],
    dl({
      tool: 'wget',
      url: 'https://deb.nodesource.com/setup_20.x',
      pipedTo: 'bash',
    }),
  );
});

test('names python3 when a download is piped into it', () => {
  assert.deepEqual(
    facts('curl -sSL https://install.python-poetry.org | python3 -')[0],
    dl({
      url: 'https://install.python-poetry.org',
      pipedTo: 'python3',
    }),
  );
});

test('names the shell that runs a download through a command substitution', () => {
  assert.deepEqual(
    facts('bash -c "$(curl -fsSL https://raw.example.com/install.sh)"')[0],
    dl({
      url: 'https://raw.example.com/install.sh',
      pipedTo: 'bash',
    }),
  );
});

test('does not name a program that is not an interpreter', () => {
  assert.deepEqual(
    facts('curl -L https://x/app.tgz | tar -xz -C /opt')[0],
    dl({ url: 'https://x/app.tgz' }),
  );
});

test('marks downloads verified when the RUN runs sha256sum -c', () => {
  const script = 'curl -o /tmp/a https://x/a && echo "${SHA}  /tmp/a" | sha256sum -c -';
  assert.deepEqual(facts(script, { SHA: 'ab12' })[0], dl({ url: 'https://x/a', verified: true }));
});

function verified(script: string): boolean | null {
  const found = facts(script).find((f) => f.kind === 'download');
  return found?.kind === 'download' ? found.verified : null;
}

test('marks downloads verified by shasum -a 256 -c', () => {
  assert.equal(verified('wget https://x/a && shasum -a 256 -c sums.txt'), true);
});

test('marks downloads verified by sha512sum -c', () => {
  assert.equal(verified('curl -fsSLO https://x/a && sha512sum -c a.sha512'), true);
});

test('marks downloads verified by gpg --verify', () => {
  assert.equal(verified('wget https://x/a https://x/a.asc && gpg --batch --verify a.asc a'), true);
});

test('marks downloads verified by cosign verify-blob', () => {
  assert.equal(
    verified('wget https://x/a && cosign verify-blob --key k.pub --signature a.sig a'),
    true,
  );
});

test('does not count sha256sum without -c or md5sum -c as verification', () => {
  assert.deepEqual(
    facts('curl -O https://x/a && sha256sum a && md5sum -c a.md5')[0],
    dl({ url: 'https://x/a' }),
  );
});

test('reports curl -o into a keyring directory as a download and a repository', () => {
  const script =
    'curl -fsSLo /etc/apt/keyrings/docker.asc https://download.docker.com/linux/debian/gpg';
  assert.deepEqual(facts(script), [
    { kind: 'repository', manager: 'apt', text: script, line: 1 },
    dl({ url: 'https://download.docker.com/linux/debian/gpg' }),
  ]);
});
