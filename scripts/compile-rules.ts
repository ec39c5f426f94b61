// Compile the built-in YAML rules into rules/builtin-rules.json (see src/map/builtin-rules.ts).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compileBuiltinRules,
  COMPILED_RULES_FILE,
  serializeRuleSet,
} from '../src/map/builtin-rules.js';

const target = fileURLToPath(new URL(`../../rules/${COMPILED_RULES_FILE}`, import.meta.url));
writeFileSync(target, `${serializeRuleSet(compileBuiltinRules())}\n`);
process.stdout.write(`wrote ${target}\n`);
