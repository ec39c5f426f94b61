import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { convert, type ConvertOptions } from '../../src/convert.js';
import { renderMelangeYaml } from '../../src/generate/files.js';
import type { Result } from '../../src/model.js';

interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, string>;
  runs?: string;
  'working-directory'?: string;
  environment?: Record<string, string>;
}
interface Melange {
  package: Record<string, unknown>;
  environment: { contents: { packages: string[] }; environment?: Record<string, string> };
  pipeline: Step[];
}

async function app(
  dockerfile: string,
  options: ConvertOptions = {},
): Promise<{ result: Result; melange: Melange; text: string }> {
  const result = await convert(dockerfile, { source: 'demo/Dockerfile', ...options });
  assert.ok(result.melange, 'expected a melange config');
  const text = renderMelangeYaml(result);
  // Read back from the YAML text, as melange would.
  return { result, melange: parse(text) as Melange, text };
}

const step = (m: Melange, predicate: (s: Step) => boolean): Step => {
  const found = m.pipeline.find(predicate);
  assert.ok(found, `no such step in ${JSON.stringify(m.pipeline, null, 1)}`);
  return found;
};
const install = (m: Melange): string =>
  step(m, (s) => s.name === 'install into the package').runs ?? '';

const GO = `FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w -X main.version=1.2.3" -tags netgo -o /out/api ./cmd/api
FROM scratch
COPY --from=build /out/api /usr/local/bin/api
ENTRYPOINT ["/usr/local/bin/api"]
`;

test('a go build whose output the image copies becomes go/build with its flags', async () => {
  const { melange } = await app(GO);
  const go = step(melange, (s) => s.uses === 'go/build');
  assert.deepEqual(go.with, {
    packages: './cmd/api',
    output: 'api',
    'go-package': 'go-1.26',
    modroot: '/src',
    prefix: 'usr/local',
    'install-dir': 'bin',
    ldflags: '-s -w -X main.version=1.2.3',
    tags: 'netgo',
    'extra-args': '-trimpath',
  });
  // GOOS is melange's business (one build per --arch); CGO_ENABLED stays.
  assert.deepEqual(go.environment, { CGO_ENABLED: '0' });
  assert.equal(
    melange.pipeline.some((s) => s.name === 'install into the package'),
    false,
  );
});

test('go/build inputs are written quoted in melange.yaml', async () => {
  const { text } = await app(GO);
  assert.match(text, /^ {6}prefix: "usr\/local"$/m);
  assert.match(text, /^ {2}version: "0\.0\.0"$/m);
});

test('a go build with quotes inside -ldflags stays a runs step, exactly as written', async () => {
  const dockerfile = GO.replace(
    /RUN .*\n/,
    `RUN go build -ldflags='-w -extldflags "-static"' -o /out/api .\n`,
  );
  const { melange } = await app(dockerfile);
  assert.equal(
    melange.pipeline.some((s) => s.uses === 'go/build'),
    false,
  );
  const run = step(melange, (s) => s.name === 'RUN (line 4, stage build)');
  assert.equal(run.runs, `go build -ldflags='-w -extldflags "-static"' -o /out/api .`);
  assert.equal(run['working-directory'], '/src');
  assert.match(
    install(melange),
    /cp -a \/out\/api "\$\{\{targets.destdir\}\}\/usr\/local\/bin\/api"/,
  );
});

/** A Rust builder whose binary the final image copies, stripped in the same RUN. */
const CARGO_BUILDER = `FROM rust:1.83 AS builder
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --locked && strip target/release/worker
FROM debian:bookworm-slim
COPY --from=builder /usr/src/app/target/release/worker /usr/local/bin/worker
`;

test('cargo build --release becomes cargo/build, and a later strip works on the installed file', async () => {
  const { melange } = await app(CARGO_BUILDER);
  const cargo = step(melange, (s) => s.uses === 'cargo/build');
  assert.deepEqual(cargo.with, {
    output: 'worker',
    opts: '--release --locked',
    modroot: '/usr/src/app',
    prefix: 'usr/local',
    'install-dir': 'bin',
  });
  const strip = melange.pipeline[melange.pipeline.indexOf(cargo) + 1];
  assert.equal(strip?.runs, 'strip "${{targets.destdir}}/usr/local/bin/worker"');
});

test('package-manager commands leave a RUN; the rest keeps its shell quoting', async () => {
  const { melange } = await app(`FROM debian:bookworm AS build
WORKDIR /w
RUN apt-get update && apt-get install -y --no-install-recommends gcc \\
    && gcc -o /out/tool 'my file.c' \\
    && echo "a  b" > /out/note \\
    && rm -rf /var/lib/apt/lists/*
FROM debian:bookworm-slim
COPY --from=build /out/ /opt/tool/
`);
  const run = step(melange, (s) => s.name === 'RUN (line 3, stage build)');
  assert.equal(run.runs, `gcc -o /out/tool 'my file.c'\necho "a  b" > /out/note`);
  assert.ok(melange.environment.contents.packages.includes('gcc'));
});

test('each stage the image copies from is its own build, a stage FROM another builds on its package', async () => {
  const { result } = await app(`FROM node:22 AS deps
WORKDIR /app
COPY package.json ./
RUN npm ci
FROM deps AS build
COPY . .
RUN npm run build
FROM node:22-slim
RUN groupadd --gid 1001 web && useradd --uid 1001 --gid web web
COPY --from=build --chown=web:web --chmod=0750 /app/dist /srv/www
COPY --from=deps /app/node_modules /srv/node_modules
USER web
`);
  const [deps, build] = result.melanges.map((m) => parse(renderMelangeYaml(result, m)) as Melange);
  assert.equal(result.melanges.length, 2);
  assert.deepEqual(result.melangeFiles, ['melange-deps.yaml', 'melange-build.yaml']);
  assert.ok(deps && build);
  assert.deepEqual(
    deps.pipeline.map((s) => s.name),
    ['COPY (line 3, stage deps)', 'RUN (line 4, stage deps)', 'install into the package'],
  );
  // deps ships only what the image copies from it; its tree is a subpackage for `build`.
  assert.equal(
    install(deps),
    'mkdir -p "${{targets.destdir}}/srv"\nif [ -d /app/node_modules ]; then mkdir -p "${{targets.destdir}}/srv/node_modules" && cp -a /app/node_modules/. "${{targets.destdir}}/srv/node_modules"/; else cp -a /app/node_modules "${{targets.destdir}}/srv/node_modules"; fi',
  );
  assert.ok(build.environment.contents.packages.includes('demo-deps-stage@local'));
  assert.deepEqual(
    build.pipeline.map((s) => s.name),
    ['COPY (line 6, stage build)', 'RUN (line 7, stage build)', 'install into the package'],
  );
  assert.equal(
    install(build),
    [
      'chown -R 1001:1001 /app/dist',
      'chmod -R 0750 /app/dist',
      'mkdir -p "${{targets.destdir}}/srv"',
      'if [ -d /app/dist ]; then mkdir -p "${{targets.destdir}}/srv/www" && cp -a /app/dist/. "${{targets.destdir}}/srv/www"/; else cp -a /app/dist "${{targets.destdir}}/srv/www"; fi',
    ].join('\n'),
  );
  assert.ok(result.apko.contents.packages.includes('demo-build@local'));
  assert.ok(result.apko.contents.packages.includes('demo-deps@local'));
  assert.ok(!result.apko.contents.packages.includes('demo-deps-stage@local'));
});

test('Result.steps gives every instruction of the stages the image needs one fate', async () => {
  const { result } = await app(`FROM python:3.12-slim AS build
RUN apt-get update && apt-get install -y gcc && pip wheel -w /wheels cryptography
FROM python:3.12-slim
COPY --from=build /wheels /wheels
EXPOSE 8000
CMD ["python3"]
`);
  assert.deepEqual(
    result.steps.map((s) => [s.line, s.command, s.fate]),
    [
      [2, 'apt-get update', 'unneeded'],
      [2, 'apt install gcc', 'package'],
      [2, 'pip wheel -w /wheels cryptography', 'melange'],
      [4, 'COPY --from=build /wheels /wheels', 'melange'],
      [5, 'EXPOSE 8000', 'unneeded'],
      [6, 'CMD ["python3"]', 'apko'],
    ],
  );
});

const FLASK = `FROM python:3.12-slim
WORKDIR /srv/app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "app:app"]
`;

test('a single-stage Python app installs its requirements into a venv the package ships', async () => {
  const { melange, result } = await app(FLASK);
  assert.deepEqual(
    melange.pipeline.map((s) => s.runs),
    [
      'mkdir -p /srv/app\ncp -a requirements.txt /srv/app/',
      'python3 -m venv /srv/app/.venv',
      // melange resets PATH in every step: the venv's pip is found through this line.
      'export PATH=/srv/app/.venv/bin:/usr/local/sbin:/usr/local/bin:/usr/bin:/usr/sbin:/sbin:/bin\npip install --no-cache-dir -r requirements.txt',
      'mkdir -p /srv/app\ncp -a ./. /srv/app/\nrm -rf /srv/app/melange-out',
      'mkdir -p "${{targets.destdir}}/srv/app"\ncp -a /srv/app/. "${{targets.destdir}}/srv/app"/',
    ],
  );
  assert.equal(melange.environment.environment?.VIRTUAL_ENV, '/srv/app/.venv');
  assert.deepEqual(melange.package.dependencies, { runtime: ['python-3.12'] });
  assert.ok(melange.environment.contents.packages.includes('py3.12-pip'));
  assert.equal(
    result.apko.environment?.PATH,
    '/srv/app/.venv/bin:/usr/local/sbin:/usr/local/bin:/usr/bin:/usr/sbin:/sbin:/bin',
  );
  assert.deepEqual(
    result.findings.filter((f) => f.id === 'WF305'),
    [],
  );
  assert.deepEqual(
    result.findings.filter((f) => f.id === 'WF508').map((f) => f.line),
    [4],
  );
});

test('a single-stage Node app runs npm ci in its directory and ships it with its owner', async () => {
  const { melange } = await app(`FROM node:20-bookworm-slim
WORKDIR /home/node/app
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --chown=node:node . .
USER node
CMD ["node", "server.js"]
`);
  assert.deepEqual(
    melange.pipeline.map((s) => [s['working-directory'], s.runs]),
    [
      [
        undefined,
        'chown -R 1000:1000 package.json package-lock.json\nmkdir -p /home/node/app\ncp -a package.json package-lock.json /home/node/app/',
      ],
      ['/home/node/app', 'npm ci --omit=dev'],
      [
        undefined,
        'mkdir -p /home/node/app\ncp -a ./. /home/node/app/\nrm -rf /home/node/app/melange-out\nchown -R 1000:1000 /home/node/app',
      ],
      [
        undefined,
        'mkdir -p "${{targets.destdir}}/home/node/app"\ncp -a /home/node/app/. "${{targets.destdir}}/home/node/app"/',
      ],
    ],
  );
});

test('the apko config installs the package from the tagged local repository', async () => {
  const { result } = await app(FLASK);
  assert.deepEqual(result.apko.contents.repositories, [
    'https://packages.wolfi.dev/os',
    '@local ./packages',
  ]);
  assert.deepEqual(result.apko.contents.keyring, [
    'https://packages.wolfi.dev/os/wolfi-signing.rsa.pub',
    './melange.rsa.pub',
  ]);
  assert.ok(result.apko.contents.packages.includes('demo@local'));
});

test('the package is named by --name, then the title label, then the directory', async () => {
  const labelled = FLASK.replace(
    'WORKDIR',
    'LABEL org.opencontainers.image.title="Shop API"\nWORKDIR',
  );
  const name = async (text: string, options: ConvertOptions = {}) =>
    (await app(text, options)).melange.package.name;
  assert.equal(await name(labelled, { name: 'billing' }), 'billing');
  assert.equal(await name(labelled), 'shop-api');
  assert.equal(await name(FLASK, { source: 'services/My_App/Dockerfile' }), 'my_app');
});

test('the version comes from ARG VERSION, without a leading v', async () => {
  const { melange } = await app(`ARG VERSION=v2.4.0\n${FLASK}`);
  assert.equal(melange.package.version, '2.4.0');
  assert.equal(melange.package.epoch, 0);
});

test('without a usable version the package is 0.0.0 and a finding says why', async () => {
  const { melange, result } = await app(FLASK.replace('WORKDIR', 'ARG VERSION=dev\nWORKDIR'));
  assert.equal(melange.package.version, '0.0.0');
  const wf501 = result.findings.find((f) => f.id === 'WF501');
  assert.match(wf501?.message ?? '', /`dev` is not an apk version/);
});

test('description and license come from the labels, NOASSERTION without one', async () => {
  const labelled = FLASK.replace(
    'WORKDIR',
    'LABEL org.opencontainers.image.description="Shop" org.opencontainers.image.licenses=MIT\nWORKDIR',
  );
  assert.equal((await app(labelled)).melange.package.description, 'Shop');
  assert.deepEqual((await app(labelled)).melange.package.copyright, [{ license: 'MIT' }]);
  assert.deepEqual((await app(FLASK)).melange.package.copyright, [{ license: 'NOASSERTION' }]);
});

test('a script with ${{ runs from base64 and reads back to the exact original', async () => {
  const original = `echo '\${{ github.sha }}' > /srv/app/sha && printf "%s" "$X"`;
  const { melange, text } = await app(FLASK.replace('COPY . .', `COPY . .\nRUN ${original}`));
  // melange would substitute any ${{…}}: the only ones left are wolfify's own.
  const own = ['${{targets.destdir}}'];
  let rest = text;
  for (const s of own) rest = rest.replaceAll(s, '');
  assert.equal(rest.includes('${{'), false);
  const run = step(melange, (s) => s.name === 'RUN (line 6, stage 0)').runs ?? '';
  const encoded = /printf '%s' '([A-Za-z0-9+/=]+)' \| base64 -d/.exec(run)?.[1] ?? '';
  assert.equal(Buffer.from(encoded, 'base64').toString('utf8'), original);
});

test('an ENV value with ${{ is left out of the build environment, with a finding', async () => {
  const { melange, result } = await app(
    FLASK.replace('WORKDIR', 'ENV TOKEN="${{ secret }}"\nWORKDIR'),
  );
  assert.equal(melange.environment.environment?.TOKEN, undefined);
  assert.ok(result.findings.some((f) => f.id === 'WF507'));
});

test('a secret mount in a build step is a finding with its line', async () => {
  const { result } = await app(`FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download
RUN go build -o /out/app .
FROM scratch
COPY --from=build /out/app /app
`);
  const wf503 = result.findings.filter((f) => f.id === 'WF503');
  assert.deepEqual(
    wf503.map((f) => [f.line, f.stage]),
    [[4, 'build']],
  );
});

test('a cache mount is dropped and a bind mount from the context becomes a copy', async () => {
  const { melange } = await app(`FROM python:3.12 AS builder
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/uv --mount=type=bind,source=uv.lock,target=uv.lock uv sync
FROM python:3.12-slim
COPY --from=builder /app /app
`);
  assert.equal(
    step(melange, (s) => s.name === 'RUN (line 3, stage builder)').runs,
    'cp -a /home/build/uv.lock uv.lock\nuv sync',
  );
});

test('a tool copied from its own image comes from the Wolfi package', async () => {
  const { melange, result } = await app(
    FLASK.replace('WORKDIR', 'COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\nWORKDIR'),
  );
  assert.ok(melange.environment.contents.packages.includes('uv'));
  assert.ok(result.apko.contents.packages.includes('uv'));
});

test('time zones and certificates copied from a builder come from their packages', async () => {
  const { result, melange } =
    await app(`${GO}COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo
`);
  assert.ok(result.apko.contents.packages.includes('tzdata'));
  assert.equal(JSON.stringify(melange.pipeline).includes('zoneinfo'), false);
  assert.ok(result.findings.some((f) => f.id === 'WF505' && f.line === 8));
});

test('a Dockerfile that copies nothing has no melange config', async () => {
  const result = await convert('FROM alpine:3.20\nRUN apk add --no-cache curl\n');
  assert.equal(result.melange, null);
  assert.equal(result.apko.contents.repositories.includes('@local ./packages'), false);
});

// ------------------------------------------------------------ reviewers' defects

test('files under /usr/local disable melange usrlocal lint, with a comment and a finding', async () => {
  const { melange, text, result } = await app(GO);
  assert.deepEqual(melange.package.checks, { disabled: ['usrlocal'] });
  assert.match(
    text,
    /^ {2}checks:\n {4}# The Docker image keeps files under \/usr\/local; without this, melange's usrlocal lint fails the build\.\n {4}disabled:\n {6}- usrlocal$/m,
  );
  const wf510 = result.findings.filter((f) => f.id === 'WF510');
  assert.deepEqual(
    wf510.map((f) => [f.line, f.severity, f.message]),
    [
      [
        6,
        'info',
        "the package installs /usr/local/bin/api, as the Docker image did: melange's usrlocal lint would fail the build on files under /usr/local, so melange.yaml disables it",
      ],
    ],
  );
});

test('only the lints of the Docker paths the package uses are disabled', async () => {
  const { melange } = await app(`FROM alpine:3.20 AS build
RUN mkdir -p /out && echo hi > /out/page
FROM alpine:3.20
COPY --from=build /out/page /srv/www/index.html
COPY --from=build /out/page /opt/app/page
`);
  assert.deepEqual(melange.package.checks, { disabled: ['opt', 'srv'] });
  const plain = await app(GO.replaceAll('/usr/local/bin/api', '/usr/bin/api'));
  assert.equal('checks' in plain.melange.package, false);
});

test('the build runs with HOME=/root as Docker did, unless the Dockerfile sets HOME', async () => {
  const { melange } = await app(GO);
  assert.equal(melange.environment.environment?.HOME, '/root');
  const own = await app(GO.replace('WORKDIR /src', 'ENV HOME=/src\nWORKDIR /src'));
  assert.equal(own.melange.environment.environment?.HOME, '/src');
});

test('copying the whole context leaves out the output directory inside it', async () => {
  const { melange } = await app(GO, { outputDir: 'deploy/wolfi' });
  assert.equal(
    step(melange, (s) => s.name === 'COPY (line 3, stage build)').runs,
    'mkdir -p /src\ncp -a ./. /src/\nrm -rf /src/melange-out /src/deploy/wolfi',
  );
  const outside = await app(GO, { outputDir: '../wolfi' });
  assert.equal(
    step(outside.melange, (s) => s.name === 'COPY (line 3, stage build)').runs,
    'mkdir -p /src\ncp -a ./. /src/\nrm -rf /src/melange-out',
  );
  assert.equal(outside.result.outputDir, undefined);
});

test('go/build uses the Go of the build environment', async () => {
  const { melange } = await app(GO);
  const go = step(melange, (s) => s.uses === 'go/build');
  const toolchain = melange.environment.contents.packages.filter((p) => /^go-\d/.test(p));
  assert.equal(toolchain.length, 1);
  assert.equal(go.with?.['go-package'], toolchain[0]);
});

test('a built-in pipeline step is named after its RUN and the pipeline', async () => {
  const { melange } = await app(CARGO_BUILDER);
  assert.deepEqual(
    melange.pipeline.map((s) => s.name),
    [
      'COPY (line 3, stage builder)',
      'RUN (line 4, stage builder): cargo/build',
      'RUN (line 4, stage builder)',
    ],
  );
});

test('ADD of a release binary Wolfi packages installs the package and links its command', async () => {
  const { melange, result } = await app(`FROM debian:bookworm-slim
WORKDIR /app
ADD https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl /usr/local/bin/kubectl
RUN chmod +x /usr/local/bin/kubectl
COPY run.sh /app/run.sh
`);
  const pkg = melange.environment.contents.packages.find((p) => p.startsWith('kubectl'));
  assert.ok(pkg, 'kubectl is in the build environment');
  assert.ok(result.apko.contents.packages.includes(pkg));
  assert.equal(install(melange).includes('dl.k8s.io'), false);
  assert.match(
    install(melange),
    /^mkdir -p "\$\{\{targets\.destdir\}\}\/usr\/local\/bin"\nln -sf "\$\(command -v kubectl\)" "\$\{\{targets\.destdir\}\}\/usr\/local\/bin\/kubectl"$/m,
  );
  const wf405 = result.findings.find((f) => f.id === 'WF405');
  assert.equal(
    wf405?.message,
    `ADD https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl: kubectl download replaced by the Wolfi package ${pkg}; /usr/local/bin/kubectl links to its kubectl`,
  );
  assert.equal(wf405?.line, 3);
  assert.equal(
    result.findings.some((f) => f.id === 'WF502'),
    false,
  );
  // chmod +x on the link: the package's command is executable already.
  assert.equal(
    melange.pipeline.some((s) => s.name === 'owners and modes the image sets'),
    false,
  );
});

test('ADD of a URL no installer rule knows is still downloaded', async () => {
  const { melange } = await app(`FROM debian:bookworm-slim
ADD https://example.com/tool /usr/local/bin/tool
`);
  assert.match(
    install(melange),
    /wget -q -O "\$\{\{targets\.destdir\}\}\/usr\/local\/bin\/tool" https:\/\/example\.com\/tool/,
  );
});

test('steps of one RUN around a built-in pipeline get distinct names', async () => {
  const { melange } = await app(
    GO.replace(/RUN .*\n/, 'RUN go vet ./... && go build -o /out/api ./cmd/api && echo built\n'),
  );
  assert.deepEqual(
    melange.pipeline.map((s) => s.name),
    [
      'COPY (line 3, stage build)',
      'RUN (line 4, stage build)',
      'RUN (line 4, stage build): go/build',
      'RUN (line 4, stage build) (2)',
    ],
  );
});

test('ADD of a release binary to / links it when it is named after the package', async () => {
  const { melange } = await app(`FROM debian:bookworm-slim
ADD https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl /kubectl
`);
  assert.equal(install(melange), 'ln -sf "$(command -v kubectl)" "${{targets.destdir}}/kubectl"');
});
