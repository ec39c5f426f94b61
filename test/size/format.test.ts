import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { painter } from '../../src/cli/terminal.js';
import type { SizeReport } from '../../src/model.js';
import { barLength, formatSizeMarkdown, formatSizeText } from '../../src/report/size.js';

const report: SizeReport = {
  before: {
    bytes: 120_000_000,
    basis: 'measured: python:3.12-slim',
    top: [
      { name: 'python:3.12-slim (base image)', bytes: 119_000_000 },
      { name: 'libpq5', bytes: 1_000_000 },
    ],
  },
  after: {
    bytes: 30_000_000,
    basis: 'estimated | from Debian',
    top: [{ name: 'python-3.12-base', bytes: 30_000_000 }],
  },
  savedBytes: 90_000_000,
  savedPercent: 75,
  application: 'no application package in the image',
};

describe('the terminal size view', () => {
  it('draws bars proportional to the sizes', () => {
    const lines = formatSizeText(report, painter(false), 40).split('\n');
    assert.equal(lines[1], `  before  120.0 MB  ${'█'.repeat(40)}`);
    assert.equal(lines[2], `  after    30.0 MB  ${'█'.repeat(10)}`);
    assert.equal(lines[3], '  saved   90.0 MB (75%)');
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
        before: { bytes: null, basis: 'unknown: no data', top: [] },
        savedBytes: null,
        savedPercent: null,
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
    assert.equal(lines[3], '  saved   none: 2.3 MB larger');
  });
});

describe('the Markdown size table', () => {
  it('is a table a reviewer reads', () => {
    assert.equal(
      formatSizeMarkdown(report),
      [
        '| | Size | Basis |',
        '| --- | ---: | --- |',
        '| Before | 120.0 MB | measured: python:3.12-slim |',
        '| After (Wolfi) | 30.0 MB | estimated \\| from Debian |',
        '| **Saved** | **90.0 MB (75%)** | |',
        '',
        '| Largest before | Size | Largest after | Size |',
        '| --- | ---: | --- | ---: |',
        '| python:3.12-slim (base image) | 119.0 MB | python-3.12-base | 30.0 MB |',
        '| libpq5 | 1.0 MB | | |',
        '',
        'Application: no application package in the image.',
      ].join('\n'),
    );
  });
});
