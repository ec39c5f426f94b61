import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildInputsFor } from '../../src/workspace/inputs.js';

// The front end reads the build-context files a Dockerfile's command may start, and tells the
// core which it read: a script's start, '' for a file that is not one; a missing file is absent.

test('the files a command starts are passed as read, not a script, or absent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wolfify-inputs-'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'entrypoint.sh'), '#!/bin/bash\nexec "$@"\n');
  writeFileSync(join(dir, 'bin', 'server'), '\u007fELF\u0002\u0001\u0001\u0000');
  const text =
    'FROM debian:bookworm-slim\nCOPY bin/ /app/bin/\nCOPY missing.sh /\nENTRYPOINT ["/app/bin/entrypoint.sh", "/app/bin/server"]\n';
  writeFileSync(join(dir, 'Dockerfile'), text);
  const { contextScripts } = await buildInputsFor(join(dir, 'Dockerfile'), text, {}, dir);
  assert.deepEqual(contextScripts, {
    'bin/entrypoint.sh': '#!/bin/bash\nexec "$@"\n',
    'bin/server': '',
  });
});
