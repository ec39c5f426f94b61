import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteArgv, quoteWord } from '../../src/generate/quote.js';

test('leaves plain words unquoted', () => {
  assert.equal(
    quoteArgv(['gunicorn', '--bind', '0.0.0.0:8000', 'app.wsgi:application']),
    'gunicorn --bind 0.0.0.0:8000 app.wsgi:application',
  );
});

test('single-quotes words with spaces and shell characters', () => {
  assert.equal(quoteArgv(['nginx', '-g', 'daemon off;']), "nginx -g 'daemon off;'");
  assert.equal(quoteWord('$HOME'), "'$HOME'");
  assert.equal(quoteWord(''), "''");
});

test('escapes single quotes inside a word', () => {
  assert.equal(quoteWord("it's"), `'it'"'"'s'`);
});
