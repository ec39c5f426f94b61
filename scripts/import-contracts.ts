// Derive rules/base-contracts.json — what a base image gives an image besides its packages —
// from the extracted facts in ../shared/data:
//   base-image-contracts.json   ENV, WORKDIR, USER, ENTRYPOINT/CMD, STOPSIGNAL, shell, accounts
//                               and tools of 29 images / 171 variants, merged through parents
//                               (its .md: `null` = not set by the chain, missing = not established)
//   chainguard-images.json      entrypoint, run-as user and packages of Chainguard's images
// Usage: node dist/scripts/import-contracts.js [shared-data-dir] [out-file]

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PATH_DIRECTORIES } from '../src/generate/default-path.js';
import {
  BASE_CONTRACTS_FORMAT,
  type BaseContractsData,
  type ContractVariant,
} from '../src/map/contract-data.js';

type EnvValue = string | { value: string | null; versioned?: boolean };
interface SharedVariant {
  tags?: string[];
  env?: Record<string, EnvValue>;
  workdir?: string | null;
  user?: string | null;
  entrypoint?: string[] | null;
  cmd?: string[] | null;
  stopsignal?: string | null;
  expose?: string[];
  volumes?: string[];
  shell?: { sh?: boolean };
  users?: { name: string; uid?: number; gid?: number }[];
  tools?: Record<string, string>;
  toolsInherited?: Record<string, string>;
  source?: { repo?: string; path?: string; commit?: string; url?: string };
}
interface SharedContracts {
  header: { extracted?: string };
  images: Record<string, { registry: string; variants: Record<string, SharedVariant> }>;
}
interface ChainguardImage {
  runAs: string;
  entrypoint: string;
  packages: string[];
}

/**
 * ENV that still means something on Wolfi. Left out: release-specific values (versions,
 * checksums, URLs, keys), build flags (PHP_CFLAGS, PHPIZE_DEPS: compiling PHP happened in
 * Docker's image, not here) and paths of Docker's own install layout (HTTPD_PREFIX,
 * MAVEN_HOME, APACHE_CONFDIR), which Wolfi's packages do not use.
 */
const CARRIED_ENV = new Set([
  'APP_UID',
  'ASPNETCORE_HTTP_PORTS',
  'BUNDLE_APP_CONFIG',
  'BUNDLE_SILENCE_ROOT_WARNING',
  'CARGO_HOME',
  'DOTNET_GENERATE_ASPNET_CERTIFICATE',
  'DOTNET_NOLOGO',
  'DOTNET_RUNNING_IN_CONTAINER',
  'DOTNET_SYSTEM_GLOBALIZATION_INVARIANT',
  'DOTNET_USE_POLLING_FILE_WATCHER',
  'GEM_HOME',
  'GOPATH',
  'GOTOOLCHAIN',
  'JAVA_HOME',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'NODE_ENV',
  'NUGET_XMLDOC_MODE',
  'PHP_INI_DIR',
  'SSL_CERT_FILE',
  'container',
]);
/** Versioned ENV whose value is the runtime's own version: Wolfi's version replaces it. */
const VERSION_ENV = new Set([
  'PYTHON_VERSION',
  'NODE_VERSION',
  'GOLANG_VERSION',
  'RUBY_VERSION',
  'PHP_VERSION',
  'JAVA_VERSION',
]);
/** Variables naming where `go install`, `gem install`, `cargo install` put programs. */
const INSTALL_HOMES = ['GOPATH', 'GEM_HOME', 'CARGO_HOME'];

function envValue(v: EnvValue): { value: string | null; versioned: boolean } {
  return typeof v === 'string'
    ? { value: v, versioned: false }
    : { value: v.value, versioned: v.versioned === true };
}

/** A tag's leading version and its other words (digits dropped, as src/map/image-ref.ts reads tags). */
function readTag(tag: string): { version: string | null; words: string[] } {
  const tokens = tag.toLowerCase().split(/[-/]/).filter(Boolean);
  const lead = /^v?(\d+(?:\.\d+)*)$/.exec(tokens[0] ?? '');
  const version = lead?.[1] ?? null;
  if (version) tokens.shift();
  const words = tokens
    .map((t) => /^([a-z]*)/.exec(t)?.[1] ?? '')
    .filter((w) => w !== '' && w !== 'latest');
  return { version, words };
}

function toolNames(tools: Record<string, string> | undefined): string[] {
  const out: string[] = [];
  for (const key of Object.keys(tools ?? {})) {
    for (const part of key.split('/')) {
      const name = part.trim();
      if (/^[a-z][\w.+-]*$/.test(name)) out.push(name);
    }
  }
  return out;
}

function variantOf(tag: string, v: SharedVariant): ContractVariant {
  const env: Record<string, string> = {};
  const versionEnv: string[] = [];
  for (const [name, raw] of Object.entries(v.env ?? {})) {
    const { value, versioned } = envValue(raw);
    if (VERSION_ENV.has(name)) versionEnv.push(name);
    else if (CARRIED_ENV.has(name) && !versioned && value !== null) env[name] = value;
  }
  // Keep PATH entries where tools install into a directory a carried variable names
  // (GOPATH/bin, GEM_HOME/bin, CARGO_HOME/bin); the rest are Docker's own install prefixes
  // (/usr/local/go/bin, $JAVA_HOME/bin: Wolfi's programs are in /usr/bin).
  const homes = INSTALL_HOMES.map((name) => env[name]).filter((v): v is string => Boolean(v));
  const pathValue = v.env?.['PATH'] ? envValue(v.env['PATH']).value : null;
  const path = [
    ...new Set(
      (pathValue ?? '')
        .split(':')
        .filter(
          (p) =>
            p !== '' &&
            !DEFAULT_PATH_DIRECTORIES.includes(p) &&
            homes.some((h) => p === h || p.startsWith(`${h}/`)),
        ),
    ),
  ];
  const src = v.source;
  const source =
    src?.url ?? [src?.repo, src?.path, src?.commit?.slice(0, 12)].filter(Boolean).join(' ');
  // The variant's fewest-word tag says what it is the default of (`8.0` for 8.0-bookworm-slim).
  const own = readTag(tag);
  const words = (v.tags ?? [])
    .filter((t) => !t.includes(':'))
    .map((t) => readTag(t).words)
    .reduce((a, b) => (b.length < a.length ? b : a), own.words);
  return {
    tag,
    version: own.version,
    words,
    entrypoint: v.entrypoint ?? null,
    cmd: v.cmd ?? null,
    workdir: v.workdir ?? null,
    user: v.user ?? null,
    stopsignal: v.stopsignal ?? null,
    shell: v.shell?.sh ?? null,
    env,
    versionEnv,
    path,
    users: (v.users ?? [])
      .filter((u) => u.uid !== undefined)
      .map((u): [string, number, number] => [u.name, u.uid as number, u.gid ?? (u.uid as number)]),
    tools: [...new Set([...toolNames(v.tools), ...toolNames(v.toolsInherited)])].sort(),
    volumes: v.volumes ?? [],
    expose: v.expose ?? [],
    source,
  };
}

/** Image keys as wolfify normalises references (src/map/image-ref.ts), one per variant group. */
function keysFor(image: string, registry: string, variant: string): { key: string; tag: string }[] {
  if (image === 'distroless') {
    const [name = '', tag = 'latest'] = variant.split('/');
    return [{ key: `gcr.io/distroless/${name}`, tag }];
  }
  if (image === 'dotnet') {
    const [repo = '', tag = ''] = variant.split('/');
    return [{ key: `mcr.microsoft.com/dotnet/${repo}`, tag }];
  }
  if (image === 'ubi') {
    // ubi9 = registry.access.redhat.com/ubi9 = …/ubi9/ubi; ubi9-minimal = …/ubi9/ubi-minimal.
    const [release = '', kind] = variant.split('-');
    const name = kind ? `ubi-${kind}` : 'ubi';
    return ['registry.access.redhat.com', 'registry.redhat.io']
      .flatMap((host) => [
        { key: `${host}/${variant}`, tag: 'latest' },
        { key: `${host}/${release}/${name}`, tag: 'latest' },
      ])
      .concat([{ key: `redhat/${variant}`, tag: 'latest' }]);
  }
  if (registry.startsWith('docker.io/library/')) return [{ key: image, tag: variant }];
  return [{ key: registry, tag: variant }];
}

function chainguardVariant(name: string, image: ChainguardImage, source: string): ContractVariant {
  const packages = image.packages.map((p) => p.split('=')[0] ?? p);
  const argv = image.entrypoint.split(' ').filter(Boolean);
  return {
    tag: 'latest',
    version: null,
    words: [],
    entrypoint: argv.length > 0 ? argv : null,
    cmd: null,
    workdir: null,
    user: image.runAs === '0' || image.runAs === '' ? null : image.runAs,
    stopsignal: null,
    shell: packages.some((p) => p === 'busybox' || p.endsWith('-binsh')),
    env: {},
    versionEnv: [],
    path: [],
    users: image.runAs === '65532' ? [['nonroot', 65532, 65532]] : [],
    tools: [],
    volumes: [],
    expose: [],
    source: `${source} images/${name}`,
  };
}

function main(argv: string[]): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dataDir = argv[0] ?? join(root, '..', 'shared', 'data');
  const outFile = argv[1] ?? join(root, 'rules', 'base-contracts.json');
  const shared = JSON.parse(
    readFileSync(join(dataDir, 'base-image-contracts.json'), 'utf8'),
  ) as SharedContracts;
  const chainguard = JSON.parse(readFileSync(join(dataDir, 'chainguard-images.json'), 'utf8')) as {
    header: { source?: { repo?: string; commit?: string } };
    images: Record<string, ChainguardImage>;
  };

  const images: Record<string, ContractVariant[]> = {};
  for (const [image, entry] of Object.entries(shared.images)) {
    for (const [variant, facts] of Object.entries(entry.variants)) {
      for (const { key, tag } of keysFor(image, entry.registry, variant)) {
        (images[key] ??= []).push(variantOf(tag, facts));
      }
    }
  }
  const cgSource = [chainguard.header.source?.repo, chainguard.header.source?.commit?.slice(0, 12)]
    .filter(Boolean)
    .join(' ');
  for (const [name, image] of Object.entries(chainguard.images)) {
    images[`cgr.dev/chainguard/${name}`] = [chainguardVariant(name, image, cgSource)];
  }

  const data: BaseContractsData = {
    format: BASE_CONTRACTS_FORMAT,
    source:
      `derived by scripts/import-contracts.ts from base-image-contracts.json (${shared.header.extracted ?? 'undated'}; ` +
      `each variant's source repository, path and commit are kept) and chainguard-images.json (${cgSource})`,
    images: Object.fromEntries(Object.entries(images).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  const tmp = `${outFile}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data)}\n`);
  renameSync(tmp, outFile);
  process.stdout.write(`wrote ${outFile}: ${Object.keys(images).length} images\n`);
}

main(process.argv.slice(2));
