// What rules/builtin-tables.json holds (see src/builtin-data.ts): each built-in table by the
// name of its YAML file, compiled from that file. Used by `npm run rules:compile` and the test
// that the committed file is up to date; the convert path never loads this module.

import { serializeData } from './builtin-data.js';
import { compileContractsYaml } from './map/contracts.js';
import { compileBuiltinCommands } from './plan/commands.js';
import { compileBuiltinInstallers } from './supply-chain.js';

/** The text of rules/builtin-tables.json, from the YAML files as they are now. */
export function compileBuiltinTables(): string {
  return `${serializeData({
    'installers.yaml': compileBuiltinInstallers(),
    'commands.yaml': compileBuiltinCommands(),
    'base-contracts.yaml': compileContractsYaml(),
  })}\n`;
}
