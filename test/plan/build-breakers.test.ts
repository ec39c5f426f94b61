import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { convert } from '../../src/convert.js';
import { renderFiles } from '../../src/generate/files.js';
import { PLATFORM_ARGS } from '../../src/plan/arch.js';
import { repoRoot } from '../schema.js';

// The traps of ../shared/APKO-MELANGE.md §6, checked on every sample and every realistic
// Dockerfile of test/fixtures/realworld: no generated melange config may hold one.

const inputs: string[] = [
  ...readdirSync(join(repoRoot, 'samples'))
    .filter((name) => existsSync(join(repoRoot, 'samples', name, 'Dockerfile')))
    .map((name) => `samples/${name}/Dockerfile`),
  ...readdirSync(join(repoRoot, 'test/fixtures/realworld'))
    .filter((name) => name.endsWith('.Dockerfile'))
    .map((name) => `test/fixtures/realworld/${name}`),
];

interface Step {
  runs?: string;
  environment?: Record<string, string>;
  pipeline?: Step[];
}
interface Config {
  environment?: { environment?: Record<string, string> };
  pipeline?: Step[];
  subpackages?: { pipeline?: Step[] }[];
}

function steps(config: Config): Step[] {
  const flat = (list: Step[] = []): Step[] => list.flatMap((s) => [s, ...flat(s.pipeline)]);
  return [...flat(config.pipeline), ...(config.subpackages ?? []).flatMap((s) => flat(s.pipeline))];
}

const DESTDIR = '${{targets.destdir}}';

function problems(config: Config): string[] {
  const out: string[] = [];
  const env = config.environment?.environment ?? {};
  for (const step of steps(config)) {
    const runs = step.runs ?? '';
    for (const line of runs.split('\n')) {
      if (line.includes("mkdir -p ''") || line.includes('mkdir -p ""'))
        out.push(`empty mkdir: ${line}`);
      if (line.includes('cp -a /. ') || line.includes('cp -a //.') || line.includes("cp -a '/'/."))
        out.push(`copies the sandbox root: ${line}`);
      for (const dir of ['bin', 'sbin', 'lib', 'tmp', 'run'])
        if (line.includes(`"${DESTDIR}/${dir}/`) || line.includes(`"${DESTDIR}/${dir}"`)) {
          // `COPY rootfs /` moves these away right after copying.
          if (!line.startsWith('if [ -d ') && !line.startsWith('rm -rf '))
            out.push(`installs into /${dir}: ${line}`);
        }
      const words = line.trim().split(/\s+/);
      const chown = words.indexOf('chown');
      if (chown >= 0) {
        const owner = words.slice(chown + 1).find((w) => !w.startsWith('-')) ?? '';
        if (!/^\d+(:\d+)?$/.test(owner)) out.push(`chown to a name: ${line}`);
      }
    }
    const stepEnv = { ...env, ...step.environment };
    for (const arg of PLATFORM_ARGS)
      if (
        (runs.includes(`$${arg}`) || runs.includes(`\${${arg}`)) &&
        !(arg in stepEnv) &&
        !runs.includes(`export ${arg}=`)
      )
        out.push(`${arg} is never set: ${runs.split('\n')[0] ?? ''}`);
  }
  return out;
}

for (const source of inputs) {
  test(`${source}: no generated melange config holds a build-breaker`, async () => {
    const result = await convert(readFileSync(join(repoRoot, source), 'utf8'), { source });
    const files = renderFiles(result).filter((f) => /^melange(-.+)?\.yaml$/.test(f.path));
    assert.equal(files.length, result.melanges.length);
    for (const file of files)
      assert.deepEqual(problems(parse(file.content) as Config), [], `${file.path}`);
  });
}
