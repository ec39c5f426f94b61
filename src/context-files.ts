// Which build-context files the core would like to see the first line of: the files the
// Dockerfile copies from the context, whose #! line names the shell or interpreter a copied
// entrypoint script needs. The core stays pure: the front end reads them and passes them in
// (ConvertOptions.contextScripts).

import { parseDockerfile } from './parse/index.js';

/** Context-relative paths (no wildcards, no URLs) that COPY/ADD take from the build context. */
export function contextFilesWanted(text: string, buildArgs: Record<string, string> = {}): string[] {
  let stages;
  try {
    stages = parseDockerfile(text, { buildArgs, fileName: 'Dockerfile' }).stages;
  } catch {
    return []; // convert reports the problem with its line
  }
  const wanted = new Set<string>();
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if ((instruction.kind !== 'copy' && instruction.kind !== 'add') || instruction.from !== null)
        continue;
      for (const source of instruction.sources) {
        if (/[*?[$]|^[a-z]+:\/\//i.test(source) || source === '.' || source.endsWith('/')) continue;
        wanted.add(source.replace(/^\.?\//, ''));
      }
    }
  }
  return [...wanted];
}
