import type { Result } from '../model.js';
import { summarize, type BatchReport, type BatchSummary, type ConversionFailure } from './index.js';

// The machine-readable batch report (DESIGN.md, "Interfaces"): one JSON document on stdout.

export interface BatchJson {
  version: 1;
  results: Result[];
  /** Dockerfiles that could not be converted; counted in summary.failed. */
  failures: ConversionFailure[];
  summary: BatchSummary;
  /** Under --check: output files (relative paths) that differ from disk or are missing. */
  check?: { changed: string[]; missing: string[] };
}

export function toBatchJson(report: BatchReport): BatchJson {
  const json: BatchJson = {
    version: 1,
    results: report.results,
    failures: report.failures,
    summary: summarize(report),
  };
  if (report.check) json.check = report.check;
  return json;
}

export function formatJson(report: BatchReport): string {
  return `${JSON.stringify(toBatchJson(report), null, 2)}\n`;
}
