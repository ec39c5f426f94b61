import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { resolveVersionFamily } from '../../src/map/version-family.js';

const catalog = loadBuiltinCatalog();

describe('version families', () => {
  it('takes the exact version when Wolfi has it', () => {
    assert.deepEqual(resolveVersionFamily('python-', '3.12', catalog), {
      name: 'python-3.12',
      version: '3.12',
      exact: true,
      older: false,
    });
  });

  it('reads only as many components as the family names have', () => {
    assert.equal(resolveVersionFamily('python-', '3.11.4', catalog)?.name, 'python-3.11');
    assert.equal(resolveVersionFamily('go-', '1.26.3', catalog)?.name, 'go-1.26');
  });

  it('moves a version Wolfi no longer has up to the nearest newer one', () => {
    assert.deepEqual(resolveVersionFamily('python-', '3.9', catalog), {
      name: 'python-3.10',
      version: '3.10',
      exact: false,
      older: false,
    });
    assert.equal(resolveVersionFamily('nodejs-', '22', catalog)?.name, 'nodejs-24');
    assert.equal(resolveVersionFamily('go-', '1.24', catalog)?.name, 'go-1.26');
  });

  it('takes the newest member of a major version', () => {
    assert.deepEqual(resolveVersionFamily('python-', '3', catalog), {
      name: 'python-3.14',
      version: '3.14',
      exact: true,
      older: false,
    });
  });

  it('takes the newest when no version is asked for', () => {
    assert.equal(resolveVersionFamily('openjdk-', null, catalog)?.name, 'openjdk-26');
  });

  it('says when the request is newer than anything in Wolfi', () => {
    assert.deepEqual(resolveVersionFamily('postgresql-', '19', catalog), {
      name: 'postgresql-18',
      version: '18',
      exact: false,
      older: true,
    });
  });

  it('ignores virtual names such as python-3', () => {
    assert.equal(resolveVersionFamily('python-', '2', catalog)?.name, 'python-3.10');
  });

  it('returns null for a family the catalog does not have', () => {
    assert.equal(resolveVersionFamily('cobol-', '1', catalog), null);
  });
});
