// Copy into test/fixtures/ what the tests need from ../shared, so the suite runs on a clone
// with nothing beside it:
//   test/fixtures/schemas/          the official apko and melange JSON schemas, byte for byte,
//                                   with their SOURCES.md and the date they were copied
//   test/fixtures/chainguard-images.json
//                                   the facts tests check the Chainguard image table against:
//                                   each published image and the user it runs as
// Usage: node dist/scripts/import-test-fixtures.js [shared-dir] [fixtures-dir]

import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = process.argv[2] ?? join(root, '..', 'shared');
const fixtures = process.argv[3] ?? join(root, 'test', 'fixtures');
const today = new Date().toISOString().slice(0, 10);

function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const schemas = join(fixtures, 'schemas');
mkdirSync(schemas, { recursive: true });
for (const name of ['apko.schema.json', 'melange.schema.json'])
  copyFileSync(join(shared, 'schemas', name), join(schemas, name));
writeAtomically(
  join(schemas, 'SOURCES.md'),
  `${readFileSync(join(shared, 'schemas', 'SOURCES.md'), 'utf8').trimEnd()}\n\n` +
    `## In wolfify\n\nCopied unchanged into test/fixtures/schemas/ on ${today} by ` +
    '`scripts/import-test-fixtures.ts`; test/schema.ts applies the relaxations above when it ' +
    'loads the melange schema.\n',
);

interface ChainguardImages {
  header: { source: { repo: string; commit: string; date: string; what: string } };
  images: Record<string, { runAs?: string }>;
}
const images = JSON.parse(
  readFileSync(join(shared, 'data', 'chainguard-images.json'), 'utf8'),
) as ChainguardImages;
const facts = {
  source: `${images.header.source.repo}@${images.header.source.commit} (${images.header.source.date}): ${images.header.source.what}`,
  derived: `${today} from chainguard-images.json by scripts/import-test-fixtures.ts`,
  // name → the user the image runs as (uid, or a name where the config gives one), or null.
  images: Object.fromEntries(
    Object.entries(images.images)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, image]) => [name, { runAs: image.runAs ?? null }]),
  ),
};
writeAtomically(join(fixtures, 'chainguard-images.json'), `${JSON.stringify(facts, null, 2)}\n`);
console.log(`wrote ${schemas}/ and ${join(fixtures, 'chainguard-images.json')}`);
