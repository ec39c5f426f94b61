import type { Finding, Result, Verdict } from '../model.js';
import { formatVerdictCounts, VERDICT_LABEL } from '../verdict.js';
import { cell, html } from './markdown-cells.js';
import { countBySeverity, formatSeverityCounts } from './counts.js';
import { plural } from '../words.js';
import {
  findingHelpUri,
  formatBytes,
  summarize,
  type BatchReport,
  type ConversionFailure,
} from './index.js';

// A pull-request comment or GitHub step summary: a table of totals, then one collapsible
// section per Dockerfile, most serious first. GitHub rejects a step summary over 1 MiB, so the
// sections stop before that with an "N more" line.

export const MARKDOWN_LIMIT_BYTES = 1024 * 1024;
// Room for the closing "N more" line.
const RESERVE_BYTES = 200;

export function formatMarkdown(
  report: BatchReport,
  _context?: unknown,
  limitBytes: number = MARKDOWN_LIMIT_BYTES,
): string {
  const summary = summarize(report);
  const head: string[] = [
    '## wolfify',
    '',
    '| | |',
    '| --- | ---: |',
    `| Verdict | ${formatVerdictCounts(summary.verdicts)} |`,
    `| Dockerfiles | ${summary.files} |`,
    `| Converted | ${summary.converted} |`,
    `| Failed to convert | ${summary.failed} |`,
    `| Packages mapped | ${summary.packagesMapped} |`,
    `| Errors | ${summary.findings.error} |`,
    `| Warnings | ${summary.findings.warning} |`,
    `| Notes | ${summary.findings.info} |`,
  ];
  if (summary.savedBytes !== undefined)
    head.push(`| Size saved | ${formatBytes(summary.savedBytes)} |`);
  if (report.check) {
    head.push(
      `| Out of date (--check) | ${report.check.changed.length} changed, ${report.check.missing.length} missing |`,
    );
  }
  head.push('');

  const sections = [
    ...report.failures.map((f) => ({ rank: 0, source: f.source, text: failureSection(f) })),
    ...report.results.map((r) => ({
      rank: VERDICT_RANK[r.verdict],
      source: r.source,
      text: resultSection(r),
    })),
  ].sort((a, b) => a.rank - b.rank || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));

  let out = `${head.join('\n')}\n`;
  let used = Buffer.byteLength(out);
  let shown = 0;
  for (const section of sections) {
    const size = Buffer.byteLength(section.text) + 1;
    if (used + size > limitBytes - RESERVE_BYTES) break;
    out += `${section.text}\n`;
    used += size;
    shown++;
  }
  const hidden = sections.length - shown;
  if (hidden > 0) {
    out += `_… ${hidden} more ${hidden === 1 ? 'Dockerfile' : 'Dockerfiles'} not shown (the summary size limit); see the JSON or SARIF report for all of them._\n`;
  }
  return out;
}

function failureSection(failure: ConversionFailure): string {
  const where = failure.error.line ? ` (line ${failure.error.line})` : '';
  return [
    `<details><summary>❌ <code>${html(failure.source)}</code> could not be converted</summary>`,
    '',
    `${cell(failure.error.message)}${where}`,
    '',
    '</details>',
  ].join('\n');
}

/** Failures (rank 0) first, then incomplete, needs review, ready. */
const VERDICT_RANK: Record<Verdict, number> = { incomplete: 1, 'needs-review': 2, ready: 3 };
const VERDICT_ICON: Record<Verdict, string> = {
  incomplete: '❌',
  'needs-review': '⚠️',
  ready: '✅',
};

function resultSection(result: Result): string {
  const counts = countBySeverity(result.findings);
  const icon = VERDICT_ICON[result.verdict];
  const saved =
    typeof result.size?.savedBytes === 'number'
      ? `, ${formatBytes(result.size.savedBytes)} saved`
      : '';
  const title =
    `${icon} <code>${html(result.source)}</code> — <b>${VERDICT_LABEL[result.verdict]}</b>, ${plural(result.apko.contents.packages.length, 'package')}, ` +
    `${formatSeverityCounts(counts)}${saved}`;
  if (result.findings.length === 0) return `${title}\n`;
  const rows = result.findings.map(findingRow);
  return [
    `<details><summary>${title}</summary>`,
    '',
    '| Line | Severity | Finding | Message |',
    '| ---: | --- | --- | --- |',
    ...rows,
    '',
    '</details>',
  ].join('\n');
}

function findingRow(f: Finding): string {
  return `| ${f.line ?? ''} | ${f.severity} | [${f.id}](${findingHelpUri(f.id)}) | ${cell(f.message)} |`;
}
