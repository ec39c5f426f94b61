import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import type { MapContext } from '../../src/map/context.js';
import { mapPackage } from '../../src/map/packages.js';
import type { PackageFamily } from '../../src/map/rules.js';

const ctx: MapContext = {
  catalog: loadBuiltinCatalog(),
  rules: loadBuiltinRules(),
  repositories: ['https://packages.wolfi.dev/os'],
};

function list(family: string): string[] {
  const text = readFileSync(
    new URL(`../../../test/map/coverage/${family}.txt`, import.meta.url),
    'utf8',
  );
  return [
    ...new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#')),
    ),
  ];
}

const minimum: Record<string, number> = { debian: 400, alpine: 250, fedora: 400 };

describe('coverage of commonly installed packages', () => {
  for (const family of ['debian', 'alpine', 'fedora'] as PackageFamily[]) {
    it(`maps or justifiably drops at least 95% of ${minimum[family]}+ common ${family} packages`, (t) => {
      const names = list(family);
      assert.ok(names.length >= (minimum[family] ?? 0), `${names.length} names`);
      const missed: string[] = [];
      for (const name of names) {
        const m = mapPackage(name, family, ctx);
        if (m.kind === 'mapped') {
          for (const to of m.to)
            assert.ok(ctx.catalog.has(to), `${name} → ${to} is not a catalog name`);
        } else if (m.kind === 'dropped') {
          assert.ok(m.reason.length > 10, `${name} dropped without a real reason`);
        } else if (m.kind === 'private') {
          // Mapped by a rule; installed when Chainguard's repository is configured, else a
          // finding names the repository line to add.
          for (const to of m.to) assert.ok(ctx.catalog.privateOnly(to), `${name} → ${to}`);
        } else {
          missed.push(`${name} (${m.kind})`);
        }
      }
      const share = (names.length - missed.length) / names.length;
      t.diagnostic(
        `${family}: ${(share * 100).toFixed(1)}% of ${names.length} names mapped or dropped`,
      );
      assert.ok(
        share >= 0.95,
        `${(share * 100).toFixed(1)}% covered; not mapped: ${missed.join(', ')}`,
      );
    });
  }
});
