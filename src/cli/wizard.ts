import type { Command } from 'commander';
import { WolfifyError } from '../errors.js';
import { painter } from '../report/paint.js';
import { colourEnabled } from '../workspace/terminal.js';

// `wolfify wizard [dir]`: the interactive front end. It needs a person at a terminal;
// scripts and CI get the same result from `convert`/`batch` and the saved .wolfify.yaml.

/** Ctrl-C: the shell convention for "terminated by SIGINT". */
export const EXIT_CANCELLED = 130;

export function registerWizard(program: Command): void {
  program
    .command('wizard')
    .description(
      'convert Dockerfiles step by step, answering questions; saves the answers to .wolfify.yaml',
    )
    .argument('[dir]', 'the directory to search for Dockerfiles', '.')
    .action(async (dir: string) => {
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new WolfifyError(
          'wizard needs an interactive terminal; in scripts and CI use `wolfify convert <Dockerfile>` or `wolfify batch`',
          2,
        );
      }
      process.exitCode = await runInTerminal(dir);
    });
}

async function runInTerminal(dir: string): Promise<number> {
  // Loaded here: other commands never load the prompts or the wizard.
  const [{ runWizard }, { terminalPrompts, WizardCancelled }] = await Promise.all([
    import('../wizard/flow.js'),
    import('../wizard/prompts.js'),
  ]);
  // Inside a prompt Ctrl-C is a key (ExitPromptError); between prompts it is SIGINT.
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.on('SIGINT', onSigint);
  const paint = painter(colourEnabled(process.stdout));
  try {
    await runWizard({
      prompts: terminalPrompts({
        input: process.stdin,
        output: process.stdout,
        signal: abort.signal,
      }),
      print: (text) => process.stdout.write(`${text}\n`),
      paint,
      dir,
      signal: abort.signal,
    });
    return 0;
  } catch (error) {
    if (error instanceof WizardCancelled) {
      process.stderr.write('wolfify: cancelled; nothing was written\n');
      return EXIT_CANCELLED;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
