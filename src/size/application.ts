// The application's share of the image: the files the Dockerfile copies from the build
// context, honouring .dockerignore the way Docker does. The front end lists the context
// (paths and sizes); this module only matches, so the core stays free of I/O.

import picomatch from 'picomatch';
import {
  contextRelative,
  CONTEXT_GLOB,
  dockerignoreMatcher,
  pathPrefixes,
} from '../dockerignore.js';
import type { RunFact } from '../model.js';
import { basename } from '../shell/index.js';

export interface BuildContextFiles {
  /** Regular files under the context directory: POSIX path relative to it, and size. */
  files: readonly { path: string; bytes: number }[];
  /** The text of the .dockerignore that applies, or null. */
  dockerignore: string | null;
  /** The listing stopped at its limit: the sum is a lower bound. */
  truncated?: boolean;
}

/** A COPY/ADD from the build context into the image (not `--from`, not a URL). */
export interface ContextCopy {
  sources: string[];
  line: number;
}

export interface ApplicationFiles {
  bytes: number;
  files: number;
  /** Sources that matched no file (or only ignored ones). */
  unmatched: string[];
}

function isRemote(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@');
}

/** Bytes of the context files the copies take, each file once, ignored files left out. */
export function copiedFromContext(
  copies: readonly ContextCopy[],
  context: BuildContextFiles,
): ApplicationFiles {
  const ignored = dockerignoreMatcher(context.dockerignore);
  const files = context.files.filter((f) => !ignored(f.path));
  const taken = new Set<string>();
  const unmatched: string[] = [];
  for (const copy of copies) {
    for (const source of copy.sources) {
      if (isRemote(source)) continue;
      const pattern = contextRelative(source);
      const match = pattern === '' ? () => true : picomatch(pattern, CONTEXT_GLOB);
      let hit = false;
      for (const file of files) {
        // A source names a file, or a directory whose whole tree is copied.
        if (pathPrefixes(file.path).some((p) => match(p))) {
          taken.add(file.path);
          hit = true;
        }
      }
      if (!hit) unmatched.push(source);
    }
  }
  let bytes = 0;
  for (const file of files) if (taken.has(file.path)) bytes += file.bytes;
  return { bytes, files: taken.size, unmatched };
}

/** Language package managers whose installs land in the image but are not sized. */
const LANGUAGE_TOOLS: Record<string, string> = {
  pip: 'pip',
  pip3: 'pip',
  pipenv: 'pipenv',
  poetry: 'poetry',
  uv: 'uv',
  npm: 'npm',
  yarn: 'yarn',
  pnpm: 'pnpm',
  bundle: 'bundler',
  gem: 'gem',
  composer: 'composer',
  cargo: 'cargo',
  go: 'go',
  mvn: 'maven',
  gradle: 'gradle',
  conda: 'conda',
  mamba: 'mamba',
};

const INSTALL_WORDS = new Set(['install', 'ci', 'add', 'sync', 'get', 'download']);

/** `pip install -r requirements.txt` (line 7): dependency installs by language tools. */
export function languageInstalls(
  facts: readonly RunFact[],
): { tool: string; line: number; text: string }[] {
  const out: { tool: string; line: number; text: string }[] = [];
  for (const fact of facts) {
    if (fact.kind !== 'command') continue;
    const [head, ...args] = fact.argv;
    if (!head) continue;
    let program = basename(head);
    let rest = args;
    // `python -m pip install …`
    if (/^python[\d.]*$/.test(program) && args[0] === '-m' && args[1]) {
      program = args[1];
      rest = args.slice(2);
    }
    const tool = LANGUAGE_TOOLS[program];
    if (!tool) continue;
    // `yarn` alone installs; the others need a verb.
    if (!(rest.some((a) => INSTALL_WORDS.has(a)) || (tool === 'yarn' && rest.length === 0)))
      continue;
    out.push({ tool, line: fact.line, text: fact.text.split('\n')[0] ?? fact.text });
  }
  return out;
}
