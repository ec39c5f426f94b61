// Counted nouns in reports: "1 error", "2 warnings". One home so every format says it the same way.

import type { Finding, Severity } from '../model.js';

/** `n word`, with the plural `s` when n is not 1 (or the irregular plural given). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** "1 error, 2 warnings, 0 notes". */
export function formatSeverityCounts(counts: Readonly<Record<Severity, number>>): string {
  return [
    plural(counts.error, 'error'),
    plural(counts.warning, 'warning'),
    plural(counts.info, 'note'),
  ].join(', ');
}
