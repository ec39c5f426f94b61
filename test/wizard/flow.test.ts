import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseConfig } from '../../src/config.js';
import { runWizard } from '../../src/wizard/flow.js';
import { WizardCancelled } from '../../src/wizard/prompts.js';
import { collectingIO, ScriptedPrompts, type Step } from './scripted.js';

const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const run = promisify(execFile);

// Two stages, a Python version Wolfi no longer has (from an ARG), and three packages no
// rule maps: libfoo-bogus (no suggestion), jqq (jq suggested), curll (curl suggested).
const DOCKERFILE = `ARG PYTHON_VERSION=3.9
FROM python:\${PYTHON_VERSION}-slim AS build
RUN apt-get update && apt-get install -y gcc libfoo-bogus
COPY . /src
RUN pip install /src

FROM python:\${PYTHON_VERSION}-slim
RUN apt-get update && apt-get install -y curll jqq
COPY --from=build /usr/local /usr/local
USER app
CMD ["python", "-m", "app"]
`;

const temps: string[] = [];
async function repo(files: Record<string, string> = { Dockerfile: DOCKERFILE }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wolfify-wizard-'));
  temps.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}
after(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}

/** The answers that take every default except the packages, which must be decided. */
function defaults(overrides: Partial<Record<string, Step[]>> = {}): Step[] {
  return [
    { confirm: true }, // Convert Dockerfile?
    ...(overrides['repositories'] ?? [{ select: 'wolfi' }]),
    ...(overrides['packages'] ?? [{ search: 'drop it' }, { search: 'curl' }, { search: 'jq' }]),
    ...(overrides['version'] ?? [{ select: '3.10' }]),
    ...(overrides['user'] ?? [{ input: '' }]),
    ...(overrides['archs'] ?? [{ checkbox: ['x86_64', 'aarch64'] }]),
    ...(overrides['outDir'] ?? [{ input: '' }]),
    ...(overrides['write'] ?? [{ confirm: true }]),
  ];
}

async function wizard(dir: string, steps: Step[]) {
  const prompts = new ScriptedPrompts(steps);
  const { io, printed } = collectingIO(prompts, dir);
  const outcome = await runWizard(io);
  assert.equal(prompts.remaining, 0, 'every scripted answer was used');
  return { outcome, prompts, printed: printed.join('\n') };
}

async function savedAnswers(dir: string) {
  const config = parseConfig(await readFile(join(dir, '.wolfify.yaml'), 'utf8'), '.wolfify.yaml');
  return { config, answers: config.answers.get('Dockerfile') };
}

describe('wolfify wizard (scripted answers)', () => {
  let shared: { dir: string; printed: string; asked: ScriptedPrompts['asked'] };
  before(async () => {
    const dir = await repo();
    const { prompts, printed } = await wizard(dir, defaults());
    shared = { dir, printed, asked: prompts.asked };
  });

  it('shows each stage with its base image and package decisions before asking', () => {
    assert.match(shared.printed, /stage build \(build only\)/);
    assert.match(
      shared.printed,
      /line {3}2 {2}FROM python:3\.9-slim → python-3\.10, .*\[images:python\]/,
    );
    assert.match(shared.printed, /line {3}3 {2}apt libfoo-bogus → unknown .*\[debian:unknown\]/);
    assert.match(shared.printed, /runs as app \(uid 1000\) {2}archs x86_64, aarch64/);
  });

  it('offers the catalog suggestions first, then drop and type-a-name', () => {
    const search = shared.asked.filter((a) => a.kind === 'search');
    assert.deepEqual(
      search.map((s) => s.message),
      [
        'apt package libfoo-bogus (line 3) is not in the Wolfi catalog and no rule maps it. Use which Wolfi package?',
        'apt package curll (line 8) is not in the Wolfi catalog and no rule maps it. Use which Wolfi package?',
        'apt package jqq (line 8) is not in the Wolfi catalog and no rule maps it. Use which Wolfi package?',
      ],
    );
    assert.deepEqual(search[0]?.choices, ['drop it', 'type a name']);
    assert.equal(search[2]?.choices?.[0], 'jq');
    assert.deepEqual(search[2]?.choices?.slice(-2), ['drop it', 'type a name']);
  });

  it('asks the Python version with the nearest newer one as the default', () => {
    const version = shared.asked.find((a) => a.kind === 'select' && /version/.test(a.message));
    assert.equal(
      version?.message,
      'Wolfi no longer has python 3.9 (ARG PYTHON_VERSION). Use which version?',
    );
    assert.equal(version?.default, '3.10');
    assert.equal(version?.choices?.[0], '3.10');
  });

  it("defaults the user to the Dockerfile's and the output folder to batch's", () => {
    const inputs = shared.asked.filter((a) => a.kind === 'input');
    assert.deepEqual(
      inputs.map((i) => i.default),
      ['app:1000', 'wolfi'],
    );
  });

  it('saves the package answers and the output folder, and nothing convert does anyway', async () => {
    const text = await readFile(join(shared.dir, '.wolfify.yaml'), 'utf8');
    assert.equal(
      text,
      'answers:\n  Dockerfile:\n    packages:\n      libfoo-bogus: drop\n      curll: curl\n      jqq: jq\n    outDir: wolfi\n',
    );
  });

  it('writes files byte-identical to what convert produces from the saved .wolfify.yaml', async () => {
    const folder = join(shared.dir, 'wolfi');
    const names = (await readdir(folder)).sort();
    assert.deepEqual(names, ['BUILD.md', 'REPORT.md', 'apko.yaml', 'melange.yaml']);
    const byWizard = await Promise.all(names.map((n) => readFile(join(folder, n), 'utf8')));
    // Exactly the command the wizard printed, run where it said.
    await run(
      process.execPath,
      [MAIN, 'convert', 'Dockerfile', '--out-dir', 'wolfi', '--force', '-q'],
      {
        cwd: shared.dir,
      },
    );
    assert.deepEqual((await readdir(folder)).sort(), names);
    for (const [i, name] of names.entries()) {
      assert.equal(await readFile(join(folder, name), 'utf8'), byWizard[i], name);
    }
    const apko = byWizard[names.indexOf('apko.yaml')] ?? '';
    assert.match(apko, /- curl\n/);
    assert.match(apko, /- jq\n/);
  });

  it('ends with the commands that reproduce the files', () => {
    assert.match(shared.printed, /wolfify convert Dockerfile --out-dir wolfi --force/);
    assert.match(shared.printed, /wolfify batch --force/);
  });
});

describe('wolfify wizard branches', () => {
  it('checks a typed package name against the catalog and asks again', async () => {
    const dir = await repo();
    const { prompts } = await wizard(
      dir,
      defaults({
        packages: [
          { search: 'type a name' },
          { input: 'libfoo-invented' },
          { input: 'zlib' },
          { search: 'curl', term: 'cur' },
          { search: 'drop it' },
        ],
      }),
    );
    assert.deepEqual(prompts.refused, ['libfoo-invented is not in the Wolfi catalog']);
    const { answers } = await savedAnswers(dir);
    assert.deepEqual(
      [...(answers?.packages ?? [])].map(([k, v]) => [k, v.to]),
      [
        ['libfoo-bogus', ['zlib']],
        ['curll', ['curl']],
        ['jqq', null],
      ],
    );
  });

  it('records another Python version as the build arg that holds it', async () => {
    const dir = await repo();
    await wizard(dir, defaults({ version: [{ select: '3.12' }] }));
    const { config } = await savedAnswers(dir);
    assert.deepEqual(config.buildArgs, { PYTHON_VERSION: '3.12' });
    const apko = await readFile(join(dir, 'wolfi', 'apko.yaml'), 'utf8');
    assert.match(apko, /- python-3\.12\n/);
  });

  it('refuses a malformed user and saves a custom one', async () => {
    const dir = await repo();
    const { prompts } = await wizard(
      dir,
      defaults({ user: [{ input: 'web:0' }, { input: 'bad user' }, { input: 'web:10001' }] }),
    );
    assert.equal(prompts.refused.length, 2);
    const { answers } = await savedAnswers(dir);
    assert.deepEqual(answers?.user, { name: 'web', uid: 10001 });
    assert.match(await readFile(join(dir, 'wolfi', 'apko.yaml'), 'utf8'), /run-as: web\n/);
  });

  it('saves the architectures only when they differ from the default', async () => {
    const dir = await repo();
    await wizard(dir, defaults({ archs: [{ checkbox: ['x86_64'] }] }));
    const { answers } = await savedAnswers(dir);
    assert.deepEqual(answers?.archs, ['x86_64']);
  });

  it("adds an organisation's Chainguard repository with its signing key", async () => {
    const dir = await repo();
    await wizard(
      dir,
      defaults({ repositories: [{ select: 'chainguard' }, { input: 'acme' }, { input: '' }] }),
    );
    const { config } = await savedAnswers(dir);
    assert.deepEqual(config.repositories, ['https://apk.cgr.dev/acme']);
    assert.deepEqual(config.keyring, ['https://apk.cgr.dev/acme/chainguard-signing.rsa.pub']);
    const apko = await readFile(join(dir, 'wolfi', 'apko.yaml'), 'utf8');
    assert.match(apko, /https:\/\/apk\.cgr\.dev\/acme\n/);
  });

  it('takes custom repository URLs and refuses what is not a URL', async () => {
    const dir = await repo();
    const { prompts } = await wizard(
      dir,
      defaults({
        repositories: [
          { select: 'custom' },
          { input: 'packages.acme.dev' },
          { input: 'https://packages.acme.dev/os' },
          { input: 'https://packages.acme.dev/acme.rsa.pub' },
        ],
      }),
    );
    assert.deepEqual(prompts.refused, ['packages.acme.dev is not an http(s) URL']);
    const { config } = await savedAnswers(dir);
    assert.deepEqual(config.repositories, ['https://packages.acme.dev/os']);
    assert.deepEqual(config.keyring, ['https://packages.acme.dev/acme.rsa.pub']);
  });

  it("keeps the user's other keys and comments when it updates the config", async () => {
    const dir = await repo({
      Dockerfile: DOCKERFILE,
      '.wolfify.yaml':
        '# team settings\nfailOn: warning # strict\nrepositories: [https://packages.acme.dev/os]\n',
    });
    const { prompts } = await wizard(dir, defaults({ repositories: [{ select: 'keep' }] }));
    assert.equal(prompts.asked[1]?.default, 'keep');
    const text = await readFile(join(dir, '.wolfify.yaml'), 'utf8');
    assert.ok(
      text.startsWith(
        '# team settings\nfailOn: warning # strict\nrepositories: [ https://packages.acme.dev/os ]\n',
      ),
      text,
    );
    assert.match(text, /answers:\n {2}Dockerfile:\n/);
  });

  it('shows a diff of files that exist, and declining writes nothing', async () => {
    const dir = await repo({ Dockerfile: DOCKERFILE, 'wolfi/apko.yaml': 'contents: {}\n' });
    const { printed, outcome } = await wizard(dir, defaults({ write: [{ confirm: false }] }));
    assert.match(printed, /~ apko\.yaml \(changed\)/);
    assert.match(printed, /--- a\/apko\.yaml\n\+\+\+ b\/apko\.yaml\n@@ /);
    assert.match(printed, /\n-contents: \{\}\n/);
    assert.deepEqual(outcome.written, []);
    assert.equal(await readFile(join(dir, 'wolfi', 'apko.yaml'), 'utf8'), 'contents: {}\n');
    assert.equal(await exists(join(dir, '.wolfify.yaml')), false);
  });

  it('overwrites a file that exists once the user confirmed the diff', async () => {
    const dir = await repo({ Dockerfile: DOCKERFILE, 'wolfi/apko.yaml': 'contents: {}\n' });
    const { prompts } = await wizard(dir, defaults());
    assert.equal(
      prompts.asked.at(-1)?.message,
      'Overwrite 1 changed file in wolfi (and save the answers)?',
    );
    assert.notEqual(await readFile(join(dir, 'wolfi', 'apko.yaml'), 'utf8'), 'contents: {}\n');
  });

  it('lets the user pick among several Dockerfiles', async () => {
    const dir = await repo({
      'api/Dockerfile': 'FROM alpine:3.20\nRUN apk add curl\n',
      'web/Dockerfile': DOCKERFILE,
    });
    const { outcome, prompts } = await wizard(dir, [
      { checkbox: ['api/Dockerfile'] },
      { select: 'wolfi' },
      { input: '' },
      { checkbox: ['x86_64', 'aarch64'] },
      { input: '' },
      { confirm: true },
    ]);
    assert.deepEqual(prompts.asked[0]?.choices, ['[ ] api/Dockerfile', '[ ] web/Dockerfile']);
    assert.deepEqual(
      outcome.written.map((w) => w.outDir),
      ['api/wolfi'],
    );
    assert.equal(await exists(join(dir, 'web', 'wolfi', 'apko.yaml')), false);
  });

  it('stops on Ctrl-C and writes no config and no files', async () => {
    const dir = await repo();
    const steps = defaults().slice(0, 6);
    steps.push({ cancel: true });
    await assert.rejects(wizard(dir, steps), WizardCancelled);
    assert.deepEqual((await readdir(dir)).sort(), ['Dockerfile']);
  });
});

describe('wolfify wizard: what the base image gave', () => {
  /** Convert (one Dockerfile), Wolfi's repositories, then `middle`, then the closing defaults. */
  const around = (middle: Step[], user: Step[] = [{ input: '' }]): Step[] => [
    { confirm: true },
    { select: 'wolfi' },
    ...middle,
    ...user,
    { checkbox: ['x86_64', 'aarch64'] },
    { input: '' },
    { confirm: true },
  ];

  it('asks which runtime a base no rule knows provides, and saves it as the answer', async () => {
    const dir = await repo({
      Dockerfile:
        'FROM acme/platform:2\nCOPY app.py /app/\nUSER 1000\nCMD ["python3", "/app/app.py"]\n',
      'app.py': 'print("hi")\n',
    });
    const { prompts } = await wizard(dir, around([{ search: 'python-3.12', term: 'python' }]));
    const asked = prompts.asked.find((a) => a.kind === 'search');
    assert.equal(
      asked?.message,
      'No rule knows base image acme/platform:2 (line 1): whatever it provided is lost. Which Wolfi runtime does it provide?',
    );
    assert.ok(asked?.choices?.includes('python-3.12'));
    assert.equal(asked?.choices?.at(-1), 'none');
    const { answers } = await savedAnswers(dir);
    assert.deepEqual(
      [...(answers?.runtimes ?? [])].map(([k, v]) => [k, v.to]),
      [['acme/platform', ['python-3.12']]],
    );
    const apko = await readFile(join(dir, 'wolfi', 'apko.yaml'), 'utf8');
    assert.match(apko, /- python-3\.12\n/);
    const report = await readFile(join(dir, 'wolfi', 'REPORT.md'), 'utf8');
    assert.doesNotMatch(report, /WF207/);
  });

  it('records "none" for a base that provides no runtime', async () => {
    const dir = await repo({ Dockerfile: 'FROM acme/static:1\nUSER 1000\nCMD ["/bin/true"]\n' });
    await wizard(dir, around([{ search: 'none' }]));
    const text = await readFile(join(dir, '.wolfify.yaml'), 'utf8');
    assert.match(text, /runtimes:\n {6}acme\/static: none\n/);
    const report = await readFile(join(dir, 'wolfi', 'REPORT.md'), 'utf8');
    assert.doesNotMatch(report, /WF207/);
  });

  it('confirms a runtime read from a third-party name, and asks again when it is wrong', async () => {
    const text = 'FROM ghcr.io/acme/tools:1.4-python3.12-slim\nUSER 1000\nCMD ["python3"]\n';
    const yes = await repo({ Dockerfile: text });
    const confirmed = await wizard(yes, around([{ confirm: true }]));
    assert.match(
      confirmed.prompts.asked[2]?.message ?? '',
      /^No rule knows base image ghcr\.io\/acme\/tools:1\.4-python3\.12-slim \(line 1\); its name says python-3\.12\. Does it provide python-3\.12\?$/,
    );
    assert.deepEqual(
      [...((await savedAnswers(yes)).answers?.runtimes ?? [])].map(([k, v]) => [k, v.to]),
      [['ghcr.io/acme/tools', ['python-3.12']]],
    );
    assert.doesNotMatch(await readFile(join(yes, 'wolfi', 'REPORT.md'), 'utf8'), /WF213/);

    const no = await repo({ Dockerfile: text });
    const corrected = await wizard(no, around([{ confirm: false }, { search: 'python-3.13' }]));
    assert.equal(corrected.prompts.asked[3]?.choices?.[0], 'python-3.12');
    assert.match(await readFile(join(no, 'wolfi', 'apko.yaml'), 'utf8'), /- python-3\.13\n/);
  });

  it('offers non-root on 8080 for nginx, and keeps root and port 80 when declined', async () => {
    const dir = await repo({ Dockerfile: 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n' });
    const { prompts, printed } = await wizard(dir, around([{ confirm: false }], []));
    assert.match(printed, /port 8080 instead of 80/);
    assert.equal(
      prompts.asked[2]?.message,
      'Run as non-root on the new port (no: keep root and the old port)?',
    );
    assert.equal((await savedAnswers(dir)).answers?.keepRoot, true);
    const apko = await readFile(join(dir, 'wolfi', 'apko.yaml'), 'utf8');
    assert.match(apko, /run-as: "?0"?\n/);
  });

  it('keeps an image designed to start as root as root when the user agrees', async () => {
    const dir = await repo({
      Dockerfile:
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gosu\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\nCMD ["sleep", "infinity"]\n',
      'entrypoint.sh': '#!/bin/sh\nexec gosu nobody "$@"\n',
    });
    const { prompts } = await wizard(dir, around([{ confirm: true }], []));
    assert.equal(prompts.asked[2]?.message, 'Keep running as root, as the image is designed to?');
    assert.equal((await savedAnswers(dir)).answers?.keepRoot, true);
  });
});
