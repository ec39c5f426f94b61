// A corpus of realistic Dockerfiles for the benchmark: the shapes found in real repositories
// (Python/Node/Go/JVM services on Debian, Alpine and UBI bases; one to three stages; package
// lists; users), with the repository's samples/ mixed in. Deterministic: the same seed gives
// the same files, so figures from two runs compare.

import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** mulberry32: a tiny seeded generator; Math.random cannot be seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as T);
  return out;
}

const DEBIAN_PACKAGES = [
  'curl',
  'ca-certificates',
  'git',
  'libpq5',
  'openssl',
  'tzdata',
  'gettext',
  'libmagic1',
  'jq',
  'unzip',
  'wget',
  'gnupg',
  'netcat-openbsd',
  'procps',
  'postgresql-client',
  'libxml2',
  'tini',
  'dumb-init',
  'locales',
  'less',
  'iputils-ping',
  'libvips42',
  'imagemagick',
  'ffmpeg',
  'fonts-liberation',
  'libjemalloc2',
  'libssl3',
  'zlib1g',
  'libffi8',
  'xz-utils',
  'bzip2',
];
const DEBIAN_BUILD_PACKAGES = [
  'build-essential',
  'gcc',
  'g++',
  'make',
  'pkg-config',
  'libssl-dev',
  'libpq-dev',
  'libffi-dev',
  'zlib1g-dev',
  'libjpeg62-turbo-dev',
  'libxml2-dev',
  'libyaml-dev',
  'python3-dev',
  'cmake',
];
const ALPINE_PACKAGES = [
  'curl',
  'ca-certificates',
  'git',
  'tzdata',
  'bash',
  'openssl',
  'libpq',
  'postgresql16-client',
  'tini',
  'jq',
  'su-exec',
  'libc6-compat',
  'python3',
  'py3-pip',
  'nodejs',
  'npm',
  'libstdc++',
  'icu-libs',
  'krb5-libs',
  'libgcc',
  'zlib',
  'musl-utils',
];
const ALPINE_BUILD_PACKAGES = [
  'build-base',
  'musl-dev',
  'gcc',
  'python3-dev',
  'libffi-dev',
  'openssl-dev',
  'zlib-dev',
  'postgresql16-dev',
  'linux-headers',
  'cargo',
];
const UBI_PACKAGES = [
  'python3.12',
  'shadow-utils',
  'cairo',
  'pango',
  'tar',
  'gzip',
  'findutils',
  'openssl',
  'which',
];

function aptInstall(random: Random, runtime: number, build: number): string {
  const runtimePkgs = sample(random, DEBIAN_PACKAGES, runtime);
  const buildPkgs = sample(random, DEBIAN_BUILD_PACKAGES, build);
  const all = [...runtimePkgs, ...buildPkgs].map((p) => `        ${p} \\`).join('\n');
  const purge =
    buildPkgs.length > 0 ? `    && apt-get purge -y --auto-remove ${buildPkgs.join(' ')} \\\n` : '';
  return (
    'RUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n' +
    `${all}\n${purge}    && rm -rf /var/lib/apt/lists/*`
  );
}

function apkInstall(random: Random, runtime: number, build: number): string {
  const lines = [`RUN apk add --no-cache ${sample(random, ALPINE_PACKAGES, runtime).join(' ')}`];
  if (build > 0) {
    const buildPkgs = sample(random, ALPINE_BUILD_PACKAGES, build);
    lines.push(
      `RUN apk add --no-cache --virtual .build-deps ${buildPkgs.join(' ')} \\\n` +
        '    && pip install --no-cache-dir -r requirements.txt \\\n    && apk del .build-deps',
    );
  }
  return lines.join('\n');
}

function debianUser(random: Random): string {
  const name = pick(random, ['app', 'appuser', 'service', 'web', 'worker']);
  const uid = pick(random, [1000, 1001, 10001, 999]);
  return pick(random, [
    `RUN groupadd --system --gid ${uid} ${name} \\\n    && useradd --system --uid ${uid} --gid ${name} --no-create-home ${name}\nUSER ${name}`,
    `RUN adduser --system --group --uid ${uid} ${name}\nUSER ${name}:${name}`,
    `USER ${uid}`,
    '',
  ]);
}

function alpineUser(random: Random): string {
  const name = pick(random, ['app', 'appuser', 'svc']);
  return pick(random, [
    `RUN addgroup -S ${name} && adduser -S -D -H -G ${name} ${name}\nUSER ${name}`,
    'USER nobody',
    '',
  ]);
}

function labels(random: Random, n: number): string {
  return pick(random, [
    '',
    `LABEL org.opencontainers.image.source="https://github.com/example/service-${n}" \\\n      org.opencontainers.image.licenses="Apache-2.0"`,
    `LABEL maintainer="team-${n % 17}@example.com"`,
  ]);
}

function pythonService(random: Random, n: number): string {
  const tag = `${pick(random, ['3.10', '3.11', '3.12', '3.13'])}-${pick(random, ['slim', 'slim-bookworm', 'bookworm', 'slim-trixie'])}`;
  const port = pick(random, [5000, 8000, 8080]);
  return [
    `FROM python:${tag}`,
    labels(random, n),
    'ENV PYTHONUNBUFFERED=1 \\\n    PYTHONDONTWRITEBYTECODE=1',
    'WORKDIR /app',
    aptInstall(random, 1 + Math.floor(random() * 6), Math.floor(random() * 4)),
    'COPY requirements.txt ./',
    'RUN pip install --no-cache-dir -r requirements.txt',
    'COPY . .',
    debianUser(random),
    `EXPOSE ${port}`,
    pick(random, [
      `CMD ["gunicorn", "--bind", "0.0.0.0:${port}", "app:app"]`,
      `CMD exec uvicorn main:app --host 0.0.0.0 --port \${PORT:-${port}}`,
      'ENTRYPOINT ["python", "-m", "service"]',
    ]),
  ].join('\n\n');
}

function nodeService(random: Random, n: number): string {
  const alpine = random() < 0.5;
  const tag = `${pick(random, ['18', '20', '22'])}-${alpine ? pick(random, ['alpine', 'alpine3.20']) : pick(random, ['bookworm-slim', 'bookworm'])}`;
  const install = alpine
    ? apkInstall(random, 1 + Math.floor(random() * 3), 0)
    : aptInstall(random, 1 + Math.floor(random() * 3), 0);
  const stages = random() < 0.6;
  const build = stages
    ? [
        `FROM node:${tag} AS build`,
        'WORKDIR /src',
        'COPY package*.json ./',
        'RUN npm ci',
        'COPY . .',
        'RUN npm run build',
      ]
    : [];
  return [
    ...build,
    `FROM node:${tag}`,
    labels(random, n),
    'ENV NODE_ENV=production',
    'WORKDIR /app',
    install,
    'COPY package*.json ./',
    'RUN npm ci --omit=dev',
    stages ? 'COPY --from=build --chown=node:node /src/dist ./dist' : 'COPY --chown=node:node . .',
    'USER node',
    'EXPOSE 3000',
    'CMD ["node", "dist/server.js"]',
  ].join('\n\n');
}

function goService(random: Random, n: number): string {
  const alpineBuilder = random() < 0.5;
  const builder = `golang:${pick(random, ['1.21', '1.22', '1.23'])}-${alpineBuilder ? 'alpine' : 'bookworm'}`;
  const runtime = pick(random, [
    'alpine:3.20',
    'alpine:3.19',
    'debian:bookworm-slim',
    'gcr.io/distroless/static-debian12:nonroot',
    'scratch',
  ]);
  const runtimeSetup = runtime.startsWith('alpine')
    ? `${apkInstall(random, 1 + Math.floor(random() * 2), 0)}\n\n${alpineUser(random)}`
    : runtime.startsWith('debian')
      ? `${aptInstall(random, 1 + Math.floor(random() * 2), 0)}\n\n${debianUser(random)}`
      : runtime === 'scratch'
        ? 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nUSER 65534:65534'
        : 'USER nonroot:nonroot';
  return [
    'ARG GO_VERSION=1.22',
    `FROM ${builder} AS build`,
    alpineBuilder
      ? 'RUN apk add --no-cache git ca-certificates'
      : 'RUN apt-get update && apt-get install -y --no-install-recommends git',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    `RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/service-${n} ./cmd/service`,
    `FROM ${runtime}`,
    labels(random, n),
    runtimeSetup,
    `COPY --from=build /out/service-${n} /usr/local/bin/service`,
    'ENTRYPOINT ["/usr/local/bin/service"]',
  ].join('\n\n');
}

function alpineService(random: Random, n: number): string {
  return [
    `FROM alpine:${pick(random, ['3.18', '3.19', '3.20'])}`,
    labels(random, n),
    apkInstall(random, 2 + Math.floor(random() * 5), Math.floor(random() * 3)),
    'WORKDIR /srv',
    'COPY . .',
    alpineUser(random),
    'ENTRYPOINT ["/sbin/tini", "--"]',
    'CMD ["./run.sh"]',
  ].join('\n\n');
}

function debianService(random: Random, n: number): string {
  return [
    `FROM ${pick(random, ['debian:bookworm', 'debian:bookworm-slim', 'debian:trixie-slim', 'ubuntu:22.04', 'ubuntu:24.04'])}`,
    labels(random, n),
    'ARG DEBIAN_FRONTEND=noninteractive',
    aptInstall(random, 2 + Math.floor(random() * 8), Math.floor(random() * 3)),
    'COPY bin/ /usr/local/bin/',
    debianUser(random),
    'CMD ["/usr/local/bin/start"]',
  ].join('\n\n');
}

function jvmService(random: Random, n: number): string {
  const java = pick(random, ['17', '21']);
  return [
    `FROM maven:3.9-eclipse-temurin-${java} AS build`,
    'WORKDIR /build',
    'COPY pom.xml .',
    'RUN mvn -B dependency:go-offline',
    'COPY src ./src',
    'RUN mvn -B package -DskipTests',
    `FROM eclipse-temurin:${java}-jre`,
    labels(random, n),
    aptInstall(random, 1 + Math.floor(random() * 2), 0),
    'WORKDIR /app',
    'COPY --from=build /build/target/*.jar app.jar',
    debianUser(random),
    'ENTRYPOINT ["java", "-jar", "/app/app.jar"]',
  ].join('\n\n');
}

function ubiService(random: Random, n: number): string {
  return [
    'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4',
    labels(random, n),
    `RUN microdnf install -y --nodocs ${sample(random, UBI_PACKAGES, 2 + Math.floor(random() * 4)).join(' ')} \\\n    && microdnf clean all`,
    'WORKDIR /opt/app',
    'COPY . .',
    'RUN useradd --uid 1001 --gid 0 app && chmod -R g=u /opt/app',
    'USER 1001',
    'CMD ["python3.12", "-m", "worker"]',
  ].join('\n\n');
}

const GENERATORS = [
  pythonService,
  nodeService,
  goService,
  alpineService,
  debianService,
  jvmService,
  ubiService,
];

/** Where a Dockerfile sits in the fake monorepo, with the naming variety real repositories have. */
function corpusPath(random: Random, n: number): string {
  const team = `team-${String(n % 40).padStart(2, '0')}`;
  const service = `service-${String(n).padStart(4, '0')}`;
  const name = pick(random, [
    'Dockerfile',
    'Dockerfile',
    'Dockerfile',
    'Dockerfile',
    'Dockerfile.prod',
    'worker.Dockerfile',
    'Containerfile',
  ]);
  return `${team}/${service}/${name}`;
}

/**
 * Write `count` Dockerfiles below `dir` and return their paths relative to it.
 * One in ten is a copy of a samples/ Dockerfile; the rest come from the generators above.
 */
export async function generateCorpus(
  dir: string,
  count: number,
  seed: number,
  samplesDir: string,
): Promise<string[]> {
  const random = seededRandom(seed);
  const samples: string[] = [];
  for (const entry of (await readdir(samplesDir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    if (!entry.isDirectory()) continue;
    samples.push(
      await readFile(join(samplesDir, entry.name, 'Dockerfile'), 'utf8').catch(() => ''),
    );
  }
  const usable = samples.filter(Boolean);
  const paths: string[] = [];
  for (let n = 0; n < count; n++) {
    const path = corpusPath(random, n);
    const text =
      n % 10 === 0 && usable.length > 0
        ? `# corpus copy ${n}\n${pick(random, usable)}`
        : `${pick(random, GENERATORS)(random, n).replace(/\n{3,}/g, '\n\n')}\n`;
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
    paths.push(path);
  }
  return paths;
}
