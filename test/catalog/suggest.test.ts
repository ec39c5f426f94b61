import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { isPlausibleSuggestion, SuggestionIndex } from '../../src/catalog/suggest.js';

// "Did you mean" offers only names that are plausibly the same software, and the index that
// finds them quickly misses none that a scan of the whole catalog would find.

const catalog = loadBuiltinCatalog();

describe('suggestions are plausibly the same software', () => {
  it('offers no name that is only a few letters away (`pixman` for `podman`)', () => {
    assert.deepEqual(catalog.suggest('podman'), []);
    assert.ok(!isPlausibleSuggestion('podman', 'pixman'));
  });

  it('offers the near spelling of a short name, not every name two edits away', () => {
    assert.deepEqual(catalog.suggest('jqq'), ['jq']);
    assert.deepEqual(catalog.suggest('curll'), ['curl']);
  });

  it('counts a swap of two letters as one typo', () => {
    assert.ok(isPlausibleSuggestion('ngnix', 'nginx'));
    assert.deepEqual(catalog.suggest('pytohn-3.12', 1), ['python-3.12']);
  });

  it('needs the principal word to be near, not only the whole name', () => {
    assert.ok(!catalog.suggest('xz-utils').includes('xdg-utils'));
    assert.ok(!catalog.suggest('xz-utils').includes('db-utils'));
    assert.equal(catalog.suggest('xz-utils')[0], 'xz');
  });

  it('does not match on a secondary or generic word alone', () => {
    assert.deepEqual(catalog.suggest('apt-transport-https'), []);
    assert.deepEqual(
      catalog.suggest('pkg-config').filter((n) => n.startsWith('perl-')),
      [],
    );
    assert.ok(!catalog.suggest('default-jre').some((n) => n.startsWith('gcc-')));
  });

  it('keeps names that share the principal word or consist of the name’s words', () => {
    assert.equal(catalog.suggest('libjpeg62-turbo-dev')[0], 'libjpeg-turbo-dev');
    assert.equal(catalog.suggest('libmariadb-dev')[0], 'mariadb-connector-c-dev');
    assert.ok(catalog.suggest('libgl1-mesa-glx').includes('mesa-glx'));
    assert.deepEqual(catalog.suggest('iputils-ping'), ['iputils']);
  });
});

describe('the suggestion index', () => {
  const names = catalog.names();
  const index = new SuggestionIndex(names);
  const scan = (name: string): string[] =>
    names.filter((n) => n !== name.toLowerCase() && isPlausibleSuggestion(name, n)).sort();

  it('finds every plausible name a scan of the catalog finds, for typos of real names', () => {
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-.'.split(''));
    const typo = fc
      .record({
        name: fc.constantFrom(...names),
        at: fc.nat(),
        edit: fc.constantFrom('replace', 'insert', 'delete', 'swap'),
        letter,
      })
      .map(({ name, at, edit, letter }) => {
        const i = at % name.length;
        if (edit === 'replace') return name.slice(0, i) + letter + name.slice(i + 1);
        if (edit === 'insert') return name.slice(0, i) + letter + name.slice(i);
        if (edit === 'delete') return name.slice(0, i) + name.slice(i + 1);
        return i + 1 < name.length
          ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2)
          : name;
      });
    fc.assert(
      fc.property(typo, (name) => {
        assert.deepEqual([...index.suggest(name, names.length)].sort(), scan(name));
      }),
      { numRuns: 150 },
    );
  });

  it('answers for names of every length, one letter to long', () => {
    for (const name of ['q', 'jq', 'gcc', 'zlib1g-dev', 'a-very-long-package-name-nobody-has'])
      assert.deepEqual([...index.suggest(name, names.length)].sort(), scan(name));
  });
});
