import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import type { Explanation, PackageExplanation } from '../../src/cli/rules.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import { PRIVATE_REPOSITORY_HINT } from '../../src/map/context.js';
import { listRules } from '../../src/map/lint.js';

// `wolfify rules …` through the real CLI, in a scratch directory with no imported catalog.

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const root = realpathSync(mkdtempSync(join(tmpdir(), 'wolfify-rules-')));
after(() => rmSync(root, { recursive: true, force: true }));
// An empty config here stops the upward search: no config of the machine's leaks in.
writeFileSync(join(root, '.wolfify.yaml'), '');

function wolfify(args: string[]) {
  const child = spawnSync(process.execPath, [MAIN, 'rules', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(root, 'cache') },
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

function explainJson(args: string[]): Explanation {
  const run = wolfify(['explain', ...args, '--json']);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Explanation;
}

const catalog = loadBuiltinCatalog();
const builtin = loadBuiltinRules();
/** Where a built-in rule is written: lines move when the rule files are edited. */
function at(rule: string): { file: string; line: number } {
  const row = listRules(builtin).find((r) => r.rule === rule);
  assert.ok(row, `no built-in rule ${rule}`);
  return { file: row.at.file, line: row.at.line };
}
const catalogLine = `catalog: builtin ${catalog.source} (${catalog.date})`;

describe('rules explain', () => {
  it('says what a mapped package becomes, the rule and where it is written', () => {
    const run = wolfify(['explain', 'libpq-dev', '--distro', 'debian']);
    assert.equal(run.status, 0, run.stderr);
    const where = at('debian:map:libpq-dev');
    const note = builtin.packages.debian.map.get('libpq-dev')?.note;
    assert.equal(
      run.stdout,
      [
        'libpq-dev (debian) → postgresql-18-dev',
        `  rule: debian:map:libpq-dev (${where.file}:${where.line})`,
        `  note: ${note}`,
        catalogLine,
        '',
      ].join('\n'),
    );
  });

  it('lists up to three suggestions for an unknown package', () => {
    const run = wolfify(['explain', 'libxml-devel', '--distro', 'fedora']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        'libxml-devel (fedora) → unknown: no rule maps it and the Wolfi catalog has no such name',
        '  did you mean: libxml2-dev, libxml2, libxml2-16?',
        '  rule: fedora:unknown',
        catalogLine,
        '',
      ].join('\n'),
    );
  });

  it('says a private-only package needs the private repository, and how to add it', () => {
    const run = wolfify(['explain', 'akhq', '--distro', 'alpine']);
    assert.equal(
      run.stdout,
      [
        "akhq (alpine) → akhq: only in Chainguard's private repository",
        `  akhq left public Wolfi on 2026-06-09; to use it, ${PRIVATE_REPOSITORY_HINT}`,
        '  rule: alpine:same-name',
        catalogLine,
        '',
      ].join('\n'),
    );
  });

  const unknown = (distro: string): PackageExplanation => ({
    distro: distro as PackageExplanation['distro'],
    kind: 'unknown',
    rule: `${distro}:unknown`,
    at: null,
    to: [],
    suggestions: ['libxml2-dev', 'libxml2', 'libxml2-16'],
  });
  const privateOnly = (distro: string): PackageExplanation => ({
    distro: distro as PackageExplanation['distro'],
    kind: 'private',
    rule: `${distro}:same-name`,
    at: null,
    to: ['akhq'],
    origin: 'akhq',
    on: '2026-06-09',
    hint: PRIVATE_REPOSITORY_HINT,
  });
  const cases: [string, string, PackageExplanation][] = [
    [
      'debian',
      'build-essential',
      {
        distro: 'debian',
        kind: 'mapped',
        rule: 'debian:map:build-essential',
        at: at('debian:map:build-essential'),
        to: ['build-base'],
      },
    ],
    [
      'debian',
      'python3-distutils',
      {
        distro: 'debian',
        kind: 'dropped',
        rule: 'debian:drop:python3-distutils',
        at: at('debian:drop:python3-distutils'),
        to: [],
        reason: builtin.packages.debian.drop.get('python3-distutils')?.reason ?? '',
      },
    ],
    ['debian', 'libxml-devel', unknown('debian')],
    ['debian', 'akhq', privateOnly('debian')],
    [
      'alpine',
      'musl-dev',
      {
        distro: 'alpine',
        kind: 'mapped',
        rule: 'alpine:map:musl-dev',
        at: at('alpine:map:musl-dev'),
        to: ['glibc-2.43-dev'],
        note: 'glibc-dev is a virtual name; glibc-2.43-dev provides it',
      },
    ],
    [
      'alpine',
      'apk-tools',
      {
        distro: 'alpine',
        kind: 'dropped',
        rule: 'alpine:drop:apk-tools',
        at: at('alpine:drop:apk-tools'),
        to: [],
        reason: builtin.packages.alpine.drop.get('apk-tools')?.reason ?? '',
      },
    ],
    ['alpine', 'libxml-devel', unknown('alpine')],
    ['alpine', 'akhq', privateOnly('alpine')],
    [
      'fedora',
      'libpq-devel',
      {
        distro: 'fedora',
        kind: 'mapped',
        rule: 'fedora:map:libpq-devel',
        at: at('fedora:map:libpq-devel'),
        to: ['postgresql-18-dev'],
      },
    ],
    [
      'fedora',
      'epel-release',
      {
        distro: 'fedora',
        kind: 'dropped',
        rule: 'fedora:drop:epel-release',
        at: at('fedora:drop:epel-release'),
        to: [],
        reason: builtin.packages.fedora.drop.get('epel-release')?.reason ?? '',
      },
    ],
    ['fedora', 'libxml-devel', unknown('fedora')],
    ['fedora', 'akhq', privateOnly('fedora')],
    [
      'suse',
      'curl',
      { distro: 'suse', kind: 'mapped', rule: 'suse:same-name', at: null, to: ['curl'] },
    ],
    ['suse', 'libxml-devel', unknown('suse')],
    ['suse', 'akhq', privateOnly('suse')],
  ];
  for (const [distro, name, expected] of cases) {
    it(`explains ${name} from ${distro} as ${expected.kind}`, () => {
      assert.deepEqual(explainJson([name, '--distro', distro]), {
        package: name,
        decisions: [expected],
        catalog: { kind: 'builtin', source: catalog.source, date: catalog.date },
      });
    });
  }

  it('maps a private-only package once the private repository is configured', () => {
    const json = explainJson([
      'akhq',
      '--distro',
      'debian',
      '--repository',
      'https://apk.cgr.dev/acme',
    ]);
    assert.deepEqual(json.decisions, [
      {
        distro: 'debian',
        kind: 'mapped',
        rule: 'debian:same-name',
        at: null,
        to: ['akhq'],
        note: "from Chainguard's private repository (origin akhq left public Wolfi on 2026-06-09)",
      },
    ]);
  });

  it('takes a user rule file over the built-in rules, naming its file and line', () => {
    writeFileSync(
      join(root, 'ours.yaml'),
      'suse:\n  drop:\n    curl: the image talks to nothing\ndebian:\n  map:\n    libpq-dev: libpq-18\n',
    );
    const json = explainJson(['curl', '--distro', 'opensuse', '--rules', 'ours.yaml']);
    assert.deepEqual(json.decisions, [
      {
        distro: 'suse',
        kind: 'dropped',
        rule: 'suse:drop:curl@ours.yaml:3',
        at: { file: 'ours.yaml', line: 3 },
        to: [],
        reason: 'the image talks to nothing',
      },
    ]);
    const libpq = explainJson(['libpq-dev', '--distro', 'debian', '--rules', 'ours.yaml']);
    assert.deepEqual(libpq.decisions[0]?.to, ['libpq-18']);
    assert.equal(libpq.decisions[0]?.rule, 'debian:map:libpq-dev@ours.yaml:6');
  });

  it('explains for every family when no --distro is given', () => {
    assert.deepEqual(
      explainJson(['curl']).decisions.map((d) => d.distro),
      ['debian', 'alpine', 'fedora', 'suse'],
    );
  });

  it('refuses an unknown --distro with exit code 2', () => {
    const run = wolfify(['explain', 'curl', '--distro', 'gentoo']);
    assert.equal(run.status, 2);
    assert.equal(
      run.stderr,
      'wolfify: --distro gentoo: expected one of debian, alpine, fedora, suse (or ubuntu, rhel, opensuse…)\n',
    );
  });
});

describe('rules list', () => {
  it("lists one family's package rules with where each is written", () => {
    const run = wolfify(['list', '--distro', 'alpine']);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    const expected = listRules(builtin).filter((r) => r.scope === 'alpine');
    assert.equal(lines.length, expected.length);
    assert.ok(lines.every((l) => l.startsWith('alpine  ')));
    const drop = at('alpine:drop:apk-tools');
    assert.ok(
      lines.includes(
        `alpine  drop     apk-tools → dropped: ${builtin.packages.alpine.drop.get('apk-tools')?.reason ?? ''}  (${drop.file}:${drop.line})`,
      ),
    );
    const map = at('alpine:map:musl-dev');
    assert.ok(lines.includes(`alpine  map      musl-dev → glibc-dev  (${map.file}:${map.line})`));
  });

  it('lists the base-image rules with --images', () => {
    const run = wolfify(['list', '--images', '--json']);
    const rows = JSON.parse(run.stdout) as { kind: string; rule: string }[];
    assert.deepEqual(
      rows.map((r) => r.rule),
      listRules(builtin)
        .filter((r) => r.kind === 'image')
        .map((r) => r.rule),
    );
    assert.ok(rows.some((r) => r.rule === 'images:python'));
  });

  it("includes a user's rules with their file", () => {
    writeFileSync(join(root, 'extra.yaml'), 'suse:\n  map:\n    libfoo1: jq\n');
    const run = wolfify(['list', '--distro', 'suse', '--rules', 'extra.yaml']);
    assert.equal(run.stdout, 'suse    map      libfoo1 → jq  (extra.yaml:3)\n');
  });
});

describe('rules lint', () => {
  it('passes a good file with exit code 0', () => {
    writeFileSync(
      join(root, 'good.yaml'),
      'debian:\n  map:\n    libfoo1: curl\n  drop:\n    foo-doc: documentation\n',
    );
    const run = wolfify(['lint', 'good.yaml']);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'wolfify: 1 file, 2 rules: no problems\n');
  });

  it('reports each problem as file:line and exits 1', () => {
    writeFileSync(
      join(root, 'bad.yaml'),
      [
        'debian:',
        '  map:',
        '    libfoo1: curl',
        '    libbar-dev: [openssl-dev, curll]',
        'images:',
        '  acme:',
        '    match: [acme/base]',
        '    family: debian',
        '    runtime: [wolfi-basee]',
        '',
      ].join('\n'),
    );
    writeFileSync(join(root, 'typo.yaml'), 'debian:\n  map: {}\n  dorp: {}\n');
    writeFileSync(join(root, 'good.yaml'), 'alpine:\n  map:\n    foo: curl\n');
    const run = wolfify(['lint', 'bad.yaml', 'typo.yaml', 'good.yaml']);
    assert.equal(run.status, 1);
    assert.equal(
      run.stdout,
      [
        `bad.yaml:4: rule debian:map:libbar-dev: curll is not in the Wolfi catalog (did you mean ${catalog.suggest('curll').join(', ')}?)`,
        `bad.yaml:6: rule images:acme: wolfi-basee is not in the Wolfi catalog (did you mean ${catalog.suggest('wolfi-basee').join(', ')}?)`,
        'typo.yaml:3: unknown key "dorp" in debian; expected one of: map, drop, patterns',
        '',
      ].join('\n'),
    );
    assert.equal(run.stderr, 'wolfify: 3 problems in 2 of 3 files\n');
  });

  it('stops with exit code 2 when a file cannot be read', () => {
    const run = wolfify(['lint', 'missing.yaml']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'wolfify: missing.yaml: cannot read rule file: no such file\n');
  });
});
