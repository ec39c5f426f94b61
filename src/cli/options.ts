import type { Command } from 'commander';
import { WolfifyError } from '../errors.js';

// The conversion flags that convert and batch declare (the wizard asks instead): declared once;
// src/workspace/settings.ts reads them, with the config, into conversion options.

const collect = (value: string, previous: string[]) => [...previous, value];
// apko's architecture names and the aliases it accepts; melange wants the same canonical ones.
const ARCH_ALIASES: Record<string, string> = {
  x86_64: 'x86_64',
  amd64: 'x86_64',
  aarch64: 'aarch64',
  arm64: 'aarch64',
  '386': 'x86',
  x86: 'x86',
  armhf: 'armhf',
  'arm/v6': 'armhf',
  armv7: 'armv7',
  'arm/v7': 'armv7',
  ppc64le: 'ppc64le',
  riscv64: 'riscv64',
  s390x: 's390x',
  loong64: 'loong64',
};

const collectArchs = (value: string, previous: string[]) => {
  const archs = value.split(',').map((v) => v.trim());
  for (const arch of archs) {
    if (!ARCH_ALIASES[arch]) {
      throw new WolfifyError(
        `--arch ${JSON.stringify(arch)}: expected one of ${Object.keys(ARCH_ALIASES).join(', ')}`,
        2,
      );
    }
  }
  return [...new Set([...previous, ...archs.map((a) => ARCH_ALIASES[a] as string)])];
};

export function addRuleFlags(command: Command): Command {
  return command
    .option('--rules <file>', 'a rule file of your own (repeatable, later files win)', collect, [])
    .option('--no-builtin-rules', 'use only your rule files, not the rules shipped with wolfify')
    .option('--config <file>', 'read this config file instead of the nearest .wolfify.yaml')
    .option('--no-config', 'ignore .wolfify.yaml files')
    .option('--repository <url>', 'an extra APK repository (repeatable)', collect, []);
}

export function addConversionFlags(command: Command): Command {
  return addRuleFlags(command)
    .option('--target <stage>', 'the stage that becomes the image (default: the last)')
    .option('--build-arg <name=value>', 'override an ARG default (repeatable)', collect, [])
    .option(
      '--arch <arch>',
      'target architectures, e.g. x86_64,aarch64 (repeatable)',
      collectArchs,
      [],
    )
    .option(
      '--keyring <url>',
      'an extra signing key for those repositories (repeatable)',
      collect,
      [],
    )
    .option('--no-wolfi', "list only --repository/--keyring, not Wolfi's public repository")
    .option('--user <name[:uid]>', 'the non-root user the image runs as')
    .option('--keep-root', 'keep running as root when the Dockerfile does')
    .option(
      '--base <image=Dockerfile>',
      'an image another Dockerfile of the repository builds: FROM it builds on that file (repeatable)',
      collect,
      [],
    )
    .option('--no-size', 'skip the image size estimate')
    .option(
      '--name <package>',
      "the application package's name (default: a label, else the directory)",
    )
    .option(
      '--fail-on <severity>',
      'exit 1 on findings of this severity or worse: error, warning, never (default: error)',
    );
}
