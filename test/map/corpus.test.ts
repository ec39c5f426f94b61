// The realistic Dockerfiles under test/fixtures/corpus/ (web apps, data/ML, CI images, OCR,
// headless browsers, databases, on Debian, Ubuntu, Alpine, Fedora, UBI, Rocky, Alma, Amazon
// Linux): every package they install must be mapped to Wolfi names or dropped for a stated
// reason, and everything the converted images install must be a catalog name.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzeStage } from '../../src/analyze/stage.js';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { convert } from '../../src/convert.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import { MANAGER_FAMILY, type MapContext } from '../../src/map/context.js';
import { mapPackage } from '../../src/map/packages.js';
import { parseDockerfile } from '../../src/parse/index.js';
import { ShellParser } from '../../src/shell/index.js';

// test/fixtures/realworld/ (Dockerfiles of every language, for `npm run realworld`) counts too.
const dirs = ['corpus', 'realworld'].map(
  (d) => new URL(`../../../test/fixtures/${d}/`, import.meta.url),
);
const files = dirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => new URL(f, dir)),
);
const label = (file: URL): string => file.pathname.split('/').slice(-2).join('/');
const catalog = loadBuiltinCatalog();
const rules = loadBuiltinRules();
const PUBLIC = ['https://packages.wolfi.dev/os'];
const WITH_PRIVATE = [...PUBLIC, 'https://apk.cgr.dev/example-org'];

interface Tally {
  installs: number;
  mapped: number;
  dropped: number;
  /** Mapped by a rule to a name only Chainguard's private repository has. */
  privateOnly: string[];
  unknown: string[];
}

async function tally(repositories: string[]): Promise<Tally> {
  const ctx: MapContext = { catalog, rules, repositories };
  const shell = await ShellParser.load();
  const t: Tally = { installs: 0, mapped: 0, dropped: 0, privateOnly: [], unknown: [] };
  for (const file of files) {
    const parsed = parseDockerfile(readFileSync(file, 'utf8'), { fileName: label(file) });
    for (const stage of parsed.stages) {
      for (const install of analyzeStage(stage, shell).installs) {
        t.installs++;
        const m = mapPackage(install.name, MANAGER_FAMILY[install.manager], ctx, install.streams);
        const where = `${install.name} (${label(file)}:${install.line})`;
        if (m.kind === 'mapped') {
          t.mapped++;
          for (const name of m.to)
            assert.ok(
              catalog.has(name) || (catalog.privateOnly(name) && repositories === WITH_PRIVATE),
              `${where} → ${name}, which is not a catalog name`,
            );
        } else if (m.kind === 'dropped') {
          t.dropped++;
          assert.ok(m.reason.length > 20, `${where} dropped without a stated reason`);
        } else if (m.kind === 'private') t.privateOnly.push(where);
        else t.unknown.push(where);
      }
    }
  }
  return t;
}

const percent = (part: number, whole: number): string => ((part / whole) * 100).toFixed(1);

describe('the realistic Dockerfile corpus', () => {
  it('has a broad set of Dockerfiles', () => {
    assert.ok(files.length >= 30, `${files.length} files`);
  });

  it('maps or drops for a stated reason at least 97% of package installs', async (t) => {
    const r = await tally(PUBLIC);
    const decided = r.mapped + r.dropped + r.privateOnly.length;
    t.diagnostic(
      `${r.installs} installs in ${files.length} Dockerfiles: ${r.mapped} mapped, ${r.dropped} dropped with a reason, ` +
        `${r.privateOnly.length} only in Chainguard's private repository (the finding names the repository to add), ` +
        `${r.unknown.length} unknown — ${percent(decided, r.installs)}% decided`,
    );
    if (r.unknown.length > 0) t.diagnostic(`unknown: ${r.unknown.join(', ')}`);
    assert.ok(
      decided / r.installs >= 0.97,
      `${percent(decided, r.installs)}% decided; unknown: ${r.unknown.join(', ')}`,
    );
  });

  it('maps the private-only names normally when a Chainguard repository is configured', async () => {
    const r = await tally(WITH_PRIVATE);
    assert.deepEqual(r.privateOnly, []);
    assert.ok((r.mapped + r.dropped) / r.installs >= 0.97);
  });

  it('converts every file into images whose packages are all catalog names', async () => {
    for (const file of files) {
      const result = await convert(readFileSync(file, 'utf8'), {
        source: label(file),
        size: false,
      });
      // `name@local` is the application's own melange package.
      const app = (name: string): boolean => name.endsWith('@local');
      for (const name of result.apko.contents?.packages ?? [])
        assert.ok(
          app(name) || catalog.has(name),
          `${label(file)}: apko installs ${name}, not a catalog name`,
        );
      const melange = result.melange as {
        environment?: { contents?: { packages?: string[] } };
      } | null;
      for (const name of melange?.environment?.contents?.packages ?? [])
        assert.ok(
          app(name) || catalog.has(name),
          `${label(file)}: melange environment has ${name}`,
        );
    }
  });
});
