import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FINDING_KINDS, sortFindings } from '../src/findings.js';
import { repoRoot } from './schema.js';

const doc = readFileSync(join(repoRoot, 'docs', 'findings.md'), 'utf8');

test('docs/findings.md documents every finding id with its title and severity', () => {
  for (const [id, kind] of Object.entries(FINDING_KINDS)) {
    const section = doc.split(`\n## ${id}\n`)[1];
    assert.ok(section, `docs/findings.md has no section for ${id}`);
    assert.ok(
      section.includes(`**${kind.title}** (${kind.severity})`),
      `${id}: title or severity differs in the docs`,
    );
  }
});

test('docs/findings.md documents no id the code does not know', () => {
  const documented = [...doc.matchAll(/^## (WF\d+)$/gm)].map((m) => m[1]);
  assert.deepEqual(
    documented.filter((id) => !(id! in FINDING_KINDS)),
    [],
  );
});

test('sorts findings by line, then severity, then id', () => {
  const at = (id: string, line: number | null, severity: 'error' | 'warning' | 'info') => ({
    id,
    line,
    severity,
    message: '',
    stage: null,
  });
  const sorted = sortFindings([
    at('WF301', 9, 'info'),
    at('WF203', 9, 'error'),
    at('WF306', null, 'info'),
    at('WF102', 2, 'warning'),
  ]);
  assert.deepEqual(
    sorted.map((f) => f.id),
    ['WF306', 'WF102', 'WF203', 'WF301'],
  );
});
