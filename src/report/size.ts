// The size estimate for people: a compact table with a bar chart for the terminal, and a
// Markdown table for a pull request. Pure formatters over SizeReport.

import type { Paint } from '../cli/terminal.js';
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

function savedText(size: SizeReport): string {
  const { savedBytes, savedPercent } = size;
  if (savedBytes === null) return 'unknown';
  if (savedBytes < 0) return `none: ${formatBytes(-savedBytes)} larger`;
  return savedPercent === null
    ? formatBytes(savedBytes)
    : `${formatBytes(savedBytes)} (${savedPercent}%)`;
}

/** Bar cells for a value, proportional to the larger side; anything above zero shows. */
export function barLength(bytes: number | null, largest: number, width: number): number {
  if (bytes === null || bytes <= 0 || largest <= 0) return 0;
  return Math.max(1, Math.round((bytes / largest) * width));
}

function topText(side: SizeSide): string {
  return side.top.length === 0
    ? '—'
    : side.top.map((t) => `${t.name} ${formatBytes(t.bytes)}`).join(', ');
}

export function formatSizeText(size: SizeReport, paint: Paint | SizePaint, width = 40): string {
  const largest = Math.max(size.before.bytes ?? 0, size.after.bytes ?? 0);
  const rows: [string, SizeSide, 'yellow' | 'green'][] = [
    ['before', size.before, 'yellow'],
    ['after', size.after, 'green'],
  ];
  const sizeWidth = Math.max(...rows.map(([, s]) => sizeText(s.bytes).length));
  const lines = [paint('bold', 'Image size (estimate)')];
  for (const [label, side, colour] of rows) {
    const cells = barLength(side.bytes, largest, width);
    const bar =
      cells > 0 ? paint(colour, '█'.repeat(cells)) : paint('dim', side.bytes === null ? '?' : '');
    lines.push(
      `  ${label.padEnd(6)}  ${sizeText(side.bytes).padStart(sizeWidth)}  ${bar}`.trimEnd(),
    );
  }
  const saved = savedText(size);
  lines.push(
    `  ${'saved'.padEnd(6)}  ${size.savedBytes !== null && size.savedBytes > 0 ? paint('green', saved) : saved}`,
  );
  lines.push(`  ${paint('dim', 'largest before:')} ${topText(size.before)}`);
  lines.push(`  ${paint('dim', 'largest after:')}  ${topText(size.after)}`);
  lines.push(paint('dim', `  before: ${size.before.basis}`));
  lines.push(paint('dim', `  after: ${size.after.basis}`));
  lines.push(paint('dim', `  application: ${size.application}`));
  return lines.join('\n');
}

export function formatSizeMarkdown(size: SizeReport): string {
  const lines = [
    '| | Size | Basis |',
    '| --- | ---: | --- |',
    `| Before | ${sizeText(size.before.bytes)} | ${cell(size.before.basis)} |`,
    `| After (Wolfi) | ${sizeText(size.after.bytes)} | ${cell(size.after.basis)} |`,
    `| **Saved** | **${savedText(size)}** | |`,
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
  lines.push('', `Application: ${size.application}.`);
  return lines.join('\n');
}
