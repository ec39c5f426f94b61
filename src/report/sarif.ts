import { createHash } from 'node:crypto';
import { FINDING_KINDS, type FindingKind } from '../findings.js';
import type { Result, Severity, Verdict } from '../model.js';
import { countVerdicts } from '../verdict.js';
import {
  CONVERSION_FAILED,
  findingHelpUri,
  HOMEPAGE,
  type BatchReport,
  type FormatContext,
} from './index.js';

// SARIF 2.1.0 the way GitHub code scanning reads it: one rule per finding id (with help and a
// link), one result per finding with a repo-relative path and a line, stable fingerprints so
// that re-uploads don't open duplicate alerts, and everything sorted so that runs diff cleanly.
// The verdicts go first, in the run's property bag, and an incomplete Dockerfile is also one
// error-level result of its own (WF330), so code scanning fails it as a whole.

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    results: SarifResult[];
    columnKind: 'utf16CodeUnits';
    properties: {
      verdicts: Record<Verdict, number>;
      /** Every converted Dockerfile with its verdict, sorted by path. */
      files: { uri: string; verdict: Verdict }[];
    };
  }[];
}

/** The id of the one result an incomplete Dockerfile gets (docs/findings.md, WF330). */
const INCOMPLETE_ID = 'WF330';

interface Occurrence {
  ruleId: string;
  severity: Severity;
  message: string;
  source: string;
  line: number;
  stage: string | null;
}

export function toSarif(report: BatchReport, toolVersion: string): SarifLog {
  const occurrences: Occurrence[] = [];
  for (const result of report.results) {
    if (result.verdict === 'incomplete') occurrences.push(incompleteOccurrence(result));
    for (const f of result.findings) {
      occurrences.push({
        ruleId: f.id,
        severity: f.severity,
        message: f.hint ? `${f.message}. ${f.hint}` : f.message,
        source: result.source,
        // SARIF lines start at 1; a finding about the whole file points at its top.
        line: f.line !== null && f.line >= 1 ? f.line : 1,
        stage: f.stage,
      });
    }
  }
  for (const failure of report.failures) {
    occurrences.push({
      ruleId: CONVERSION_FAILED.id,
      severity: CONVERSION_FAILED.severity,
      message: `could not convert: ${failure.error.message}`,
      source: failure.source,
      line: failure.error.line !== null && failure.error.line >= 1 ? failure.error.line : 1,
      stage: null,
    });
  }
  occurrences.sort(
    (a, b) =>
      compare(a.source, b.source) ||
      a.line - b.line ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.message, b.message),
  );

  const ruleIds = [...new Set(occurrences.map((o) => o.ruleId))].sort(compare);
  const rules = ruleIds.map(sarifRule);
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const seen = new Map<string, number>();
  const results = occurrences.map((o): SarifResult => {
    // The line is left out of the fingerprint so that an alert survives edits above it;
    // the occurrence count keeps identical findings in one file apart.
    const key = [o.ruleId, o.source, o.stage ?? '', o.message].join('\0');
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    return {
      ruleId: o.ruleId,
      ruleIndex: index.get(o.ruleId) as number,
      level: LEVEL[o.severity],
      message: { text: o.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(o.source) },
            region: { startLine: o.line },
          },
        },
      ],
      partialFingerprints: {
        'wolfifyFinding/v1': `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${nth}`,
      },
    };
  });

  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'wolfify', version: toolVersion, informationUri: HOMEPAGE, rules },
        },
        results,
        columnKind: 'utf16CodeUnits',
        properties: {
          verdicts: countVerdicts(report.results),
          files: report.results
            .map((r) => ({ uri: toUri(r.source), verdict: r.verdict }))
            .sort((a, b) => compare(a.uri, b.uri)),
        },
      },
    ],
  };
}

function incompleteOccurrence(result: Result): Occurrence {
  const errors = result.findings.filter((f) => f.severity === 'error');
  const first = errors.find((f) => f.line !== null && f.line >= 1);
  const why =
    errors.length === 0
      ? 'a step of the build is dropped'
      : errors.length === 1
        ? 'fix the error before building'
        : `fix the ${errors.length} errors before building`;
  return {
    ruleId: INCOMPLETE_ID,
    severity: 'error',
    message: `incomplete: the image would not do what the original did; ${why}`,
    source: result.source,
    line: first?.line ?? 1,
    stage: null,
  };
}

export function formatSarif(report: BatchReport, context: FormatContext): string {
  return `${JSON.stringify(toSarif(report, context.toolVersion), null, 2)}\n`;
}

function sarifRule(id: string): SarifRule {
  const kind: FindingKind =
    id === CONVERSION_FAILED.id
      ? CONVERSION_FAILED
      : ((FINDING_KINDS as Record<string, FindingKind>)[id] ?? { severity: 'warning', title: id });
  const helpUri = findingHelpUri(id);
  return {
    id,
    name: ruleName(kind.title),
    shortDescription: { text: kind.title },
    help: {
      text: `${kind.title}. See ${helpUri} for the reason and what to do instead.`,
      markdown: `**${kind.title}.** See [${id} in docs/findings.md](${helpUri}) for the reason and what to do instead.`,
    },
    helpUri,
    defaultConfiguration: { level: LEVEL[kind.severity] },
  };
}

/** `Package only in the private repository` → `PackageOnlyInThePrivateRepository`. */
function ruleName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}

/** A repo-relative POSIX path as a URI reference: each segment percent-encoded. */
function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
