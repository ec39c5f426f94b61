import type { Finding, PackageDecision, Result } from '../model.js';
import { cell } from './markdown-cells.js';
import { formatSizeMarkdown } from './size.js';
import { countBySeverity } from './text.js';

// REPORT.md beside the generated configs: every package decision with the rule behind it,
// every finding with its line and what to do, and the size estimate with its basis.

export function formatConversionReport(result: Result): string {
  const counts = countBySeverity(result.findings);
  const lines = [
    `# wolfify report: \`${result.source}\``,
    '',
    `${result.apko.contents.packages.length} packages in the image, run as ` +
      `\`${result.apko.accounts?.['run-as'] ?? 'root'}\`` +
      (result.melange ? `; the application is packaged by melange.yaml` : '') +
      `. Findings: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes.`,
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

function findingRow(f: Finding): string {
  return `| ${f.line ?? ''} | ${f.severity} | ${f.id} | ${cell(f.message)} | ${cell(f.hint ?? '')} |`;
}
