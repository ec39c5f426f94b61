// A local stand-in for `melange build`, for tests: it runs a config's pipeline the way melange
// runs it, under bubblewrap, with this machine's own tools standing in for Wolfi's.
//
// - Each step is `/bin/sh -c` with `set -e`, melange's PATH exported first, `working-directory`
//   created and entered, `${{…}}` substituted (an unknown name fails the step), and the build's
//   `environment.environment` plus the step's `environment` as the only variables.
// - Each build gets its own root: the host's /usr and /etc under a writable overlay, the
//   destdirs of the builds it depends on overlaid on top (as apk would install their packages),
//   a fresh /home/build holding the workspace's regular files (minus .melangeignore), a tmpfs
//   /tmp and no network. bubblewrap 0.8 (Debian 12) has no overlay options, so the overlays
//   are kernel overlayfs mounts made in a private mount namespace (`unshare`) just before it.
// - `uses:` supports what fixtures need: `fetch` of a local file (sha256 checked) and
//   `git-checkout` of a local repository. Anything else fails clearly.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';
import type { MelangeConfig } from '../../src/model.js';
import { list, record, stringRecord } from '../../src/plan/melange-config.js';
import { MELANGE_PATH } from '../../src/plan/self-check.js';
import {
  melangeSubstitutions,
  OUTDIR,
  substitute,
  WORKSPACE,
  type BuildArch,
} from '../../src/plan/substitutions.js';
import { builtinPipelineScript } from './pipelines.js';
import { STAND_IN_ENV, standInLayer } from './stand-ins.js';

export interface RunOptions {
  /** Host directory copied into /home/build (melange's --source-dir). */
  workspace: string;
  /** Destdirs of earlier builds this one depends on, installed into its root in this order. */
  dependencies?: string[];
  arch?: BuildArch;
}

export interface RunResult {
  /** The package's files on the host (`melange-out/<name>`). */
  destdir: string;
  /** Each subpackage's files on the host, by name. */
  subpackages: Record<string, string>;
  /** Every step's name, script output and exit status. */
  log: string;
  /** The build's temporary directory; remove it when done. */
  root: string;
}

export class BuildFailure extends Error {
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(`${message}\n--- log ---\n${log}`);
    this.name = 'BuildFailure';
  }
}

/** Why the runner cannot run here, or null when it can. */
export function runnerUnavailable(): string | null {
  const bwrap = spawnSync('bwrap', ['--version'], { encoding: 'utf8' });
  if (bwrap.error || bwrap.status !== 0) return 'bubblewrap (bwrap) is not installed';
  const unshare = spawnSync('unshare', ['--version'], { encoding: 'utf8' });
  if (unshare.error || unshare.status !== 0) return 'unshare (util-linux) is not installed';
  return null;
}

/** Host directories that stand in for a Wolfi root's, under a writable overlay. */
const HOST_ROOTS = ['usr', 'etc'];
/** Wolfi is usrmerged: these are links into /usr, as on the host. */
const MERGED = [
  ['bin', 'usr/bin'],
  ['sbin', 'usr/sbin'],
  ['lib', 'usr/lib'],
  ['lib64', 'usr/lib64'],
] as const;

// Mount each overlay (options, target pairs up to `--`), then run the rest (bwrap …).
const MOUNT_SCRIPT = `set -e
while [ "$1" != "--" ]; do mount -t overlay overlay -o "$1" "$2"; shift 2; done
shift
exec "$@"`;

export function runMelangeBuild(config: MelangeConfig, options: RunOptions): RunResult {
  const arch = options.arch ?? 'x86_64';
  const values = melangeSubstitutions(config, arch);
  const name = values.get('package.name') ?? '';
  if (!name) throw new Error('the config has no package.name');
  const root = mkdtempSync(join(tmpdir(), 'wolfify-melange-'));
  const home = join(root, 'home-build');
  copyWorkspace(options.workspace, home);
  const destdir = join(home, relative(WORKSPACE, OUTDIR), name);
  mkdirSync(destdir, { recursive: true });

  const rootfs = join(root, 'rootfs');
  mkdirSync(join(rootfs, 'root'), { recursive: true });
  for (const [link, target] of MERGED) symlinkSync(target, join(rootfs, link));
  mkdirSync(join(root, 'accounts'));
  writeFileSync(
    join(root, 'accounts', 'passwd'),
    'root:x:0:0:root:/root:/bin/sh\nbuild:x:1000:1000:build:/home/build:/bin/sh\n',
  );
  writeFileSync(join(root, 'accounts', 'group'), 'root:x:0:\nbuild:x:1000:\n');
  const standIns = standInLayer();
  const overlays = overlayMounts(root, [standIns.dir, ...(options.dependencies ?? [])]);
  const environment = stringRecord(record(config.environment).environment);
  const logLines: string[] = [];
  const runStep = (step: Record<string, unknown>, label: string, values: Map<string, string>) => {
    logLines.push(`=== ${label}`);
    const fail = (message: string): never => {
      throw new BuildFailure(`${label}: ${message}`, logLines.join('\n'));
    };
    const expand = (text: string): string => {
      const out = substitute(text, values);
      if (out.unknown.length > 0) fail(`unknown substitution \${{${out.unknown.join('}}, ${{')}}}`);
      return out.text;
    };
    if (Array.isArray(step.pipeline)) {
      // A step with its own pipeline: melange runs the nested steps in order.
      list(step.pipeline)
        .map(record)
        .forEach((inner, i) =>
          runStep(inner, `${label} / step ${i + 1}${stepName(inner)}`, values),
        );
      return;
    }
    const workdir = expand(
      typeof step['working-directory'] === 'string' ? step['working-directory'] : '',
    );
    const cwd =
      workdir === '' ? WORKSPACE : isAbsolute(workdir) ? workdir : `${WORKSPACE}/${workdir}`;
    let script: string;
    if (typeof step.uses === 'string') {
      const inputs = Object.fromEntries(
        Object.entries(stringRecord(step.with)).map(([k, v]) => [k, expand(v)]),
      );
      const builtin = builtinPipelineScript(step.uses, inputs);
      if (builtin === null) {
        logLines.push(runUses(step.uses, inputs, home, fail));
        return;
      }
      script = expand(builtin);
    } else {
      if (typeof step.runs !== 'string') fail('neither runs nor uses');
      script = expand(step.runs as string);
    }
    const env = {
      HOME: WORKSPACE,
      ...STAND_IN_ENV,
      ...environment,
      ...stringRecord(step.environment),
    };
    // melange's wrapper: set -e, its own PATH, the working directory made and entered.
    const wrapped = `set -e\nexport PATH=${MELANGE_PATH}\n[ -d '${cwd}' ] || mkdir -p '${cwd}'\ncd '${cwd}'\n${script}\nexit 0\n`;
    const result = spawnSync(
      'unshare',
      [
        ...unshareFlags(),
        '--',
        '/bin/sh',
        '-c',
        MOUNT_SCRIPT,
        'mount-overlays',
        ...overlays.mountArgs,
        '--',
        ...bwrapArgs(rootfs, [...overlays.binds, ...standIns.caches], standIns.binds, home, env),
        '/bin/sh',
        '-c',
        wrapped,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    logLines.push(script, result.stdout, result.stderr);
    if (result.error) fail(result.error.message);
    if (result.status !== 0) fail(`exited with status ${result.status ?? result.signal}`);
  };
  list(config.pipeline)
    .map(record)
    .forEach((step, i) => runStep(step, `step ${i + 1}${stepName(step)}`, values));
  // Then each subpackage's pipeline, with ${{targets.contextdir}} its own directory.
  const subpackages: Record<string, string> = {};
  for (const sub of list(config.subpackages).map(record)) {
    const subName = typeof sub.name === 'string' ? sub.name : '';
    const subValues = melangeSubstitutions(config, arch, subName);
    subpackages[subName] = join(home, relative(WORKSPACE, OUTDIR), subName);
    mkdirSync(subpackages[subName], { recursive: true });
    list(sub.pipeline)
      .map(record)
      .forEach((step, i) =>
        runStep(step, `subpackage ${subName} step ${i + 1}${stepName(step)}`, subValues),
      );
  }
  return { destdir, subpackages, log: logLines.join('\n'), root };
}

function stepName(step: Record<string, unknown>): string {
  return typeof step.name === 'string' ? ` "${step.name}"` : '';
}

/** As root, a mount namespace is enough (chown to any id works); otherwise a user namespace too. */
function unshareFlags(): string[] {
  return process.getuid?.() === 0
    ? ['--mount', '--propagation', 'private']
    : ['--user', '--map-root-user', '--mount', '--propagation', 'private'];
}

function bwrapArgs(
  rootfs: string,
  binds: readonly [string, string][],
  readOnlyBinds: readonly [string, string][],
  home: string,
  env: Record<string, string>,
): string[] {
  const args = [
    'bwrap',
    '--unshare-ipc',
    '--unshare-pid',
    '--unshare-uts',
    '--unshare-net',
    '--die-with-parent',
    // The root itself persists from step to step (`mkdir /app` in one, `cp /app` in the next).
    '--bind',
    rootfs,
    '/',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
  ];
  for (const [source, target] of binds) args.push('--bind', source, target);
  for (const [source, target] of readOnlyBinds) args.push('--ro-bind', source, target);
  // melange's sandbox knows root and build (1000) only: `chown app` fails there, and here.
  for (const file of ['passwd', 'group'])
    args.push('--ro-bind', join(rootfs, '..', 'accounts', file), `/etc/${file}`);
  args.push('--bind', home, WORKSPACE, '--chdir', WORKSPACE, '--clearenv');
  for (const [key, value] of Object.entries(env)) args.push('--setenv', key, value);
  return args;
}

interface Overlays {
  /** `lowerdir=…,upperdir=…,workdir=…` and mount point, pairwise. */
  mountArgs: string[];
  /** Mount point → path in the sandbox. */
  binds: [string, string][];
}

/** One overlay per top-level directory: dependencies (last one on top) over the host's. */
function overlayMounts(root: string, dependencies: readonly string[]): Overlays {
  const tops = new Set(HOST_ROOTS);
  for (const dep of dependencies)
    for (const entry of readdirSync(dep, { withFileTypes: true }))
      if (entry.isDirectory() && !MERGED.some(([link]) => link === entry.name))
        tops.add(entry.name);
  const mountArgs: string[] = [];
  const binds: [string, string][] = [];
  for (const top of [...tops].sort()) {
    const lowers = dependencies
      .map((dep) => join(dep, top))
      .filter((dir) => existsSync(dir))
      .reverse();
    if (HOST_ROOTS.includes(top)) lowers.push(`/${top}`);
    const upper = join(root, 'upper', top);
    const work = join(root, 'work', top);
    const target = join(root, 'mnt', top);
    for (const dir of [upper, work, target]) mkdirSync(dir, { recursive: true });
    mountArgs.push(`lowerdir=${lowers.join(':')},upperdir=${upper},workdir=${work}`, target);
    binds.push([target, `/${top}`]);
  }
  return { mountArgs, binds };
}

/** melange copies regular files only, and leaves out what .melangeignore lists. */
function copyWorkspace(workspace: string, home: string): void {
  mkdirSync(home, { recursive: true });
  const ignoreFile = join(workspace, '.melangeignore');
  const ignore = existsSync(ignoreFile) ? ignorePatterns(readFileSync(ignoreFile, 'utf8')) : [];
  const files = globSync(['**'], {
    cwd: workspace,
    dot: true,
    ignore,
    onlyFiles: true,
    followSymbolicLinks: false,
  });
  for (const file of files) {
    const from = join(workspace, file);
    if (!lstatSync(from).isFile()) continue;
    const to = join(home, file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
}

/** gitignore lines as globs: `name` anywhere, `/name` at the top, `dir/` a directory. */
function ignorePatterns(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .flatMap((line) => {
      const body = line.replace(/\/+$/, '');
      const anchored = body.startsWith('/') || body.slice(0, -1).includes('/');
      const glob = anchored ? body.replace(/^\//, '') : `**/${body}`;
      return [glob, `${glob}/**`];
    });
}

function runUses(
  uses: string,
  inputs: Record<string, string>,
  home: string,
  fail: (message: string) => never,
): string {
  switch (uses) {
    case 'fetch':
      return fetchLocal(inputs, home, fail);
    case 'git-checkout':
      return checkoutLocal(inputs, home, fail);
    default:
      return fail(
        `the test runner does not support \`uses: ${uses}\` (only fetch and git-checkout of local sources)`,
      );
  }
}

/** melange's fetch, for `file://` URIs and local paths only: no network in tests. */
function fetchLocal(
  inputs: Record<string, string>,
  home: string,
  fail: (m: string) => never,
): string {
  const uri = inputs.uri ?? fail('fetch needs uri');
  const path = uri.startsWith('file://') ? fileURLToPath(uri) : uri;
  if (!isAbsolute(path)) fail(`fetch: ${uri} is not a local file (tests have no network)`);
  const data = readFileSync(path);
  const expected = inputs['expected-sha256'];
  if (expected !== undefined) {
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== expected) fail(`fetch: ${uri} has sha256 ${actual}, expected ${expected}`);
  } else if (inputs['expected-none'] === undefined && inputs['expected-sha512'] === undefined) {
    fail('fetch needs expected-sha256, expected-sha512 or expected-none');
  }
  const directory = join(home, inputs.directory ?? '.');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, path.slice(path.lastIndexOf('/') + 1));
  copyFileSync(path, file);
  if ((inputs.extract ?? 'true') === 'true') {
    const strip = inputs['strip-components'] ?? '1';
    execFileSync('tar', [
      '-x',
      '-f',
      file,
      '-C',
      directory,
      `--strip-components=${strip}`,
      '--no-same-owner',
    ]);
    if ((inputs.delete ?? 'false') === 'true') execFileSync('rm', ['-f', file]);
  }
  return `fetched ${uri}`;
}

/** melange's git-checkout, from a local repository. */
function checkoutLocal(
  inputs: Record<string, string>,
  home: string,
  fail: (m: string) => never,
): string {
  const repository = inputs.repository ?? fail('git-checkout needs repository');
  const local = repository.startsWith('file://') ? fileURLToPath(repository) : repository;
  if (!isAbsolute(local))
    fail(`git-checkout: ${repository} is not a local repository (tests have no network)`);
  const destination = join(home, inputs.destination ?? '.');
  const ref = inputs.tag ?? inputs.branch;
  const args = ['clone', '--quiet', ...(ref ? ['--branch', ref] : []), local, destination];
  execFileSync('git', args, { stdio: 'pipe' });
  const head = execFileSync('git', ['-C', destination, 'rev-parse', 'HEAD'], {
    encoding: 'utf8',
  }).trim();
  if (inputs['expected-commit'] && inputs['expected-commit'] !== head)
    fail(`git-checkout: HEAD is ${head}, expected ${inputs['expected-commit']}`);
  return `checked out ${repository} at ${head}`;
}

export interface ListedFile {
  /** Relative to the destdir, `/`-separated; directories end in `/`. */
  path: string;
  /** Permission bits in octal (`0755`). */
  mode: string;
  uid: number;
  gid: number;
  /** The link target, for symlinks. */
  link?: string;
}

/** Every file, directory and link under `destdir`, sorted by path. */
export function listFiles(destdir: string): ListedFile[] {
  const out: ListedFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const stat = lstatSync(full);
      const rel = relative(destdir, full);
      const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
      if (entry.isSymbolicLink())
        out.push({ path: rel, mode, uid: stat.uid, gid: stat.gid, link: readlinkSync(full) });
      else if (entry.isDirectory()) {
        out.push({ path: `${rel}/`, mode, uid: stat.uid, gid: stat.gid });
        walk(full);
      } else out.push({ path: rel, mode, uid: stat.uid, gid: stat.gid });
    }
  };
  if (statSync(destdir).isDirectory()) walk(destdir);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
