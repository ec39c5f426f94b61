import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandVariables } from '../../src/parse/index.js';

test('$VAR and ${VAR} are replaced by their values', () => {
  assert.deepEqual(expandVariables('$A-${B}', { A: '1', B: '2' }), {
    value: '1-2',
    unresolved: [],
  });
});

test('a name ends at the first character that cannot be part of it', () => {
  assert.deepEqual(expandVariables('$A.txt $A_B', { A: 'x', A_B: 'y' }), {
    value: 'x.txt y',
    unresolved: [],
  });
});

test('${VAR:-default} uses the default when the variable is unset or empty', () => {
  assert.equal(expandVariables('${A:-d}', {}).value, 'd');
  assert.equal(expandVariables('${A:-d}', { A: '' }).value, 'd');
  assert.equal(expandVariables('${A:-d}', { A: 'v' }).value, 'v');
});

test('${VAR-default} uses the default only when the variable is unset', () => {
  assert.equal(expandVariables('${A-d}', {}).value, 'd');
  assert.equal(expandVariables('${A-d}', { A: null }).value, 'd');
  assert.equal(expandVariables('${A-d}', { A: '' }).value, '');
});

test('${VAR:+alt} gives alt only when the variable is set and not empty', () => {
  assert.equal(expandVariables('${A:+alt}', { A: 'v' }).value, 'alt');
  assert.equal(expandVariables('${A:+alt}', { A: '' }).value, '');
  assert.equal(expandVariables('${A:+alt}', {}).value, '');
});

test('${VAR+alt} gives alt when the variable is set, even empty', () => {
  assert.equal(expandVariables('${A+alt}', { A: '' }).value, 'alt');
  assert.equal(expandVariables('${A+alt}', {}).value, '');
});

test('a default word may itself hold a variable', () => {
  assert.deepEqual(expandVariables('${A:-${B}-x}', { B: 'b' }), { value: 'b-x', unresolved: [] });
});

test('an escaped dollar is a literal dollar', () => {
  assert.deepEqual(expandVariables('\\$A and \\${A}', { A: '1' }), {
    value: '$A and ${A}',
    unresolved: [],
  });
});

test('an escaped backslash before a variable stays and the variable expands', () => {
  assert.equal(expandVariables('\\\\$A', { A: '1' }).value, '\\\\1');
});

test('an unresolved variable stays as written and is listed once', () => {
  assert.deepEqual(expandVariables('$X ${X} ${Y:?missing}', {}), {
    value: '$X ${X} ${Y:?missing}',
    unresolved: ['X', 'Y'],
  });
});

test('a variable declared without a value counts as unresolved', () => {
  assert.deepEqual(expandVariables('v$A', { A: null }), { value: 'v$A', unresolved: ['A'] });
});

test('a lone dollar and a dollar before punctuation are literal', () => {
  assert.deepEqual(expandVariables('cost: $ 5 $/', {}), { value: 'cost: $ 5 $/', unresolved: [] });
});

test('quotes are not processed by expandVariables', () => {
  assert.equal(expandVariables(`'$A' "$A"`, { A: '1' }).value, `'1' "1"`);
});

test('an unclosed ${ stays as written', () => {
  assert.deepEqual(expandVariables('a ${A', { A: '1' }), { value: 'a ${A', unresolved: [] });
});
