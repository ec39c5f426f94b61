import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compareFindingIds, FINDING_KINDS, sortFindings } from '../src/findings.js';
import { repoRoot } from './schema.js';

// Why each finding has its severity (docs/findings.md, "Severity and verdict"):
//   lost   — the image will not do what the original did           → error
//   change — it works, but differs in a way a person must accept    → warning
//   note   — nothing to do                                         → info
type Reason = 'lost' | 'change' | 'note';
const SEVERITY_OF: Record<Reason, string> = { lost: 'error', change: 'warning', note: 'info' };

const REASON: Record<string, [Reason, string]> = {
  WF100: ['lost', 'nothing was converted'],
  WF101: ['change', 'Docker would misread it too; the rest converts'],
  WF102: ['change', 'a value left as written must be checked'],
  WF103: ['change', 'ignored, as Docker would reject it'],
  WF104: ['change', 'ignored, as Docker would reject it'],
  WF105: ['note', 'converts the same'],
  WF106: ['change', 'the unread part must be checked'],
  WF107: ['change', 'the inner commands must be checked'],
  WF108: ['note', 'converts the same'],
  WF201: ['lost', 'packages that cannot be named are not installed'],
  WF202: ['change', 'another version than the pinned one'],
  WF203: ['lost', 'an unmapped package is not installed'],
  WF204: ['note', 'the package is not needed in Wolfi'],
  WF205: ['lost', 'left out unless a repository is added'],
  WF206: ['change', 'a version bump'],
  WF207: ['lost', 'the base image contents are lost'],
  WF208: ['note', 'apko pins packages instead'],
  WF209: ['change', 'names read in another family'],
  WF210: ['note', 'the packages of the module or group are used'],
  WF211: ['lost', 'a rule target left out'],
  WF212: ['lost', 'a package file is not installed'],
  WF213: ['change', 'the runtime its name says; the rest of that base is unknown'],
  WF214: ['lost', 'the server the base image exists for is not installed'],
  WF215: ['change', 'the base image behaves differently on Wolfi'],
  WF216: ['note', "the base image's command, as Docker keeps it"],
  WF217: ['note', "the runtime's own version instead of a second one"],
  WF218: ['note', 'the base is converted from its Dockerfile'],
  WF301: ['note', 'ports are declared where the container runs'],
  WF302: ['change', 'the health check moves to the orchestrator'],
  WF303: ['change', 'triggers for child images are dropped'],
  WF304: ['change', 'commands run under /bin/sh'],
  WF305: ['lost', 'a dropped RUN step'],
  WF306: ['change', 'non-root switch'],
  WF307: ['change', 'non-root switch'],
  WF308: ['note', 'a shell is added; same behaviour'],
  WF309: ['note', 'an id the system would have chosen'],
  WF310: ['lost', 'files not in the image'],
  WF311: ['lost', 'the program the image started is lost'],
  WF312: ['change', 'owner or mode of files inside differs'],
  WF313: ['change', 'groups of a base image user not declared'],
  WF314: ['lost', 'the command cannot start'],
  WF315: ['note', 'a shell or interpreter is added; same behaviour'],
  WF316: ['change', 'root kept, as the image is designed to start'],
  WF317: ['change', 'another port, non-root'],
  WF318: ['note', 'the directory is writable as it was'],
  WF319: ['change', 'the interpreter of a script not read is unchecked: a person checks it'],
  WF330: ['lost', 'an incomplete image'],
  WF340: ['note', 'dependencies in a directory the image points to'],
  WF341: ['lost', 'the step needs a tool Wolfi lacks'],
  WF342: ['change', "Wolfi's build of the software"],
  WF343: ['lost', 'a RUN step not carried'],
  WF344: ['lost', "an edit of a Wolfi package's file"],
  WF345: ['note', 'the edit as a drop-in'],
  WF346: ['note', 'the Wolfi package of the same software'],
  WF347: ['note', 'locales from packages'],
  WF348: ['change', 'one checksum for several architectures'],
  WF349: ['note', 'a temporary file copied into the build only'],
  WF350: ['note', 'an Apache module or configuration as a drop-in'],
  WF351: ['lost', 'a later step runs without what the command made'],
  WF401: ['change', 'an unverified install to accept or replace'],
  WF402: ['change', 'an unverified download to accept'],
  WF403: ['change', 'an unverified download to accept'],
  WF404: ['change', 'a repository apko does not trust'],
  WF405: ['note', 'the Wolfi package does the same'],
  WF501: ['note', 'the image runs the same; only the package is numbered 0.0.0'],
  WF502: ['change', 'the build is not reproducible'],
  WF503: ['lost', 'the step runs without its credential'],
  WF504: ['note', 'a step kept as written'],
  WF505: ['note', 'the Wolfi package provides the files'],
  WF506: ['lost', 'nothing is copied'],
  WF507: ['change', 'a value left out of the build'],
  WF508: ['note', 'dependencies in the application directory'],
  WF509: ['lost', 'a file not in the package'],
  WF510: ['note', 'a lint disabled for the Docker path'],
  WF511: ['lost', 'a file under /tmp or /run not packaged'],
  WF512: ['note', 'a stage built on its own'],
  WF520: ['lost', 'melange build fails at the step'],
  WF521: ['lost', 'the package holds the build sandbox'],
  WF522: ['lost', "melange's required lint fails the build"],
  WF523: ['lost', 'the value is empty, or the wrong architecture'],
  WF524: ['lost', 'melange build fails at the step'],
  WF525: ['lost', 'melange build fails on the config'],
  WF526: ['lost', 'melange build fails on the config'],
  WF527: ['lost', 'melange build fails at the step'],
  WF528: ['lost', 'melange build fails at the step'],
  WF529: ['lost', 'the steps run the system tool; the venv ships empty'],
  WF601: ['lost', 'the RUN still calls the old package manager'],
  WF602: ['change', 'the base stays as written'],
  WF603: ['note', 'the digest cannot carry over'],
  WF604: ['change', 'jre instead of jdk'],
  WF605: ['change', 'non-root switch'],
  WF606: ['lost', 'the command would fail'],
  WF607: ['lost', 'the commands cannot run without a shell'],
  WF608: ['note', 'the image is larger only'],
};

test('every finding id has the severity its reason class calls for', () => {
  assert.deepEqual(Object.keys(REASON).sort(), Object.keys(FINDING_KINDS).sort());
  for (const [id, kind] of Object.entries(FINDING_KINDS)) {
    const [reason, why] = REASON[id] ?? ['note', ''];
    assert.equal(
      kind.severity,
      SEVERITY_OF[reason],
      `${id} (${why}) should be ${SEVERITY_OF[reason]}`,
    );
  }
});

const doc = readFileSync(join(repoRoot, 'docs', 'findings.md'), 'utf8');

test('docs/findings.md documents every finding id with its title and severity', () => {
  for (const [id, kind] of Object.entries(FINDING_KINDS)) {
    const section = doc.split(`\n## ${id}\n`)[1];
    assert.ok(section, `docs/findings.md has no section for ${id}`);
    assert.ok(
      section.includes(`**${kind.title}** (${kind.severity})`),
      `${id}: title or severity differs in the docs`,
    );
  }
});

test('docs/findings.md documents no id the code does not know', () => {
  const documented = [...doc.matchAll(/^## (WF\d+)$/gm)].map((m) => m[1]);
  assert.deepEqual(
    documented.filter((id) => !(id! in FINDING_KINDS)),
    [],
  );
});

test('sorts findings by line, then severity, then id', () => {
  const at = (id: string, line: number | null, severity: 'error' | 'warning' | 'info') => ({
    id,
    line,
    severity,
    message: '',
    stage: null,
  });
  const sorted = sortFindings([
    at('WF301', 9, 'info'),
    at('WF203', 9, 'error'),
    at('WF306', null, 'info'),
    at('WF102', 2, 'warning'),
  ]);
  assert.deepEqual(
    sorted.map((f) => f.id),
    ['WF306', 'WF102', 'WF203', 'WF301'],
  );
});

test('orders finding ids as localeCompare does, without it for ids of the WF000 shape', () => {
  const ids = [...Object.keys(FINDING_KINDS), 'WF099', 'custom-rule', 'WF1000'];
  for (const a of ids) {
    for (const b of ids) {
      assert.equal(Math.sign(compareFindingIds(a, b)), Math.sign(a.localeCompare(b)), `${a} ${b}`);
    }
  }
});
