import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unbuiltArchitectureBranch } from '../../src/analyze/architecture.js';
import { convert } from '../../src/convert.js';
import { ShellParser } from '../../src/shell/index.js';

// "Before" counts what the image keeps: not packages purged again, not a builder stage's
// installs, not a `case` branch that only other architectures than x86_64/aarch64 reach.

const shell = await ShellParser.load();

function beforeNames(result: Awaited<ReturnType<typeof convert>>): string[] {
  return result.size?.before.top.map((t) => t.name) ?? [];
}

describe('case branches', () => {
  it('remember their patterns in the shell parse', () => {
    const parse = shell.commands(
      'case "$(dpkg --print-architecture)" in amd64|arm64) echo a ;; \'ppc64el\') apt-get install -y gdb ;; esac',
      {},
    );
    const gdb = parse.commands.find((c) => c.argv[0] === 'apt-get');
    assert.deepEqual(gdb?.caseBranches, [['ppc64el']]);
    const dpkg = parse.commands.find((c) => c.argv[0] === 'dpkg');
    assert.deepEqual(dpkg?.caseBranches, []);
  });

  it('are dead only when every pattern is another architecture', () => {
    assert.deepEqual(unbuiltArchitectureBranch([['ppc64el', 's390x']]), ['ppc64el', 's390x']);
    assert.equal(unbuiltArchitectureBranch([['amd64', 'ppc64el']]), null);
    assert.equal(unbuiltArchitectureBranch([['arm*']]), null);
    assert.equal(unbuiltArchitectureBranch([['*']]), null);
    assert.equal(unbuiltArchitectureBranch([['debug']]), null);
  });
});

describe('what "before" leaves out', () => {
  it('leaves out packages installed only in a case branch for other architectures', async () => {
    const result = await convert(
      [
        'FROM debian:bookworm-slim',
        'RUN set -eux; arch="$(dpkg --print-architecture)"; \\',
        '    case "$arch" in \\',
        '      amd64|arm64) apt-get update && apt-get install -y --no-install-recommends curl ;; \\',
        '      ppc64el|s390x) apt-get update && apt-get install -y --no-install-recommends gdb ;; \\',
        '    esac',
        '',
      ].join('\n'),
    );
    const size = result.size;
    assert.ok(size);
    // curl's closure is counted (libcurl4 among the largest); gdb is not.
    assert.ok(beforeNames(result).includes('libcurl4'));
    assert.ok(!beforeNames(result).includes('gdb'));
    assert.match(
      size.before.basis,
      /not counted \(not in the image\): gdb \(only in the case branch for ppc64el\|s390x\)/,
    );
  });

  it('leaves out packages purged again in the same stage', async () => {
    const result = await convert(
      [
        'FROM python:3.12-slim',
        'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq5 \\',
        '    && pip install psycopg \\',
        '    && apt-get purge -y build-essential && rm -rf /var/lib/apt/lists/*',
        '',
      ].join('\n'),
    );
    const size = result.size;
    assert.ok(size);
    assert.ok(beforeNames(result).includes('libpq5'));
    assert.ok(!beforeNames(result).some((n) => n === 'build-essential' || n.startsWith('gcc')));
    assert.match(size.before.basis, /build-essential \(removed again in the same stage\)/);
    assert.match(size.notCounted.join('\n'), /dependencies installed by pip \(line 3/);
  });

  it('leaves out an apk --virtual group deleted again', async () => {
    const result = await convert(
      [
        'FROM python:3.12-alpine',
        'RUN apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev \\',
        '    && apk add --no-cache libpq \\',
        '    && apk del .build-deps',
        '',
      ].join('\n'),
    );
    const size = result.size;
    assert.ok(size);
    assert.match(size.before.basis, /gcc \(removed again in the same stage\)/);
    assert.match(size.before.basis, /apk installs add \d+ packages/);
  });

  it('leaves out what builder stages install', async () => {
    const result = await convert(
      [
        'FROM golang:1.25 AS build',
        'RUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler',
        'RUN go build -o /out/app ./cmd/app',
        'FROM debian:bookworm-slim',
        'COPY --from=build /out/app /usr/local/bin/app',
        'ENTRYPOINT ["/usr/local/bin/app"]',
        '',
      ].join('\n'),
    );
    const size = result.size;
    assert.ok(size);
    assert.equal(size.before.kind, 'measured');
    assert.equal(size.before.bytes, 74_830_000);
    assert.ok(!/protobuf/.test(size.before.basis));
  });

  it('subtracts nothing from scratch', async () => {
    const result = await convert('FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n');
    assert.equal(result.size?.before.bytes, 0);
    assert.equal(result.size?.before.kind, 'scratch');
  });
});
