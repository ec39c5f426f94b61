import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { contextFilesWanted } from '../context-files.js';
import type { RepositoryBase } from '../same-repo-base.js';
import type { BuildContextFiles } from '../size/index.js';
import { readBuildContext } from './context.js';
import { FileView } from './file-view.js';
import { readDockerfile } from './files.js';
import { composeBases } from './repository-bases.js';

// What convert needs from beside a Dockerfile, read by the front end so that the core stays
// pure: the scripts it copies, its build context, and the Dockerfiles of the images it builds
// on that this repository builds.

/** At most this many context files are opened for their #! line. */
const MAX_CONTEXT_SCRIPTS = 200;
/** Entrypoint scripts are short; the start of a longer one says enough. */
const MAX_SCRIPT_BYTES = 16 * 1024;

export interface BuildInputs {
  contextScripts: Record<string, string>;
  bases: Record<string, RepositoryBase>;
  buildContext: BuildContextFiles | null;
}

/**
 * The inputs of the Dockerfile read from `path`: its context's scripts, its build context
 * (for the size report, without the output directory; `context` null: not read), and the
 * Dockerfiles of the images it builds on (`baseFiles`, and compose and bake files between the
 * Dockerfile and `top`), read with their own scripts. A batch passes one `view` to all its
 * files, so that what they share is read once.
 */
export async function buildInputsFor(
  path: string,
  text: string,
  baseFiles: Readonly<Record<string, string>>,
  top: string,
  context: { skip: string | null } | null = null,
  view: FileView = new FileView(),
): Promise<BuildInputs> {
  const contextScripts = contextScriptsOf(path, text, view);
  const buildContext = context ? readBuildContext(path, { skip: context.skip }, view) : null;
  const files =
    path === '-' ? { ...baseFiles } : { ...composeBases(path, top, view), ...baseFiles };
  const bases: Record<string, RepositoryBase> = {};
  // Read only what a FROM may name, then what those Dockerfiles name in turn.
  const pending = [text];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const [name, file] of Object.entries(files)) {
      if (bases[name] || !next.includes(name) || file === resolve(path)) continue;
      const input = await readDockerfile(file);
      bases[name] = {
        text: input.text,
        source: relative(process.cwd(), file) || file,
        contextScripts: contextScriptsOf(file, input.text, view),
        // Its build context as seen from this one's (stdin's: the working directory).
        context:
          relative(path === '-' ? process.cwd() : dirname(resolve(path)), dirname(file))
            .split(sep)
            .join('/') || '.',
      };
      pending.push(input.text);
    }
  }
  return { contextScripts, bases, buildContext };
}

/**
 * The build-context files a Dockerfile copies (see src/context-files.ts), by context-relative
 * path: the start of each file that begins with a #! line, '' for a file read that does not.
 * Directories and missing files are left out: the core then knows it has not seen them.
 */
function contextScriptsOf(
  dockerfile: string,
  text: string,
  view: FileView,
): Record<string, string> {
  if (dockerfile === '-') return {};
  const context = dirname(resolve(dockerfile));
  const out: Record<string, string> = {};
  for (const name of contextFilesWanted(text).slice(0, MAX_CONTEXT_SCRIPTS)) {
    const path = resolve(context, name);
    if (relative(context, path).startsWith('..') || isAbsolute(relative(context, path))) continue;
    const head = view.head(path, MAX_SCRIPT_BYTES);
    // '' says "read, not a script": the core then knows the file was seen.
    if (head !== null) out[name] = head.startsWith('#!') && !head.includes('\0') ? head : '';
  }
  return out;
}
