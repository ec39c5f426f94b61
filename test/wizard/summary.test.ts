import assert from 'node:assert/strict';
import { test } from 'node:test';
import { painter } from '../../src/report/paint.js';
import { convert } from '../../src/convert.js';
import { formatSummary } from '../../src/wizard/summary.js';

test('the wizard summary opens with the verdict', async () => {
  const result = await convert(
    'FROM debian:bookworm-slim\nRUN apt-get install -y no-such-package-wolfify-test\nUSER 1000\nCMD ["sh"]\n',
    { source: 'svc/Dockerfile' },
  );
  const [first] = formatSummary(result, painter(false)).split('\n');
  assert.equal(
    first,
    'svc/Dockerfile: incomplete — the image would not do what the original did; fix the errors before building',
  );
});
