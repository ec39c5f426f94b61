import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { WolfifyError } from '../errors.js';
import type { BatchJob, BatchJobError, BatchJobOutcome, BatchWorkerSetup } from './batch.js';
import { engineFor, placementFor } from './batch.js';
import { FileView } from '../workspace/file-view.js';
import { readDockerfile } from '../workspace/files.js';
import { buildInputsFor } from '../workspace/inputs.js';
import { resolveConversion } from '../workspace/settings.js';

// One thread of `wolfify batch --jobs N`: resolves the same flags as the command once, then
// reads, converts and renders the files it is handed. The main thread does everything else
// (output-folder claims, writing, comparing, the report) in file order.

// As in main.ts: the shell grammar is WebAssembly, and V8's optimising tier recompiles it in
// the background for no gain on scripts of Dockerfile size. Each isolate compiles its own.
setFlagsFromString('--liftoff-only');

const port = parentPort;
if (port === null) throw new Error('batch-worker.js runs only as a worker thread');

const { flags, cwd, workingDirectory, outDir } = workerData as BatchWorkerSetup;
const [conversion, engine] = await Promise.all([
  resolveConversion(flags, workingDirectory),
  engineFor(flags),
]);

const view = new FileView();

async function run(job: BatchJob): Promise<BatchJobOutcome> {
  try {
    const input = await readDockerfile(join(cwd, job.source));
    const settings = conversion.forDockerfile(join(cwd, job.source)).options;
    const placement = placementFor(cwd, job.source, outDir);
    const result = await engine.convert(input.text, {
      ...settings,
      ...(await buildInputsFor(
        join(cwd, job.source),
        input.text,
        conversion.baseFiles,
        cwd,
        settings.size === false ? null : { skip: placement.outputDir ?? null },
        view,
      )),
      ...placement,
    });
    const files = job.render ? engine.renderFiles(result) : [];
    // The report must read as in one thread: only plain data crosses, as JSON would carry it.
    // A string crosses cheaply; an object would be cloned field by field.
    return { index: job.index, result: JSON.stringify(result), files };
  } catch (error) {
    return { index: job.index, error: describe(error) };
  }
}

function describe(error: unknown): BatchJobError {
  const wolfify = error instanceof WolfifyError;
  return {
    wolfify,
    message: error instanceof Error ? error.message : String(error),
    exitCode: wolfify ? error.exitCode : 2,
    file: wolfify ? error.file : null,
    line: wolfify ? error.line : null,
    stack: error instanceof Error ? (error.stack ?? null) : null,
  };
}

// Jobs run one at a time, in the order given; the second in flight only waits its turn.
let queue = Promise.resolve();
port.on('message', (job: BatchJob) => {
  queue = queue.then(async () => port.postMessage(await run(job)));
});
