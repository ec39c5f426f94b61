// Ruby dependency installs: `bundle config`, `bundle install`, `gem install`. Bundler reads
// its settings from BUNDLE_* (ENV, `.bundle/config`): a setting becomes ENV of the build and
// of the image, so `bundle exec` there finds the gems where the build put them.

import { posix } from 'node:path';
import { finding } from '../../findings.js';
import {
  carry,
  inPackage,
  programOf,
  runsStep,
  scriptLine,
  scriptWord,
  type Carry,
  type CarryCommand,
  type CarryContext,
} from './model.js';
import { missingTool } from './python.js';
import { toolPackages, withRuntime } from './toolchain.js';

/** Settings whose value is a path, relative to the application (where the Gemfile is). */
const PATH_SETTINGS = new Set(['BUNDLE_PATH', 'BUNDLE_APP_CONFIG', 'BUNDLE_BIN', 'BUNDLE_GEMFILE']);

export function carryRuby(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const program = programOf(cmd.argv);
  if (program === 'bundle' || program === 'bundler') return bundle(cmd.argv.slice(1), cmd, ctx);
  if (program === 'gem') return gem(cmd.argv.slice(1), cmd, ctx);
  return null;
}

/** `bundle config set --local path vendor/bundle` → BUNDLE_PATH=/app/vendor/bundle. */
function bundleSetting(args: readonly string[], workdir: string): [string, string] | null {
  const words = args.filter((a) => !a.startsWith('--'));
  const rest = words[0] === 'set' ? words.slice(1) : words;
  const [key, ...value] = rest;
  if (!key || value.length === 0 || words[0] === 'unset' || words[0] === 'get') return null;
  const name = `BUNDLE_${key.toUpperCase().replaceAll('.', '__').replaceAll('-', '_')}`;
  const text = value.join(' ');
  return [name, PATH_SETTINGS.has(name) ? posix.resolve(workdir, text) : text];
}

function bundlerPackages(
  cmd: CarryCommand,
  ctx: CarryContext,
): { packages: string[] } | { fail: Carry } {
  const runtime =
    ctx.runtime?.name === 'ruby' ? ctx.runtime : { name: 'ruby' as const, version: null };
  const choice = withRuntime(runtime, ctx.catalog, toolPackages('bundler', runtime, ctx.catalog));
  return choice.kind === 'ok'
    ? { packages: choice.packages }
    : { fail: missingTool(choice.wanted, 'bundler', cmd, ctx) };
}

function bundle(args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const sub = args[0] ?? 'install';
  const tools = bundlerPackages(cmd, ctx);
  if ('fail' in tools) return tools.fail;
  if (sub === 'config') {
    const setting = bundleSetting(args.slice(1), ctx.workdir);
    if (!setting) return carry('unneeded', 'reads the bundler settings only');
    const [name, value] = setting;
    return carry('apko', `${name} in the environment of the build and of the image`, {
      environment: { [name]: value },
      buildEnvironment: { [name]: value },
    });
  }
  if (sub !== 'install') {
    return carry('melange', 'a step of the build, with bundler from Wolfi', {
      buildPackages: tools.packages,
      steps: [
        runsStep(`bundle ${sub} (line ${cmd.line})`, [scriptLine(['bundle', ...args])], {
          workdir: ctx.workdir,
        }),
      ],
    });
  }
  // Where the gems go: --path/BUNDLE_PATH, deployment mode's vendor/bundle, else the app's vendor/bundle.
  const pathFlag = args.indexOf('--path');
  const deployment =
    args.includes('--deployment') || /^(1|true)$/.test(ctx.env.BUNDLE_DEPLOYMENT ?? '');
  const configured =
    pathFlag >= 0
      ? args[pathFlag + 1]
      : (ctx.env.BUNDLE_PATH ?? (deployment ? 'vendor/bundle' : undefined));
  const dir = posix.resolve(ctx.workdir, configured ?? 'vendor/bundle');
  const bundleEnv = Object.fromEntries(
    Object.entries(ctx.env).filter(([k]) => k.startsWith('BUNDLE_')),
  );
  const imageEnv: Record<string, string> = configured === undefined ? { BUNDLE_PATH: dir } : {};
  return carry('melange', `bundler installs the gems into ${dir}, which the package ships`, {
    buildPackages: tools.packages,
    // `bundle exec` in the image's command needs bundler there too.
    imagePackages: tools.packages,
    steps: [
      runsStep(`bundle install (line ${cmd.line})`, [scriptLine(['bundle', ...args])], {
        workdir: ctx.workdir,
        environment: { ...bundleEnv, BUNDLE_PATH: dir },
      }),
    ],
    ships: [dir],
    environment: imageEnv,
    findings:
      configured === undefined
        ? [
            finding(
              'WF340',
              `bundle install puts the gems into ${dir}, which the package ships; the image sets BUNDLE_PATH`,
              { line: cmd.line, stage: ctx.stage },
              {
                hint: "Wolfi's Ruby gem directory belongs to its packages: the application's gems stay with it.",
              },
            ),
          ]
        : [],
  });
}

/** Gems Wolfi packages itself: `gem install bundler` is the ruby-X bundler package. */
const PACKAGED_GEMS = new Set(['bundler']);

function gem(args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const sub = args[0];
  const tools = bundlerPackages(cmd, ctx);
  if ('fail' in tools) return tools.fail;
  const runtime = tools.packages.filter((p) => /^ruby-\d/.test(p));
  if (sub === 'update' && args.includes('--system'))
    return carry('package', `RubyGems comes with ${runtime.join(', ')}`, {
      imagePackages: runtime,
    });
  if (sub === 'cleanup' || sub === 'sources' || sub === 'env' || sub === 'list')
    return carry('unneeded', `gem ${sub} leaves nothing the image uses`);
  if (sub !== 'install')
    return carry('melange', 'a step of the build, with ruby from Wolfi', {
      buildPackages: runtime,
      steps: [
        runsStep(`gem ${sub ?? ''} (line ${cmd.line})`, [scriptLine(['gem', ...args])], {
          workdir: ctx.workdir,
        }),
      ],
    });
  const names = gemNames(args.slice(1));
  if (names.length > 0 && names.every((n) => PACKAGED_GEMS.has(n)))
    return carry('package', `${tools.packages.join(', ')} in the build and the image`, {
      buildPackages: tools.packages,
      imagePackages: tools.packages,
    });
  // GEM_HOME of the image when the base image sets one (ruby images: /usr/local/bundle), else Ruby's own.
  const home = ctx.env.GEM_HOME;
  const installDir = home ? inPackage(home) : `${inPackage('')}$(ruby -e 'print Gem.default_dir')`;
  const bindir = inPackage(home ? posix.join(home, 'bin') : '/usr/bin');
  return carry('melange', `gems installed into ${home ?? "Ruby's gem directory"} in the package`, {
    buildPackages: runtime,
    imagePackages: runtime,
    steps: [
      runsStep(
        `gem install (line ${cmd.line})`,
        [
          `${scriptLine(['gem', 'install', ...args.slice(1)])} --install-dir "${installDir}" --bindir ${scriptWord(bindir)}`,
        ],
        { workdir: ctx.workdir },
      ),
    ],
  });
}

const GEM_VALUE_FLAGS = new Set([
  '-v',
  '--version',
  '-i',
  '--install-dir',
  '-n',
  '--bindir',
  '--source',
  '-s',
  '--platform',
]);

function gemNames(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (GEM_VALUE_FLAGS.has(a)) i++;
    else if (a === '--') break;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}
