// Derive the size model's data files from the extracted facts in ../shared/data:
//   rules/base-images.json   on-disk sizes of Docker Hub base images per tag (repo-info),
//                            their preinstalled packages where known, and the Debian
//                            base system assumed when an image's list is unknown
//   rules/size-debian-{bookworm,trixie}.txt  installed size + depends (virtual names
//                            already resolved) of the Debian packages a Dockerfile commonly
//                            installs and all they pull in, a sorted line per package
//   rules/size-debian.json   where those indexes come from; apk/dnf → Debian names
//   rules/size-wolfi.json    Wolfi package → installed size of the Debian package(s) of the
//                            same software: the estimate used when no APKINDEX was imported
// Usage: node dist/scripts/import-sizes.js [shared-data-dir] [out-dir]

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltinCatalog } from '../src/catalog/builtin.js';
import type { Catalog } from '../src/catalog/catalog.js';
import { debianTableFile, wolfiEquivalentsFromData } from '../src/size/data.js';
import {
  afterCalibration,
  apkCalibration,
  debianCalibration,
  ladderCalibrations,
  modelTables,
  roundingRange,
  variantCalibration,
  type Indexes as SizeIndexes,
} from './size-model-data.js';
import {
  BASE_IMAGES_FORMAT,
  SIZE_DEBIAN_FORMAT,
  SIZE_WOLFI_FORMAT,
  type BaseImageEntry,
  type BaseImagesData,
  type DebianRelease,
  type SizeDebianData,
  type SizeWolfiData,
} from '../src/size/data.js';

/** [version, source, installed KiB, depends (first alternative), provides, section] */
type DebianRow = [string, string, number, string[], string[], string];
interface DebianFile {
  source: string;
  generated: string;
  packages: Record<string, DebianRow>;
}

interface SharedBaseEntry {
  resolved_tag: string | null;
  virtual_size_bytes: number | null;
  virtual_size_text: string | null;
  compressed_size_bytes: number | null;
  created: string | null;
  created_from_remote_history?: string;
  distro: string | null;
  codename: string | null;
  packages_complete: boolean;
  packages?: string[] | null;
  sources: Record<string, { path: string; commit: string }>;
}
interface SharedBaseImages {
  header: { source_repo: string; extracted: string; virtual_size_unit_assumption: string };
  entries: Record<string, SharedBaseEntry>;
}

const RELEASES: readonly DebianRelease[] = ['bookworm', 'trixie'];

// ---------------------------------------------------------------- Debian index

class DebianIndex {
  private readonly providers = new Map<string, string[]>();
  constructor(
    readonly release: DebianRelease,
    readonly file: DebianFile,
  ) {
    for (const [name, row] of Object.entries(file.packages)) {
      for (const v of row[4])
        if (!(v in file.packages))
          (this.providers.get(v) ?? this.providers.set(v, []).get(v))?.push(name);
    }
  }
  row(name: string): DebianRow | undefined {
    return this.file.packages[name];
  }
  /** A real package for a dependency name: itself, or the first provider by name. */
  real(name: string): string | null {
    if (this.row(name)) return name;
    return [...(this.providers.get(name) ?? [])].sort()[0] ?? null;
  }
  deps(name: string): string[] {
    const out: string[] = [];
    for (const d of this.row(name)?.[3] ?? []) {
      const r = this.real(d);
      if (r && r !== name && !out.includes(r)) out.push(r);
    }
    return out;
  }
  closure(seeds: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...seeds].filter((s) => this.row(s));
    while (stack.length > 0) {
      const n = stack.pop() as string;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const d of this.deps(n)) if (!seen.has(d)) stack.push(d);
    }
    return seen;
  }
}

// ---------------------------------------------------------------- seeds: what Dockerfiles install

/** Sections whose packages show up in Dockerfiles (the same cut the catalog import makes). */
const SECTIONS = new Set(
  'libs libdevel devel utils net admin python web database httpd interpreters shells editors vcs misc text graphics video sound fonts mail java php oldlibs kernel localization perl ruby javascript metapackages x11 comm otherosfs'.split(
    ' ',
  ),
);

/** Installs seen in many Dockerfiles whose Debian name matches no Wolfi origin. */
const COMMON_INSTALLS =
  'build-essential ca-certificates curl wget git gnupg gnupg2 dirmngr unzip zip xz-utils bzip2 procps iproute2 iputils-ping netcat-openbsd dnsutils less vim-tiny nano jq locales tzdata gosu tini dumb-init supervisor sudo openssh-client rsync file pkg-config pkgconf default-libmysqlclient-dev default-mysql-client postgresql-client libpq-dev libpq5 python3 python3-pip python3-venv python3-dev nodejs npm openjdk-17-jre-headless openjdk-21-jre-headless default-jre-headless ruby-full php-cli nginx apache2 imagemagick ffmpeg chromium fonts-liberation libnss3 libxml2-dev libxslt1-dev libjpeg-dev libpng-dev zlib1g-dev libffi-dev libssl-dev libyaml-dev libgdal-dev gdal-bin gettext cmake autoconf automake libtool make gcc g++ apt-transport-https software-properties-common lsb-release'.split(
    ' ',
  );

function seedNames(index: DebianIndex, catalog: Catalog): Set<string> {
  const origins = new Set(catalog.names().map((n) => catalog.origin(n) ?? n));
  const seeds = new Set<string>(COMMON_INSTALLS);
  for (const [name, row] of Object.entries(index.file.packages)) {
    if (!SECTIONS.has(row[5])) continue;
    const source = row[1];
    const base = source.replace(/-?\d+(\.\d+)*$/, '');
    const py = name.startsWith('python3-') ? `py3-${name.slice('python3-'.length)}` : null;
    if (
      catalog.has(name) ||
      origins.has(source) ||
      origins.has(base) ||
      (py !== null && catalog.has(py))
    )
      seeds.add(name);
  }
  return seeds;
}

// ---------------------------------------------------------------- base images

function shortDate(iso: string | null): string | null {
  return iso ? iso.slice(0, 10) : null;
}

function baseEntry(e: SharedBaseEntry): BaseImageEntry {
  const [low, high] =
    e.virtual_size_bytes === null
      ? [null, null]
      : roundingRange(e.virtual_size_bytes, e.virtual_size_text);
  const sources = Object.values(e.sources).map(
    (s) => `docker-library/repo-info ${s.path}@${s.commit.slice(0, 8)}`,
  );
  return {
    resolved: e.resolved_tag,
    bytes: e.virtual_size_bytes,
    sizeText: e.virtual_size_text,
    low,
    high,
    compressedBytes: e.compressed_size_bytes,
    created: shortDate(e.created) ?? e.created_from_remote_history ?? null,
    distro: e.distro,
    codename: e.codename,
    packages: e.packages_complete && e.packages ? e.packages : null,
    source: sources.join('; '),
  };
}

/** bookworm-slim's list mapped to trixie names (same name, else a t64/renamed binary of the same source), then closed. */
function trixieBase(bookwormSlim: string[], bookworm: DebianIndex, trixie: DebianIndex): string[] {
  const bySource = new Map<string, string[]>();
  for (const [name, row] of Object.entries(trixie.file.packages))
    (bySource.get(row[1]) ?? bySource.set(row[1], []).get(row[1]))?.push(name);
  const mapped: string[] = [];
  for (const name of bookwormSlim) {
    if (trixie.row(name)) {
      mapped.push(name);
      continue;
    }
    const source = bookworm.row(name)?.[1] ?? name;
    const stem = name.replace(/[\d.]+$/, '');
    const candidate = (bySource.get(source) ?? []).find(
      (n) => n === `${name}t64` || (stem.length > 3 && n.startsWith(stem) && !n.endsWith('-dev')),
    );
    if (candidate) mapped.push(candidate);
  }
  return [...trixie.closure(mapped)].sort();
}

// ---------------------------------------------------------------- Wolfi → Debian equivalents

/**
 * Hand list for the packages every image carries and the language runtimes, where names
 * differ or Debian splits the software over several packages. `[]` = nothing of its own
 * worth counting (meta packages, config snippets, files Debian keeps inside another package).
 * A leading `bookworm:` picks that release (trixie otherwise).
 */
const WOLFI_HAND: [RegExp, string[] | ((m: RegExpExecArray) => string[])][] = [
  [
    /^(merged-\w+|wolfi-base|wolfi-keys|build-base|openssf-compiler-options|posix-cc-wrappers|krb5-conf)$/,
    [],
  ],
  [
    /-(config|compat|oci-entrypoint-compat|privileged-netbindservice|fastcgi-params|scgi-params|uwsgi-params|mime-types|package-config|default-jvm|default-jdk)$/,
    [],
  ],
  [/^java-common(-jre)?$/, []],
  [/^ld-linux(-[\d.]+)?$/, []],
  [/^libcrypt1-[\d.]+$/, []],
  [/^glibc(-[\d.]+)?$/, ['libc6']],
  [/^glibc(-[\d.]+)?-dev$/, ['libc6-dev']],
  [/^glibc(-[\d.]+)?-locales$/, ['locales']],
  [/^glibc(-[\d.]+)?-locale-posix$/, []],
  [/^glibc(-[\d.]+)?-iconv$/, []],
  [/^libxcrypt$/, ['libcrypt1']],
  [/^libgcc$/, ['libgcc-s1']],
  [/^libstdc\+\+$/, ['libstdc++6']],
  [/^libstdc\+\+-dev$/, ['libstdc++-14-dev']],
  [/^libgomp$/, ['libgomp1']],
  [/^libatomic$/, ['libatomic1']],
  [/^libquadmath$/, ['libquadmath0']],
  [
    /^gcc(-14)?$/,
    [
      'gcc-14',
      'gcc-14-x86-64-linux-gnu',
      'cpp-14',
      'cpp-14-x86-64-linux-gnu',
      'libgcc-14-dev',
      'libcc1-0',
    ],
  ],
  [
    /^binutils$/,
    [
      'binutils',
      'binutils-x86-64-linux-gnu',
      'libbinutils',
      'binutils-common',
      'libctf0',
      'libctf-nobfd0',
      'libsframe1',
    ],
  ],
  [/^ca-certificates-bundle$/, ['ca-certificates']],
  // The bundle is counted above; this package is the update tooling.
  [/^ca-certificates$/, []],
  [/^wolfi-baselayout$/, ['base-files']],
  [/^libcrypto3$/, ['libssl3t64']],
  // Debian ships libssl and libcrypto in one package, counted under libcrypto3.
  [/^libssl3$/, []],
  [/^zlib$/, ['zlib1g']],
  [/^libbz2-1$/, ['libbz2-1.0']],
  [/^xz$/, ['xz-utils', 'liblzma5']],
  [/^libffi$/, ['libffi8']],
  [/^gdbm$/, ['libgdbm6t64']],
  [/^mpdecimal$/, ['libmpdec4']],
  [/^ncurses$/, ['libncursesw6', 'libtinfo6']],
  [/^ncurses-terminfo-base$/, ['ncurses-base']],
  [/^readline$/, ['libreadline8t64']],
  [/^sqlite-libs$/, ['libsqlite3-0']],
  [/^libuuid$/, ['libuuid1']],
  [/^py3-pip-wheel$/, ['python3-pip-whl']],
  [/^python-3\.11$/, ['bookworm:python3.11']],
  [
    /^python-3\.11-base$/,
    [
      'bookworm:python3.11-minimal',
      'bookworm:libpython3.11-minimal',
      'bookworm:libpython3.11-stdlib',
    ],
  ],
  [/^python-3\.11-dev$/, ['bookworm:python3.11-dev', 'bookworm:libpython3.11-dev']],
  [/^python-3\.\d+$/, ['python3.13']],
  [/^python-3\.\d+-base$/, ['python3.13-minimal', 'libpython3.13-minimal', 'libpython3.13-stdlib']],
  [/^python-3\.\d+-dev$/, ['python3.13-dev', 'libpython3.13-dev']],
  // The index's `nodejs` row is NodeSource's build (node + npm + headers), not Debian's: use the engine.
  [/^nodejs-\d+$/, ['libnode115']],
  [/^nodejs-\d+-minimal$/, []],
  [/^npm(-\d+)?$/, ['npm']],
  [/^openjdk-17-jre$/, ['bookworm:openjdk-17-jre-headless']],
  [/^openjdk-17$/, ['bookworm:openjdk-17-jdk-headless', 'bookworm:openjdk-17-jre-headless']],
  [/^openjdk-\d+-jre$/, ['openjdk-21-jre-headless']],
  [/^openjdk-\d+$/, ['openjdk-21-jdk-headless', 'openjdk-21-jre-headless']],
  [/^openjdk-\d+-jmods$/, []],
  [/^ruby-[\d.]+$/, ['ruby3.3', 'libruby3.3']],
  [/^ruby-[\d.]+-dev$/, ['ruby3.3-dev']],
  [/^php-[\d.]+$/, ['php8.4-cli', 'php8.4-common', 'php8.4-opcache', 'php8.4-readline']],
  [
    /^php-[\d.]+-(fpm|cgi|dev|curl|mysql|pgsql|gd|intl|mbstring|xml|zip|bcmath|sqlite3|soap|ldap)$/,
    (m) => [`php8.4-${m[1] ?? ''}`],
  ],
  [/^php-[\d.]+-[\w-]+$/, []],
  [/^nginx(-mainline|-stable)?$/, ['nginx', 'nginx-common']],
  [/^go-1\.\d+$/, ['golang-1.24-go', 'golang-1.24-src']],
  [/^icu\d+-data(-full)?$/, []],
  [/^libicu\d+$/, ['libicu76']],
  [/^libcurl-openssl4$/, ['libcurl4t64']],
  [/^c-ares$/, ['libcares2']],
  [/^libuv$/, ['libuv1t64']],
  [/^libbrotlicommon1$/, ['libbrotli1']],
  [/^libbrotli(dec|enc)1$/, []],
  [/^libxml2-16$/, []],
  [/^yaml$/, ['libyaml-0-2']],
  [/^gmp$/, ['libgmp10']],
  [/^libidn2$/, ['libidn2-0']],
  [/^libunistring$/, ['libunistring5']],
  [/^libpsl$/, ['libpsl5t64']],
  [/^krb5-libs$/, ['libkrb5-3', 'libk5crypto3', 'libgssapi-krb5-2', 'libkrb5support0']],
  [
    /^heimdal-libs$/,
    ['bookworm:libkrb5-26-heimdal', 'bookworm:libasn1-8-heimdal', 'bookworm:libhcrypto5-heimdal'],
  ],
  [/^keyutils-libs$/, ['libkeyutils1']],
  [/^libcom_err$/, ['libcom-err2']],
  [/^libverto$/, ['libverto1t64']],
  [/^libldap-[\d.]+$/, ['libldap2']],
  [/^cyrus-sasl(-heimdal)?-libs$/, ['libsasl2-2', 'libsasl2-modules-db']],
  [/^nghttp3$/, ['libnghttp3-9']],
  [/^ngtcp2$/, ['libngtcp2-16', 'libngtcp2-crypto-ossl0']],
  [/^nghttp2$/, []],
  [/^libedit$/, ['libedit2']],
  [/^libselinux$/, ['libselinux1']],
  [/^libsepol$/, ['libsepol2']],
  [/^linux-headers$/, ['linux-libc-dev']],
  [/^isl$/, ['libisl23']],
  [/^mpc$/, ['libmpc3']],
  [/^mpfr$/, ['libmpfr6']],
  [/^alsa-lib$/, ['libasound2t64', 'libasound2-data']],
  [/^freetype$/, ['libfreetype6']],
  [/^giflib$/, ['libgif7']],
  [/^lcms2$/, ['liblcms2-2']],
  [/^libjpeg-turbo$/, ['libjpeg62-turbo']],
  [/^libpng$/, ['libpng16-16t64']],
  [/^libtasn1$/, ['libtasn1-6']],
  [/^libx11$/, ['libx11-6', 'libx11-data']],
  [/^libxau$/, ['libxau6']],
  [/^libxcb$/, ['libxcb1']],
  [/^libxdmcp$/, ['libxdmcp6']],
  [/^libxext$/, ['libxext6']],
  [/^libxi$/, ['libxi6']],
  [/^libxrender$/, ['libxrender1']],
  [/^libxtst$/, ['libxtst6']],
  [/^ttf-dejavu$/, ['fonts-dejavu-core', 'fonts-dejavu-mono']],
  [/^p11-kit$/, ['libp11-kit0']],
  [/^p11-kit-trust$/, ['p11-kit-modules']],
  [/^java-cacerts$/, ['ca-certificates-java']],
  [/^libfontconfig1$/, ['libfontconfig1', 'fontconfig-config']],
  [/^libev$/, ['libev4t64']],
  [/^oniguruma$/, ['libonig5']],
  [/^libsodium$/, ['libsodium23']],
  [/^libjemalloc2$/, ['libjemalloc2']],
];

type Indexes = Record<DebianRelease, DebianIndex>;

/** Split `bookworm:name` into release and name. */
function releaseOf(spec: string): [DebianRelease, string] {
  return spec.startsWith('bookworm:')
    ? ['bookworm', spec.slice('bookworm:'.length)]
    : ['trixie', spec];
}

/** The first of the candidates that exists, trixie first. */
function firstExisting(candidates: string[], idx: Indexes): string | null {
  for (const release of ['trixie', 'bookworm'] as const) {
    for (const c of candidates)
      if (idx[release].row(c)) return release === 'trixie' ? c : `bookworm:${c}`;
  }
  return null;
}

/** A Debian library binary for a bare library name: libfoo → libfoo8, libfoo-1 → libfoo1t64. */
const sortedNames = new Map<DebianRelease, string[]>();

/** The index's names that start with `prefix`, found by binary search in the sorted list. */
function namesStartingWith(release: DebianRelease, idx: Indexes, prefix: string): string[] {
  let names = sortedNames.get(release);
  if (!names) {
    names = Object.keys(idx[release].file.packages).sort();
    sortedNames.set(release, names);
  }
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((names[mid] as string) < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < names.length && (names[i] as string).startsWith(prefix); i++)
    out.push(names[i] as string);
  return out;
}

function libraryBinary(name: string, idx: Indexes): string | null {
  const stem = name.replace(/-?\d+$/, '');
  for (const release of ['trixie', 'bookworm'] as const) {
    const re = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-?[\\d.]+(t64)?$`);
    const hit = namesStartingWith(release, idx, stem).filter((n) => re.test(n))[0];
    if (hit) return release === 'trixie' ? hit : `bookworm:${hit}`;
  }
  return null;
}

function debianEquivalent(name: string, idx: Indexes): string[] | null {
  for (const [re, to] of WOLFI_HAND) {
    const m = re.exec(name);
    if (m) return typeof to === 'function' ? to(m) : to;
  }
  const unversioned = name.replace(/-\d+(\.\d+)*$/, '');
  const candidates = [name, `${name}t64`];
  if (name.startsWith('py3-')) candidates.push(`python3-${name.slice(4)}`);
  if (name.startsWith('perl-')) candidates.push(`lib${name.slice(5).toLowerCase()}-perl`);
  if (name.endsWith('-dev'))
    candidates.push(`lib${name}`, name.replace(/^lib/, 'lib').replace(/-dev$/, '1-dev'));
  if (unversioned !== name) candidates.push(unversioned);
  const direct = firstExisting(candidates, idx);
  if (direct) return [direct];
  if (!name.endsWith('-dev') && !name.endsWith('-doc')) {
    const lib = libraryBinary(name.startsWith('lib') ? name : `lib${name}`, idx);
    if (lib) return [lib];
  }
  return null;
}

function wolfiSizes(catalog: Catalog, idx: Indexes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of catalog.names()) {
    const eq = debianEquivalent(name, idx);
    if (eq === null) continue;
    let kib = 0;
    const used: string[] = [];
    for (const spec of eq) {
      const [release, deb] = releaseOf(spec);
      const row = idx[release].row(deb);
      if (!row) continue;
      kib += row[2];
      used.push(spec);
    }
    // A hand entry whose packages all vanished from the index says nothing: leave it unknown.
    if (eq.length > 0 && used.length === 0) continue;
    out[name] = used.length === 0 ? '0' : `${kib} ${used.join('+')}`;
  }
  return out;
}

// ---------------------------------------------------------------- apk / dnf → Debian names

const APK_TO_DEBIAN: Record<string, string> = {
  'build-base': 'build-essential',
  'openssl-dev': 'libssl-dev',
  'libffi-dev': 'libffi-dev',
  'musl-dev': 'libc6-dev',
  'linux-headers': 'linux-libc-dev',
  'postgresql-dev': 'libpq-dev',
  'postgresql-client': 'postgresql-client',
  'libpq-dev': 'libpq-dev',
  libpq: 'libpq5',
  'mariadb-dev': 'libmariadb-dev',
  'mariadb-connector-c-dev': 'libmariadb-dev',
  'mariadb-client': 'mariadb-client',
  'jpeg-dev': 'libjpeg-dev',
  'libjpeg-turbo-dev': 'libjpeg-dev',
  'zlib-dev': 'zlib1g-dev',
  zlib: 'zlib1g',
  'libxslt-dev': 'libxslt1-dev',
  'yaml-dev': 'libyaml-dev',
  'bind-tools': 'dnsutils',
  xz: 'xz-utils',
  openssh: 'openssh-client',
  'openssh-client': 'openssh-client',
  shadow: 'passwd',
  'su-exec': 'gosu',
  python3: 'python3',
  'python3-dev': 'python3-dev',
  'py3-pip': 'python3-pip',
  nodejs: 'nodejs',
  npm: 'npm',
  'openjdk17-jre': 'openjdk-17-jre-headless',
  'openjdk17-jre-headless': 'openjdk-17-jre-headless',
  'openjdk21-jre': 'openjdk-21-jre-headless',
  'openjdk21-jre-headless': 'openjdk-21-jre-headless',
  'g++': 'g++',
  'libstdc++': 'libstdc++6',
  libgcc: 'libgcc-s1',
  'ca-certificates': 'ca-certificates',
  'ttf-dejavu': 'fonts-dejavu-core',
  'font-noto': 'fonts-noto-core',
  'imagemagick-dev': 'libmagickwand-dev',
  'geos-dev': 'libgeos-dev',
  'gdal-dev': 'libgdal-dev',
  'libxml2-dev': 'libxml2-dev',
  'cairo-dev': 'libcairo2-dev',
  'pcre-dev': 'libpcre2-dev',
  'readline-dev': 'libreadline-dev',
  'ncurses-dev': 'libncurses-dev',
  'sqlite-dev': 'libsqlite3-dev',
  'bzip2-dev': 'libbz2-dev',
  'xz-dev': 'liblzma-dev',
  'curl-dev': 'libcurl4-openssl-dev',
  'git-lfs': 'git-lfs',
};

const DNF_TO_DEBIAN: Record<string, string> = {
  'gcc-c++': 'g++',
  'openssl-devel': 'libssl-dev',
  'libffi-devel': 'libffi-dev',
  'python3-devel': 'python3-dev',
  'postgresql-devel': 'libpq-dev',
  'libpq-devel': 'libpq-dev',
  'mysql-devel': 'default-libmysqlclient-dev',
  'mariadb-devel': 'libmariadb-dev',
  'zlib-devel': 'zlib1g-dev',
  'libxml2-devel': 'libxml2-dev',
  'libxslt-devel': 'libxslt1-dev',
  'libjpeg-turbo-devel': 'libjpeg-dev',
  'glibc-devel': 'libc6-dev',
  'java-17-openjdk-headless': 'openjdk-17-jre-headless',
  'java-21-openjdk-headless': 'openjdk-21-jre-headless',
  'java-17-openjdk': 'openjdk-17-jre',
  'java-21-openjdk': 'openjdk-21-jre',
  'java-21-openjdk-devel': 'openjdk-21-jdk-headless',
  'bind-utils': 'dnsutils',
  iputils: 'iputils-ping',
  'procps-ng': 'procps',
  'shadow-utils': 'passwd',
  'util-linux': 'util-linux',
  which: 'debianutils',
  tar: 'tar',
  gzip: 'gzip',
  xz: 'xz-utils',
  'openssh-clients': 'openssh-client',
  'ca-certificates': 'ca-certificates',
  nodejs: 'nodejs',
  python3: 'python3',
  'python3-pip': 'python3-pip',
  'glibc-langpack-en': 'locales',
};

// ---------------------------------------------------------------- implied shared libraries

/** Wolfi runtime packages → the Chainguard image of the same runtime. */
const IMPLIED_FROM_IMAGES: [string, string][] = [
  ['^python-3\\.\\d+(-base)?$', 'python'],
  ['^nodejs-\\d+$', 'node'],
  ['^ruby-[\\d.]+$', 'ruby'],
  ['^openjdk-\\d+-jre$', 'jre'],
  ['^openjdk-\\d+$', 'jdk'],
  ['^nginx(-mainline|-stable)?$', 'nginx'],
  ['^php-\\d+\\.\\d+$', 'php'],
  ['^busybox$', 'busybox'],
];

/** The image's packages that are not the runtime itself (its version family is the user's choice). */
const RUNTIME_ITSELF =
  /^(python-3|py3-pip|nodejs-|npm-|node-gyp|openjdk-|ruby-?\d|ruby\d|php-\d|nginx-mainline|busybox$|java-common|wolfi-baselayout$|ca-certificates-bundle$)/;

function impliedPackages(dataDir: string, catalog: Catalog): SizeWolfiData['implied'] {
  const images = (
    JSON.parse(readFileSync(join(dataDir, 'chainguard-images.json'), 'utf8')) as {
      header: { source: { commit: string; date: string } };
      images: Record<string, { packages: string[] }>;
    }
  ).images;
  return IMPLIED_FROM_IMAGES.map(([match, image]) => ({
    match,
    image: `cgr.dev/chainguard/${image}`,
    packages: (images[image]?.packages ?? [])
      .map((p) => p.split('=')[0] ?? p)
      .filter((n) => !RUNTIME_ITSELF.test(n) && catalog.has(n))
      .sort(),
  }));
}

// ---------------------------------------------------------------- main

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function main(argv: string[]): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dataDir = argv[0] ?? join(root, '..', 'shared', 'data');
  const outDir = argv[1] ?? join(root, 'rules');
  const catalog = loadBuiltinCatalog();
  const idx = {} as Indexes;
  for (const release of RELEASES) {
    idx[release] = new DebianIndex(
      release,
      JSON.parse(
        readFileSync(join(dataDir, `debian-${release}-packages.json`), 'utf8'),
      ) as DebianFile,
    );
  }

  const shared = JSON.parse(
    readFileSync(join(dataDir, 'base-images.json'), 'utf8'),
  ) as SharedBaseImages;
  const images: Record<string, BaseImageEntry> = {};
  for (const key of Object.keys(shared.entries).sort())
    images[key] = baseEntry(shared.entries[key] as SharedBaseEntry);
  const bookwormSlim = images['debian:bookworm-slim']?.packages;
  if (!bookwormSlim)
    throw new Error('base-images.json lost the package list of debian:bookworm-slim');
  const distroBase: BaseImagesData['distroBase'] = {
    bookworm: {
      basis: "debian:bookworm-slim's package list (repo-info)",
      packages: [...idx.bookworm.closure(bookwormSlim)].sort(),
    },
    trixie: {
      basis:
        "debian:bookworm-slim's package list (repo-info) carried over to trixie names; no trixie list was published in the data",
      packages: trixieBase(bookwormSlim, idx.bookworm, idx.trixie),
    },
  };
  const sizeIdx: SizeIndexes = {
    kib: (release, name) => idx[release].row(name)?.[2],
    closure(release, names, minus) {
      const out: string[] = [];
      const stack = [...names];
      const seen = new Set<string>();
      while (stack.length > 0) {
        const name = stack.pop() as string;
        if (seen.has(name) || minus.has(name) || !idx[release].row(name)) continue;
        seen.add(name);
        out.push(name);
        stack.push(...idx[release].deps(name));
      }
      return out;
    },
  };
  const debianInstalled = debianCalibration(images, distroBase, sizeIdx);
  const apkAsDebian = apkCalibration(images, sizeIdx);
  const tables = modelTables(images, (names) => {
    const raw = names.reduce((sum, n) => sum + (idx.bookworm.row(n)?.[2] ?? 0) * 1024, 0);
    const bytes = Math.round(raw * debianInstalled.factor);
    return {
      bytes,
      low: Math.round(bytes * debianInstalled.low),
      high: Math.round(bytes * debianInstalled.high),
    };
  });
  const identity = { factor: 1, low: 1, high: 1, basis: 'not yet calibrated', samples: [] };
  const baseImages: BaseImagesData = {
    format: BASE_IMAGES_FORMAT,
    source: `${shared.header.source_repo} (via shared/data/base-images.json)`,
    extracted: shared.header.extracted,
    units: shared.header.virtual_size_unit_assumption,
    images,
    distroBase,
    ...tables,
    calibration: {
      debianInstalled,
      apkAsDebian,
      variant: variantCalibration(images),
      nearestTag: identity,
      model: identity,
      after: identity,
    },
  };
  Object.assign(baseImages.calibration, ladderCalibrations(baseImages));

  const releases = {} as SizeDebianData['releases'];
  const releaseTables = {} as Record<DebianRelease, string>;
  const seeds = new Set<string>([
    ...bookwormSlim,
    ...Object.values(APK_TO_DEBIAN),
    ...Object.values(DNF_TO_DEBIAN),
  ]);
  for (const release of RELEASES) {
    const index = idx[release];
    const keep = index.closure([
      ...seeds,
      ...seedNames(index, catalog),
      ...baseImages.distroBase[release].packages,
    ]);
    const packages = [...keep].sort().map((name) => {
      const row = index.row(name) as DebianRow;
      return [name, String(row[2]), ...index.deps(name)].join(' ');
    });
    releases[release] = { source: index.file.source, date: index.file.generated.slice(0, 10) };
    releaseTables[release] = `${packages.join('\n')}\n`;
  }
  const sizeDebian: SizeDebianData = {
    format: SIZE_DEBIAN_FORMAT,
    releases,
    equivalents: { apk: APK_TO_DEBIAN, dnf: DNF_TO_DEBIAN },
  };
  const sizeWolfi: SizeWolfiData = {
    format: SIZE_WOLFI_FORMAT,
    catalog: `${catalog.source} (${catalog.date.slice(0, 10)})`,
    debian: RELEASES.map((r) => `${r}: ${idx[r].file.source}`).join('; '),
    packages: wolfiSizes(catalog, idx),
    implied: impliedPackages(dataDir, catalog),
  };
  baseImages.calibration.after = afterCalibration(
    dataDir,
    catalog,
    wolfiEquivalentsFromData(sizeWolfi),
  );

  for (const [file, data] of [
    ['base-images.json', baseImages],
    ['size-debian.json', sizeDebian],
    ['size-wolfi.json', sizeWolfi],
  ] as const) {
    const text = `${JSON.stringify(data)}\n`;
    writeAtomically(join(outDir, file), text);
    process.stdout.write(`${file}: ${text.length} bytes\n`);
  }
  for (const release of RELEASES) {
    writeAtomically(join(outDir, debianTableFile(release)), releaseTables[release]);
  }
  process.stdout.write(
    `${RELEASES.map((r) => `${debianTableFile(r)}: ${releaseTables[r].split('\n').length - 1}`).join(', ')} packages; ` +
      `size-wolfi.json: ${Object.keys(sizeWolfi.packages).length} of ${catalog.names().length} Wolfi names\n`,
  );
}

main(process.argv.slice(2));
