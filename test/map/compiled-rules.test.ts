import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  compileBuiltinRules,
  COMPILED_RULES_FILE,
  deserializeRuleSet,
  serializeRuleSet,
} from '../../src/map/builtin-rules.js';
import { COMPILED_TABLES_FILE, deserializeData } from '../../src/builtin-data.js';
import { compileBuiltinTables } from '../../src/builtin-tables.js';
import { compileContractsYaml } from '../../src/map/contracts.js';
import {
  compileBuiltinCommands,
  loadBuiltinCommands,
  type CommandTable,
} from '../../src/plan/commands.js';
import { compileBuiltinInstallers, loadBuiltinInstallers } from '../../src/supply-chain.js';
import { repoRoot } from '../schema.js';

test('rules/builtin-rules.json is up to date with the YAML rule files', () => {
  const committed = readFileSync(join(repoRoot, 'rules', COMPILED_RULES_FILE), 'utf8');
  assert.ok(
    committed === `${serializeRuleSet(compileBuiltinRules())}\n`,
    'rules/*.yaml changed: run `npm run rules:compile` and commit rules/builtin-rules.json',
  );
});

test('a compiled rule set reads back with its maps', () => {
  const rules = compileBuiltinRules();
  const back = deserializeRuleSet(serializeRuleSet(rules));
  assert.deepEqual(back, rules);
  assert.ok(back.images.get('python')?.aliases instanceof Map);
});

test('rules/builtin-tables.json is up to date with the YAML tables', () => {
  const committed = readFileSync(join(repoRoot, 'rules', COMPILED_TABLES_FILE), 'utf8');
  assert.ok(
    committed === compileBuiltinTables(),
    'rules/installers.yaml, commands.yaml or base-contracts.yaml changed: run `npm run rules:compile` and commit rules/builtin-tables.json',
  );
});

test('compiled tables read back as the YAML reads: sets, maps and rule lines', () => {
  const back = deserializeData(compileBuiltinTables()) as Record<string, unknown>;
  assert.deepEqual(back['commands.yaml'], compileBuiltinCommands());
  assert.deepEqual(back['installers.yaml'], compileBuiltinInstallers());
  assert.deepEqual(back['base-contracts.yaml'], compileContractsYaml());
  assert.ok((back['commands.yaml'] as CommandTable).busybox instanceof Set);
  assert.ok((back['commands.yaml'] as CommandTable).commands instanceof Map);
  // The loaders serve the committed file.
  assert.deepEqual(loadBuiltinCommands(), compileBuiltinCommands());
  assert.deepEqual(loadBuiltinInstallers(), compileBuiltinInstallers());
});
