import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShellParser, type ShellParse } from '../../src/shell/index.js';

const shell = await ShellParser.load();

function parse(script: string, env: Record<string, string> = {}): ShellParse {
  return shell.commands(script, env);
}

function argvs(script: string, env: Record<string, string> = {}): string[][] {
  return parse(script, env).commands.map((c) => c.argv);
}

test('loads the grammar once and shares the parser', async () => {
  assert.equal(await ShellParser.load(), shell);
});

test('splits &&, ||, ; and newlines into commands in source order', () => {
  assert.deepEqual(argvs('a 1 && b 2 || c; d\ne'), [['a', '1'], ['b', '2'], ['c'], ['d'], ['e']]);
});

test('gives each command its 0-based script row', () => {
  const rows = parse('a \\\n  && b\nc').commands.map((c) => [c.argv[0], c.row]);
  assert.deepEqual(rows, [
    ['a', 0],
    ['b', 1],
    ['c', 2],
  ]);
});

test('removes quotes and backslash escapes from words', () => {
  assert.deepEqual(argvs(`x 'a b' "c \\"d\\"" e\\ f $'g\\th'`), [
    ['x', 'a b', 'c "d"', 'e f', 'g\th'],
  ]);
});

test('splits an unquoted expansion of a variable assigned earlier into fields', () => {
  assert.deepEqual(argvs('PKGS="a b"; apk add $PKGS'), [['apk', 'add', 'a', 'b']]);
});

test('keeps a quoted expansion as one word', () => {
  assert.deepEqual(argvs('PKGS="a b"; x "$PKGS"'), [['x', 'a b']]);
});

test('expands ARG and ENV values passed as env', () => {
  assert.deepEqual(argvs('x ${V} $V "v$V"', { V: '1.2' }), [['x', '1.2', '1.2', 'v1.2']]);
});

test('uses the default of ${X:-d} when X is neither ARG, ENV nor assigned', () => {
  assert.deepEqual(argvs('x ${X:-a b} "${X:-c d}"'), [['x', 'a', 'b', 'c d']]);
});

test('prefers the env value over the default of ${X:-d}', () => {
  assert.deepEqual(argvs('x ${X:-d}', { X: 'set' }), [['x', 'set']]);
});

test('removes a literal prefix and suffix with ${X#p} and ${X%s}', () => {
  assert.deepEqual(argvs('x ${V#v} ${F%.tar.gz}', { V: 'v1.2', F: 'app.tar.gz' }), [
    ['x', '1.2', 'app'],
  ]);
});

test('marks a word with an unknown variable dynamic and keeps its source text', () => {
  const [cmd] = parse('apk add $NOPE ok').commands;
  assert.deepEqual(cmd?.words, [
    { value: 'apk', dynamic: false },
    { value: 'add', dynamic: false },
    { value: '$NOPE', dynamic: true },
    { value: 'ok', dynamic: false },
  ]);
  assert.equal(cmd?.dynamic, true);
});

test('treats a variable assigned from a command substitution as unknown', () => {
  const cmds = parse('ARCH=$(uname -m); x $ARCH').commands;
  assert.deepEqual(
    cmds.map((c) => [c.argv, c.dynamic]),
    [
      [['uname', '-m'], false],
      [['x', '$ARCH'], true],
    ],
  );
});

test('does not let a command prefix assignment change the expansion of its own words', () => {
  assert.deepEqual(argvs('X=new echo $X', { X: 'old' }), [['echo', 'old']]);
});

test('keeps assignments made inside a subshell out of the parent shell', () => {
  assert.deepEqual(argvs('X=a; (X=b; x $X); y $X'), [
    ['x', 'b'],
    ['y', 'a'],
  ]);
});

test('walks commands inside a command substitution and links them to the command that uses them', () => {
  const cmds = parse('tar -xf "$(ls /a | head -1)"').commands;
  assert.deepEqual(
    cmds.map((c) => c.argv[0]),
    ['ls', 'head', 'tar'],
  );
  assert.equal(cmds[0]?.substitutedInto, cmds[2]);
  assert.equal(cmds[1]?.substitutedInto, cmds[2]);
  assert.equal(cmds[2]?.dynamic, true);
});

test('links the commands of a pipeline in both directions', () => {
  const [curl, tar] = parse('curl -L https://x | tar -xz').commands;
  assert.equal(curl?.pipedTo, tar);
  assert.equal(tar?.pipedFrom, curl);
  assert.equal(tar?.pipedTo, null);
});

test('walks subshells, groups, if, for, while, case and function bodies', () => {
  const script = [
    '(a1) && { a2; }',
    'if a3; then a4; elif a5; then a6; else a7; fi',
    'for i in 1 2; do a8 $i; done',
    'while a9; do a10; done',
    'case "$X" in x) a11;; *) a12;; esac',
    'f() { a13; }',
  ].join('\n');
  assert.deepEqual(
    argvs(script).map((a) => a.join(' ')),
    ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8 $i', 'a9', 'a10', 'a11', 'a12', 'a13'],
  );
});

test('does not report calls to functions defined in the script as commands', () => {
  assert.deepEqual(argvs('setup() { apk add x; }; setup'), [['apk', 'add', 'x']]);
});

test('re-parses the script of sh -c and keeps the row of each nested command', () => {
  const cmds = parse('true\nsh -c "apk add a && \\\n  apk add b"').commands;
  assert.deepEqual(
    cmds.map((c) => [c.argv.join(' '), c.row]),
    [
      ['true', 0],
      ['sh -c apk add a &&   apk add b', 1],
      ['apk add a', 1],
      ['apk add b', 2],
    ],
  );
});

test('re-parses su -c and bash -ec scripts', () => {
  assert.deepEqual(argvs(`su app -c 'x 1'; bash -o pipefail -ec 'y 2'`).slice(1, 2), [['x', '1']]);
  assert.deepEqual(argvs(`bash -o pipefail -ec 'y 2'`)[1], ['y', '2']);
});

test('gives a nested sh -c the exported variables but not the unexported ones', () => {
  assert.deepEqual(argvs(`A=1; export B=2; sh -c 'x $A $B'`, { C: '3' })[2], ['x', '$A', '2']);
  assert.deepEqual(argvs(`sh -c 'x $C'`, { C: '3' })[1], ['x', '3']);
});

test('reports shell nesting deeper than eight levels instead of following it', () => {
  let script = 'x';
  for (let i = 0; i < 10; i++) script = `sh -c ${JSON.stringify(script)}`;
  const result = parse(script);
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0]?.kind, 'depth');
  assert.equal(result.commands.length, 9);
});

test('parses the heredoc that a shell reads as its script', () => {
  assert.deepEqual(argvs('bash <<EOF\napk add $V\nEOF', { V: 'x' }).slice(1), [
    ['apk', 'add', 'x'],
  ]);
});

test('keeps heredoc content and the file redirect on the command', () => {
  const [cat, next] = parse('cat <<EOF > /etc/apk/repositories && apk update\nhttps://r/$V\nEOF', {
    V: 'main',
  }).commands;
  assert.deepEqual(cat?.redirects, [
    { op: '<<', target: { value: 'https://r/main\n', dynamic: false } },
    { op: '>', target: { value: '/etc/apk/repositories', dynamic: false } },
  ]);
  assert.deepEqual(next?.argv, ['apk', 'update']);
});

test('runs eval arguments as a script in the same shell', () => {
  assert.deepEqual(argvs('P=x; eval "apk add $P"'), [
    ['eval', 'apk add x'],
    ['apk', 'add', 'x'],
  ]);
});

test('reports a syntax error with its row and still extracts the commands around it', () => {
  const result = parse('apk add a\nfoo )\napk add b');
  assert.deepEqual(
    result.commands.map((c) => c.argv.join(' ')),
    ['apk add a', 'foo', 'apk add b'],
  );
  assert.deepEqual(result.errors, [{ kind: 'syntax', row: 1, message: 'unexpected `)`' }]);
});

test('reports an if without fi at the if', () => {
  const result = parse('apk add a\nif x; then y\napk add b');
  assert.deepEqual(result.errors, [{ kind: 'syntax', row: 1, message: 'unexpected `if`' }]);
});

test('reads an exec-form command without expansion and parses its sh -c script with it', () => {
  const result = shell.commandsFromArgv(['sh', '-c', 'apk add $V'], { V: 'x' });
  assert.deepEqual(
    result.commands.map((c) => c.argv),
    [
      ['sh', '-c', 'apk add $V'],
      ['apk', 'add', 'x'],
    ],
  );
});

test('treats words after a redirect target as arguments, as the shell does', () => {
  assert.deepEqual(argvs('echo a > /f b'), [['echo', 'a', 'b']]);
});

test('reports export as a command and exports the variable to nested shells', () => {
  assert.deepEqual(argvs(`export P=/opt; sh -c 'x $P'`), [
    ['export', 'P=/opt'],
    ['sh', '-c', 'x $P'],
    ['x', '/opt'],
  ]);
});

test('keeps an empty quoted word as one empty field and drops an empty unquoted expansion', () => {
  assert.deepEqual(argvs(`x "" '' $E "$E"`, { E: '' }), [['x', '', '', '']]);
});

test('leaves expansions nested thousands deep unevaluated instead of overflowing the stack', () => {
  const script = `x ${'${X:-'.repeat(3000)}y${'}'.repeat(3000)}`;
  const [cmd] = parse(script).commands;
  assert.equal(cmd?.dynamic, true);
});

test('reports syntax nested too deep as a depth error', () => {
  const result = parse(`x ${'"$(echo '.repeat(300)}y${')"'.repeat(300)}`);
  assert.equal(result.errors[0]?.kind, 'depth');
});

test('reuses a walk for an environment that differs only in variables the script does not read', () => {
  const script = 'install -d "$PREFIX/lib" && echo "$UNSET_HERE"';
  const first = parse(script, { PREFIX: '/opt', PATH: '/bin' });
  assert.equal(parse(script, { PREFIX: '/opt', PATH: '/usr/bin', OTHER: 'x' }), first);
  assert.deepEqual(argvs(script, { PREFIX: '/srv' })[0], ['install', '-d', '/srv/lib']);
  // Set where it was unset: a variable the script read, so the walk is not reused.
  assert.deepEqual(argvs(script, { PREFIX: '/opt', UNSET_HERE: 'now' })[1], ['echo', 'now']);
});

test('replays the variables a reused walk traced into each caller', () => {
  const script = 'X=1; echo "$MISSING_VAR"';
  for (const env of [{}, { UNRELATED: 'y' }] as Record<string, string>[]) {
    const trace = { unset: new Set<string>(), assigned: new Map<string, (string | null)[]>() };
    shell.commands(script, env, trace);
    assert.deepEqual([...trace.unset], ['MISSING_VAR']);
    assert.deepEqual(trace.assigned.get('X'), ['1']);
  }
});
