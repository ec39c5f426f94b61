// Compile the built-in YAML rules into rules/builtin-rules.json (see src/map/builtin-rules.ts)
// and the other built-in tables into rules/builtin-tables.json (see src/builtin-data.ts).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMPILED_TABLES_FILE } from '../src/builtin-data.js';
import { compileBuiltinTables } from '../src/builtin-tables.js';
import {
  compileBuiltinRules,
  COMPILED_RULES_FILE,
  serializeRuleSet,
} from '../src/map/builtin-rules.js';

for (const [file, text] of [
  [COMPILED_RULES_FILE, `${serializeRuleSet(compileBuiltinRules())}\n`],
  [COMPILED_TABLES_FILE, compileBuiltinTables()],
] as const) {
  const target = fileURLToPath(new URL(`../../rules/${file}`, import.meta.url));
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
