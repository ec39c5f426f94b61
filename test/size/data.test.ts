import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { debianTableFile, findRow } from '../../src/size/data.js';
import { repoRoot } from '../schema.js';

describe('rows of the Debian size tables', () => {
  const table = ['apt 1 libc6', 'curl 100 libc6 libcurl4', 'libc6 1000', 'zlib1g 10'].join('\n');

  it('finds the first, a middle and the last row, and a row with nothing after the name', () => {
    assert.equal(findRow(table, 'apt'), '1 libc6');
    assert.equal(findRow(table, 'curl'), '100 libc6 libcurl4');
    assert.equal(findRow(table, 'zlib1g'), '10');
    assert.equal(findRow('a 1\nb\nc 3', 'b'), '');
  });

  it('finds no name that is only a prefix, a dependency or absent', () => {
    for (const name of ['ap', 'cur', 'libcurl4', 'zlib', 'zz', '', 'a']) {
      assert.equal(findRow(table, name), null, name);
    }
    assert.equal(findRow('', 'apt'), null);
  });

  it('finds every row of the shipped releases: their lines are sorted by name', () => {
    for (const release of ['bookworm', 'trixie'] as const) {
      const packages = readFileSync(`${repoRoot}/rules/${debianTableFile(release)}`, 'utf8');
      for (const line of packages.split('\n').filter(Boolean)) {
        const space = line.indexOf(' ');
        const name = space < 0 ? line : line.slice(0, space);
        const rest = space < 0 ? '' : line.slice(space + 1);
        assert.equal(findRow(packages, name), rest, `${release} ${name}`);
      }
    }
  });
});
