import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { matchInstaller, parseInstallerRules } from '../../src/analyze/installers.js';
import { loadBuiltinCatalog } from '../../src/catalog/index.js';
import { convert } from '../../src/convert.js';
import { WolfifyError } from '../../src/errors.js';
import { familyMembers } from '../../src/map/version-family.js';
import type { Result } from '../../src/model.js';
import { chooseInstallerPackage, loadBuiltinInstallers } from '../../src/supply-chain.js';
import { repoRoot } from '../schema.js';

// rules/installers.yaml: installer URLs whose software Wolfi packages (WF401/WF402 → WF405).

const catalog = loadBuiltinCatalog();
const rules = loadBuiltinInstallers();
const PUBLIC = ['https://packages.wolfi.dev/os'];

test('every installer target is a Wolfi name or a package known to have gone private', () => {
  for (const rule of rules) {
    if (rule.package === null) {
      assert.ok(rule.note, `installers:${rule.id} has no package, so it needs a note saying why`);
      continue;
    }
    const known = catalog.resolve(rule.package) ?? catalog.privateOnly(rule.package);
    assert.ok(known, `installers:${rule.id}: ${rule.package} is not in the catalog`);
    if (rule.versionFamily) {
      assert.ok(
        familyMembers(rule.versionFamily, catalog.names()).length > 0,
        `installers:${rule.id}: no ${rule.versionFamily}* packages in the catalog`,
      );
    }
  }
});

test('the shipped rule file is read once and has unique ids', () => {
  assert.equal(loadBuiltinInstallers(), rules);
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  const text = readFileSync(join(repoRoot, 'rules', 'installers.yaml'), 'utf8');
  assert.deepEqual(parseInstallerRules(text, 'x'), rules);
});

const choose = (url: string, repositories = PUBLIC) => {
  const match = matchInstaller(url, rules);
  assert.ok(match, `no rule matches ${url}`);
  return { id: match.rule.id, ...chooseInstallerPackage(match, catalog, repositories) };
};

test('a NodeSource setup script picks the nearest public nodejs not older than asked', () => {
  assert.deepEqual(choose('https://deb.nodesource.com/setup_22.x'), {
    id: 'nodesource',
    kind: 'package',
    name: 'nodejs-24',
    detail: 'it asks for 22; Wolfi has no nodejs-22, nearest newer: nodejs-24',
  });
  assert.deepEqual(choose('https://deb.nodesource.com/setup_24.x'), {
    id: 'nodesource',
    kind: 'package',
    name: 'nodejs-24',
    detail: null,
  });
  assert.equal(choose('https://rpm.nodesource.com/setup_lts.x').kind, 'package');
});

test('well-known installers map to their Wolfi packages', () => {
  const cases: [string, string, string][] = [
    ['https://sh.rustup.rs', 'rustup', catalog.resolve('rust') ?? ''],
    ['https://astral.sh/uv/install.sh', 'uv', 'uv'],
    ['https://astral.sh/uv/0.5.1/install.sh', 'uv', 'uv'],
    ['https://install.python-poetry.org', 'poetry', catalog.resolve('poetry') ?? ''],
    ['https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3', 'helm', 'helm-4'],
    ['https://get.docker.com/', 'docker', 'docker-cli'],
    [
      'https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh',
      'golangci-lint',
      'golangci-lint',
    ],
    ['https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip', 'awscli', 'aws-cli-2'],
    [
      'https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl',
      'kubectl',
      catalog.resolve('kubectl') ?? '',
    ],
    [
      'https://releases.hashicorp.com/terraform/1.9.0/terraform_1.9.0_linux_amd64.zip',
      'terraform',
      'terraform',
    ],
    [
      'https://raw.githubusercontent.com/nvm-sh/nvm/v0.40.1/install.sh',
      'nvm',
      catalog.resolve('nodejs') ?? '',
    ],
    ['https://go.dev/dl/go1.22.3.linux-amd64.tar.gz', 'go', 'go-1.26'],
  ];
  for (const [url, id, name] of cases) {
    const chosen = choose(url);
    assert.equal(chosen.id, id, url);
    assert.equal(chosen.kind === 'package' && chosen.name, name, url);
  }
});

test('an installer whose package went private says so instead of using it', () => {
  const chosen = choose('https://deno.land/install.sh');
  assert.deepEqual(chosen, {
    id: 'deno',
    kind: 'none',
    reason:
      "Wolfi's deno moved to Chainguard's private repository on 2026-06-09; add your organisation's repository (--repository https://apk.cgr.dev/<org>) to use it",
  });
  const withPrivate = choose('https://deno.land/install.sh', [
    ...PUBLIC,
    'https://apk.cgr.dev/acme',
  ]);
  assert.deepEqual(withPrivate, { id: 'deno', kind: 'package', name: 'deno', detail: null });
});

test('URLs that only look similar match nothing', () => {
  for (const url of [
    'https://evil.example/sh.rustup.rs',
    'https://sh.rustup.rs.evil.example/',
    'ftp://sh.rustup.rs',
    'https://deb.nodesource.com/setup_$NODE.x',
    `https://sh.rustup.rs/${'a/'.repeat(2000)}`,
  ]) {
    assert.equal(matchInstaller(url, rules), null, url);
  }
});

const convertText = (text: string): Promise<Result> => convert(text, { source: 'Dockerfile' });

test('curl | bash of the NodeSource script becomes the nodejs package, and its apt nodejs too', async () => {
  const result = await convertText(
    'FROM debian:bookworm\nARG NODE_MAJOR=22\n' +
      'RUN curl -fsSL https://deb.nodesource.com/setup_${NODE_MAJOR}.x | bash - && apt-get install -y nodejs\n' +
      'USER 1000\nCMD ["node"]\n',
  );
  const wf = result.findings.filter((f) => f.id === 'WF401' || f.id === 'WF405');
  assert.deepEqual(
    wf.map((f) => [f.id, f.line, f.message]),
    [
      [
        'WF401',
        3,
        'curl https://deb.nodesource.com/setup_22.x is piped into bash without verification; Wolfi packages the same software as nodejs-24',
      ],
      [
        'WF405',
        3,
        'NodeSource setup script replaced by the Wolfi package nodejs-24 (it asks for 22; Wolfi has no nodejs-22, nearest newer: nodejs-24)',
      ],
    ],
  );
  assert.deepEqual(
    result.packages.filter((p) => p.rule === 'installers:nodesource'),
    [
      {
        from: 'https://deb.nodesource.com/setup_22.x',
        manager: 'installer',
        stage: '0',
        line: 3,
        to: ['nodejs-24'],
        target: 'image',
        rule: 'installers:nodesource',
      },
      {
        from: 'nodejs',
        manager: 'apt',
        stage: '0',
        line: 3,
        to: ['nodejs-24'],
        target: 'image',
        rule: 'installers:nodesource',
      },
    ],
  );
  assert.ok(result.apko.contents.packages.includes('nodejs-24'));
  assert.ok(
    !result.apko.contents.packages.some((p) => p.startsWith('nodejs-2') && p !== 'nodejs-24'),
  );
});

test('rustup in a build stage goes to the build environment, not the image', async () => {
  const result = await convertText(
    'FROM debian:bookworm AS build\nRUN curl --proto =https -sSf https://sh.rustup.rs | sh -s -- -y\n' +
      'FROM debian:bookworm-slim\nUSER 1000\nCMD ["sh"]\n',
  );
  const decision = result.packages.find((p) => p.manager === 'installer');
  assert.deepEqual(decision, {
    from: 'https://sh.rustup.rs',
    manager: 'installer',
    stage: 'build',
    line: 2,
    to: [catalog.resolve('rust')],
    target: 'build',
    rule: 'installers:rustup',
  });
  assert.ok(!result.apko.contents.packages.some((p) => p.startsWith('rust')));
});

test('a third-party repository of known software names the Wolfi package in WF404', async () => {
  const result = await convertText(
    'FROM debian:bookworm\n' +
      'RUN echo "deb https://dl.yarnpkg.com/debian/ stable main" > /etc/apt/sources.list.d/yarn.list && apt-get install -y yarn\n' +
      'USER 1000\nCMD ["yarn"]\n',
  );
  const wf404 = result.findings.find((f) => f.id === 'WF404');
  assert.equal(
    wf404?.message,
    'third-party package source: echo "deb https://dl.yarnpkg.com/debian/ stable main" > /etc/apt/sources.list.d/yarn.list; Wolfi packages the same software as yarn',
  );
  assert.deepEqual(result.packages.find((p) => p.from === 'yarn')?.rule, 'installers:yarn');
});

test('a private-only installer stays a warning and adds nothing', async () => {
  const result = await convertText(
    'FROM debian:bookworm\nRUN curl -fsSL https://deno.land/install.sh | sh\nUSER 1000\nCMD ["sh"]\n',
  );
  assert.ok(!result.packages.some((p) => p.manager === 'installer'));
  assert.ok(!result.findings.some((f) => f.id === 'WF405'));
  assert.match(
    result.findings.find((f) => f.id === 'WF401')?.message ?? '',
    /; Deno install script: Wolfi's deno moved to Chainguard's private repository on 2026-06-09/,
  );
});

test('installer rule files are validated with file, line and the expected shape', () => {
  const fails = (text: string, expected: string) =>
    assert.throws(
      () => parseInstallerRules(text, 'i.yaml'),
      (e: unknown) => e instanceof WolfifyError && e.describe() === expected,
    );
  fails(
    'installers:\n  x:\n    name: X\n    match: [a.b]\n    package: x\n    colour: red\n',
    'i.yaml:6: unknown key "colour" in installers.x; expected: name, match, repositories, package, versionFamily, aliases, replaces, note',
  );
  fails(
    'installers:\n  x:\n    name: X\n    package: x\n',
    'i.yaml:2: installers.x needs match (download URLs) or repositories',
  );
  fails(
    'other: 1\n',
    'i.yaml:1: expected a map with one key, `installers: {<id>: {name, match, package}}`',
  );
  fails(
    'installers:\n  x:\n    name: X\n    match: a.b\n    package: x\n',
    'i.yaml:4: installers.x.match must be a list of strings',
  );
  fails(
    'installers:\n  x:\n    name: &n X\n    match: [a.b]\n    package: *n\n',
    'i.yaml:5: installers.x.package must be a string',
  );
});
