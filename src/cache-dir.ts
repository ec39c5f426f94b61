// Where wolfify keeps what it may rebuild at any time (an imported catalog, compiled code):
// `$XDG_CACHE_HOME/wolfify`, else `~/.cache/wolfify`, as the XDG base directory spec says
// (a relative XDG_CACHE_HOME is invalid and ignored).

import { homedir } from 'node:os';
import { join } from 'node:path';

export function wolfifyCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env['XDG_CACHE_HOME'] && env['XDG_CACHE_HOME'].startsWith('/')
      ? env['XDG_CACHE_HOME']
      : join(homedir(), '.cache');
  return join(base, 'wolfify');
}
