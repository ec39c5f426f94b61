// The command table (rules/commands.yaml): which Wolfi packages put a command on a melange
// build's PATH. Pure parsing here; reading the shipped file once is loadBuiltinCommands.

import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq } from 'yaml';
import { builtinTable } from '../builtin-data.js';
import { WolfifyError } from '../errors.js';
import { readYaml } from '../yaml-input.js';
import { packageFile } from '../package-path.js';

export interface CommandTable {
  /** Commands Wolfi's busybox provides. */
  busybox: ReadonlySet<string>;
  /** command → package names or virtual names, any of which provides it. */
  commands: ReadonlyMap<string, readonly string[]>;
  /** Distro commands no Wolfi package provides → what to do instead. */
  missing: ReadonlyMap<string, string>;
}

export const COMMANDS_FILE = 'rules/commands.yaml';

/** Validate the command table; errors name the file and line. */
export function parseCommandTable(text: string, file: string): CommandTable {
  const { doc, fail } = readYaml(text, file, null);
  const root = doc.contents;
  if (!isMap(root)) return fail(root, 'expected a map with `busybox`, `commands` and `missing`');
  const section = (key: string): unknown => {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) return fail(root, `missing \`${key}\``);
    return pair.value;
  };
  const text_ = (node: unknown, what: string): string => {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '')
      return fail(node, `${what} must be a non-empty string`);
    return node.value.trim();
  };
  const list = (node: unknown, what: string): string[] => {
    if (!isSeq(node)) return fail(node, `${what} must be a list`);
    return node.items.map((item) => text_(item, `an entry of ${what}`));
  };

  const busybox = new Set(list(section('busybox'), '`busybox`'));
  const commandsNode = section('commands');
  if (!isMap(commandsNode)) return fail(commandsNode, '`commands` must be a map');
  const commands = new Map<string, string[]>();
  for (const pair of commandsNode.items) {
    const name = text_(pair.key, 'a command name');
    commands.set(name, list(pair.value, `\`commands.${name}\``));
  }
  const missingNode = section('missing');
  if (!isMap(missingNode)) return fail(missingNode, '`missing` must be a map');
  const missing = new Map<string, string>();
  for (const pair of missingNode.items) {
    const name = text_(pair.key, 'a command name');
    missing.set(name, text_(pair.value, `\`missing.${name}\``));
  }
  return { busybox, commands, missing };
}

let builtin: CommandTable | null = null;

/** The shipped command table, read once (compiled: src/builtin-data.ts). */
export function loadBuiltinCommands(): CommandTable {
  builtin ??= builtinTable(COMMANDS_YAML, compileBuiltinCommands);
  return builtin;
}

const COMMANDS_YAML = 'commands.yaml';

/** rules/commands.yaml, parsed and validated. */
export function compileBuiltinCommands(): CommandTable {
  const path = packageFile('rules/commands.yaml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new WolfifyError('the built-in command table is missing; reinstall wolfify', 2, path);
  }
  return parseCommandTable(text, COMMANDS_FILE);
}
