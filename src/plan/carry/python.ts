// Python dependency installs: pip (every form), virtualenvs, uv, poetry, pipenv. Wolfi's
// python-3.X has no pip (py3.X-pip) and the build sandbox is not the image: system installs
// go into the package with pip's --root, so the files land where the image's interpreter
// looks (/usr/lib/python3.X/site-packages); a virtualenv is built at its own path and shipped
// whole, because its scripts and pyvenv.cfg name that path.

import { posix } from 'node:path';
import { finding } from '../../findings.js';
import {
  carry,
  inPackage,
  programOf,
  runsStep,
  scriptLine,
  type Carry,
  type CarryCommand,
  type CarryContext,
} from './model.js';
import { toolPackages, type ToolChoice } from './toolchain.js';

const PIP = /^pip(3(\.\d+)?)?$/;
const PYTHON = /^python(3(\.\d+)?)?$/;
/** PATH entries that are a virtualenv's bin/ (`/opt/venv/bin`, `/app/.venv/bin`). */
const VENV_BIN = /^(\/.*\/(\.?venv|virtualenv|\.?env|[^/]*-venv))\/bin\/?$/;

export function carryPython(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const argv = cmd.argv;
  const program = programOf(argv);
  if (PIP.test(program)) return pip(argv[0] ?? '', argv.slice(1), cmd, ctx);
  if (PYTHON.test(program) && argv[1] === '-m') {
    const module = argv[2];
    if (module === 'pip') return pip(argv[0] ?? '', argv.slice(3), cmd, ctx);
    if (module === 'venv' || module === 'virtualenv') return venv(argv.slice(3), cmd, ctx);
  }
  if (program === 'virtualenv') return venv(argv.slice(1), cmd, ctx, 'virtualenv');
  if (program === 'uv') return uv(argv.slice(1), cmd, ctx);
  if (program === 'poetry') return poetry(argv.slice(1), cmd, ctx);
  if (program === 'pipenv') return pipenv(argv.slice(1), cmd, ctx);
  return null;
}

/** The virtualenv a command's pip belongs to: its own path, VIRTUAL_ENV, or a venv first on PATH. */
export function activeVenv(head: string, ctx: CarryContext): string | null {
  if (head.includes('/')) {
    const dir = posix.dirname(posix.resolve(ctx.workdir, head));
    if (dir.endsWith('/bin') && !['/usr/bin', '/usr/local/bin', '/bin'].includes(dir))
      return posix.dirname(dir);
    return null;
  }
  if (ctx.env.VIRTUAL_ENV) return posix.resolve(ctx.workdir, ctx.env.VIRTUAL_ENV);
  const first = (ctx.env.PATH ?? '').split(':').find((p) => VENV_BIN.test(p));
  return first ? (VENV_BIN.exec(first)?.[1] ?? null) : null;
}

function needs(tool: string, cmd: CarryCommand, ctx: CarryContext): ToolChoice & { fail?: Carry } {
  const choice = toolPackages(tool, ctx.runtime, ctx.catalog);
  if (choice.kind === 'ok') return choice;
  return { ...choice, fail: missingTool(choice.wanted, tool, cmd, ctx) };
}

/** A tool Wolfi does not package for this runtime: the step cannot be carried as is. */
export function missingTool(
  wanted: string,
  tool: string,
  cmd: CarryCommand,
  ctx: CarryContext,
): Carry {
  const suggestions = ctx.catalog.suggest(wanted);
  return carry('dropped', `no Wolfi package brings ${tool} (${wanted})`, {
    findings: [
      finding(
        'WF341',
        `\`${cmd.text}\` needs ${tool}, and the Wolfi catalog has no ${wanted}`,
        { line: cmd.line, stage: ctx.stage },
        {
          hint: suggestions.length
            ? `Use the runtime version Wolfi has (${suggestions.join(', ')}) in the base image.`
            : 'Build the tool in its own melange package, or change the runtime version.',
        },
      ),
    ],
  });
}

const VALUE_FLAGS = new Set([
  '--target',
  '-t',
  '--prefix',
  '--root',
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '--src',
  '--upgrade-strategy',
  '--python-version',
  '--platform',
  '--implementation',
  '--abi',
  '--only-binary',
  '--no-binary',
  '--progress-bar',
  '--trusted-host',
  '--cache-dir',
  '--log',
  '--timeout',
  '--retries',
  '--proxy',
  '--config-settings',
  '-C',
  '--global-option',
  '--report',
]);

/** pip's options as `[flag, value]` and positionals: --target/--prefix/--user decide where files go. */
function pipArgs(args: readonly string[]): {
  flags: Map<string, string | null>;
  packages: string[];
} {
  const flags = new Map<string, string | null>();
  const packages: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('--') && a.includes('=')) {
      flags.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    } else if (a.startsWith('-') && a !== '-') {
      if (VALUE_FLAGS.has(a)) flags.set(a, args[++i] ?? null);
      else flags.set(a, null);
    } else packages.push(a);
  }
  return { flags, packages };
}

/** Packages pip brings along anyway: upgrading them changes nothing the application imports. */
const PIP_ITSELF = new Set(['pip', 'setuptools', 'wheel']);

function pip(head: string, args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const [sub, ...rest] = args;
  if (sub === 'cache' || sub === 'config' || sub === 'freeze' || sub === 'list' || sub === 'check')
    return carry('unneeded', `pip ${sub} leaves nothing the image uses`);
  if (sub !== 'install' && sub !== 'uninstall')
    return carry('unneeded', `pip ${sub ?? ''} only reads or prints`.replace(/ +/g, ' '));
  const venvDir = activeVenv(head, ctx);
  const { flags, packages } = pipArgs(rest);
  if (venvDir) {
    const choice = needs('pip', cmd, ctx);
    if (choice.fail) return choice.fail;
    const runtime = (choice.kind === 'ok' ? choice.packages : []).filter((p) =>
      p.startsWith('python-'),
    );
    return carry(
      'melange',
      `pip installs into the virtualenv ${venvDir}, which the package ships`,
      {
        buildPackages: runtime,
        imagePackages: runtime,
        steps: [
          runsStep(`${cmd.text.slice(0, 60)} (line ${cmd.line})`, [scriptLine(['pip', ...args])], {
            path: [`${venvDir}/bin`],
            workdir: ctx.workdir,
            environment: { VIRTUAL_ENV: venvDir },
          }),
        ],
        ships: [venvDir],
      },
    );
  }
  const choice = needs('pip', cmd, ctx);
  if (choice.fail) return choice.fail;
  const tools = choice.kind === 'ok' ? choice.packages : [];
  const runtime = tools.filter((p) => p.startsWith('python-'));
  if (
    sub === 'uninstall' ||
    ((flags.has('--upgrade') || flags.has('-U')) &&
      packages.length > 0 &&
      packages.every((p) => PIP_ITSELF.has(p.toLowerCase())) &&
      !flags.has('-r') &&
      !flags.has('--requirement'))
  )
    return carry('package', `the build's pip comes from ${tools.join(', ')}`, {
      buildPackages: tools,
    });
  const target = flags.get('--target') ?? flags.get('-t');
  let install: string[];
  let detail: string;
  if (target) {
    const dir = posix.resolve(ctx.workdir, target);
    const kept = withoutFlags(rest, ['--target', '-t']);
    install = ['pip', 'install', '--target', inPackage(dir), ...kept];
    detail = `pip installs into ${dir} in the package`;
  } else if (flags.has('--user')) {
    install = ['pip', 'install', '--root', inPackage('/'), ...rest];
    detail = `pip installs into the user site of ${ctx.env.HOME ?? '/root'} in the package`;
  } else {
    const prefix = flags.get('--prefix');
    install = prefix
      ? ['pip', 'install', '--root', inPackage('/'), ...rest]
      : ['pip', 'install', '--root', inPackage('/'), '--prefix', '/usr', ...rest];
    detail = `pip installs into ${prefix ?? "the image's Python (/usr)"} in the package`;
  }
  return carry('melange', detail, {
    buildPackages: tools,
    imagePackages: runtime,
    steps: [
      runsStep(`pip install (line ${cmd.line})`, [scriptLine(install)], {
        workdir: ctx.workdir,
        environment: flags.has('--user') ? { HOME: ctx.env.HOME ?? '/root' } : {},
      }),
    ],
  });
}

function withoutFlags(args: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (names.includes(a)) {
      i++;
      continue;
    }
    if (names.some((n) => a.startsWith(`${n}=`))) continue;
    out.push(a);
  }
  return out;
}

function venv(
  args: readonly string[],
  cmd: CarryCommand,
  ctx: CarryContext,
  tool?: 'virtualenv',
): Carry {
  const target = args.filter((a) => !a.startsWith('-')).pop();
  if (!target) return carry('unneeded', 'prints the virtualenv help only');
  const dir = posix.resolve(ctx.workdir, target);
  const choice = needs(tool ?? 'pip', cmd, ctx);
  if (choice.fail) return choice.fail;
  const packages = choice.kind === 'ok' ? choice.packages : [];
  const runtime = packages.filter((p) => p.startsWith('python-'));
  const python = `python${runtime[0]?.slice('python-'.length) ?? '3'}`;
  const line = tool ? ['virtualenv', '--python', python, ...args] : [python, '-m', 'venv', ...args];
  return carry('melange', `the virtualenv ${dir} is built at its own path and shipped whole`, {
    buildPackages: tool ? packages : runtime,
    imagePackages: runtime,
    steps: [
      runsStep(`virtualenv ${dir} (line ${cmd.line})`, [scriptLine(line)], {
        workdir: ctx.workdir,
      }),
    ],
    ships: [dir],
  });
}

/** The image's interpreter for uv, so it never downloads a Python of its own into the build. */
function uvEnvironment(packages: readonly string[]): Record<string, string> {
  const runtime = packages.find((p) => p.startsWith('python-'));
  return {
    UV_PYTHON_DOWNLOADS: 'never',
    ...(runtime ? { UV_PYTHON: `python${runtime.slice('python-'.length)}` } : {}),
  };
}

function uv(args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const [sub, ...rest] = args;
  const uvTool = needs('uv', cmd, ctx);
  if (uvTool.fail) return uvTool.fail;
  const py = needs('pip', cmd, ctx);
  if (py.fail) return py.fail;
  const runtime = (py.kind === 'ok' ? py.packages : []).filter((p) => p.startsWith('python-'));
  const build = [...(uvTool.kind === 'ok' ? uvTool.packages : []), ...runtime];
  const environment = uvEnvironment(runtime);
  const step = (line: string[], venvDir?: string) =>
    runsStep(`${cmd.text.slice(0, 60)} (line ${cmd.line})`, [scriptLine(line)], {
      workdir: ctx.workdir,
      environment: venvDir ? { ...environment, VIRTUAL_ENV: venvDir } : environment,
      path: venvDir ? [`${venvDir}/bin`] : [],
    });
  if (sub === 'cache') return carry('unneeded', 'uv cache commands leave nothing the image uses');
  if (sub === 'sync' || (sub === 'pip' && rest[0] === 'sync' && activeVenv('uv', ctx))) {
    const env =
      sub === 'sync'
        ? (ctx.env.UV_PROJECT_ENVIRONMENT ?? '.venv')
        : (activeVenv('uv', ctx) as string);
    const dir = posix.resolve(ctx.workdir, env);
    return carry('melange', `uv builds the project's virtualenv ${dir}, which the package ships`, {
      buildPackages: build,
      imagePackages: runtime,
      steps: [step(['uv', ...args])],
      ships: [dir],
    });
  }
  if (sub === 'venv') {
    const dir = posix.resolve(ctx.workdir, rest.filter((a) => !a.startsWith('-')).pop() ?? '.venv');
    return carry('melange', `uv builds the virtualenv ${dir}, which the package ships`, {
      buildPackages: build,
      imagePackages: runtime,
      steps: [step(['uv', ...args])],
      ships: [dir],
    });
  }
  if (sub === 'pip' && (rest[0] === 'install' || rest[0] === 'sync')) {
    const venvDir = rest.includes('--system') ? null : activeVenv('uv', ctx);
    if (venvDir)
      return carry(
        'melange',
        `uv installs into the virtualenv ${venvDir}, which the package ships`,
        {
          buildPackages: build,
          imagePackages: runtime,
          steps: [step(['uv', ...args], venvDir)],
          ships: [venvDir],
        },
      );
    const kept = rest.slice(1).filter((a) => a !== '--system' && a !== '--break-system-packages');
    const target = kept.indexOf('--target');
    const line =
      target >= 0
        ? [
            'uv',
            'pip',
            rest[0] as string,
            ...kept.slice(0, target),
            '--target',
            inPackage(posix.resolve(ctx.workdir, kept[target + 1] ?? '.')),
            ...kept.slice(target + 2),
          ]
        : ['uv', 'pip', rest[0] as string, '--prefix', inPackage('/usr'), ...kept];
    return carry('melange', "uv installs into the image's Python (/usr) in the package", {
      buildPackages: build,
      imagePackages: runtime,
      steps: [step(line)],
    });
  }
  return carry('melange', 'a step of the build, with uv from Wolfi', {
    buildPackages: build,
    steps: [step(['uv', ...args])],
  });
}

/**
 * poetry and pipenv install into an interpreter they manage; the package cannot take files
 * out of the build's system Python, so they install into the project's `.venv`, which ships,
 * and the image finds it through VIRTUAL_ENV and PATH.
 */
function projectVenv(
  tool: 'poetry' | 'pipenv',
  args: readonly string[],
  cmd: CarryCommand,
  ctx: CarryContext,
  environment: Record<string, string>,
): Carry {
  const choice = needs(tool, cmd, ctx);
  if (choice.fail) return choice.fail;
  const packages = choice.kind === 'ok' ? choice.packages : [];
  const runtime = packages.filter((p) => p.startsWith('python-'));
  const dir = posix.join(ctx.workdir, '.venv');
  const imagePath = ctx.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  const alreadyThere = ctx.env.VIRTUAL_ENV === dir && imagePath.startsWith(`${dir}/bin`);
  return carry('melange', `${tool} installs into the virtualenv ${dir}, which the package ships`, {
    buildPackages: packages,
    imagePackages: runtime,
    steps: [
      runsStep(`${tool} install (line ${cmd.line})`, [scriptLine([tool, ...args])], {
        workdir: ctx.workdir,
        environment,
      }),
    ],
    ships: [dir],
    environment: alreadyThere ? {} : { VIRTUAL_ENV: dir, PATH: `${dir}/bin:${imagePath}` },
    findings: alreadyThere
      ? []
      : [
          finding(
            'WF340',
            `${tool} installs the dependencies into ${dir}, which the package ships; the image sets VIRTUAL_ENV and puts ${dir}/bin first on PATH`,
            { line: cmd.line, stage: ctx.stage },
            {
              hint: "Wolfi's system Python belongs to its packages: a virtualenv keeps the application's own.",
            },
          ),
        ],
  });
}

function poetry(args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const sub = args[0];
  if (sub === 'config') {
    // `poetry config virtualenvs.create false`: the install is carried into the project's .venv anyway.
    return carry(
      'unneeded',
      "poetry's own settings; the carried poetry install puts the packages in the project's .venv",
    );
  }
  if (sub !== 'install' && sub !== 'sync') return projectVenvStep('poetry', args, cmd, ctx);
  return projectVenv('poetry', args, cmd, ctx, {
    POETRY_VIRTUALENVS_CREATE: 'true',
    POETRY_VIRTUALENVS_IN_PROJECT: 'true',
  });
}

function pipenv(args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const sub = args[0];
  if (sub !== 'install' && sub !== 'sync') return projectVenvStep('pipenv', args, cmd, ctx);
  if (!args.includes('--system'))
    return projectVenv('pipenv', args, cmd, ctx, { PIPENV_VENV_IN_PROJECT: '1' });
  // --system: the locked requirements go into the image's Python through pip --root.
  const choice = needs('pipenv', cmd, ctx);
  if (choice.fail) return choice.fail;
  const pipChoice = needs('pip', cmd, ctx);
  if (pipChoice.fail) return pipChoice.fail;
  const packages = [
    ...new Set([
      ...(choice.kind === 'ok' ? choice.packages : []),
      ...(pipChoice.kind === 'ok' ? pipChoice.packages : []),
    ]),
  ];
  const runtime = packages.filter((p) => p.startsWith('python-'));
  const dev = args.includes('--dev') || args.includes('-d') ? ['--dev'] : [];
  const lock = '/home/build/.wolfify-requirements.txt';
  return carry('melange', "the locked packages go into the image's Python (/usr) in the package", {
    buildPackages: packages,
    imagePackages: runtime,
    steps: [
      runsStep(
        `pipenv install --system (line ${cmd.line})`,
        [
          `${scriptLine(['pipenv', 'requirements', ...dev])} > ${lock}`,
          scriptLine(['pip', 'install', '--root', inPackage('/'), '--prefix', '/usr', '-r', lock]),
        ],
        { workdir: ctx.workdir },
      ),
    ],
  });
}

function projectVenvStep(
  tool: 'poetry' | 'pipenv',
  args: readonly string[],
  cmd: CarryCommand,
  ctx: CarryContext,
): Carry {
  const choice = needs(tool, cmd, ctx);
  if (choice.fail) return choice.fail;
  return carry('melange', `a step of the build, with ${tool} from Wolfi`, {
    buildPackages: choice.kind === 'ok' ? choice.packages : [],
    steps: [
      runsStep(
        `${tool} ${args[0] ?? ''} (line ${cmd.line})`.replace('  ', ' '),
        [scriptLine([tool, ...args])],
        { workdir: ctx.workdir },
      ),
    ],
  });
}
