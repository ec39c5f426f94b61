// Findings counted by severity, the same way in every report format.

import type { Finding, Severity } from '../model.js';
import { plural } from '../words.js';

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
