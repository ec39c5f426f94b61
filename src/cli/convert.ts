import type { Command } from 'commander';
import { WolfifyError } from '../errors.js';
import { failsAt } from '../verdict.js';
import type { Result } from '../model.js';
import {
  contextFromOutDir,
  outputDirInContext,
  readDockerfile,
  writeOutputs,
} from '../workspace/files.js';
import { buildInputsFor } from '../workspace/inputs.js';
import { resolveConversion, type ConversionFlags } from '../workspace/settings.js';
import { addConversionFlags } from './options.js';
import { painter } from '../report/paint.js';
import { colourEnabled } from '../workspace/terminal.js';

interface ConvertFlags extends ConversionFlags {
  to: string;
  org?: string;
  registry?: string;
  inPlace?: boolean;
  outDir?: string;
  force?: boolean;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

export function registerConvert(program: Command): void {
  addConversionFlags(
    program
      .command('convert')
      .description(
        'convert one Dockerfile into an apko config (and a melange config for the application)',
      )
      .argument('<dockerfile>', 'path to the Dockerfile, or - to read standard input')
      .option(
        '-o, --out-dir <dir>',
        'write the files into this directory instead of printing apko.yaml',
      )
      .option('--force', 'overwrite files that already exist in --out-dir')
      .option('--json', 'print the Result as one JSON object on stdout')
      .option('-v, --verbose', 'also list every package decision and informational note')
      .option('-q, --quiet', 'print no summary on stderr')
      .option(
        '--to <format>',
        'apko (apko + melange configs) or dockerfile (a Chainguard-based Dockerfile)',
        'apko',
      )
      .option('--org <org>', 'with --to dockerfile: images come from cgr.dev/<org>/ (default ORG)')
      .option(
        '--registry <host/path>',
        'with --to dockerfile: a mirror of Chainguard images; overrides --org',
      )
      .option('-i, --in-place', 'with --to dockerfile: rewrite the file itself, keeping FILE.bak'),
  ).action(async (path: string, flags: ConvertFlags) => {
    if (flags.to !== 'apko' && flags.to !== 'dockerfile')
      throw new WolfifyError(`--to ${flags.to}: expected apko or dockerfile`, 2);
    if (flags.to === 'dockerfile') {
      const { convertToDockerfile } = await import('./to-dockerfile.js');
      const conversion = await resolveConversion(flags, process.cwd());
      const { options } = conversion.forDockerfile(path);
      process.exitCode = await convertToDockerfile(
        path,
        flags,
        {
          buildArgs: options.buildArgs ?? {},
          ...(options.rules ? { rules: options.rules } : {}),
          ...(options.catalog ? { catalog: options.catalog } : {}),
        },
        conversion.failOn,
      );
      return;
    }
    if (flags.inPlace || flags.org !== undefined || flags.registry !== undefined)
      throw new WolfifyError('--org, --registry and --in-place need --to dockerfile', 2);
    // The input first: an unreadable or endless one is refused before the converter loads.
    const input = await readDockerfile(path);
    const [{ convert }, { renderFiles }, { formatText }] = await Promise.all([
      import('../convert.js'),
      import('../generate/files.js'),
      import('../report/text.js'),
    ]);
    const conversion = await resolveConversion(flags, process.cwd());
    const threshold = conversion.failOn;
    const settings = conversion.forDockerfile(input.source);
    // The wizard's recorded output folder applies when -o does not say otherwise.
    flags.outDir ??= settings.outDir ?? undefined;
    const outputDir = outputDirInContext(flags.outDir, input.source);
    const result: Result = await convert(input.text, {
      ...settings.options,
      source: input.source,
      ...(await buildInputsFor(
        path,
        input.text,
        conversion.baseFiles,
        process.cwd(),
        settings.options.size === false ? null : { skip: outputDir },
      )),
      // BUILD.md runs melange from the output directory: the context is relative to it.
      contextDir: contextFromOutDir(flags.outDir, input.source),
      outputDir,
    });
    // --json alone prints the Result: no file is rendered that nobody reads.
    const files = flags.outDir || !flags.json ? renderFiles(result) : [];

    if (flags.outDir) {
      const written = await writeOutputs(flags.outDir, files, { force: Boolean(flags.force) });
      if (!flags.quiet && !flags.json) process.stderr.write(`wrote ${written.join(', ')}\n`);
    }
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (!flags.outDir) process.stdout.write(files[0]?.content ?? '');
    if (!flags.quiet) {
      const paint = painter(colourEnabled(process.stderr));
      process.stderr.write(`${formatText(result, paint, { verbose: Boolean(flags.verbose) })}\n`);
    }
    if (failsAt(result, threshold)) process.exitCode = 1;
  });
}

/** The Dockerfile's directory (the build context) as seen from the output directory. */
