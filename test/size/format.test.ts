import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { painter } from '../../src/report/paint.js';
import type { SizeReport } from '../../src/model.js';
import { barLength, formatSizeMarkdown, formatSizeText } from '../../src/report/size.js';

const report: SizeReport = {
  before: {
    bytes: 120_000_000,
    low: 110_000_000,
    high: 130_000_000,
    kind: 'measured',
    label: 'measured python:3.12-slim',
    basis: 'measured: python:3.12-slim',
    top: [
      { name: 'python:3.12-slim (base image)', bytes: 119_000_000 },
      { name: 'libpq5', bytes: 1_000_000 },
    ],
  },
  after: {
    bytes: 30_000_000,
    low: 30_000_000,
    high: 30_000_000,
    kind: 'estimate',
    label: 'estimate: Wolfi packages',
    basis: 'estimated | from Debian',
    top: [{ name: 'python-3.12-base', bytes: 30_000_000 }],
  },
  savedBytes: 90_000_000,
  savedPercent: 75,
  savedLow: 80_000_000,
  savedHigh: 100_000_000,
  application: 'no application package in the image',
  notCounted: [],
};

describe('the terminal size view', () => {
  it('draws bars proportional to the sizes', () => {
    const lines = formatSizeText(report, painter(false), 40).split('\n');
    // The largest high end (130 MB) is the full width: 110 MB solid, to 120 MB dark, to 130 MB light.
    assert.equal(
      lines[1],
      `  before  120.0 MB  ${'█'.repeat(34)}${'▓'.repeat(3)}${'░'.repeat(3)}  110.0 MB – 130.0 MB`,
    );
    assert.equal(lines[2], `  after    30.0 MB  ${'█'.repeat(9)}  exact`);
    assert.equal(lines[3], '  saved   90.0 MB (75%)  range 80.0 MB – 100.0 MB');
  });

  it('says what each figure is, then the largest parts of each side', () => {
    const lines = formatSizeText(report, painter(false), 40).split('\n');
    assert.equal(lines[4], '  before is measured python:3.12-slim');
    assert.equal(lines[5], '  after is  estimate: Wolfi packages');
    assert.equal(
      lines[6],
      '  largest before: python:3.12-slim (base image) 119.0 MB, libpq5 1.0 MB',
    );
  });

  it('gives a tiny side one cell and an unknown side none', () => {
    assert.equal(barLength(1, 1_000_000, 40), 1);
    assert.equal(barLength(null, 1_000_000, 40), 0);
    assert.equal(barLength(500_000, 1_000_000, 40), 20);
  });

  it('says unknown when the before size is unknown', () => {
    const text = formatSizeText(
      {
        ...report,
        before: {
          bytes: null,
          low: null,
          high: null,
          kind: 'unknown',
          label: 'unknown',
          basis: 'unknown: no data',
          top: [],
        },
        savedBytes: null,
        savedPercent: null,
        savedLow: null,
        savedHigh: null,
      },
      painter(false),
      40,
    );
    const lines = text.split('\n');
    assert.equal(lines[1], '  before  unknown  ?');
    assert.equal(lines[3], '  saved   unknown');
  });
});

describe('the saving line', () => {
  it('says the image grew rather than a negative saving', () => {
    const lines = formatSizeText(
      { ...report, savedBytes: -2_300_000, savedPercent: null },
      painter(false),
      40,
    ).split('\n');
    assert.equal(lines[3], '  saved   none: 2.3 MB larger  range 80.0 MB – 100.0 MB');
  });
});

describe('the Markdown size table', () => {
  it('is a table a reviewer reads', () => {
    assert.equal(
      formatSizeMarkdown(report),
      [
        '```text',
        `before   120.0 MB  ${'█'.repeat(25)}▓▓▓░░`,
        `after     30.0 MB  ${'█'.repeat(7)}`,
        '```',
        '',
        '| | Size | Range | What the figure is |',
        '| --- | ---: | --- | --- |',
        '| Before | 120.0 MB | 110.0 MB – 130.0 MB | measured python:3.12-slim |',
        '| After (Wolfi) | 30.0 MB | exact | estimate: Wolfi packages |',
        '| **Saved** | **90.0 MB (75%)** | 80.0 MB – 100.0 MB | |',
        '',
        '| Largest before | Size | Largest after | Size |',
        '| --- | ---: | --- | ---: |',
        '| python:3.12-slim (base image) | 119.0 MB | python-3.12-base | 30.0 MB |',
        '| libpq5 | 1.0 MB | | |',
        '',
        'Bars: █ up to the low end of the range, ▓ to the figure, ░ to the high end.',
        '',
        '- Before: measured: python:3.12-slim',
        '- After: estimated | from Debian',
        '- Application: no application package in the image.',
      ].join('\n'),
    );
  });
});
