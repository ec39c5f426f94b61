import type { Command } from 'commander';
import { atLeast } from '../findings.js';
import type { Result } from '../model.js';
import { readDockerfile, writeOutputs } from './files.js';
import { addConversionFlags, resolveConversion, type ConversionFlags } from './options.js';
import { colourEnabled, painter } from './terminal.js';

interface ConvertFlags extends ConversionFlags {
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
      .option('-q, --quiet', 'print no summary on stderr'),
  ).action(async (path: string, flags: ConvertFlags) => {
    const [{ convert }, { renderFiles }, { formatText }] = await Promise.all([
      import('../convert.js'),
      import('../generate/files.js'),
      import('../report/text.js'),
    ]);
    const conversion = await resolveConversion(flags, process.cwd());
    const threshold = conversion.failOn;
    const input = await readDockerfile(path);
    const settings = conversion.forDockerfile(input.source);
    // The wizard's recorded output folder applies when -o does not say otherwise.
    flags.outDir ??= settings.outDir ?? undefined;
    const result: Result = await convert(input.text, {
      ...settings.options,
      source: input.source,
    });
    const files = renderFiles(result);

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
    if (threshold !== 'never' && result.findings.some((f) => atLeast(f.severity, threshold))) {
      process.exitCode = 1;
    }
  });
}
