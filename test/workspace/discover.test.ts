import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import {
  discoverDockerfiles,
  loadGitignores,
  searchRoot,
  parseGitignore,
  GitignoreMatcher,
} from '../../src/workspace/discover.js';
import { WolfifyError } from '../../src/errors.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A scratch tree: path → content. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'wolfify-discover-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

const FROM = 'FROM alpine:3.20\n';

test('finds every default Dockerfile name, sorted by path', async () => {
  const root = await tree({
    Dockerfile: FROM,
    'services/api/Dockerfile': FROM,
    'services/api/Dockerfile.prod': FROM,
    'services/web/web.Dockerfile': FROM,
    'tools/Containerfile': FROM,
    'tools/Containerfile.dev': FROM,
    '.devcontainer/Dockerfile': FROM,
    'README.md': 'not a Dockerfile',
    'services/api/Dockerfile.dockerignore': 'node_modules',
  });
  assert.deepEqual(await discoverDockerfiles([], { cwd: root }), [
    '.devcontainer/Dockerfile',
    'Dockerfile',
    'services/api/Dockerfile',
    'services/api/Dockerfile.prod',
    'services/web/web.Dockerfile',
    'tools/Containerfile',
    'tools/Containerfile.dev',
  ]);
});

test('skips node_modules and .git', async () => {
  const root = await tree({
    'app/Dockerfile': FROM,
    'node_modules/pkg/Dockerfile': FROM,
    'app/node_modules/x/Dockerfile': FROM,
    '.git/Dockerfile': FROM,
  });
  assert.deepEqual(await discoverDockerfiles([], { cwd: root }), ['app/Dockerfile']);
});

test('skips what root and nested .gitignore files ignore, with negation and directory patterns', async () => {
  const root = await tree({
    '.gitignore': 'build/\n*.tmp.Dockerfile\nvendor/**\n!vendor/keep/\n',
    'build/Dockerfile': FROM,
    'src/build/Dockerfile': FROM,
    'a.tmp.Dockerfile': FROM,
    'ok/Dockerfile': FROM,
    'services/.gitignore': '/legacy\nDockerfile.local\n',
    'services/legacy/Dockerfile': FROM,
    'services/api/legacy/Dockerfile': FROM,
    'services/api/Dockerfile.local': FROM,
    'services/api/Dockerfile': FROM,
    'vendor/x/Dockerfile': FROM,
  });
  assert.deepEqual(await discoverDockerfiles([], { cwd: root }), [
    'ok/Dockerfile',
    'services/api/Dockerfile',
    'services/api/legacy/Dockerfile',
  ]);
  // --no-gitignore brings them back.
  assert.equal((await discoverDockerfiles([], { cwd: root, gitignore: false })).length, 9);
});

test('a negated file inside an ignored directory stays ignored, as in git', () => {
  const matcher = new GitignoreMatcher(parseGitignore('out/\n!out/Dockerfile\n'));
  assert.equal(matcher.ignores('out/Dockerfile', false), true);
  const files = new GitignoreMatcher(parseGitignore('out/*\n!out/Dockerfile\n'));
  assert.equal(files.ignores('out/Dockerfile', false), false);
  assert.equal(files.ignores('out/other', false), true);
});

test('gitignore patterns: anchoring, ** segments, character classes, escapes and comments', () => {
  const m = new GitignoreMatcher(
    parseGitignore('# comment\n/top\na/**/z\nfile[0-9]\n\\#hash\n**/deep\n'),
  );
  assert.equal(m.ignores('top', false), true);
  assert.equal(m.ignores('x/top', false), false);
  assert.equal(m.ignores('a/z', false), true);
  assert.equal(m.ignores('a/b/c/z', false), true);
  assert.equal(m.ignores('file7', false), true);
  assert.equal(m.ignores('filex', false), false);
  assert.equal(m.ignores('#hash', false), true);
  assert.equal(m.ignores('q/r/deep', false), true);
  assert.equal(m.ignores('comment', false), false);
});

test('loads nested .gitignore files relative to their own directory', async () => {
  const root = await tree({ 'pkg/.gitignore': 'gen/\n', 'pkg/gen/Dockerfile': FROM });
  const matcher = await loadGitignores(root);
  assert.equal(matcher.ignores('pkg/gen/Dockerfile', false), true);
  assert.equal(matcher.ignores('gen/Dockerfile', false), false);
});

test('explicit globs, directories and files work, and a named file is taken even when ignored', async () => {
  const root = await tree({
    '.gitignore': 'ignored/\n',
    'a/Dockerfile': FROM,
    'a/Dockerfile.prod': FROM,
    'b/Dockerfile': FROM,
    'ignored/Dockerfile': FROM,
  });
  assert.deepEqual(await discoverDockerfiles(['a/*'], { cwd: root }), [
    'a/Dockerfile',
    'a/Dockerfile.prod',
  ]);
  assert.deepEqual(await discoverDockerfiles(['b'], { cwd: root }), ['b/Dockerfile']);
  assert.deepEqual(
    await discoverDockerfiles(['ignored/Dockerfile', 'b/Dockerfile'], { cwd: root }),
    ['b/Dockerfile', 'ignored/Dockerfile'],
  );
  await assert.rejects(
    discoverDockerfiles(['nope/Dockerfile'], { cwd: root }),
    (e: unknown) =>
      e instanceof WolfifyError && e.message === 'nope/Dockerfile: no such file or directory',
  );
  await assert.rejects(
    discoverDockerfiles(['../*/Dockerfile'], { cwd: root }),
    (e: unknown) =>
      e instanceof WolfifyError &&
      e.message ===
        `../*/Dockerfile: the pattern leaves ${root}; name a directory it starts from instead`,
  );
});

test('takes absolute globs and directories below the working directory', async () => {
  const root = await tree({ 'a/Dockerfile': FROM, 'b/c/Dockerfile': FROM, 'd/Dockerfile': FROM });
  assert.deepEqual(await discoverDockerfiles([`${root}/**/Dockerfile`], { cwd: root }), [
    'a/Dockerfile',
    'b/c/Dockerfile',
    'd/Dockerfile',
  ]);
  assert.deepEqual(
    await discoverDockerfiles([`${root}/b/*/Dockerfile`, join(root, 'a')], { cwd: root }),
    ['a/Dockerfile', 'b/c/Dockerfile'],
  );
  assert.deepEqual(await discoverDockerfiles(['./d/*'], { cwd: root }), ['d/Dockerfile']);
});

test('patterns above the working directory make their base the searched tree', async () => {
  const root = await tree({
    'repo/a/Dockerfile': FROM,
    'other/b/Dockerfile': FROM,
    'x/Dockerfile': FROM,
  });
  const cwd = join(root, 'repo');
  assert.equal(await searchRoot(['a', '**/Dockerfile'], cwd), cwd);
  assert.equal(await searchRoot([`${cwd}/**/Dockerfile`], cwd), cwd);
  assert.equal(await searchRoot(['../other'], cwd), join(root, 'other'));
  assert.equal(await searchRoot(['../other/b/Dockerfile'], cwd), join(root, 'other', 'b'));
  // The outermost base holds the others, the working directory included.
  assert.equal(await searchRoot(['..', '../other/**/Dockerfile', 'a'], cwd), root);
  const other = await searchRoot([`${root}/other/**/Dockerfile`], cwd);
  assert.deepEqual(
    await discoverDockerfiles([`${root}/other/**/Dockerfile`], {
      cwd: other,
      workingDirectory: cwd,
    }),
    ['b/Dockerfile'],
  );
  assert.deepEqual(await discoverDockerfiles(['..', 'a'], { cwd: root, workingDirectory: cwd }), [
    'other/b/Dockerfile',
    'repo/a/Dockerfile',
    'x/Dockerfile',
  ]);
  await assert.rejects(
    searchRoot(['../other', '../x'], cwd),
    (e: unknown) =>
      e instanceof WolfifyError &&
      e.message ===
        `../other: patterns above the working directory must all start in one directory (${join(root, 'x')} here); run batch once for each`,
  );
});

test('does not follow symbolic links out of the tree', async () => {
  const outside = await tree({ Dockerfile: FROM, 'nested/Dockerfile': FROM });
  const root = await tree({ 'app/Dockerfile': FROM });
  await symlink(join(outside, 'Dockerfile'), join(root, 'Dockerfile'));
  await symlink(join(outside, 'nested'), join(root, 'linked'));
  await symlink(join(root, 'app', 'Dockerfile'), join(root, 'app', 'Dockerfile.alias'));
  // The search does not walk links at all; a link inside the tree can still be named.
  assert.deepEqual(await discoverDockerfiles([], { cwd: root }), ['app/Dockerfile']);
  assert.deepEqual(await discoverDockerfiles(['app/Dockerfile.alias'], { cwd: root }), [
    'app/Dockerfile.alias',
  ]);
  await assert.rejects(
    discoverDockerfiles(['Dockerfile'], { cwd: root }),
    /leads out of the working directory/,
  );
});

test('skips the folders wolfify wrote and the --out-dir', async () => {
  const root = await tree({
    'api/Dockerfile': FROM,
    'api/wolfi/apko.yaml': 'contents: {}\n',
    'api/wolfi/Dockerfile': FROM,
    'api/wolfi/Dockerfile.prod/apko.yaml': 'contents: {}\n',
    'api/wolfi/Dockerfile.prod/Dockerfile': FROM,
    'wolfi/Dockerfile': FROM, // a service that happens to be called wolfi
    'out/api/Dockerfile': FROM,
  });
  assert.deepEqual(await discoverDockerfiles([], { cwd: root, skip: ['out'] }), [
    'api/Dockerfile',
    'wolfi/Dockerfile',
  ]);
});
