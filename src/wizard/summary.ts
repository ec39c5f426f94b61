import type { Paint } from '../report/paint.js';
import type { PackageDecision, Result } from '../model.js';
import { formatFinding, formatVerdict } from '../report/text.js';

// What the wizard shows before it asks anything: the stages it found and what it decided
// for each (base image → packages, each install → packages), then the user and the
// problems, under the verdict that opens it. Pure: a Result in, lines of text out.

export function formatSummary(result: Result, paint: Paint): string {
  const lines: string[] = [formatVerdict(result, paint)];
  const stages = new Map<string, PackageDecision[]>();
  for (const d of result.packages) {
    const list = stages.get(d.stage) ?? [];
    list.push(d);
    stages.set(d.stage, list);
  }
  for (const [stage, decisions] of stages) {
    const base = decisions.find((d) => d.manager === 'base-image');
    const role = decisions.some((d) => d.target === 'image') ? 'image' : 'build';
    lines.push(
      `  ${paint('cyan', `stage ${stage}`)} ${paint('dim', `(${role === 'image' ? 'the image' : 'build only'})`)}`,
    );
    for (const d of base ? [base, ...decisions.filter((x) => x !== base)] : decisions) {
      lines.push(`    ${formatDecision(d, paint)}`);
    }
  }
  const accounts = result.apko.accounts;
  const runAs = accounts?.['run-as'] ?? 'root';
  const uid = accounts?.users.find((u) => u.username === runAs)?.uid;
  lines.push(
    `  ${paint('cyan', 'runs as')} ${runAs}${uid === undefined ? '' : ` (uid ${uid})`}` +
      `  ${paint('cyan', 'archs')} ${result.apko.archs.join(', ')}`,
  );
  for (const f of result.findings.filter((x) => x.severity !== 'info')) {
    lines.push(`  ${formatFinding(result.source, f, paint)}`);
  }
  return lines.join('\n');
}

function formatDecision(d: PackageDecision, paint: Paint): string {
  const line = paint('dim', `line ${String(d.line).padStart(3)}`);
  const from = d.manager === 'base-image' ? `FROM ${d.from}` : `${d.manager} ${d.from}`;
  const to =
    d.target === 'dropped'
      ? paint('red', d.rule.endsWith(':unknown') ? 'unknown' : 'dropped')
      : paint('green', d.to.join(', ') || '(nothing)');
  const where = d.target === 'build' ? paint('dim', ' (build)') : '';
  return `${line}  ${paint('bold', from)} → ${to}${where}  ${paint('dim', `[${d.rule}]`)}`;
}
