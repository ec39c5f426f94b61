// The size estimate for people: bars with their range for the terminal, and a Markdown
// section for a pull request — what each figure is, the five largest contributors on each
// side, and what is not counted. Pure formatters over SizeReport.

import type { Paint } from './paint.js';
import type { SizeReport, SizeSide } from '../model.js';
import { formatBytes } from '../size/parts.js';
import { cell } from './markdown-cells.js';

type SizePaint = (
  style: 'bold' | 'dim' | 'green' | 'red' | 'yellow' | 'cyan',
  text: string,
) => string;

function sizeText(bytes: number | null): string {
  return bytes === null ? 'unknown' : formatBytes(bytes);
}

function rangeText(low: number | null, high: number | null): string {
  if (low === null || high === null) return '';
  return low === high ? 'exact' : `${formatBytes(low)} – ${formatBytes(high)}`;
}

function savedText(size: SizeReport): string {
  const { savedBytes, savedPercent } = size;
  if (savedBytes === null) return 'unknown';
  if (savedBytes < 0) return `none: ${formatBytes(-savedBytes)} larger`;
  return savedPercent === null
    ? formatBytes(savedBytes)
    : `${formatBytes(savedBytes)} (${savedPercent}%)`;
}

function savedRangeText(size: SizeReport): string {
  if (size.savedLow === null || size.savedHigh === null) return '';
  return `range ${formatBytes(size.savedLow)} – ${formatBytes(size.savedHigh)}`;
}

/** Bar cells for a value, proportional to the largest figure; anything above zero shows. */
export function barLength(bytes: number | null, largest: number, width: number): number {
  if (bytes === null || bytes <= 0 || largest <= 0) return 0;
  return Math.max(1, Math.round((bytes / largest) * width));
}

/**
 * `█` up to the low end, `▓` from there to the figure, `░` from the figure to the high end:
 * the range reads as the shaded tail of the bar.
 */
export function rangeBar(side: SizeSide, largest: number, width: number): [string, string, string] {
  if (side.bytes === null) return ['', '', ''];
  const low = barLength(side.low ?? side.bytes, largest, width);
  const mid = Math.max(low, barLength(side.bytes, largest, width));
  const high = Math.max(mid, barLength(side.high ?? side.bytes, largest, width));
  return ['█'.repeat(low), '▓'.repeat(mid - low), '░'.repeat(high - mid)];
}

function topText(side: SizeSide): string {
  return side.top.length === 0
    ? '—'
    : side.top.map((t) => `${t.name} ${formatBytes(t.bytes)}`).join(', ');
}

function largestHigh(size: SizeReport): number {
  return Math.max(
    size.before.high ?? size.before.bytes ?? 0,
    size.after.high ?? size.after.bytes ?? 0,
  );
}

export function formatSizeText(size: SizeReport, paint: Paint | SizePaint, width = 40): string {
  const largest = largestHigh(size);
  const rows: [string, SizeSide, 'yellow' | 'green'][] = [
    ['before', size.before, 'yellow'],
    ['after', size.after, 'green'],
  ];
  const sizeWidth = Math.max(...rows.map(([, s]) => sizeText(s.bytes).length));
  const lines = [paint('bold', 'Image size (estimate)')];
  for (const [label, side, colour] of rows) {
    const [solid, mid, tail] = rangeBar(side, largest, width);
    const bar =
      side.bytes === null
        ? paint('dim', '?')
        : `${paint(colour, solid + mid)}${paint('dim', tail)}`;
    const range = rangeText(side.low, side.high);
    lines.push(
      `  ${label.padEnd(6)}  ${sizeText(side.bytes).padStart(sizeWidth)}  ${bar}${range ? `  ${paint('dim', range)}` : ''}`.trimEnd(),
    );
  }
  const saved = savedText(size);
  const savedRange = savedRangeText(size);
  lines.push(
    `  ${'saved'.padEnd(6)}  ${size.savedBytes !== null && size.savedBytes > 0 ? paint('green', saved) : saved}${savedRange ? `  ${paint('dim', savedRange)}` : ''}`,
  );
  lines.push(`  ${paint('dim', 'before is')} ${size.before.label}`);
  lines.push(`  ${paint('dim', 'after is')}  ${size.after.label}`);
  lines.push(`  ${paint('dim', 'largest before:')} ${topText(size.before)}`);
  lines.push(`  ${paint('dim', 'largest after:')}  ${topText(size.after)}`);
  lines.push(paint('dim', `  before: ${size.before.basis}`));
  lines.push(paint('dim', `  after: ${size.after.basis}`));
  lines.push(paint('dim', `  application: ${size.application}`));
  for (const n of size.notCounted) lines.push(paint('dim', `  not counted: ${n}`));
  return lines.join('\n');
}

export function formatSizeMarkdown(size: SizeReport): string {
  const largest = largestHigh(size);
  const bar = (side: SizeSide) =>
    side.bytes === null ? '?' : rangeBar(side, largest, 30).join('');
  const lines = [
    '```text',
    `before  ${sizeText(size.before.bytes).padStart(9)}  ${bar(size.before)}`.trimEnd(),
    `after   ${sizeText(size.after.bytes).padStart(9)}  ${bar(size.after)}`.trimEnd(),
    '```',
    '',
    '| | Size | Range | What the figure is |',
    '| --- | ---: | --- | --- |',
    `| Before | ${sizeText(size.before.bytes)} | ${rangeText(size.before.low, size.before.high)} | ${cell(size.before.label)} |`,
    `| After (Wolfi) | ${sizeText(size.after.bytes)} | ${rangeText(size.after.low, size.after.high)} | ${cell(size.after.label)} |`,
    `| **Saved** | **${savedText(size)}** | ${savedRangeText(size).replace(/^range /, '')} | |`,
  ];
  const rows = Math.max(size.before.top.length, size.after.top.length);
  if (rows > 0) {
    lines.push(
      '',
      '| Largest before | Size | Largest after | Size |',
      '| --- | ---: | --- | ---: |',
    );
    for (let i = 0; i < rows; i++) {
      const b = size.before.top[i];
      const a = size.after.top[i];
      const cells = [
        b ? cell(b.name) : '',
        b ? formatBytes(b.bytes) : '',
        a ? cell(a.name) : '',
        a ? formatBytes(a.bytes) : '',
      ];
      lines.push(`|${cells.map((c) => (c ? ` ${c} ` : ' ')).join('|')}|`);
    }
  }
  lines.push(
    '',
    `Bars: █ up to the low end of the range, ▓ to the figure, ░ to the high end.`,
    '',
    `- Before: ${size.before.basis}`,
    `- After: ${size.after.basis}`,
    `- Application: ${size.application}.`,
  );
  for (const n of size.notCounted) lines.push(`- Not counted: ${n}`);
  return lines.join('\n');
}
