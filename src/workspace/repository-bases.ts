import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  BAKE_FILES,
  BakeSyntaxError,
  bakeTargets,
  type BakeSource,
  type BakeTarget,
} from '../bake.js';
import { MAX_INPUT_BYTES } from '../parse/limits.js';
import type { FileView } from './file-view.js';

// The images a repository builds itself, as its compose and bake files declare them: a
// Dockerfile whose FROM names one builds on that image's Dockerfile (src/same-repo-base.ts).

/** Compose files, in the order Docker Compose looks for them. */
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/**
 * Images that compose files (a service with both `image:` and `build:`) and bake files (a
 * target's `tags`, `context` and `dockerfile`) build, from the Dockerfile's directory up to
 * `top`: image name → absolute path of the Dockerfile building it. The nearest file wins;
 * the Dockerfile itself is left out. Files that do not parse are skipped: compose or bake
 * reports them when it runs.
 */
export function composeBases(
  dockerfile: string,
  top: string,
  view: FileView,
): Record<string, string> {
  const out: Record<string, string> = {};
  const self = resolve(dockerfile);
  const stop = resolve(top);
  let dir = resolve(dockerfile, '..');
  for (;;) {
    for (const [image, path] of folderBuilds(dir, view)) if (path !== self) out[image] ??= path;
    const parent = resolve(dir, '..');
    if (dir === stop || parent === dir || relative(stop, dir).startsWith('..')) break;
    dir = parent;
  }
  return out;
}

/** The images one folder's compose and bake files build (a batch asks once per folder). */
function folderBuilds(dir: string, view: FileView): readonly [string, string][] {
  return view.remember(`image builds\0${dir}`, () => {
    const found: [string, string][] = [];
    for (const name of COMPOSE_FILES) {
      const text = view.text(join(dir, name), MAX_INPUT_BYTES);
      if (text !== null) found.push(...composeBuilds(text, dir));
    }
    found.push(...bakeBuilds(dir, view));
    return found;
  });
}

/** The bake files of `dir`, merged, with bake's variables from the environment: each tag of a target → its Dockerfile. */
function bakeBuilds(dir: string, view: FileView): [string, string][] {
  const sources: BakeSource[] = [];
  for (const name of BAKE_FILES) {
    const text = view.text(join(dir, name), MAX_INPUT_BYTES);
    if (text !== null) sources.push({ name, text });
  }
  if (sources.length === 0) return [];
  let targets: BakeTarget[];
  try {
    targets = bakeTargets(sources, process.env);
  } catch (error) {
    if (error instanceof BakeSyntaxError) return [];
    throw error;
  }
  const out: [string, string][] = [];
  for (const target of targets) {
    // A remote context or another target's output is not a Dockerfile of this repository.
    if (target.context.includes('://') || target.context.startsWith('target:')) continue;
    const context = resolve(dir, target.context);
    const file = resolve(context, target.dockerfile);
    for (const tag of target.tags)
      out.push(...imageNames(tag).map((n): [string, string] => [n, file]));
  }
  return out;
}

/** `acme/base:latest` is what `FROM acme/base` means too. */
function imageNames(tag: string): string[] {
  return tag.endsWith(':latest') ? [tag, tag.slice(0, -':latest'.length)] : [tag];
}

function composeBuilds(text: string, dir: string): [string, string][] {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 50 });
  } catch {
    return []; // not ours to report: compose will
  }
  const services = (doc as { services?: unknown } | null)?.services;
  if (!services || typeof services !== 'object') return [];
  const out: [string, string][] = [];
  for (const service of Object.values(services as Record<string, unknown>)) {
    const { image, build } = (service ?? {}) as { image?: unknown; build?: unknown };
    if (typeof image !== 'string' || build === undefined) continue;
    const spec =
      typeof build === 'string' ? { context: build } : (build as Record<string, unknown>);
    const context = typeof spec['context'] === 'string' ? spec['context'] : '.';
    const file = typeof spec['dockerfile'] === 'string' ? spec['dockerfile'] : 'Dockerfile';
    if (context.includes('://')) continue;
    for (const name of imageNames(image)) out.push([name, resolve(dir, context, file)]);
  }
  return out;
}
