// What this machine lends the runner's sandbox in place of Wolfi's packages and the package
// registries, which tests never reach (test/runner/stand-ins/README.md says what each one is).
//
// One layer, built once per test process and laid under every build's /usr:
// - usr/bin: `python` (Wolfi's python-3.x has it, Debian only python3), the host's cargo and
//   rustc, and the stand-ins of test/runner/stand-ins/bin for tools this machine lacks or
//   that would need the network (wget, curl);
// - usr/share/wolfify-stand-ins: the local package sources the tools are pointed at through
//   their own configuration (STAND_IN_ENV), never through the generated config.

import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { repoRoot } from '../schema.js';

const SOURCES = join(repoRoot, 'test', 'runner', 'stand-ins');
/** Where the layer's package sources appear inside the sandbox. */
export const STAND_IN_SHARE = '/usr/share/wolfify-stand-ins';
/** Where the host's Rust toolchain appears inside the sandbox (rustup keeps it under $HOME). */
const RUST_IN_SANDBOX = '/usr/lib/wolfify-stand-ins/rust';

const GO_CACHE_IN_SANDBOX = '/var/cache/wolfify-go-build';

/** Each tool's own offline configuration, set by the runner for every step. */
export const STAND_IN_ENV: Readonly<Record<string, string>> = {
  // pip: no index, only the stand-in wheels.
  PIP_NO_INDEX: '1',
  PIP_FIND_LINKS: `${STAND_IN_SHARE}/wheels`,
  // npm: the cache holds the stand-in tarballs by integrity; offline, it never asks a registry.
  npm_config_offline: 'true',
  npm_config_cache: `${STAND_IN_SHARE}/npm-cache`,
  npm_config_update_notifier: 'false',
  // Go: the stand-in modules as a file proxy, no checksum database (go.sum still checks).
  GOPROXY: `file://${STAND_IN_SHARE}/goproxy`,
  GOSUMDB: 'off',
  GOFLAGS: '-mod=mod',
  // cargo: no crates.io.
  CARGO_NET_OFFLINE: 'true',
  // Composer: dists from a filled cache, never the network; the stand-in php lacks Wolfi's
  // extension packages (php-8.2-intl …), so their platform requirements are not checked.
  COMPOSER_CACHE_DIR: `${STAND_IN_SHARE}/composer-cache`,
  COMPOSER_DISABLE_NETWORK: '1',
  COMPOSER_IGNORE_PLATFORM_REQS: '1',
  // bundler: installs from the stand-in gems as from a vendor/cache directory.
  BUNDLE_CACHE_PATH: `${STAND_IN_SHARE}/gems`,
  // Go's build cache is content-addressed: sharing it between builds only saves recompiling
  // the standard library in every sandbox.
  GOCACHE: GO_CACHE_IN_SANDBOX,
};

export interface StandInLayer {
  /** The layer's root on the host (holds usr/). */
  dir: string;
  /** Read-only binds into the sandbox: host path → sandbox path. */
  binds: [string, string][];
  /** Writable binds shared by every build: caches. */
  caches: [string, string][];
}

let layer: StandInLayer | null = null;

/** The layer, built on first use and removed when the process exits. */
export function standInLayer(): StandInLayer {
  if (layer) return layer;
  const dir = mkdtempSync(join(tmpdir(), 'wolfify-stand-ins-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const bin = join(dir, 'usr', 'bin');
  const share = join(dir, 'usr', 'share', 'wolfify-stand-ins');
  mkdirSync(bin, { recursive: true });
  mkdirSync(share, { recursive: true });
  if (!existsSync('/usr/bin/python') && existsSync('/usr/bin/python3'))
    symlinkSync('python3', join(bin, 'python'));
  for (const tool of readdirSync(join(SOURCES, 'bin'))) {
    copyFileSync(join(SOURCES, 'bin', tool), join(bin, tool));
    chmodSync(join(bin, tool), 0o755);
  }
  execFileSync('/usr/bin/python3', [
    join(SOURCES, 'python', 'build_wheels.py'),
    join(share, 'wheels'),
  ]);
  execFileSync('/usr/bin/python3', [join(SOURCES, 'go', 'build_proxy.py'), join(share, 'goproxy')]);
  const tarballs = readdirSync(join(SOURCES, 'npm'))
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(SOURCES, 'npm', f));
  buildGems(join(share, 'gems'));
  execFileSync('/usr/bin/python3', [
    join(SOURCES, 'composer', 'build_cache.py'),
    join(share, 'composer-cache'),
  ]);
  mkdirSync(join(share, 'npm'));
  for (const tarball of tarballs) copyFileSync(tarball, join(share, 'npm', basename(tarball)));
  if (tarballs.length > 0)
    execFileSync('npm', ['cache', 'add', ...tarballs, '--cache', join(share, 'npm-cache')], {
      stdio: 'pipe',
    });
  // cargo takes sources only from configuration files: one at the root, which every project's
  // directory is below, points crates.io at the stand-in crates.
  cpSync(join(SOURCES, 'downloads'), join(share, 'downloads'), { recursive: true });
  cpSync(join(SOURCES, 'crates'), join(share, 'crates'), { recursive: true });
  mkdirSync(join(dir, 'cargo'));
  writeFileSync(
    join(dir, 'cargo', 'config.toml'),
    `[source.crates-io]\nreplace-with = "stand-ins"\n\n[source.stand-ins]\ndirectory = "${STAND_IN_SHARE}/crates"\n`,
  );
  const binds: [string, string][] = [[join(dir, 'cargo'), '/.cargo']];
  const rust = rustToolchain();
  if (rust) {
    mkdirSync(join(dir, RUST_IN_SANDBOX), { recursive: true });
    for (const tool of ['cargo', 'rustc'])
      symlinkSync(`${RUST_IN_SANDBOX}/bin/${tool}`, join(bin, tool));
    binds.push([rust, RUST_IN_SANDBOX]);
  }
  mkdirSync(join(dir, 'go-build'));
  layer = { dir, binds, caches: [[join(dir, 'go-build'), GO_CACHE_IN_SANDBOX]] };
  return layer;
}

/** `gem build` of each stand-in gem (when Ruby is here; without it the Ruby samples fail). */
function buildGems(out: string): void {
  mkdirSync(out);
  if (spawnSync('gem', ['--version']).status !== 0) return;
  for (const gem of readdirSync(join(SOURCES, 'gems'))) {
    const name = gem.slice(0, gem.lastIndexOf('-'));
    execFileSync('gem', ['build', `${name}.gemspec`, '-o', join(out, `${gem}.gem`)], {
      cwd: join(SOURCES, 'gems', gem),
      stdio: 'pipe',
    });
  }
}

/** The host's Rust toolchain directory, when rustc is not already in /usr/bin. */
function rustToolchain(): string | null {
  if (existsSync('/usr/bin/cargo')) return null;
  const sysroot = spawnSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' });
  return sysroot.status === 0 ? sysroot.stdout.trim() : null;
}
