// The Wolfi package that brings a build tool, matched to the image's runtime version:
// pip for python 3.11 is py3.11-pip, bundler for ruby 3.3 is ruby3.3-bundler. Wolfi does not
// bundle them with the interpreter (python-3.11 has no pip, ruby-3.3 no bundler, yarn no
// nodejs), so the build environment lists both. Every name is checked against the catalog.

import type { Catalog } from '../../catalog/catalog.js';
import { familyMembers, pickFamilyMember } from '../../map/version-family.js';
import type { Runtime } from './model.js';

/** The interpreter/compiler family of each runtime: python-3.11, nodejs-24, go-1.26 … */
const RUNTIME_FAMILY: Readonly<Record<Runtime['name'], string>> = {
  python: 'python-',
  nodejs: 'nodejs-',
  ruby: 'ruby-',
  php: 'php-',
  go: 'go-',
  rust: 'rust-',
  openjdk: 'openjdk-',
  dotnet: 'dotnet-',
};

/** The runtime package for the image's runtime version (nearest newer when Wolfi dropped it). */
export function runtimePackage(runtime: Runtime, catalog: Catalog): string | null {
  const members = familyMembers(RUNTIME_FAMILY[runtime.name], catalog.names());
  return pickFamilyMember(members, runtime.version)?.name ?? null;
}

/** `python-3.11` → `3.11`. */
function versionOf(pkg: string, runtime: Runtime): string {
  return pkg.slice(RUNTIME_FAMILY[runtime.name].length);
}

/**
 * Tools named after the runtime version: `{v}` is the version of the runtime package.
 * Tried in order; the first name in the catalog wins.
 */
const VERSIONED_TOOLS: Readonly<Record<string, { runtime: Runtime['name']; names: string[] }>> = {
  pip: { runtime: 'python', names: ['py{v}-pip'] },
  virtualenv: { runtime: 'python', names: ['py{v}-virtualenv'] },
  poetry: { runtime: 'python', names: ['py{v}-poetry', 'poetry'] },
  pipenv: { runtime: 'python', names: ['py{v}-pipenv', 'pipenv'] },
  bundler: { runtime: 'ruby', names: ['ruby{v}-bundler'] },
  'dotnet-sdk': { runtime: 'dotnet', names: ['dotnet-{v}-sdk'] },
  jdk: { runtime: 'openjdk', names: ['openjdk-{v}-default-jdk', 'openjdk-{v}'] },
};

/** Tools Wolfi ships under one name (or a family whose newest member is fine). */
const PLAIN_TOOLS: Readonly<Record<string, string[]>> = {
  uv: ['uv'],
  npm: ['npm'],
  yarn: ['yarn'],
  pnpm: ['pnpm'],
  composer: ['composer'],
  git: ['git'],
  gnupg: ['gnupg'],
  unzip: ['unzip'],
  curl: ['curl'],
  wget: ['wget'],
  xz: ['xz'],
  bzip2: ['bzip2'],
  make: ['make'],
  'build-base': ['build-base'],
};

/** Families where the newest real member is the tool (maven-3.9, not maven-stage0). */
const FAMILY_TOOLS: Readonly<Record<string, string>> = {
  maven: 'maven-',
  gradle: 'gradle-',
};

export type ToolChoice = { kind: 'ok'; packages: string[] } | { kind: 'missing'; wanted: string };

/**
 * The Wolfi packages that bring `tool` for this runtime: the tool's package and, for tools
 * of a language, the interpreter of the same version. Null runtime → newest version with the tool.
 */
export function toolPackages(tool: string, runtime: Runtime | null, catalog: Catalog): ToolChoice {
  const versioned = VERSIONED_TOOLS[tool];
  if (versioned) {
    const rt: Runtime =
      runtime?.name === versioned.runtime ? runtime : { name: versioned.runtime, version: null };
    const members = familyMembers(RUNTIME_FAMILY[rt.name], catalog.names());
    // Newest first when no version is asked: the newest runtime that has the tool.
    const order =
      rt.version === null
        ? [...members].reverse()
        : [pickFamilyMember(members, rt.version)].filter((m) => m !== null);
    for (const member of order) {
      const v = versionOf(member.name, rt);
      const name = versioned.names.map((n) => n.replace('{v}', v)).find((n) => catalog.has(n));
      if (name) return { kind: 'ok', packages: unique([member.name, name]) };
    }
    const wanted = versioned.names[0]?.replace('{v}', rt.version ?? 'X') ?? tool;
    return { kind: 'missing', wanted };
  }
  const family = FAMILY_TOOLS[tool];
  if (family) {
    const newest = familyMembers(family, catalog.names()).at(-1);
    return newest ? { kind: 'ok', packages: [newest.name] } : { kind: 'missing', wanted: tool };
  }
  const plain = (PLAIN_TOOLS[tool] ?? [tool]).map((n) => catalog.resolve(n));
  const found = plain.find((n): n is string => n !== null);
  return found ? { kind: 'ok', packages: [found] } : { kind: 'missing', wanted: tool };
}

/** The runtime package plus the tool's (or just the runtime when the tool ships with it). */
export function withRuntime(
  runtime: Runtime,
  catalog: Catalog,
  tool: ToolChoice | null,
): ToolChoice {
  const base = runtimePackage(runtime, catalog);
  if (!base)
    return { kind: 'missing', wanted: `${RUNTIME_FAMILY[runtime.name]}${runtime.version ?? 'X'}` };
  if (!tool) return { kind: 'ok', packages: [base] };
  if (tool.kind === 'missing') return tool;
  return { kind: 'ok', packages: unique([base, ...tool.packages]) };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
