import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { painter } from '../../src/report/paint.js';
import type { Finding, Result } from '../../src/model.js';
import {
  FORMATTERS,
  formatBytes,
  isFormatName,
  summarize,
  type BatchReport,
  type FormatContext,
} from '../../src/report/index.js';
import { toBatchJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { toSarif } from '../../src/report/sarif.js';
import { verdictOf } from '../../src/verdict.js';

// Hand-built results: the formatters are pure functions of the report, not of convert().

function result(source: string, findings: Finding[], savedBytes: number | null = null): Result {
  return {
    version: 1,
    source,
    verdict: verdictOf(findings),
    apko: {
      contents: {
        repositories: ['https://packages.wolfi.dev/os'],
        keyring: [],
        packages: ['python-3.11', 'curl'],
      },
      archs: ['x86_64'],
      accounts: { groups: [], users: [], 'run-as': 'nonroot' },
    },
    melange: null,
    melanges: [],
    steps: [],
    packages: [
      {
        from: 'python:3.11-slim',
        manager: 'base-image',
        stage: '0',
        line: 1,
        to: ['python-3.11'],
        target: 'image',
        rule: 'r#base',
      },
      {
        from: 'curl',
        manager: 'apt',
        stage: '0',
        line: 3,
        to: ['curl'],
        target: 'image',
        rule: 'r#curl',
      },
      {
        from: 'libfoo',
        manager: 'apt',
        stage: '0',
        line: 3,
        to: [],
        target: 'dropped',
        rule: 'r#unknown',
      },
    ],
    findings,
    size:
      savedBytes === null
        ? null
        : {
            before: {
              bytes: savedBytes * 2,
              low: savedBytes * 2,
              high: savedBytes * 2,
              kind: 'measured',
              label: 'measured',
              basis: 'measured',
              top: [],
            },
            after: {
              bytes: savedBytes,
              low: savedBytes,
              high: savedBytes,
              kind: 'estimate',
              label: 'estimate',
              basis: 'estimate',
              top: [],
            },
            savedBytes,
            savedPercent: 50,
            savedLow: savedBytes,
            savedHigh: savedBytes,
            application: 'unknown until built',
            notCounted: [],
          },
  };
}

const unknownPackage: Finding = {
  id: 'WF203',
  severity: 'error',
  message: 'no Wolfi package for apt package `libfoo`',
  line: 3,
  stage: '0',
  hint: 'Map it in a rule file.',
};
const healthcheck: Finding = {
  id: 'WF302',
  severity: 'warning',
  message: 'HEALTHCHECK <dropped> & "ignored"',
  line: 9,
  stage: '0',
};
const nonroot: Finding = {
  id: 'WF309',
  severity: 'info',
  message: 'user `app` has no fixed uid; wolfify chose 999',
  line: null,
  stage: null,
};

const report: BatchReport = {
  results: [
    result('services/web/Dockerfile', [healthcheck, nonroot], 1_000_000),
    result('services/api/Dockerfile', [unknownPackage, healthcheck], 500_000),
  ],
  failures: [
    { source: 'broken/Dockerfile', error: { message: 'no FROM instruction', line: null } },
  ],
};

const context: FormatContext = {
  paint: painter(false),
  verbose: false,
  quiet: false,
  toolVersion: '1.2.3',
};

describe('summary', () => {
  test('counts files, failures, mapped installs, findings by severity and the size saved', () => {
    assert.deepEqual(summarize(report), {
      files: 3,
      converted: 2,
      failed: 1,
      verdicts: { ready: 0, 'needs-review': 1, incomplete: 1 },
      packagesMapped: 2,
      findings: { error: 1, warning: 2, info: 1 },
      savedBytes: 1_500_000,
    });
  });

  test('leaves savedBytes out when no result knows its size', () => {
    const summary = summarize({ results: [result('Dockerfile', [])], failures: [] });
    assert.equal('savedBytes' in summary, false);
  });

  test('the registry knows exactly the five formats', () => {
    assert.deepEqual(Object.keys(FORMATTERS).sort(), [
      'json',
      'junit',
      'markdown',
      'sarif',
      'text',
    ]);
    assert.equal(isFormatName('sarif'), true);
    assert.equal(isFormatName('toString'), false);
  });

  test('sizes are printed in decimal units', () => {
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1_500_000), '1.5 MB');
  });
});

describe('json', () => {
  test('has the documented shape: version, results, failures, summary', () => {
    const json = JSON.parse(FORMATTERS.json(report)) as ReturnType<typeof toBatchJson>;
    assert.deepEqual(Object.keys(json), ['version', 'results', 'failures', 'summary']);
    assert.equal(json.version, 1);
    assert.deepEqual(
      json.results.map((r) => r.source),
      ['services/web/Dockerfile', 'services/api/Dockerfile'],
    );
    assert.deepEqual(json.failures, [
      { source: 'broken/Dockerfile', error: { message: 'no FROM instruction', line: null } },
    ]);
    assert.equal(json.summary.failed, 1);
  });

  test('carries the drift under --check', () => {
    const json = toBatchJson({ ...report, check: { changed: ['a/wolfi/apko.yaml'], missing: [] } });
    assert.deepEqual(json.check, { changed: ['a/wolfi/apko.yaml'], missing: [] });
    assert.deepEqual(json.summary.check, { changed: 1, missing: 0 });
  });
});

describe('sarif', () => {
  const log = toSarif(report, '1.2.3');
  const run = log.runs[0];

  test('is SARIF 2.1.0 with a schema and one run for the wolfify driver', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    assert.ok(run);
    assert.equal(run.tool.driver.name, 'wolfify');
    assert.equal(run.tool.driver.version, '1.2.3');
    assert.match(run.tool.driver.informationUri, /^https:\/\//);
  });

  test('has one rule per finding id, unique and sorted, matching the results', () => {
    assert.ok(run);
    const ids = run.tool.driver.rules.map((r) => r.id);
    assert.deepEqual(ids, ['WF100', 'WF203', 'WF302', 'WF309', 'WF330']);
    assert.deepEqual([...new Set(run.results.map((r) => r.ruleId))].sort(), ids);
    for (const r of run.results) assert.equal(ids[r.ruleIndex], r.ruleId);
  });

  test('rules carry a description, help text, a help link and a default level', () => {
    const rule = run?.tool.driver.rules.find((r) => r.id === 'WF203');
    assert.deepEqual(rule, {
      id: 'WF203',
      name: 'UnknownPackage',
      shortDescription: { text: 'Unknown package' },
      help: {
        text: 'Unknown package. See https://github.com/wolfi-dev/wolfify/blob/main/docs/findings.md#wf203 for the reason and what to do instead.',
        markdown:
          '**Unknown package.** See [WF203 in docs/findings.md](https://github.com/wolfi-dev/wolfify/blob/main/docs/findings.md#wf203) for the reason and what to do instead.',
      },
      helpUri: 'https://github.com/wolfi-dev/wolfify/blob/main/docs/findings.md#wf203',
      defaultConfiguration: { level: 'error' },
    });
    assert.equal(
      run?.tool.driver.rules.find((r) => r.id === 'WF309')?.defaultConfiguration.level,
      'note',
    );
  });

  test('results are sorted by file and line, with repo-relative paths, lines ≥ 1 and levels', () => {
    assert.ok(run);
    const rows = run.results.map((r) => [
      r.locations[0]?.physicalLocation.artifactLocation.uri,
      r.locations[0]?.physicalLocation.region.startLine,
      r.ruleId,
      r.level,
    ]);
    assert.deepEqual(rows, [
      ['broken/Dockerfile', 1, 'WF100', 'error'],
      ['services/api/Dockerfile', 3, 'WF203', 'error'],
      ['services/api/Dockerfile', 3, 'WF330', 'error'],
      ['services/api/Dockerfile', 9, 'WF302', 'warning'],
      ['services/web/Dockerfile', 1, 'WF309', 'note'],
      ['services/web/Dockerfile', 9, 'WF302', 'warning'],
    ]);
    assert.equal(
      run.results[1]?.message.text,
      'no Wolfi package for apt package `libfoo`. Map it in a rule file.',
    );
  });

  test('the run properties carry each file verdict; an incomplete file is an error result', () => {
    assert.deepEqual(run?.properties, {
      verdicts: { ready: 0, 'needs-review': 1, incomplete: 1 },
      files: [
        { uri: 'services/api/Dockerfile', verdict: 'incomplete' },
        { uri: 'services/web/Dockerfile', verdict: 'needs-review' },
      ],
    });
    const incomplete = run?.results.filter((r) => r.ruleId === 'WF330') ?? [];
    assert.deepEqual(
      incomplete.map((r) => [r.level, r.locations[0]?.physicalLocation.artifactLocation.uri]),
      [['error', 'services/api/Dockerfile']],
    );
  });

  test('fingerprints are stable, ignore the line, and tell identical findings apart', () => {
    const moved = toSarif(
      {
        results: [result('services/api/Dockerfile', [{ ...unknownPackage, line: 30 }])],
        failures: [],
      },
      '1.2.3',
    );
    const before = run?.results.find((r) => r.ruleId === 'WF203')?.partialFingerprints;
    assert.deepEqual(moved.runs[0]?.results[0]?.partialFingerprints, before);
    const twice = toSarif(
      {
        results: [result('Dockerfile', [healthcheck, { ...healthcheck, line: 12 }])],
        failures: [],
      },
      'x',
    );
    const prints = twice.runs[0]?.results.map((r) => Object.values(r.partialFingerprints)[0]) ?? [];
    assert.equal(prints.length, 2);
    assert.notEqual(prints[0], prints[1]);
  });

  test('percent-encodes paths that are not plain URI characters', () => {
    const log2 = toSarif(
      { results: [result('my app/#1/Dockerfile', [healthcheck])], failures: [] },
      'x',
    );
    assert.equal(
      log2.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri,
      'my%20app/%231/Dockerfile',
    );
  });

  test('formats as one JSON document', () => {
    assert.deepEqual(
      JSON.parse(FORMATTERS.sarif(report, context)),
      JSON.parse(JSON.stringify(log)),
    );
  });
});

describe('junit', () => {
  const xml = formatJunit(report);

  test('has one test case per Dockerfile, failures for errors and conversion failures', () => {
    assert.equal(
      xml,
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="wolfify" tests="3" failures="2" errors="0" skipped="0">',
        '  <testsuite name="wolfify batch" tests="3" failures="2" errors="0" skipped="0">',
        '    <testcase classname="wolfify" name="broken/Dockerfile" file="broken/Dockerfile">',
        '      <failure type="WF100" message="could not convert: no FROM instruction">broken/Dockerfile: no FROM instruction</failure>',
        '    </testcase>',
        '    <testcase classname="wolfify" name="services/api/Dockerfile" file="services/api/Dockerfile">',
        '      <failure type="WF203" message="incomplete: 1 error: no Wolfi package for apt package `libfoo`">services/api/Dockerfile: incomplete — the image would not do what the original did; fix the errors before building',
        'services/api/Dockerfile:3: error WF203 no Wolfi package for apt package `libfoo` (Map it in a rule file.)</failure>',
        '      <system-out>services/api/Dockerfile: incomplete — the image would not do what the original did; fix the errors before building',
        'services/api/Dockerfile:9: warning WF302 HEALTHCHECK &lt;dropped&gt; &amp; "ignored"</system-out>',
        '    </testcase>',
        '    <testcase classname="wolfify" name="services/web/Dockerfile" file="services/web/Dockerfile">',
        '      <system-out>services/web/Dockerfile: needs review — the image works but differs; confirm the warnings before building',
        'services/web/Dockerfile:9: warning WF302 HEALTHCHECK &lt;dropped&gt; &amp; "ignored"',
        'services/web/Dockerfile: info WF309 user `app` has no fixed uid; wolfify chose 999</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  test('escapes attributes and drops characters XML cannot hold', () => {
    const out = formatJunit({
      results: [],
      failures: [
        { source: 'a"<b>\u0001/Dockerfile', error: { message: 'bad\u0000 "x"', line: 2 } },
      ],
    });
    assert.match(out, /name="a&quot;&lt;b&gt;\/Dockerfile"/);
    assert.match(out, /message="could not convert: bad &quot;x&quot;"/);
    assert.equal(out.includes('\u0000') || out.includes('\u0001'), false);
  });

  test('has no timestamps, so two runs give the same bytes', () => {
    assert.doesNotMatch(xml, /timestamp|time=/);
    assert.equal(formatJunit(report), xml);
  });
});

describe('markdown', () => {
  test('starts with the summary table, then files with the most serious first', () => {
    const md = formatMarkdown(report);
    const head = md.split('\n').slice(0, 15).join('\n');
    assert.equal(
      head,
      [
        '## wolfify',
        '',
        '| | |',
        '| --- | ---: |',
        '| Verdict | 0 ready · 1 needs review · 1 incomplete |',
        '| Dockerfiles | 3 |',
        '| Converted | 2 |',
        '| Failed to convert | 1 |',
        '| Packages mapped | 2 |',
        '| Errors | 1 |',
        '| Warnings | 2 |',
        '| Notes | 1 |',
        '| Size saved | 1.5 MB |',
        '',
        '<details><summary>❌ <code>broken/Dockerfile</code> could not be converted</summary>',
      ].join('\n'),
    );
    const order = ['broken/Dockerfile', 'services/api/Dockerfile', 'services/web/Dockerfile'].map(
      (s) => md.indexOf(`<code>${s}</code>`),
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
    assert.ok(
      md.includes(
        '| 9 | warning | [WF302](https://github.com/wolfi-dev/wolfify/blob/main/docs/findings.md#wf302) | HEALTHCHECK &lt;dropped&gt; &amp; "ignored" |',
      ),
    );
  });

  test('stops under the size limit with an "N more" line', () => {
    const many: BatchReport = {
      results: Array.from({ length: 50 }, (_, i) =>
        result(`svc-${String(i).padStart(2, '0')}/Dockerfile`, [healthcheck]),
      ),
      failures: [],
    };
    const md = formatMarkdown(many, undefined, 4000);
    assert.ok(Buffer.byteLength(md) <= 4000, `size ${Buffer.byteLength(md)}`);
    const shown = (md.match(/<details>/g) ?? []).length;
    assert.ok(shown > 0 && shown < 50);
    assert.match(md, new RegExp(`_… ${50 - shown} more Dockerfiles not shown`));
  });

  test('a 1 MiB default limit holds for thousands of files', () => {
    const many: BatchReport = {
      results: Array.from({ length: 6000 }, (_, i) =>
        result(`svc-${i}/Dockerfile`, [unknownPackage, healthcheck, nonroot]),
      ),
      failures: [],
    };
    assert.ok(Buffer.byteLength(formatMarkdown(many)) <= 1024 * 1024);
  });
});

describe('text', () => {
  test('shows each file the way convert does, failures, then the totals', () => {
    const text = FORMATTERS.text(report, context);
    const lines = text.trimEnd().split('\n');
    assert.equal(
      lines.at(-1),
      '0 ready · 1 needs review · 1 incomplete · 3 Dockerfiles · 2 converted · 1 failed · 2 packages mapped · 1 error, 2 warnings, 1 note · 1.5 MB saved',
    );
    assert.ok(lines.includes('broken/Dockerfile: error could not convert: no FROM instruction'));
    assert.ok(
      lines.includes(
        'services/api/Dockerfile:3: error WF203 no Wolfi package for apt package `libfoo`',
      ),
    );
  });

  test('each file starts with its verdict', () => {
    const text = FORMATTERS.text(report, context);
    const blocks = text.split('\n\n');
    assert.equal(
      blocks[0]?.split('\n')[0],
      'services/web/Dockerfile: needs review — the image works but differs; confirm the warnings before building',
    );
    assert.equal(
      blocks[1]?.split('\n')[0],
      'services/api/Dockerfile: incomplete — the image would not do what the original did; fix the errors before building',
    );
  });

  test('quiet shows only incomplete files and the totals', () => {
    const text = FORMATTERS.text(report, { ...context, quiet: true });
    assert.equal(text.includes('services/web/Dockerfile'), false);
    assert.equal(text.includes('services/api/Dockerfile:3'), true);
  });
});
