import { melangeFiles } from '../generate/melange-files.js';
import type { Finding, PackageDecision, Result } from '../model.js';
import { VERDICT_LABEL, VERDICT_MEANING } from '../verdict.js';
import { checklist, type ChecklistItem } from './checklist.js';
import { cell } from './markdown-cells.js';
import { formatSizeMarkdown } from './size.js';
import { countBySeverity, formatSeverityCounts } from './counts.js';
import { plural } from '../words.js';

// REPORT.md beside the generated configs: the verdict and what to do before building first,
// then every package decision with the rule behind it, every finding with its line and what
// to do, and the size estimate with its basis.

/** `; the application is packaged by melange-build.yaml, then melange.yaml`, in build order. */
function packagedBy(result: Result): string {
  const files = melangeFiles(result).map((f) => f.file);
  return files.length > 0 ? `; the application is packaged by ${files.join(', then ')}` : '';
}

export function formatConversionReport(result: Result): string {
  const counts = countBySeverity(result.findings);
  const todo = checklist(result.findings);
  const lines = [
    `# wolfify report: \`${result.source}\``,
    '',
    `**Verdict: ${VERDICT_LABEL[result.verdict]}** — ${VERDICT_MEANING[result.verdict]}.`,
    '',
    '## Before you build',
    '',
    ...(todo.length === 0
      ? ['Nothing to do: build with the commands in BUILD.md.']
      : todo.map((item, i) => checklistLine(item, i + 1))),
    '',
    `${plural(result.apko.contents.packages.length, 'package')} in the image, run as ` +
      `\`${result.apko.accounts?.['run-as'] ?? 'root'}\`` +
      packagedBy(result) +
      `. Findings: ${formatSeverityCounts(counts)}.`,
    '',
    '## Packages',
    '',
    '| Line | Stage | From | Wolfi | Where | Rule |',
    '| ---: | --- | --- | --- | --- | --- |',
    ...result.packages.map(decisionRow),
    '',
    '## Findings',
    '',
  ];
  if (result.findings.length === 0) lines.push('None.');
  else {
    lines.push(
      '| Line | Severity | Id | Finding | What to do |',
      '| ---: | --- | --- | --- | --- |',
    );
    lines.push(...result.findings.map(findingRow));
  }
  if (result.size) lines.push('', '## Image size', '', formatSizeMarkdown(result.size).trimEnd());
  return `${lines.join('\n')}\n`;
}

const WHERE: Record<PackageDecision['target'], string> = {
  image: 'image',
  build: 'build only',
  dropped: 'dropped',
};

function decisionRow(d: PackageDecision): string {
  const from = d.manager === 'base-image' ? `FROM ${d.from}` : `${d.manager}: ${d.from}`;
  const to = d.to.length > 0 ? d.to.map((n) => `\`${n}\``).join(', ') : '—';
  return `| ${d.line} | ${cell(d.stage)} | ${cell(from)} | ${to} | ${WHERE[d.target]} | ${cell(d.rule)} |`;
}

/** `1. [ ] **Unknown package** (WF203, error; lines 3, 5): Map it in a rule file …` */
function checklistLine(item: ChecklistItem, n: number): string {
  const where =
    item.lines.length === 0
      ? ''
      : `; ${item.lines.length === 1 ? 'line' : 'lines'} ${item.lines.join(', ')}`;
  return `${n}. [ ] **${cell(item.title)}** (${item.id}, ${item.severity}${where}): ${cell(item.action)}`;
}

function findingRow(f: Finding): string {
  return `| ${f.line ?? ''} | ${f.severity} | ${f.id} | ${cell(f.message)} | ${cell(f.hint ?? '')} |`;
}
