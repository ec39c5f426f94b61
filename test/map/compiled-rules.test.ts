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
