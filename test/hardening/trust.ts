import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { OutputFile } from '../../src/model.js';

/**
 * Explicit trust, the point of the migration: apko.yaml (and melange.yaml) name their
 * keyring and repositories, and no output anywhere allows unsigned packages.
 */
export function assertExplicitTrust(files: readonly OutputFile[]): void {
  for (const file of files) {
    assert.ok(!file.content.includes('allow-untrusted'), `${file.path} allows unsigned packages`);
  }
  const apko = files.find((f) => f.path === 'apko.yaml');
  assert.ok(apko, 'no apko.yaml');
  const contents = (
    parse(apko.content) as { contents?: { keyring?: string[]; repositories?: string[] } }
  ).contents;
  assert.ok((contents?.keyring?.length ?? 0) > 0, 'apko.yaml lists no keyring');
  assert.ok((contents?.repositories?.length ?? 0) > 0, 'apko.yaml lists no repositories');
  const melange = files.find((f) => f.path === 'melange.yaml');
  if (melange) {
    const env = (
      parse(melange.content) as {
        environment?: { contents?: { keyring?: string[]; repositories?: string[] } };
      }
    ).environment?.contents;
    assert.ok((env?.keyring?.length ?? 0) > 0, 'melange.yaml lists no keyring');
    assert.ok((env?.repositories?.length ?? 0) > 0, 'melange.yaml lists no repositories');
  }
}
