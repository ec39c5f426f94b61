// Compiled-language and PHP tools: go install/build, cargo install, dotnet restore/publish,
// mvn/gradle, composer. The tool's output goes straight into the package at the path the
// Dockerfile's image had it (GOBIN, CARGO_HOME/bin, publish -o), so nothing moves.

import { posix } from 'node:path';
import {
  carry,
  inPackage,
  programOf,
  runsStep,
  scriptLine,
  type Carry,
  type CarryCommand,
  type CarryContext,
  type Runtime,
} from './model.js';
import { missingTool } from './python.js';
import { runtimePackage, toolPackages } from './toolchain.js';

export function carryCompiled(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const program = programOf(cmd.argv);
  const args = cmd.argv.slice(1);
  switch (program) {
    case 'go':
      return go(args, cmd, ctx);
    case 'cargo':
      return cargo(args, cmd, ctx);
    case 'dotnet':
      return dotnet(args, cmd, ctx);
    case 'mvn':
    case 'mvnw':
    case 'gradle':
    case 'gradlew':
      return jvm(program, cmd, ctx);
    case 'composer':
    case 'composer.phar':
      return composer(args, cmd, ctx);
    default:
      return null;
  }
}

function runtimeOf(name: Runtime['name'], ctx: CarryContext): Runtime {
  return ctx.runtime?.name === name ? ctx.runtime : { name, version: null };
}

function home(ctx: CarryContext): string {
  return ctx.env.HOME ?? '/root';
}

function step(
  cmd: CarryCommand,
  ctx: CarryContext,
  line: string[],
  environment: Record<string, string> = {},
) {
  return runsStep(`${cmd.text.slice(0, 60)} (line ${cmd.line})`, [scriptLine(line)], {
    workdir: ctx.workdir,
    environment,
  });
}

function go(args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const pkg = runtimePackage(runtimeOf('go', ctx), ctx.catalog);
  if (!pkg) return missingTool('go-1.X', 'go', cmd, ctx);
  const sub = args[0];
  if (sub === 'clean' && args.some((a) => a.startsWith('-cache') || a.startsWith('-modcache')))
    return carry('unneeded', 'go clean removes build caches only');
  if (sub === 'install' && args.slice(1).some((a) => a.includes('@'))) {
    // Docker: into GOBIN, else $GOPATH/bin (golang images: /go/bin).
    const gobin = ctx.env.GOBIN ?? posix.join(ctx.env.GOPATH ?? posix.join(home(ctx), 'go'), 'bin');
    return carry('melange', `go install puts the binary into ${gobin} in the package`, {
      buildPackages: [pkg],
      steps: [step(cmd, ctx, ['go', ...args], { GOBIN: inPackage(gobin) })],
    });
  }
  const out = args.indexOf('-o');
  if (sub === 'build' && out >= 0 && args[out + 1]) {
    const target = posix.resolve(ctx.workdir, args[out + 1] as string);
    const line = [...args.slice(0, out + 1), inPackage(target), ...args.slice(out + 2)];
    return carry('melange', `go build writes ${target} in the package`, {
      buildPackages: [pkg],
      steps: [step(cmd, ctx, ['go', ...line])],
    });
  }
  return carry('melange', 'a step of the build, with Go from Wolfi', {
    buildPackages: [pkg],
    steps: [step(cmd, ctx, ['go', ...args])],
  });
}

function cargo(args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const pkg = runtimePackage(runtimeOf('rust', ctx), ctx.catalog);
  if (!pkg) return missingTool('rust-1.X', 'cargo', cmd, ctx);
  if (args[0] === 'install' && !args.includes('--root')) {
    // Docker: into CARGO_HOME/bin (rust images: /usr/local/cargo), else ~/.cargo/bin.
    const root =
      ctx.env.CARGO_INSTALL_ROOT ?? ctx.env.CARGO_HOME ?? posix.join(home(ctx), '.cargo');
    return carry('melange', `cargo install puts the binary into ${root}/bin in the package`, {
      buildPackages: [pkg, 'build-base'].filter((p) => ctx.catalog.has(p)),
      steps: [step(cmd, ctx, ['cargo', ...args, '--root', inPackage(root)])],
    });
  }
  return carry('melange', 'a step of the build, with Rust from Wolfi', {
    buildPackages: [pkg, 'build-base'].filter((p) => ctx.catalog.has(p)),
    steps: [step(cmd, ctx, ['cargo', ...args])],
  });
}

function dotnet(args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const choice = toolPackages('dotnet-sdk', runtimeOf('dotnet', ctx), ctx.catalog);
  if (choice.kind === 'missing') return missingTool(choice.wanted, 'the .NET SDK', cmd, ctx);
  const sdk = choice.packages.filter((p) => p.endsWith('-sdk'));
  const out = args.findIndex((a) => a === '-o' || a === '--output');
  if (args[0] === 'publish' && out >= 0 && args[out + 1]) {
    const target = posix.resolve(ctx.workdir, args[out + 1] as string);
    const line = [...args.slice(0, out + 1), inPackage(target), ...args.slice(out + 2)];
    return carry('melange', `dotnet publish writes ${target} in the package`, {
      buildPackages: sdk,
      steps: [step(cmd, ctx, ['dotnet', ...line])],
    });
  }
  return carry('melange', 'a step of the build, with the .NET SDK from Wolfi', {
    buildPackages: sdk,
    steps: [step(cmd, ctx, ['dotnet', ...args])],
  });
}

function jvm(program: string, cmd: CarryCommand, ctx: CarryContext): Carry {
  const jdk = toolPackages('jdk', runtimeOf('openjdk', ctx), ctx.catalog);
  const wrapper = program.endsWith('w');
  const tool = wrapper
    ? { kind: 'ok' as const, packages: [] }
    : toolPackages(program === 'mvn' ? 'maven' : 'gradle', null, ctx.catalog);
  if (jdk.kind === 'missing') return missingTool(jdk.wanted, 'a JDK', cmd, ctx);
  if (tool.kind === 'missing') return missingTool(tool.wanted, program, cmd, ctx);
  return carry(
    'melange',
    `the build runs ${program} with ${[...tool.packages, ...jdk.packages].join(', ')}`,
    {
      buildPackages: [...tool.packages, ...jdk.packages],
      steps: [
        runsStep(`${program} (line ${cmd.line})`, [scriptLine([...cmd.argv])], {
          workdir: ctx.workdir,
        }),
      ],
    },
  );
}

function composer(args: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const php = runtimePackage(runtimeOf('php', ctx), ctx.catalog);
  const tool = toolPackages('composer', null, ctx.catalog);
  if (!php) return missingTool('php-8.X', 'composer', cmd, ctx);
  if (tool.kind === 'missing') return missingTool(tool.wanted, 'composer', cmd, ctx);
  const sub = args.find((a) => !a.startsWith('-')) ?? '';
  if (sub === 'clear-cache' || sub === 'clearcache' || sub === 'cc')
    return carry('unneeded', 'composer clear-cache only touches the package cache');
  const vendor = posix.join(ctx.workdir, ctx.env.COMPOSER_VENDOR_DIR ?? 'vendor');
  const builds = [
    'install',
    'update',
    'require',
    'dump-autoload',
    'dumpautoload',
    'run-script',
  ].includes(sub);
  return carry(
    'melange',
    builds
      ? `composer builds ${vendor}, which the package ships`
      : 'a step of the build, with composer from Wolfi',
    {
      buildPackages: [php, ...tool.packages],
      imagePackages: [php],
      steps: [step(cmd, ctx, ['composer', ...args])],
      ships: builds ? [vendor] : [],
    },
  );
}
