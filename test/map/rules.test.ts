import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { WolfifyError } from '../../src/errors.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import { lintRules, listRules } from '../../src/map/lint.js';
import { loadRuleFile, mergeRuleSets } from '../../src/map/rules.js';

function rejects(text: string, expected: string): void {
  assert.throws(
    () => loadRuleFile(text, 'my-rules.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof WolfifyError);
      assert.equal(e.describe(), expected);
      assert.equal(e.exitCode, 2);
      return true;
    },
  );
}

describe('rule files', () => {
  it('reads maps, drops and patterns with their lines', () => {
    const set = loadRuleFile(
      'debian:\n  map:\n    libfoo-dev: foo-dev\n    bar: [a, b]\n  drop:\n    baz: not needed\n  patterns:\n    - match: "x-*"\n      to: "y-$1"\n',
      'r.yaml',
    );
    assert.deepEqual(set.packages.debian.map.get('libfoo-dev'), {
      to: ['foo-dev'],
      note: null,
      at: { file: 'r.yaml', line: 3, builtin: false },
    });
    assert.deepEqual(set.packages.debian.map.get('bar')?.to, ['a', 'b']);
    assert.equal(set.packages.debian.drop.get('baz')?.reason, 'not needed');
    assert.deepEqual(set.packages.debian.patterns[0]?.to, ['y-$1']);
    assert.equal(set.packages.debian.patterns[0]?.at.line, 8);
  });

  it('rejects invalid YAML with file and line', () => {
    rejects(
      'debian:\n  map:\n    a: [b\n',
      'my-rules.yaml:4: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  it('rejects an unknown key and lists the expected ones', () => {
    rejects(
      'debain:\n  map: {}\n',
      'my-rules.yaml:1: unknown key "debain" in the rule file; expected one of: debian, alpine, fedora, suse, images, phpExtensions, tags, registries, version',
    );
    rejects(
      'debian:\n  mapping: {}\n',
      'my-rules.yaml:2: unknown key "mapping" in debian; expected one of: map, drop, patterns',
    );
  });

  it('rejects wrong types with what was found and what is expected', () => {
    rejects(
      'debian:\n  map:\n    foo: {to: 3, x: 1}\n',
      'my-rules.yaml:3: unknown key "x" in debian.map.foo; expected one of: to, note',
    );
    rejects(
      'debian:\n  drop:\n    foo: [a]\n',
      'my-rules.yaml:3: debian.drop.foo (the reason shown to the user) must be a string, found a list',
    );
    rejects(
      'debian:\n  patterns:\n    - match: foo\n      to: bar\n',
      'my-rules.yaml:3: debian.patterns[0] needs "match:" with a * or ? wildcard',
    );
    rejects(
      'images:\n  x:\n    match: [x]\n    family: gentoo\n',
      'my-rules.yaml:4: images.x.family is "gentoo"; expected one of: debian, alpine, fedora, suse, wolfi, scratch, unknown',
    );
    rejects(
      'images:\n  x:\n    match: [x]\n',
      'my-rules.yaml:3: images.x needs "family:" (one of debian, alpine, fedora, suse, wolfi, scratch, unknown)',
    );
  });

  it('reads an image environment as strings, and what a moved-up version adds', () => {
    const set = loadRuleFile(
      [
        'images:',
        '  x:',
        '    match: [x]',
        '    family: debian',
        "    env: { APP_UID: 1654, ON: 'true', HOME_DIR: /srv }",
        '    movedUp:',
        '      env: { DOTNET_ROLL_FORWARD: Major }',
        '      note: rolled forward',
        '    variants:',
        '      slim: { build: [] }',
        '      fat: { runtime: [a] }',
      ].join('\n'),
      'r.yaml',
    );
    const x = set.images.get('x');
    assert.deepEqual(Object.fromEntries(x?.env ?? []), {
      APP_UID: '1654',
      ON: 'true',
      HOME_DIR: '/srv',
    });
    assert.deepEqual(
      [Object.fromEntries(x?.movedUp?.env ?? []), x?.movedUp?.note],
      [{ DOTNET_ROLL_FORWARD: 'Major' }, 'rolled forward'],
    );
    assert.deepEqual(x?.variants.get('slim'), { family: null, runtime: null, build: [] });
    assert.deepEqual(x?.variants.get('fat'), { family: null, runtime: ['a'], build: null });
  });

  it('rejects PATH, bad variable names and non-string values in an image environment', () => {
    const image = 'images:\n  x:\n    match: [x]\n    family: debian\n    env:\n';
    rejects(
      `${image}      PATH: /go/bin\n`,
      'my-rules.yaml:6: images.x.env: PATH is built by apko and melange; give other variables only',
    );
    rejects(
      `${image}      GO-PATH: /go\n`,
      'my-rules.yaml:6: images.x.env: "GO-PATH" is not a variable name (letters, digits, _)',
    );
    rejects(
      `${image}      GOPATH: [a]\n`,
      'my-rules.yaml:6: images.x.env.GOPATH must be a string, found a list',
    );
    rejects(
      `${image.replace('    env:\n', '')}    movedUp: { envs: {} }\n`,
      'my-rules.yaml:5: unknown key "envs" in images.x.movedUp; expected one of: env, note',
    );
  });

  it('reads a version-family pattern and requires $1 in its targets', () => {
    const set = loadRuleFile(
      "alpine:\n  patterns:\n    - { match: 'pg*-dev', to: 'postgresql-$1-dev', versionFamily: postgresql- }\n",
      'r.yaml',
    );
    assert.equal(set.packages.alpine.patterns[0]?.versionFamily, 'postgresql-');
    rejects(
      "alpine:\n  patterns:\n    - { match: 'pg*-dev', to: libpq, versionFamily: postgresql- }\n",
      'my-rules.yaml:3: alpine.patterns[0] has "versionFamily:", so "to:" must use $1 (the version the pattern captures)',
    );
  });

  it('reads PHP extension rules and merges them, later files winning', () => {
    const a = loadRuleFile(
      "phpExtensions:\n  builtin: [Tokenizer]\n  builtinSince: { opcache: '8.5' }\n  names: { mongodb: pecl-mongodb }\n",
      'a.yaml',
    );
    const b = loadRuleFile('phpExtensions:\n  names: { mongodb: [a, b] }\n', 'b.yaml');
    const merged = mergeRuleSets(a, b).phpExtensions;
    assert.deepEqual([...merged.builtin.keys()], ['tokenizer']);
    assert.deepEqual(merged.builtinSince.get('opcache'), {
      version: '8.5',
      at: { file: 'a.yaml', line: 3, builtin: false },
    });
    assert.deepEqual(merged.names.get('mongodb')?.to, ['a', 'b']);
    rejects(
      "phpExtensions:\n  builtinSince: { opcache: '8' }\n",
      "my-rules.yaml:2: phpExtensions.builtinSince.opcache must be a PHP version such as '8.5'",
    );
    rejects(
      'phpExtensions:\n  renames: {}\n',
      'my-rules.yaml:2: unknown key "renames" in phpExtensions; expected one of: builtin, builtinSince, names',
    );
  });

  it('refuses documents that expand too many aliases', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'
        .split('')
        .map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    assert.throws(
      () => loadRuleFile(bomb, 'bomb.yaml'),
      (e: unknown) => e instanceof WolfifyError && /invalid YAML/.test(e.message),
    );
  });

  it('accepts an empty file', () => {
    assert.equal(loadRuleFile('', 'empty.yaml').images.size, 0);
  });

  it('lets later sets win, and a map overrides an earlier drop', () => {
    const a = loadRuleFile('debian:\n  drop:\n    foo: no\n  map:\n    bar: x\n', 'a.yaml');
    const b = loadRuleFile('debian:\n  map:\n    foo: y\n    bar: z\n', 'b.yaml');
    const merged = mergeRuleSets(a, b);
    assert.equal(merged.packages.debian.drop.has('foo'), false);
    assert.deepEqual(merged.packages.debian.map.get('foo')?.to, ['y']);
    assert.deepEqual(merged.packages.debian.map.get('bar')?.to, ['z']);
    assert.deepEqual(merged.files, ['a.yaml', 'b.yaml']);
  });
});

describe('the built-in rules', () => {
  const rules = loadBuiltinRules();

  it('name only packages that exist in the catalog', () => {
    const problems = lintRules(rules, loadBuiltinCatalog());
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line} ${p.message}`),
      [],
    );
  });

  it('cover the base images the issue names', () => {
    const ids = [...rules.images.keys()];
    for (const id of [
      'python',
      'node',
      'golang',
      'rust',
      'ruby',
      'php',
      'java',
      'amazoncorretto',
      'maven',
      'gradle',
      'dotnet-sdk',
      'dotnet-aspnet',
      'nginx',
      'httpd',
      'debian',
      'ubuntu',
      'alpine',
      'fedora',
      'rhel',
      'busybox',
      'distroless-static',
      'scratch',
      'chainguard',
    ]) {
      assert.ok(ids.includes(id), id);
    }
  });

  it('list every rule with where it is written', () => {
    const rows = listRules(rules);
    const row = rows.find((r) => r.rule === 'debian:map:libpq-dev');
    assert.equal(row?.value, 'postgresql-18-dev');
    assert.equal(row?.at.file, 'rules/debian.yaml');
    assert.ok(rows.filter((r) => r.kind === 'drop').every((r) => r.value.length > 10));
  });

  it('report a PHP extension rule no PHP version has', () => {
    const bad = mergeRuleSets(
      rules,
      loadRuleFile('phpExtensions:\n  names:\n    foo: pecl-foo\n', 'bad.yaml'),
    );
    assert.deepEqual(
      lintRules(bad, loadBuiltinCatalog()).map((p) => [p.rule, p.message]),
      [
        [
          'phpExtensions:names:foo@bad.yaml:3',
          'no PHP version in the Wolfi catalog has php-X.Y-pecl-foo',
        ],
      ],
    );
  });

  it('report a rule target missing from the catalog', () => {
    const bad = mergeRuleSets(
      rules,
      loadRuleFile('alpine:\n  map:\n    foo: libjpeg-turbo-devel\n', 'bad.yaml'),
    );
    const problems = lintRules(bad, loadBuiltinCatalog());
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.rule, 'alpine:map:foo@bad.yaml:3');
    assert.match(
      problems[0]?.message ?? '',
      /^libjpeg-turbo-devel is not in the Wolfi catalog \(did you mean libjpeg-turbo-dev/,
    );
  });
});
