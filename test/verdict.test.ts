import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { convert } from '../src/convert.js';
import type { Finding, Result } from '../src/model.js';
import { checklist } from '../src/report/checklist.js';
import { countVerdicts, failsAt, formatVerdictCounts, verdictOf } from '../src/verdict.js';
import { repoRoot } from './schema.js';

const at = (id: string, severity: Finding['severity'], line: number | null = 1): Finding => ({
  id,
  severity,
  message: `${id} message`,
  line,
  stage: '0',
});

describe('verdictOf', () => {
  test('is ready with notes only', () => {
    assert.equal(verdictOf([at('WF301', 'info'), at('WF309', 'info')]), 'ready');
    assert.equal(verdictOf([]), 'ready');
  });

  test('needs review with a warning and no error', () => {
    assert.equal(verdictOf([at('WF301', 'info'), at('WF307', 'warning')]), 'needs-review');
  });

  test('is incomplete with any error', () => {
    assert.equal(verdictOf([at('WF307', 'warning'), at('WF203', 'error')]), 'incomplete');
  });

  test('is incomplete when a build-plan step is dropped, even without an error finding', () => {
    assert.equal(verdictOf([], [{ fate: 'melange' }, { fate: 'dropped' }]), 'incomplete');
    assert.equal(verdictOf([], [{ fate: 'unneeded' }, { fate: 'apko' }]), 'ready');
  });
});

describe('failsAt', () => {
  const result = (findings: Finding[]) => ({ verdict: verdictOf(findings), findings });

  test('an incomplete result fails under error and warning, not under never', () => {
    const incomplete = { verdict: 'incomplete' as const, findings: [] };
    assert.equal(failsAt(incomplete, 'error'), true);
    assert.equal(failsAt(incomplete, 'warning'), true);
    assert.equal(failsAt(incomplete, 'never'), false);
  });

  test('a result that needs review fails only under --fail-on warning', () => {
    const review = result([at('WF306', 'warning')]);
    assert.equal(failsAt(review, 'error'), false);
    assert.equal(failsAt(review, 'warning'), true);
  });
});

test('counts verdicts the way batch prints them', () => {
  const counts = countVerdicts([
    { verdict: 'ready' },
    { verdict: 'incomplete' },
    { verdict: 'ready' },
    { verdict: 'needs-review' },
  ]);
  assert.deepEqual(counts, { ready: 2, 'needs-review': 1, incomplete: 1 });
  assert.equal(formatVerdictCounts(counts), '2 ready · 1 needs review · 1 incomplete');
  assert.equal(
    formatVerdictCounts({ ready: 3, 'needs-review': 2, incomplete: 1 }),
    '3 ready · 2 need review · 1 incomplete',
  );
});

describe('convert gives each verdict', () => {
  test('ready: a slim Python image that keeps its user and command', async () => {
    const result = await convert(
      'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nUSER 1000\nCMD ["python3"]\n',
    );
    assert.equal(result.verdict, 'ready', JSON.stringify(result.findings));
  });

  test('needs review: USER root becomes nonroot', async () => {
    const result = await convert('FROM python:3.12-slim\nUSER root\nCMD ["python3"]\n');
    assert.equal(result.verdict, 'needs-review');
    assert.ok(result.findings.some((f) => f.id === 'WF307' && f.severity === 'warning'));
  });

  test('incomplete: an unknown package', async () => {
    const result = await convert(
      'FROM debian:bookworm-slim\nRUN apt-get install -y no-such-package-wolfify-test\nUSER 1000\nCMD ["sh"]\n',
    );
    assert.equal(result.verdict, 'incomplete');
  });

  test('incomplete: a final-stage RUN step nothing carries', async () => {
    const result = await convert(
      'FROM nginx:1.27\nRUN sed -i \'/^user /d\' /etc/nginx/nginx.conf\nUSER nginx\nCMD ["nginx"]\n',
    );
    assert.equal(result.verdict, 'incomplete');
    assert.deepEqual(
      result.findings.filter((f) => f.severity === 'error').map((f) => [f.id, f.line]),
      [['WF305', 2]],
    );
  });

  test('incomplete: an unknown base image', async () => {
    const result = await convert('FROM example.com/acme/runtime:3\nUSER 1000\nCMD ["run"]\n');
    assert.equal(result.verdict, 'incomplete');
    assert.ok(result.findings.some((f) => f.id === 'WF207' && f.severity === 'error'));
  });
});

describe('one finding per instruction', () => {
  test('a RUN that loses several commands on several lines gives one WF305 on its line', async () => {
    const result = await convert(
      [
        'FROM nginx:1.27',
        'RUN rm /etc/nginx/conf.d/default.conf \\',
        "    && sed -i 's/80/8080/' /etc/nginx/nginx.conf \\",
        // (`echo ok > /etc/nginx/ready` is carried now: a file of the application's package.)
        '    && acme-setup --init',
        'USER nginx',
        '',
      ].join('\n'),
    );
    const lost = result.findings.filter((f) => f.id === 'WF305');
    assert.equal(lost.length, 1, JSON.stringify(lost));
    assert.equal(lost[0]?.line, 2);
    assert.match(lost[0]?.message ?? '', /\(3 commands\): rm .*; sed .*; acme-setup --init/);
  });

  test('a heredoc RUN is one finding on the RUN line', async () => {
    const result = await convert(
      [
        'FROM nginx:1.27',
        'RUN <<EOF',
        'rm /etc/nginx/conf.d/default.conf',
        "sed -i 's/80/8080/' /etc/nginx/nginx.conf",
        'EOF',
        'USER nginx',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      result.findings.filter((f) => f.id === 'WF305').map((f) => f.line),
      [2],
    );
  });

  test('the interpreter a replaced installer was piped into is not a lost step', async () => {
    const result = await convert(
      'FROM python:3.12-slim\nRUN curl -sSL https://install.python-poetry.org | python3 -\nUSER 1000\nCMD ["python3"]\n',
    );
    assert.ok(result.findings.some((f) => f.id === 'WF405'));
    assert.deepEqual(
      result.findings.filter((f) => f.id === 'WF305'),
      [],
    );
  });
});

describe('no false alarms for verified downloads', () => {
  const downloads = (r: Result) =>
    r.findings.filter((f) => ['WF402', 'WF403', 'WF502'].includes(f.id)).map((f) => f.id);

  for (const [name, check] of [
    ['sha256sum -c', 'sha256sum -c tool.tgz.sha256'],
    ['sha512sum -c', 'sha512sum -c tool.tgz.sha512'],
    ['echo "<sum>  file" | sha256sum -c -', 'echo "${SUM}  tool.tgz" | sha256sum -c -'],
    ['gpg --verify', 'gpg --batch --verify tool.tgz.asc tool.tgz'],
    ['cosign verify-blob', 'cosign verify-blob --key k.pub --signature tool.sig tool.tgz'],
  ] as const) {
    test(`a builder download checked with ${name} is verified`, async () => {
      const result = await convert(
        [
          'FROM debian:bookworm AS build',
          'ARG SUM=abc',
          `RUN curl -fsSLO https://example.com/tool.tgz && ${check} && tar -xzf tool.tgz -C /opt`,
          'FROM debian:bookworm-slim',
          'COPY --from=build /opt/tool /opt/tool',
          'USER 1000',
          'CMD ["/opt/tool/bin/tool"]',
          '',
        ].join('\n'),
      );
      assert.deepEqual(downloads(result), []);
    });
  }

  test('ADD --checksum is verified', async () => {
    const result = await convert(
      [
        'FROM debian:bookworm-slim',
        'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool /usr/bin/tool',
        'USER 1000',
        'CMD ["/usr/bin/tool"]',
        '',
      ].join('\n'),
    );
    assert.deepEqual(downloads(result), []);
  });

  test('an unchecked download still is a finding', async () => {
    const result = await convert(
      [
        'FROM debian:bookworm AS build',
        'RUN curl -fsSLO https://example.com/tool.tgz && tar -xzf tool.tgz -C /opt',
        'FROM debian:bookworm-slim',
        'COPY --from=build /opt/tool /opt/tool',
        'USER 1000',
        'CMD ["/opt/tool/bin/tool"]',
        '',
      ].join('\n'),
    );
    assert.notDeepEqual(downloads(result), []);
  });
});

describe('the checklist', () => {
  test('lists errors first, then warnings, one item per id and hint, notes left out', () => {
    const hint = (f: Finding, h: string): Finding => ({ ...f, hint: h });
    const items = checklist([
      hint(at('WF306', 'warning', null), 'Pass --keep-root.'),
      hint(at('WF203', 'error', 9), 'Map it.'),
      at('WF309', 'info', 3),
      hint(at('WF203', 'error', 4), 'Map it.'),
      hint(at('WF206', 'warning', 1), 'Test the version.'),
    ]);
    assert.deepEqual(
      items.map((i) => [i.id, i.severity, i.lines, i.action]),
      [
        ['WF203', 'error', [4, 9], 'Map it.'],
        ['WF206', 'warning', [1], 'Test the version.'],
        ['WF306', 'warning', [], 'Pass --keep-root.'],
      ],
    );
    assert.equal(items[0]?.title, 'Unknown package');
  });

  test('uses the message when a finding has no hint', () => {
    assert.deepEqual(
      checklist([at('WF302', 'warning', 5), at('WF509', 'error', 6)]).map((i) => i.action),
      ['Fix: WF509 message', 'Confirm: WF302 message'],
    );
  });
});

// Real-world Dockerfiles: the samples, test/fixtures/realworld and the Dockerfile-mode fixtures.
function realWorld(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const samples = join(repoRoot, 'samples');
  for (const name of readdirSync(samples)) {
    const path = join(samples, name, 'Dockerfile');
    if (existsSync(path)) out.push({ name: `samples/${name}`, text: readFileSync(path, 'utf8') });
  }
  const realworld = join(repoRoot, 'test', 'fixtures', 'realworld');
  for (const name of readdirSync(realworld).filter((n) => n.endsWith('Dockerfile')))
    out.push({ name: `realworld/${name}`, text: readFileSync(join(realworld, name), 'utf8') });
  const fixtures = join(repoRoot, 'test', 'fixtures', 'dockerfile');
  for (const name of readdirSync(fixtures).filter((n) => n.endsWith('.before.Dockerfile')))
    out.push({ name, text: readFileSync(join(fixtures, name), 'utf8') });
  return out;
}

describe('over real-world Dockerfiles', () => {
  for (const { name, text } of realWorld()) {
    test(`${name}: never ready while a step is lost or a package unmapped; incomplete fails`, async () => {
      const result = await convert(text, { source: name });
      const lost =
        result.findings.some((f) => f.id === 'WF305') ||
        result.packages.some((d) => d.target === 'dropped' && d.rule.endsWith(':unknown'));
      if (lost) assert.equal(result.verdict, 'incomplete');
      assert.equal(result.verdict, verdictOf(result.findings));
      if (result.verdict === 'incomplete') {
        assert.ok(result.findings.some((f) => f.severity === 'error'));
        assert.equal(failsAt(result, 'error'), true);
      }
    });
  }
});
