import assert from 'node:assert/strict';
import test from 'node:test';
import { countBySeverity, formatSeverityCounts } from '../../src/report/counts.js';
import { plural } from '../../src/words.js';

test('plural: one is singular, zero and many are plural', () => {
  assert.equal(plural(1, 'error'), '1 error');
  assert.equal(plural(0, 'error'), '0 errors');
  assert.equal(plural(2, 'Dockerfile'), '2 Dockerfiles');
  assert.equal(plural(3, 'directory', 'directories'), '3 directories');
});

test('formatSeverityCounts: each severity counted on its own', () => {
  const findings = (['error', 'warning', 'warning', 'info'] as const).map((severity) => ({
    id: 'WF000',
    severity,
    message: 'm',
    line: null,
    stage: null,
  }));
  assert.equal(formatSeverityCounts(countBySeverity(findings)), '1 error, 2 warnings, 1 note');
  assert.equal(formatSeverityCounts(countBySeverity([])), '0 errors, 0 warnings, 0 notes');
});
