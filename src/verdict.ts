import { atLeast } from './findings.js';
import type { Finding, Severity, Verdict } from './model.js';

// The one-word answer to "can I build this?", read from the findings' severities
// (docs/findings.md, "Severity and verdict"). An error means the image would not do what the
// original did; a warning, that it differs in a way a person must accept. A step of the build
// plan that is dropped counts as incomplete on its own, so the verdict cannot be `ready` while
// anything the image needs is lost.

/** A build-plan step as far as the verdict cares: what became of it. */
export interface StepFate {
  fate: string;
}

export function verdictOf(
  findings: readonly Pick<Finding, 'severity'>[],
  steps: readonly StepFate[] = [],
): Verdict {
  if (steps.some((s) => s.fate === 'dropped') || findings.some((f) => f.severity === 'error'))
    return 'incomplete';
  if (findings.some((f) => f.severity === 'warning')) return 'needs-review';
  return 'ready';
}

/**
 * Whether a result makes the command exit 1 under `--fail-on`: a finding at or above the
 * threshold, or an incomplete image under any threshold but `never` (a dropped step fails CI
 * even before a finding says so).
 */
export function failsAt(
  result: { verdict: Verdict; findings: readonly Pick<Finding, 'severity'>[] },
  threshold: Severity | 'never',
): boolean {
  if (threshold === 'never') return false;
  return (
    result.verdict === 'incomplete' || result.findings.some((f) => atLeast(f.severity, threshold))
  );
}

/** How reports name a verdict in a sentence. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  ready: 'ready',
  'needs-review': 'needs review',
  incomplete: 'incomplete',
};

/** What a verdict means for the user, in one line. */
export const VERDICT_MEANING: Record<Verdict, string> = {
  ready: 'the image runs the same application; build it',
  'needs-review': 'the image works but differs; confirm the warnings before building',
  incomplete: 'the image would not do what the original did; fix the errors before building',
};

/** `3 ready · 2 need review · 1 incomplete`: how many results have each verdict. */
export function countVerdicts(results: readonly { verdict: Verdict }[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { ready: 0, 'needs-review': 0, incomplete: 0 };
  for (const r of results) counts[r.verdict]++;
  return counts;
}

export function formatVerdictCounts(counts: Record<Verdict, number>): string {
  return `${counts.ready} ready · ${counts['needs-review']} ${counts['needs-review'] === 1 ? 'needs' : 'need'} review · ${counts.incomplete} incomplete`;
}
