import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config.js';
import { updateConfigText } from '../../src/wizard/save.js';

const answers = (outDir: string) =>
  new Map([
    [
      'api/Dockerfile',
      {
        packages: [
          ['libfoo1', ['foo']],
          ['python3-distutils', null],
          ['libbar-dev', ['bar-dev', 'pkgconf']],
        ] as [string, string[] | null][],
        user: 'api:10001',
        archs: ['x86_64'],
        outDir,
      },
    ],
  ]);

describe('saving the wizard answers', () => {
  it('records the decision to keep root for an image designed to start as root', () => {
    const text = updateConfigText(null, {
      answers: new Map([
        [
          'db/Dockerfile',
          { packages: [], user: null, keepRoot: true, archs: null, outDir: 'db/wolfi' },
        ],
      ]),
    });
    assert.equal(text, 'answers:\n  db/Dockerfile:\n    keepRoot: true\n    outDir: db/wolfi\n');
    assert.equal(parseConfig(text, '.wolfify.yaml').answers.get('db/Dockerfile')?.keepRoot, true);
  });

  it('creates a config that parses back to the same answers', () => {
    const text = updateConfigText(null, { answers: answers('api/wolfi') });
    assert.equal(
      text,
      'answers:\n  api/Dockerfile:\n    packages:\n      libfoo1: foo\n      python3-distutils: drop\n      libbar-dev:\n        - bar-dev\n        - pkgconf\n    user: api:10001\n    archs: [ x86_64 ]\n    outDir: api/wolfi\n',
    );
    const entry = parseConfig(text, '.wolfify.yaml').answers.get('api/Dockerfile');
    assert.deepEqual(
      [...(entry?.packages ?? [])].map(([k, v]) => [k, v.to]),
      [
        ['libfoo1', ['foo']],
        ['python3-distutils', null],
        ['libbar-dev', ['bar-dev', 'pkgconf']],
      ],
    );
  });

  it('replaces an entry spelled differently and keeps comments and other keys', () => {
    const original =
      '# ours\nname: acme # the package\nanswers:\n  ./api/Dockerfile:\n    outDir: old\n  web/Dockerfile:\n    outDir: web/wolfi\n';
    const text = updateConfigText(original, { answers: answers('new') });
    assert.match(text, /^# ours\nname: acme # the package\nanswers:\n {2}\.\/api\/Dockerfile:\n/);
    assert.match(text, /outDir: new\n {2}web\/Dockerfile:\n {4}outDir: web\/wolfi\n$/);
    assert.doesNotMatch(text, /outDir: old/);
  });

  it('keeps a version build arg a string and removes repositories set back to Wolfi only', () => {
    const text = updateConfigText(
      'repositories: [https://a.example/os]\nkeyring: [https://a.example/k.pub]\n',
      {
        repositories: { repositories: [], keyring: [] },
        buildArgs: { PYTHON_VERSION: '3.10' },
      },
    );
    assert.equal(text, 'buildArgs:\n  PYTHON_VERSION: "3.10"\n');
    assert.deepEqual(parseConfig(text, 'x').buildArgs, { PYTHON_VERSION: '3.10' });
  });
});
