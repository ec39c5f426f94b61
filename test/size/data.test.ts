import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findRow, type SizeDebianData } from '../../src/size/data.js';
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
    const data = JSON.parse(
      readFileSync(`${repoRoot}/rules/size-debian.json`, 'utf8'),
    ) as SizeDebianData;
    for (const [release, { packages }] of Object.entries(data.releases)) {
      for (const line of packages.split('\n')) {
        const space = line.indexOf(' ');
        const name = space < 0 ? line : line.slice(0, space);
        assert.equal(
          findRow(packages, name),
          space < 0 ? '' : line.slice(space + 1),
          `${release} ${name}`,
        );
      }
    }
  });
});
