// wolfify's package decisions against a second, independent table (test/map/agreement/
// upstream.yaml), written by hand from the upstream project each package is built from.
// Where they disagree the test lists it; it asks for at least 90% agreement.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import type { MapContext } from '../../src/map/context.js';
import { mapPackage } from '../../src/map/packages.js';
import { resolveTarget } from '../../src/map/targets.js';

type Row = Record<'wolfi' | 'debian' | 'fedora', (string | null)[]>;
const table = parse(
  readFileSync(new URL('../../../test/map/agreement/upstream.yaml', import.meta.url), 'utf8'),
) as Record<string, Row>;

const ctx: MapContext = {
  catalog: loadBuiltinCatalog(),
  rules: loadBuiltinRules(),
  repositories: ['https://packages.wolfi.dev/os'],
};

describe('an independent table of Debian and Fedora → Wolfi names', () => {
  it('names only packages the catalog has, one Wolfi name per distro name', () => {
    for (const [project, row] of Object.entries(table)) {
      for (const name of row.wolfi)
        assert.notEqual(
          resolveTarget(name ?? '', ctx.catalog).kind,
          'missing',
          `${project}: ${name}`,
        );
      assert.equal(row.debian.length, row.wolfi.length, project);
      assert.equal(row.fedora.length, row.wolfi.length, project);
    }
  });

  for (const family of ['debian', 'fedora'] as const) {
    it(`agrees with wolfify on at least 90% of its ${family} names`, (t) => {
      let compared = 0;
      const differ: string[] = [];
      for (const [project, row] of Object.entries(table)) {
        row[family].forEach((name, i) => {
          const expected = row.wolfi[i];
          if (!name || !expected) return;
          compared++;
          const want = resolveTarget(expected, ctx.catalog);
          const m = mapPackage(name, family, ctx);
          const got = m.kind === 'mapped' || m.kind === 'private' ? m.to : [];
          if (!got.includes(want.name))
            differ.push(`${name} → ${got.join(' ') || m.kind} (table: ${expected}, ${project})`);
        });
      }
      const agreement = (compared - differ.length) / compared;
      t.diagnostic(
        `${family}: wolfify agrees on ${compared - differ.length} of ${compared} names (${(agreement * 100).toFixed(1)}%)`,
      );
      if (differ.length > 0) t.diagnostic(`differ: ${differ.join('; ')}`);
      assert.ok(agreement >= 0.9, `${(agreement * 100).toFixed(1)}%; differ: ${differ.join('; ')}`);
    });
  }
});
