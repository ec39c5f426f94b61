import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WolfifyError } from '../../src/errors.js';
import { parseChainguardImages, rewriteDockerfile } from '../../src/dockerfile/index.js';
import { readGap } from '../../src/dockerfile/script.js';

async function rewrite(text: string, options: { org?: string; registry?: string } = {}) {
  return rewriteDockerfile(text, { source: 'Dockerfile', ...options });
}

async function out(text: string, options: { org?: string; registry?: string } = {}) {
  return (await rewrite(text, options)).dockerfile;
}

const ids = (findings: { id: string }[]) => findings.map((f) => f.id);

// ---------------------------------------------------------------- FROM

test('a base without a tag becomes the latest Chainguard image', async () => {
  assert.equal(
    await out('FROM python\nCMD ["python"]\n'),
    'FROM cgr.dev/ORG/python:latest\nCMD ["python"]\n',
  );
});

test('a tag without a version becomes latest, with -dev when the stage runs commands', async () => {
  assert.equal(
    await out('FROM python:slim\nRUN pip install flask\n'),
    'FROM cgr.dev/ORG/python:latest-dev\nUSER root\nRUN pip install flask\nUSER nonroot\n',
  );
});

test('a version tag is cut to major.minor and its variant words go', async () => {
  assert.equal(
    await out('FROM python:3.11.4-slim-bookworm\nCMD ["python"]\n'),
    'FROM cgr.dev/ORG/python:3.11\nCMD ["python"]\n',
  );
});

test('a shell-form CMD needs a shell, so the -dev image is chosen', async () => {
  assert.equal(
    await out('FROM python:3.12\nCMD python -m app\n'),
    'FROM cgr.dev/ORG/python:3.12-dev\nCMD python -m app\n',
  );
});

test('--org names the organisation and --registry replaces cgr.dev/<org>', async () => {
  assert.equal(await out('FROM node:24\n', { org: 'acme' }), 'FROM cgr.dev/acme/node:24\n');
  assert.equal(
    await out('FROM node:24\n', { org: 'acme', registry: 'mirror.example.com/cg/' }),
    'FROM mirror.example.com/cg/node:24\n',
  );
});

test('--platform, AS names and stage references stay; scratch stays scratch', async () => {
  const text =
    'FROM --platform=$BUILDPLATFORM golang:1.26 AS build\nRUN go build\nFROM build AS test\nFROM scratch\nCOPY --from=build /a /a\n';
  assert.equal(
    await out(text),
    'FROM --platform=$BUILDPLATFORM cgr.dev/ORG/go:1.26-dev AS build\nRUN go build\nFROM build AS test\nFROM scratch\nCOPY --from=build /a /a\n',
  );
});

test('a digest is dropped with a finding', async () => {
  const result = await rewrite(`FROM nginx:1.27@sha256:${'a'.repeat(64)}\n`);
  assert.equal(result.dockerfile, 'FROM cgr.dev/ORG/nginx:1.27\n');
  assert.ok(ids(result.findings).includes('WF603'));
});

test('a tag from an ARG keeps the variable, gains -dev, and the ARG default is mapped', async () => {
  assert.equal(
    await out('ARG RUBY_VERSION=3.3.6\nFROM ruby:${RUBY_VERSION}-slim\nRUN bundle install\n'),
    'ARG RUBY_VERSION=3.3\nFROM cgr.dev/ORG/ruby:${RUBY_VERSION}-dev\nUSER root\nRUN bundle install\nUSER nonroot\n',
  );
});

test('an image reference held whole in an ARG is mapped in the ARG', async () => {
  assert.equal(
    await out('ARG BASE=python:3.12-slim\nFROM ${BASE}\nCMD ["python"]\n'),
    'ARG BASE=cgr.dev/ORG/python:3.12\nFROM ${BASE}\nCMD ["python"]\n',
  );
});

test('Chainguard images stay as written, and an image without a Chainguard match is reported', async () => {
  const result = await rewrite(
    'FROM cgr.dev/chainguard/python:latest-dev\nRUN pip install x\nFROM postgres:16\nRUN apt-get update && apt-get install -y curl\n',
  );
  assert.equal(
    result.dockerfile,
    'FROM cgr.dev/chainguard/python:latest-dev\nRUN pip install x\nFROM postgres:16\nRUN apt-get update && apt-get install -y curl\n',
  );
  assert.ok(ids(result.findings).includes('WF602'));
});

test('a Java stage of the final image gets the jre, a build stage the jdk', async () => {
  const result = await rewrite(
    'FROM eclipse-temurin:21 AS build\nRUN javac A.java\nFROM eclipse-temurin:21\nCOPY --from=build /a /a\n',
  );
  assert.equal(
    result.dockerfile,
    'FROM cgr.dev/ORG/jdk:21-dev AS build\nUSER root\nRUN javac A.java\nFROM cgr.dev/ORG/jre:21\nCOPY --from=build /a /a\n',
  );
  assert.ok(ids(result.findings).includes('WF604'));
});

// ---------------------------------------------------------------- USER

test('USER root comes before the first RUN on a nonroot image, and nonroot is restored at the end', async () => {
  const result = await rewrite(
    'FROM python:3.12\nRUN apt-get update && apt-get install -y curl\nCOPY . .\nRUN pip install .\nCMD ["app"]\n',
  );
  assert.equal(
    result.dockerfile,
    'FROM cgr.dev/ORG/python:3.12-dev\nUSER root\nRUN apk add --no-cache curl\nCOPY . .\nRUN pip install .\nUSER nonroot\nCMD ["app"]\n',
  );
  assert.ok(ids(result.findings).includes('WF605'));
});

test('a USER the Dockerfile sets later is kept and nothing is restored', async () => {
  assert.equal(
    await out('FROM node:24\nRUN npm ci\nUSER node\n'),
    'FROM cgr.dev/ORG/node:24-dev\nUSER root\nRUN npm ci\nUSER node\n',
  );
});

test('an image that runs as root gets no USER lines', async () => {
  assert.equal(
    await out('FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n'),
    'FROM cgr.dev/ORG/wolfi-base:latest\nRUN apk add --no-cache curl\n',
  );
});

test('a stage built FROM a stage that switched to root stays root without another USER line', async () => {
  assert.equal(
    await out('FROM node:24 AS base\nRUN corepack enable\nFROM base\nRUN pnpm i\nUSER node\n'),
    'FROM cgr.dev/ORG/node:24-dev AS base\nUSER root\nRUN corepack enable\nFROM base\nRUN pnpm i\nUSER node\n',
  );
});

// ---------------------------------------------------------------- RUN

test('unknown packages are left out with an error finding, dropped ones without a trace', async () => {
  const result = await rewrite(
    'FROM debian:12\nRUN apt-get install -y curl software-properties-common no-such-pkg-xyz\n',
  );
  assert.equal(
    result.dockerfile,
    'FROM cgr.dev/ORG/wolfi-base:latest\nRUN apk add --no-cache curl\n',
  );
  assert.deepEqual(
    result.findings.filter((f) => f.id === 'WF203').map((f) => f.severity),
    ['error'],
  );
  assert.deepEqual(
    result.packages.map((p) => [p.from, p.outcome, p.to]),
    [
      ['curl', 'mapped', ['curl']],
      ['software-properties-common', 'dropped', []],
      ['no-such-pkg-xyz', 'unknown', []],
    ],
  );
});

test('a RUN that only refreshes the package index goes entirely', async () => {
  assert.equal(
    await out('FROM debian:12\n# refresh\nRUN apt-get update\nCMD ["sh"]\n'),
    'FROM cgr.dev/ORG/wolfi-base:latest\n# refresh\nCMD ["sh"]\n',
  );
});

test('a removed command between kept ones takes one && with it', async () => {
  assert.equal(
    await out('FROM debian:12\nRUN echo a && apt-get clean && echo b\n'),
    'FROM cgr.dev/ORG/wolfi-base:latest\nRUN echo a && echo b\n',
  );
});

test('a removed command with a redirect or in an if becomes true', async () => {
  assert.equal(
    await out('FROM debian:12\nRUN echo a && apt-get update >/dev/null && echo b\n'),
    'FROM cgr.dev/ORG/wolfi-base:latest\nRUN echo a && true >/dev/null && echo b\n',
  );
});

test('apt-get purge of build dependencies goes and they stay installed', async () => {
  const result = await rewrite(
    'FROM debian:12\nRUN apt-get install -y gcc && make && apt-get purge -y --auto-remove gcc\n',
  );
  assert.equal(
    result.dockerfile,
    'FROM cgr.dev/ORG/wolfi-base:latest\nRUN apk add --no-cache gcc && make\n',
  );
  assert.ok(ids(result.findings).includes('WF608'));
});

test('an exec-form RUN with an install is left as written and reported', async () => {
  const text = 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n';
  const result = await rewrite(text);
  assert.equal(
    result.dockerfile,
    text.replace('FROM debian:12', 'FROM cgr.dev/ORG/wolfi-base:latest'),
  );
  assert.ok(ids(result.findings).includes('WF601'));
});

test('an install inside sh -c is left as written and reported', async () => {
  const text = "FROM debian:12\nRUN sh -c 'apt-get install -y curl'\n";
  const result = await rewrite(text);
  assert.equal(
    result.dockerfile,
    text.replace('FROM debian:12', 'FROM cgr.dev/ORG/wolfi-base:latest'),
  );
  assert.ok(ids(result.findings).includes('WF601'));
});

test('variables, quotes and redirects outside the rewritten words stay as written', async () => {
  assert.equal(
    await out(
      'FROM debian:12\nARG V=1\nRUN apt-get install -y curl > /tmp/log 2>&1 && echo "$V"\n',
    ),
    'FROM cgr.dev/ORG/wolfi-base:latest\nARG V=1\nRUN apk add --no-cache curl > /tmp/log 2>&1 && echo "$V"\n',
  );
});

// ---------------------------------------------------------------- users and tar

const account = async (command: string): Promise<string> => {
  const text = await out(`FROM debian:12\nRUN ${command}\n`);
  return text.split('\n')[1]?.slice('RUN '.length) ?? '';
};

test('useradd becomes busybox adduser with -D and the equivalent flags', async () => {
  assert.equal(
    await account('useradd -l -r -u 1001 -s /bin/sh -d /srv app'),
    'addgroup -S app && adduser -D -S -H -u 1001 -G app -h /srv -s /bin/sh app',
  );
  assert.equal(await account('useradd -m -U app'), 'adduser -D app');
  assert.equal(await account('useradd app'), 'adduser -D -H app');
  assert.equal(
    await account('useradd -G wheel,audio -c "A B" app'),
    'adduser -D -H -g "A B" app && addgroup app wheel && addgroup app audio',
  );
});

test('a numeric primary group made in the stage is named for busybox', async () => {
  assert.equal(
    await account('groupadd -g 1000 app && useradd -u 1000 -g 1000 app'),
    'addgroup -g 1000 app && adduser -D -H -u 1000 -G app app',
  );
});

test("Debian's adduser and addgroup become busybox ones", async () => {
  assert.equal(
    await account('adduser --system --group --no-create-home svc'),
    'addgroup -S svc && adduser -D -S -H -G svc svc',
  );
  assert.equal(await account('addgroup --system --gid 99 svc'), 'addgroup -S -g 99 svc');
});

test('useradd stays when the stage installs shadow', async () => {
  assert.equal(
    await out('FROM debian:12\nRUN apt-get install -y passwd && useradd -m app\n'),
    'FROM cgr.dev/ORG/wolfi-base:latest\nRUN apk add --no-cache shadow && useradd -m app\n',
  );
});

test('useradd options busybox lacks leave the command as written, with a finding', async () => {
  const result = await rewrite('FROM debian:12\nRUN useradd -o -u 0 toor\n');
  assert.equal(result.dockerfile.split('\n')[1], 'RUN useradd -o -u 0 toor');
  assert.ok(ids(result.findings).includes('WF606'));
});

test('GNU tar long options become busybox short ones', async () => {
  assert.equal(
    await account('tar --extract --gzip --file=/tmp/a.tgz --directory /opt --overwrite'),
    'tar -x -z -f /tmp/a.tgz -C /opt',
  );
  assert.equal(
    await account('tar -xzf a.tgz --strip-components=1'),
    'tar -xzf a.tgz --strip-components=1',
  );
});

// ---------------------------------------------------------------- text and JSON

test('CRLF line endings and a byte order mark survive the rewrite', async () => {
  assert.equal(
    await out('\uFEFFFROM debian:12\r\n# note\r\nRUN apt-get install -y curl\r\n'),
    '\uFEFFFROM cgr.dev/ORG/wolfi-base:latest\r\n# note\r\nRUN apk add --no-cache curl\r\n',
  );
});

test('the line list covers every line: originals give the input, conversions the output', async () => {
  const text =
    '# c\n\nFROM python:3.12\nRUN apt-get update \\\n    && apt-get install -y curl\n\nCMD ["python"]';
  const result = await rewrite(text);
  assert.equal(result.lines.map((l) => l.original).join(''), text);
  assert.equal(result.lines.map((l) => l.converted).join(''), result.dockerfile);
  assert.deepEqual(
    result.lines.filter((l) => l.changed).map((l) => [l.line, l.endLine]),
    [
      [3, 3],
      [4, 5],
    ],
  );
});

// ---------------------------------------------------------------- pieces

test('reads the connector between two commands', () => {
  assert.deepEqual(readGap(' && \\\n    '), { separator: '&&', clean: true });
  assert.deepEqual(readGap('; \\\n  # note\n  '), { separator: ';', clean: true });
  assert.deepEqual(readGap('\n'), { separator: ';', clean: true });
  assert.deepEqual(readGap(' | '), { separator: '|', clean: true });
  assert.deepEqual(readGap('; then '), { separator: null, clean: false });
  assert.deepEqual(readGap(' > /dev/null && '), { separator: null, clean: false });
});

test('the Chainguard image table rejects unknown keys and bad users', () => {
  assert.throws(
    () =>
      parseChainguardImages(
        'images:\n  python: { image: python, versioned: true, dev: true, user: nonroot, tag: x }\n',
        't.yaml',
      ),
    (e: unknown) => e instanceof WolfifyError && e.message.includes('unknown key `tag`'),
  );
  assert.throws(
    () =>
      parseChainguardImages(
        'images:\n  python: { image: python, versioned: true, dev: true, user: admin }\n',
        't.yaml',
      ),
    (e: unknown) => e instanceof WolfifyError && e.message.includes('nonroot or root'),
  );
});

test('a stage that runs commands on an image without a shell is reported', async () => {
  const result = await rewrite('FROM gcr.io/distroless/static-debian12\nRUN echo hi\n');
  assert.equal(result.dockerfile.split('\n')[0], 'FROM cgr.dev/ORG/static:latest');
  assert.ok(ids(result.findings).includes('WF607'));
});

test('offsets stay right around non-ASCII text', async () => {
  assert.equal(
    await out('FROM debian:12\nRUN echo "wörld 🎉" && apt-get update && apt-get install -y curl\n'),
    'FROM cgr.dev/ORG/wolfi-base:latest\nRUN echo "wörld 🎉" && apk add --no-cache curl\n',
  );
});

// ---------------------------------------------------------------- dnf module streams

test('a dnf module stream picks the version of the packages installed after it', async () => {
  const dockerfile = await out(
    'FROM rockylinux:8\nRUN dnf module enable -y nodejs:24 && dnf install -y nodejs git\nCMD ["node"]\n',
  );
  assert.match(dockerfile, /^RUN apk add --no-cache nodejs-24 git$/m);
});

test('dnf module install becomes apk add of the stream’s package', async () => {
  const result = await rewrite(
    'FROM rockylinux:8\nRUN dnf module install -y php:8.3/common\nCMD ["php"]\n',
  );
  assert.match(result.dockerfile, /^RUN apk add --no-cache php-8\.3$/m);
  assert.ok(ids(result.findings).includes('WF210'));
});
