import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convert, type ConvertOptions } from '../../src/convert.js';
import { contextFilesWanted } from '../../src/context-files.js';
import { shebang } from '../../src/generate/command-start.js';

const run = (text: string, options: ConvertOptions = {}) =>
  convert(text, { size: false, ...options });
const ids = (r: Awaited<ReturnType<typeof run>>, id: string) =>
  r.findings.filter((f) => f.id === id);

describe('the final image inherits its base image contract', () => {
  it("keeps nginx's ENTRYPOINT and CMD when the Dockerfile sets none", async () => {
    const r = await run('FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n');
    assert.equal(r.apko.entrypoint?.command, '/docker-entrypoint.sh');
    assert.equal(r.apko.cmd, "nginx -g 'daemon off;'");
    assert.ok(r.apko.contents.packages.includes('nginx-mainline-oci-entrypoint-compat'));
    assert.equal(r.apko['stop-signal'], 'SIGQUIT');
    assert.equal(ids(r, 'WF216').length, 1);
  });

  it("resets the inherited CMD when the Dockerfile sets an ENTRYPOINT, and drops the script's package", async () => {
    const r = await run('FROM nginx:1.27\nENTRYPOINT ["nginx", "-g", "daemon off;"]\n');
    assert.equal(r.apko.entrypoint?.command, "nginx -g 'daemon off;'");
    assert.equal(r.apko.cmd, undefined);
    assert.ok(!r.apko.contents.packages.includes('nginx-mainline-oci-entrypoint-compat'));
  });

  it('gives `USER node` the uid 1000 the node image ships', async () => {
    const r = await run('FROM node:24-slim\nUSER node\nCMD ["node", "index.js"]\n');
    assert.equal(r.apko.accounts?.['run-as'], 'node');
    assert.equal(r.apko.accounts?.users.find((u) => u.username === 'node')?.uid, 1000);
  });

  it("keeps a distroless :nonroot image's user and work-dir", async () => {
    const r = await run(
      'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n',
    );
    assert.equal(r.apko.accounts?.['run-as'], 'nonroot');
    assert.equal(r.apko['work-dir'], '/home/nonroot');
  });

  it('adds GOPATH/bin to PATH for a golang image, as Docker does', async () => {
    const r = await run('FROM golang:1.26\nCMD ["go", "version"]\n');
    assert.match(r.apko.environment?.['PATH'] ?? '', /^\/go\/bin:/);
  });
});

describe('the command must be able to start', () => {
  it('follows an entrypoint script through a build stage to its #! line', async () => {
    const text = [
      'FROM ruby:3.3-slim AS base',
      'WORKDIR /rails',
      'FROM base AS build',
      'COPY . .',
      'FROM base',
      'COPY --from=build /rails /rails',
      'ENTRYPOINT ["/rails/bin/docker-entrypoint"]',
      'CMD ["./bin/rails", "server"]',
      '',
    ].join('\n');
    // The front end asks for the files the command starts, even inside a copied directory.
    assert.deepEqual(contextFilesWanted(text), ['bin/docker-entrypoint', 'bin/rails']);
    const r = await run(text, {
      contextScripts: { 'bin/docker-entrypoint': '#!/bin/bash -e\nexec "$@"\n' },
    });
    assert.ok(r.apko.contents.packages.includes('bash'));
    assert.match(ids(r, 'WF315')[0]?.message ?? '', /#! line of bin\/docker-entrypoint needs bash/);
  });

  it('asks for a script the command names from its WORKDIR, without ./', () => {
    const text =
      'FROM ruby:3.3-slim\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["bin/docker-entrypoint"]\nCMD ["ruby", "--yjit", "app.rb"]\n';
    // Not the option; `ruby` and `app.rb` are not copied to where the command finds them.
    assert.deepEqual(contextFilesWanted(text), ['bin/docker-entrypoint']);
  });

  it("adds bash for a copied entrypoint script's #!/bin/bash", async () => {
    const r = await run(
      'FROM python:3.12-slim\nCOPY entry.sh /entry.sh\nENTRYPOINT ["/entry.sh"]\n',
      {
        contextScripts: { 'entry.sh': '#!/bin/bash\nexec "$@"\n' },
      },
    );
    assert.ok(r.apko.contents.packages.includes('bash'));
    assert.match(ids(r, 'WF315')[0]?.message ?? '', /#! line of entry\.sh needs bash/);
  });

  it('follows #!/usr/bin/env to the interpreter and reports one the image lacks', async () => {
    const r = await run(
      'FROM debian:bookworm-slim\nCOPY tool /usr/local/bin/tool\nCMD ["tool"]\n',
      {
        contextScripts: { tool: '#!/usr/bin/env python3\nprint(1)\n' },
      },
    );
    assert.equal(ids(r, 'WF314')[0]?.severity, 'error');
    assert.match(ids(r, 'WF314')[0]?.message ?? '', /`python3`/);
  });

  it('says when an entrypoint script it could not read leaves the interpreter unchecked', async () => {
    const text =
      'FROM debian:bookworm-slim\nCOPY docker-entrypoint.sh /\nENTRYPOINT ["/docker-entrypoint.sh"]\n';
    const unread = await run(text);
    assert.equal(ids(unread, 'WF319')[0]?.severity, 'warning');
    assert.match(ids(unread, 'WF319')[0]?.message ?? '', /docker-entrypoint\.sh .*could not read/);
    assert.notEqual(unread.verdict, 'ready');
    // Read: a script gets its shell; a file read without a #! line is not a script.
    const read = await run(text, { contextScripts: { 'docker-entrypoint.sh': '#!/bin/bash\n' } });
    assert.equal(ids(read, 'WF319').length, 0);
    assert.ok(read.apko.contents.packages.includes('bash'));
    const binary = await run(text, { contextScripts: { 'docker-entrypoint.sh': '' } });
    assert.equal(ids(binary, 'WF319').length, 0);
  });

  it('does not ask for the #! line of a program a build may have made', async () => {
    const r = await run(
      'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/server .\nFROM debian:bookworm-slim\nCOPY --from=build /out/server /server\nENTRYPOINT ["/server"]\n',
    );
    assert.equal(ids(r, 'WF319').length, 0);
  });

  it('reports a program nothing provides as an error', async () => {
    const r = await run('FROM debian:bookworm\nCMD ["myprog", "--serve"]\n');
    assert.match(ids(r, 'WF314')[0]?.message ?? '', /`myprog`/);
  });

  it('adds bash for an inherited CMD bash and accepts programs of the image', async () => {
    const r = await run('FROM golang:1.26\n');
    assert.ok(r.apko.contents.packages.includes('bash'));
    assert.equal(ids(r, 'WF314').length, 0);
  });

  it('checks the command after tini and gosu', async () => {
    const r = await run(
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y tini\nENTRYPOINT ["tini", "--"]\nCMD ["gosu", "app", "java", "-jar", "app.jar"]\n',
    );
    assert.ok(r.apko.contents.packages.includes('gosu'), 'gosu added');
    assert.match(ids(r, 'WF314')[0]?.message ?? '', /`java`/);
  });

  it('reads a #! line', () => {
    assert.deepEqual(shebang('#!/usr/bin/env bash\necho'), ['/usr/bin/env', 'bash']);
    assert.deepEqual(shebang('#! /bin/sh -e'), ['/bin/sh', '-e']);
    assert.equal(shebang('echo hi'), null);
  });
});

describe('root only on purpose', () => {
  /** The image keeps root, saying so, when its entrypoint.sh steps down with su-exec. */
  const keepsRootForStepDown = async (text: string) => {
    const r = await run(text, {
      contextScripts: {
        'entrypoint.sh': '#!/bin/sh\nchown -R app /data\nexec su-exec app "$@"\n',
      },
    });
    assert.equal(r.apko.accounts?.['run-as'], '0');
    assert.match(ids(r, 'WF316')[0]?.message ?? '', /steps down with su-exec/);
  };

  it('keeps root, with a warning, for an entrypoint script that steps down with su-exec', () =>
    keepsRootForStepDown(
      'FROM alpine:3.20\nRUN apk add --no-cache su-exec\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["app"]\n',
    ));

  it('reads an entrypoint script that comes through a build stage for its step down', () =>
    keepsRootForStepDown(
      'FROM alpine:3.20 AS build\nCOPY . /src\nFROM alpine:3.20\nRUN apk add --no-cache su-exec\nCOPY --from=build /src/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["app"]\n',
    ));

  it('keeps root for an installed gosu beside an entrypoint script it could not read', async () => {
    const r = await run(
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["app"]\n',
    );
    assert.equal(r.apko.accounts?.['run-as'], '0');
    assert.match(ids(r, 'WF316')[0]?.message ?? '', /installs gosu/);
  });

  it('keeps root for supervisord and httpd, not for a plain service', async () => {
    const supervisor = await run(
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y supervisor\nCMD ["supervisord", "-n"]\n',
    );
    assert.equal(supervisor.apko.accounts?.['run-as'], '0');
    const httpd = await run('FROM httpd:2.4\n');
    assert.equal(httpd.apko.accounts?.['run-as'], '0');
    const plain = await run('FROM python:3.12-slim\nCMD ["python3", "-m", "http.server"]\n');
    assert.equal(plain.apko.accounts?.['run-as'], 'nonroot');
    assert.equal(ids(plain, 'WF316').length, 0);
  });

  it('says the start may fail when non-root is chosen anyway', async () => {
    const r = await run('FROM httpd:2.4\n', { keepRoot: false });
    assert.equal(r.apko.accounts?.['run-as'], 'nonroot');
    assert.match(ids(r, 'WF316')[0]?.message ?? '', /may fail to start/);
  });

  it('runs nginx as non-root on 8080 and says the port moved', async () => {
    const r = await run('FROM nginx:1.27\n');
    assert.equal(r.apko.accounts?.['run-as'], 'nonroot');
    assert.match(ids(r, 'WF317')[0]?.message ?? '', /port 8080 instead of 80/);
  });

  it('gives the data directory of a server to the user it runs as', async () => {
    const r = await run('FROM redis:7\n');
    const data = r.apko.paths?.find((p) => p.path === '/data');
    assert.equal(data?.uid, 65532);
    assert.equal(r.apko.cmd, 'valkey-server');
  });
});

describe('bases built in the same repository', () => {
  const base = {
    text: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y libpq5\nRUN useradd --uid 10001 app\nWORKDIR /srv/app\nUSER app\n',
    source: 'base/Dockerfile',
  };

  it('converts the base Dockerfile and builds on its packages, user and work-dir', async () => {
    const r = await run('FROM acme/base:1.0\nCMD ["python3", "-m", "svc"]\n', {
      bases: { 'acme/base': base },
    });
    assert.ok(r.apko.contents.packages.includes('libpq-18'));
    assert.ok(r.apko.contents.packages.includes('python-3.12'));
    assert.equal(r.apko.accounts?.['run-as'], 'app');
    assert.equal(r.apko['work-dir'], '/srv/app');
    assert.equal(ids(r, 'WF218').length, 1);
    assert.equal(ids(r, 'WF207').length, 0);
  });

  it("builds the base's own package first, from its context, and installs it in the image", async () => {
    const withScript = {
      text: 'FROM python:3.12-slim\nLABEL org.opencontainers.image.title=pybase\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\n',
      source: 'base/Dockerfile',
      context: 'base',
    };
    const r = await run(
      'FROM acme/base AS build\nRUN python3 -m venv /venv && /venv/bin/pip install flask\nFROM acme/base\nCOPY --from=build /venv /venv\nCOPY app.py /srv/\nCMD ["python3", "/srv/app.py"]\n',
      { bases: { 'acme/base': withScript }, contextDir: '..', outputDir: 'wolfi' },
    );
    const names = r.melanges.map((m) => (m['package'] as { name: string }).name);
    // Converted once per stage built on it, built once.
    assert.deepEqual(names, ['pybase', 'app-build', 'app']);
    assert.deepEqual(r.melangeFiles, ['melange-pybase.yaml', 'melange-build.yaml', 'melange.yaml']);
    assert.deepEqual(
      r.melangeOrigins?.map((o) => [o.source, o.contextDir]),
      [
        ['base/Dockerfile', '../base'],
        ['Dockerfile', '..'],
        ['Dockerfile', '..'],
      ],
    );
    assert.ok(r.apko.contents.packages.includes('pybase@local'));
    assert.ok(r.apko.contents.packages.includes('app@local'));
    assert.equal(r.apko.entrypoint?.command, 'entrypoint.sh');
    // The builder stage runs on the base: its package comes from ./packages, signed locally.
    const env = (
      r.melanges[1]?.['environment'] as {
        contents: { packages: string[]; repositories: string[]; keyring: string[] };
      }
    ).contents;
    assert.ok(env.packages.includes('pybase@local'), env.packages.join(' '));
    assert.ok(env.repositories.includes('@local ./packages'));
    assert.ok(env.keyring.includes('./melange.rsa.pub'));
    const runtime = (r.melange?.['package'] as { dependencies?: { runtime?: string[] } })
      .dependencies?.runtime;
    assert.deepEqual(runtime, ['python-3.12']);
  });

  it('writes the base builds to BUILD.md in order, each from its own context', async () => {
    const { renderFiles } = await import('../../src/generate/files.js');
    const r = await run('FROM acme/base\nCOPY app.py /srv/\nCMD ["python3", "/srv/app.py"]\n', {
      bases: {
        'acme/base': {
          text: 'FROM python:3.12-slim\nLABEL org.opencontainers.image.title=pybase\nCOPY entrypoint.sh /usr/local/bin/\n',
          source: 'base/Dockerfile',
          context: 'base',
        },
      },
    });
    const files = renderFiles(r);
    assert.deepEqual(
      files.map((f) => f.path),
      ['apko.yaml', 'melange-pybase.yaml', 'melange.yaml', 'BUILD.md', 'REPORT.md'],
    );
    const notes = files.find((f) => f.path === 'BUILD.md')?.content ?? '';
    const builds = notes.split('\n').filter((l) => l.startsWith('melange build'));
    assert.match(builds[0] ?? '', /^melange build melange-pybase\.yaml --source-dir base /);
    assert.match(builds[1] ?? '', /^melange build melange\.yaml --source-dir \. /);
    assert.match(
      files.find((f) => f.path === 'melange-pybase.yaml')?.content ?? '',
      /generated by wolfify from base\/Dockerfile/,
    );
  });

  it('does not loop when two Dockerfiles name each other', async () => {
    const r = await run('FROM acme/a\n', {
      bases: {
        'acme/a': { text: 'FROM acme/b\n', source: 'a/Dockerfile' },
        'acme/b': { text: 'FROM acme/a\n', source: 'b/Dockerfile' },
      },
    });
    assert.ok(r.apko.contents.packages.length > 0);
  });
});

describe('version streams', () => {
  it("maps apt's python3 and python3-pip in a python:3.11 image to Python 3.11", async () => {
    const r = await run(
      'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y python3 python3-pip\n',
    );
    const to = r.packages.filter((p) => p.manager === 'apt').flatMap((p) => p.to);
    assert.deepEqual(to, ['python-3.11', 'py3.11-pip']);
    assert.equal(ids(r, 'WF217').length, 2);
  });
});
