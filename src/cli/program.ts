import { Command, CommanderError } from 'commander';
import { WolfifyError } from '../errors.js';
import { registerBatch } from './batch.js';
import { registerCatalog } from './catalog.js';
import { registerConvert } from './convert.js';
import { registerRules } from './rules.js';
import { sourceStack } from './stack-trace.js';
import { registerWizard } from './wizard.js';

// The program behind the front door (main.ts): declare the commands, run one, and turn every
// failure into one line and an exit code from the contract (0 ok, 1 findings or drift, 2 bad
// usage or input).

/** Run the command `argv` names (`process.argv`: node, the script, then the arguments). */
export async function runCli(argv: readonly string[]): Promise<void> {
  // A closed pipe (`wolfify … | head`) is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const program = declareProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error, Boolean(program.opts().debug));
  }
}

function declareProgram(): Command {
  const program = new Command('wolfify')
    .description(
      "Migrate Dockerfiles to Wolfi's declarative builds: apko image and melange package configs",
    )
    .version('0.1.0')
    .option('--debug', 'show stack traces for unexpected errors')
    // Usage errors follow the contract too: one line, `wolfify:` first, a pointer to --help.
    .configureOutput({
      outputError: (message, write) =>
        write(
          `wolfify: ${message.trim().replace(/^error: /, '')} (run wolfify --help for usage)\n`,
        ),
    })
    .exitOverride();

  registerConvert(program);
  registerBatch(program);
  registerRules(program);
  registerCatalog(program);
  registerWizard(program);
  return program;
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message; help and --version are not failures.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof WolfifyError) {
    process.stderr.write(`wolfify: ${error.describe()}\n`);
    if (debug && error.stack) process.stderr.write(`${sourceStack(error.stack)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`wolfify: internal error: ${message} (rerun with --debug for details)\n`);
  if (debug && error instanceof Error && error.stack)
    process.stderr.write(`${sourceStack(error.stack)}\n`);
  return 2;
}
