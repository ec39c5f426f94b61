import { stat } from 'node:fs/promises';
import { dirname, join, parse, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAME, parseConfig, type WolfifyConfig } from '../config.js';
import { readSettingsFile } from './files.js';

// Finding and reading `.wolfify.yaml`: from the working directory upward to the
// filesystem root (the way git, eslint and prettier find theirs); `--config FILE`
// names one; `--no-config` ignores any.

export interface LoadedConfig {
  /** Absolute path of the config file. */
  path: string;
  /** Its directory: paths inside the config are relative to it. */
  dir: string;
  config: WolfifyConfig;
}

/** The nearest `.wolfify.yaml` at or above `cwd`, or null. */
export async function findConfigFile(cwd: string): Promise<string | null> {
  let dir = resolve(cwd);
  const { root } = parse(dir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (await isFile(candidate)) return candidate;
    if (dir === root) return null;
    dir = dirname(dir);
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * `file`: a path from `--config` (relative to cwd), `false` for `--no-config`, or
 * undefined to search upward from cwd.
 */
export async function loadConfig(
  cwd: string,
  file: string | false | undefined,
): Promise<LoadedConfig | null> {
  if (file === false) return null;
  const path = file === undefined ? await findConfigFile(cwd) : resolve(cwd, file);
  if (path === null) return null;
  // Messages name the file the way the user would type it from here.
  const shown = file ?? (relative(cwd, path) || path);
  const text = await readSettingsFile(path, shown, 'the config file');
  return { path, dir: dirname(path), config: parseConfig(text, shown) };
}
