// Which build-context files the core would like to see the first line of: the files the
// Dockerfile copies from the context, whose #! line names the shell or interpreter a copied
// entrypoint script needs. The core stays pure: the front end reads them and passes them in
// (ConvertOptions.contextScripts).

import { posix } from 'node:path';
import { copiedFile } from './generate/command-start.js';
import type { ParsedDockerfile } from './model.js';
import { parseDockerfile } from './parse/index.js';
import { lineage } from './plan/graph.js';

/** Context-relative paths (no wildcards, no URLs) that COPY/ADD take from the build context. */
export function contextFilesWanted(text: string, buildArgs: Record<string, string> = {}): string[] {
  let parsed: ParsedDockerfile;
  try {
    parsed = parseDockerfile(text, { buildArgs, fileName: 'Dockerfile' });
  } catch {
    return []; // convert reports the problem with its line
  }
  const stages = parsed.stages;
  const wanted = new Set<string>();
  for (const source of startedScripts(parsed)) wanted.add(source);
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

/**
 * Context files an ENTRYPOINT or CMD may start, even when they come into the image with a
 * directory or through another stage (`COPY . .` in a build stage, then `COPY --from=build
 * /rails /rails` and `ENTRYPOINT ["/rails/bin/docker-entrypoint"]`): their #! line names the
 * interpreter the image needs. Exec-form words only; a shell-form command starts /bin/sh.
 */
function startedScripts(parsed: ParsedDockerfile): string[] {
  const out: string[] = [];
  for (const stage of parsed.stages) {
    const chain = lineage(parsed, stage);
    let workdir = '/';
    for (const s of chain)
      for (const i of s.instructions)
        if (i.kind === 'workdir') workdir = posix.resolve(workdir, i.path);
    for (const i of stage.instructions) {
      if ((i.kind !== 'entrypoint' && i.kind !== 'cmd') || i.command.form !== 'exec') continue;
      // Every word the command-start check may follow: `bin/docker-entrypoint` is found from
      // the WORKDIR, a bare name on PATH (copiedFile), an option is no file.
      for (const word of i.command.argv) {
        if (word.startsWith('-')) continue;
        const source = copiedFile(word, { workdir, chain, parsed })?.source;
        if (source) out.push(source);
      }
    }
  }
  return out;
}
