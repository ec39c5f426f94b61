import type { Catalog } from '../catalog/catalog.js';
import { baseImageKey, UNKNOWN_RULE } from '../map/images.js';
import type { RuleSet } from '../map/rules.js';
import { familyMembers } from '../map/version-family.js';
import type { Result } from '../model.js';
import { parseImageRef } from '../parse/image-ref.js';
import type { Choice, Prompts } from './prompts.js';

// WF207 / WF213: a base image no rule knows. What it provided is lost (WF207), or only the
// runtime its name names is kept (WF213). The human knows which runtime it has: the answer
// becomes an image rule of this Dockerfile's answers in `.wolfify.yaml` (`runtimes:`).

export const NO_RUNTIME = 'none';

export interface RuntimeQuestion {
  /** The name rules match it by (`ghcr.io/acme/tools`): the key the answer is saved under. */
  image: string;
  /** As written in the FROM line, after ARG expansion. */
  from: string;
  line: number;
  /** WF213: the Wolfi runtime its name gave it; null for WF207. */
  guessed: string | null;
}

/** One question per base image (by rule key) that WF207 or WF213 flagged. */
export function runtimeQuestions(result: Result, rules: RuleSet): RuntimeQuestion[] {
  const named = new Set(result.findings.filter((f) => f.id === 'WF213').map((f) => f.line));
  const out: RuntimeQuestion[] = [];
  for (const d of result.packages) {
    if (d.manager !== 'base-image') continue;
    const unknown =
      d.rule === `images:${UNKNOWN_RULE}` || d.rule.startsWith(`images:${UNKNOWN_RULE}@`);
    if (!unknown && !named.has(d.line)) continue;
    const image = baseImageKey(parseImageRef(d.from), rules);
    if (out.some((q) => q.image === image)) continue;
    out.push({
      image,
      from: d.from,
      line: d.line,
      guessed: unknown
        ? null
        : (d.to.find((p) => RUNTIME_FAMILIES.some((f) => p.startsWith(f))) ?? null),
    });
  }
  return out;
}

/** Version families of language runtimes a base image is named after. */
const RUNTIME_FAMILIES = [
  'python-',
  'nodejs-',
  'openjdk-',
  'ruby-',
  'php-',
  'go-',
  'dotnet-',
  'aspnet-',
] as const;

/** The catalog's runtimes: every member of each runtime family, newest first per family. */
export function runtimeChoices(catalog: Catalog, term: string, first: string | null): Choice[] {
  const t = term.trim().toLowerCase();
  const names = RUNTIME_FAMILIES.flatMap((prefix) =>
    familyMembers(prefix, catalog.names())
      .map((m) => m.name)
      .reverse(),
  ).filter((name) => name.includes(t));
  const ordered =
    first && names.includes(first) ? [first, ...names.filter((n) => n !== first)] : names;
  return [
    ...ordered.map((name) => ({
      value: name,
      name,
      ...(name === first ? { description: 'what its name says' } : {}),
    })),
    { value: NO_RUNTIME, name: 'none — it provides no language runtime' },
  ];
}

/** The Wolfi runtime packages the base provides ([] for none). */
export async function askRuntime(
  prompts: Prompts,
  catalog: Catalog,
  question: RuntimeQuestion,
): Promise<string[]> {
  if (question.guessed) {
    const keep = await prompts.confirm({
      message: `No rule knows base image ${question.from} (line ${question.line}); its name says ${question.guessed}. Does it provide ${question.guessed}?`,
      default: true,
    });
    if (keep) return [question.guessed];
  }
  const picked = await prompts.search({
    message: `${question.guessed ? 'Then which' : `No rule knows base image ${question.from} (line ${question.line}): whatever it provided is lost. Which`} Wolfi runtime does it provide?`,
    source: (term) => runtimeChoices(catalog, term, question.guessed),
  });
  return picked === NO_RUNTIME ? [] : [picked];
}
