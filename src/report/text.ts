import type { Paint } from './paint.js';
import type { Finding, Result, Severity, Verdict } from '../model.js';
import { VERDICT_LABEL, VERDICT_MEANING } from '../verdict.js';
import { formatSizeText } from './size.js';

import { countBySeverity, formatSeverityCounts } from './counts.js';
import { plural } from '../words.js';
const SEVERITY_STYLE: Record<Severity, 'red' | 'yellow' | 'blue'> = {
  error: 'red',
  warning: 'yellow',
  info: 'blue',
};

const VERDICT_STYLE: Record<Verdict, 'red' | 'yellow' | 'green'> = {
  incomplete: 'red',
  'needs-review': 'yellow',
  ready: 'green',
};

/** `Dockerfile: incomplete — the image would not do …`: the first line of every summary. */
export function formatVerdict(result: Pick<Result, 'source' | 'verdict'>, paint: Paint): string {
  const { verdict } = result;
  return `${paint('bold', result.source)}: ${paint(VERDICT_STYLE[verdict], paint('bold', VERDICT_LABEL[verdict]))} — ${VERDICT_MEANING[verdict]}`;
}

/** One finding the way compilers print them: `file:line: severity WF203 message`. */
export function formatFinding(source: string, f: Finding, paint: Paint): string {
  const where = f.line === null ? source : `${source}:${f.line}`;
  const head = `${paint('bold', where)}: ${paint(SEVERITY_STYLE[f.severity], f.severity)} ${paint('dim', f.id)} ${f.message}`;
  return f.hint ? `${head}\n    ${paint('dim', `→ ${f.hint}`)}` : head;
}

/** The human summary of one conversion: the verdict, decisions, findings, then a count line. */
export function formatText(
  result: Result,
  paint: Paint,
  options: { verbose?: boolean; size?: boolean } = {},
): string {
  const lines: string[] = [formatVerdict(result, paint)];
  if (options.verbose) {
    lines.push(paint('bold', 'Packages'));
    for (const d of result.packages) {
      const to = d.to.length > 0 ? d.to.join(', ') : '—';
      lines.push(
        `  ${String(d.line).padStart(4)}  ${d.from} → ${to}  ${paint('dim', `[${d.target}; ${d.rule}]`)}`,
      );
    }
  }
  const shown = options.verbose
    ? result.findings
    : result.findings.filter((f) => f.severity !== 'info');
  for (const f of shown) lines.push(formatFinding(result.source, f, paint));
  if (result.size && options.size !== false) lines.push(formatSizeText(result.size, paint));
  const counts = countBySeverity(result.findings);
  const imagePackages = result.apko.contents.packages.length;
  lines.push(
    `${result.source}: ${plural(imagePackages, 'package')}, run as ${result.apko.accounts?.['run-as'] ?? 'root'}; ` +
      formatSeverityCounts(counts) +
      (options.verbose || counts.info === 0 ? '' : ' (--verbose shows notes)'),
  );
  return lines.join('\n');
}
