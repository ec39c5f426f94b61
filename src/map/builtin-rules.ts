// Reading rule files from disk: the built-in ones shipped under rules/, and the
// user's (--rules FILE, repeatable, later wins; --no-builtin-rules).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deserializeData, serializeData } from '../builtin-data.js';
import { WolfifyError } from '../errors.js';
import { loadRuleFile, mergeRuleSets, type RuleSet } from './rules.js';
import { packageUrl } from '../package-path.js';

/** In merge order: images first, then one file per distro family. */
export const BUILTIN_RULE_FILES = [
  'images.yaml',
  'debian.yaml',
  'alpine.yaml',
  'fedora.yaml',
] as const;

const RULES_DIR = packageUrl('rules/');

/**
 * The built-in YAML rules, parsed and validated at build time into one JSON file:
 * the yaml parser costs ~150 ms on a cold start, JSON.parse a few.
 * `npm run rules:compile` writes it; a test fails when it is older than the YAML.
 */
export const COMPILED_RULES_FILE = 'builtin-rules.json';

let cached: RuleSet | null = null;

export function loadBuiltinRules(): RuleSet {
  if (cached) return cached;
  try {
    const text = readFileSync(fileURLToPath(new URL(COMPILED_RULES_FILE, RULES_DIR)), 'utf8');
    cached = deserializeRuleSet(text);
  } catch {
    cached = compileBuiltinRules();
  }
  return cached;
}

/** Read and validate the built-in YAML rule files (the source of the compiled file). */
export function compileBuiltinRules(): RuleSet {
  const sets = BUILTIN_RULE_FILES.map((file) => {
    const path = fileURLToPath(new URL(file, RULES_DIR));
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new WolfifyError(`the built-in rule file is missing; reinstall wolfify`, 2, path);
    }
    return loadRuleFile(text, `rules/${file}`, { builtin: true });
  });
  return mergeRuleSets(...sets);
}

// A RuleSet holds Maps; JSON keeps them as {"$map": [[key, value], …]} (src/builtin-data.ts).
export const serializeRuleSet = (rules: RuleSet): string => serializeData(rules);
export const deserializeRuleSet = (text: string): RuleSet => deserializeData(text) as RuleSet;

/** Built-in rules (unless disabled) followed by the user's files, later winning. */
export function loadRules(
  userFiles: readonly string[],
  options: { builtin?: boolean } = {},
): RuleSet {
  const sets = options.builtin === false ? [] : [loadBuiltinRules()];
  for (const file of userFiles) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new WolfifyError(
        `cannot read rule file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        2,
        file,
      );
    }
    sets.push(loadRuleFile(text, file));
  }
  return mergeRuleSets(...sets);
}
