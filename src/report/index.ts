import type { Paint } from './paint.js';
import type { Result, Severity, Verdict } from '../model.js';
import { countVerdicts, formatVerdictCounts } from '../verdict.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import { formatBytes } from '../size/parts.js';

// What `batch` reports on, and the formatters that turn it into text: pure functions from
// one BatchReport to one string, picked by name (eslint's formatters, knip's reporters).

/** A Dockerfile that could not be converted; the rest of the batch still ran. */
export interface ConversionFailure {
  source: string;
  error: { message: string; line: number | null };
}

/** What `--check` found: generated files that differ from disk, or are not there at all. */
export interface CheckOutcome {
  changed: string[];
  missing: string[];
}

export interface BatchReport {
  /** Converted files, in discovery order (sorted by path). */
  results: Result[];
  failures: ConversionFailure[];
  /** Present under --check. */
  check?: CheckOutcome;
}
import { formatSeverityCounts } from './counts.js';
import { plural } from '../words.js';

export interface BatchSummary {
  files: number;
  converted: number;
  failed: number;
  /** How many converted files have each verdict (`3 ready · 2 need review · 1 incomplete`). */
  verdicts: Record<Verdict, number>;
  /** Package installs (not base images) that became at least one Wolfi package. */
  packagesMapped: number;
  findings: Record<Severity, number>;
  /** Sum over the files whose size saving is known; absent when none is. */
  savedBytes?: number;
  check?: { changed: number; missing: number };
}

export interface FormatContext {
  paint: Paint;
  verbose: boolean;
  quiet: boolean;
  /** wolfify's version, for SARIF's tool.driver. */
  toolVersion: string;
}

export type Formatter = (report: BatchReport, context: FormatContext) => string;

export const FORMATTERS = {
  text: formatBatchText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  markdown: formatMarkdown,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATTERS, name);
}

/**
 * The id reported (in SARIF and JUnit) for a Dockerfile that could not be converted at all,
 * the way hadolint reserves DL1000 for "could not parse".
 */
export const CONVERSION_FAILED = {
  id: 'WF100',
  severity: 'error',
  title: 'Dockerfile could not be converted',
} as const;

export { formatBytes };

export const HOMEPAGE = 'https://github.com/wolfi-dev/wolfify';

/** Where each finding id is explained. */
export function findingHelpUri(id: string): string {
  return `${HOMEPAGE}/blob/main/docs/findings.md#${id.toLowerCase()}`;
}

export function summarize(report: BatchReport): BatchSummary {
  const findings: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let packagesMapped = 0;
  let savedBytes: number | undefined;
  for (const result of report.results) {
    for (const f of result.findings) findings[f.severity]++;
    packagesMapped += result.packages.filter(
      (d) => d.manager !== 'base-image' && d.target !== 'dropped' && d.to.length > 0,
    ).length;
    const saved = result.size?.savedBytes;
    if (typeof saved === 'number') savedBytes = (savedBytes ?? 0) + saved;
  }
  const summary: BatchSummary = {
    files: report.results.length + report.failures.length,
    converted: report.results.length,
    failed: report.failures.length,
    verdicts: countVerdicts(report.results),
    packagesMapped,
    findings,
  };
  if (savedBytes !== undefined) summary.savedBytes = savedBytes;
  if (report.check) {
    summary.check = { changed: report.check.changed.length, missing: report.check.missing.length };
  }
  return summary;
}

/** The terminal view: each file as `convert` shows it, failures, then the totals. */
export function formatBatchText(report: BatchReport, context: FormatContext): string {
  const { paint } = context;
  const blocks: string[] = [];
  if (!context.quiet) {
    for (const result of report.results) {
      blocks.push(formatText(result, paint, { verbose: context.verbose, size: context.verbose }));
    }
  } else {
    // Quiet: only the files whose image is incomplete.
    for (const result of report.results) {
      if (result.verdict === 'incomplete') blocks.push(formatText(result, paint, { size: false }));
    }
  }
  for (const failure of report.failures) {
    const where = failure.error.line ? `${failure.source}:${failure.error.line}` : failure.source;
    blocks.push(
      `${paint('bold', where)}: ${paint('red', 'error')} could not convert: ${failure.error.message}`,
    );
  }
  blocks.push(formatTotals(summarize(report), paint));
  return `${blocks.join('\n\n')}\n`;
}

/** One line with the batch's totals, for the terminal: the verdicts first. */
export function formatTotals(summary: BatchSummary, paint: Paint): string {
  const parts = [
    formatVerdictCounts(summary.verdicts),
    `${summary.files} ${summary.files === 1 ? 'Dockerfile' : 'Dockerfiles'}`,
    `${summary.converted} converted`,
  ];
  if (summary.failed > 0) parts.push(paint('red', `${summary.failed} failed`));
  parts.push(`${plural(summary.packagesMapped, 'package')} mapped`);
  parts.push(formatSeverityCounts(summary.findings));
  if (summary.savedBytes !== undefined) parts.push(`${formatBytes(summary.savedBytes)} saved`);
  return paint('bold', parts.join(' · '));
}
