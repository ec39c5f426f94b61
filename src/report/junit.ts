import type { Finding } from '../model.js';
import { VERDICT_LABEL, VERDICT_MEANING } from '../verdict.js';
import { CONVERSION_FAILED, type BatchReport } from './index.js';

// JUnit XML in the Ant/Jenkins shape that GitLab's `artifacts:reports:junit` and the GitHub
// test-report actions read: one test case per Dockerfile, a failure when its verdict is
// `incomplete` or it could not be converted; the verdict opens each case's output.
// No timestamps or durations, so the file is reproducible.

interface Case {
  source: string;
  failure: { type: string; message: string; body: string } | null;
  out: string;
}

export function formatJunit(report: BatchReport): string {
  const cases: Case[] = [];
  for (const result of report.results) {
    const errors = result.findings.filter((f) => f.severity === 'error');
    const others = result.findings.filter((f) => f.severity !== 'error');
    const verdict = `${result.source}: ${VERDICT_LABEL[result.verdict]} — ${VERDICT_MEANING[result.verdict]}`;
    cases.push({
      source: result.source,
      failure:
        result.verdict !== 'incomplete'
          ? null
          : {
              type: [...new Set(errors.map((f) => f.id))].join(',') || 'incomplete',
              message: `incomplete: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}${errors[0] ? `: ${errors[0].message}` : ''}`,
              body: [verdict, ...errors.map((f) => findingLine(result.source, f))].join('\n'),
            },
      out: [verdict, ...others.map((f) => findingLine(result.source, f))].join('\n'),
    });
  }
  for (const failure of report.failures) {
    const where = failure.error.line ? `${failure.source}:${failure.error.line}` : failure.source;
    cases.push({
      source: failure.source,
      failure: {
        type: CONVERSION_FAILED.id,
        message: `could not convert: ${failure.error.message}`,
        body: `${where}: ${failure.error.message}`,
      },
      out: '',
    });
  }
  cases.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));

  const failures = cases.filter((c) => c.failure !== null).length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="0"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wolfify" ${counts}>`,
    `  <testsuite name="wolfify batch" ${counts}>`,
  ];
  for (const c of cases) {
    const open = `    <testcase classname="wolfify" name="${attr(c.source)}" file="${attr(c.source)}"`;
    if (c.failure === null && c.out === '') {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    if (c.failure) {
      lines.push(
        `      <failure type="${attr(c.failure.type)}" message="${attr(c.failure.message)}">${text(c.failure.body)}</failure>`,
      );
    }
    if (c.out !== '') lines.push(`      <system-out>${text(c.out)}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

function findingLine(source: string, f: Finding): string {
  const where = f.line === null ? source : `${source}:${f.line}`;
  return `${where}: ${f.severity} ${f.id} ${f.message}${f.hint ? ` (${f.hint})` : ''}`;
}

// XML 1.0 cannot carry most control characters at all, even escaped: drop them.
function clean(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (allowed) out += ch;
  }
  return out;
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
