import type { Catalog } from '../catalog/catalog.js';
import { parseUserSpec } from '../config.js';
import { allowsPrivate } from '../map/index.js';
import type { Choice, Prompts } from './prompts.js';

// One function per question the wizard may ask. Each offers a default that keeps what
// `convert` would do anyway, and refuses answers the config could not hold.

// Values no package name can have: apk names never contain a space.
export const DROP = 'drop it';
export const TYPE_A_NAME = 'type a name';

const MAX_MATCHES = 30;

/** Catalog names for a search term: the suggestions first, then names containing the term. */
export function packageChoices(catalog: Catalog, suggestions: string[], term: string): Choice[] {
  const t = term.trim().toLowerCase();
  const names: string[] = t === '' ? [...suggestions] : suggestions.filter((s) => s.includes(t));
  if (t !== '') {
    if (catalog.has(t) && !names.includes(t)) names.unshift(t);
    for (const name of catalog.names()) {
      if (names.length >= MAX_MATCHES) break;
      if (name.includes(t) && !names.includes(name)) names.push(name);
    }
  }
  return [
    ...names.map((name) => ({
      value: name,
      name,
      ...(suggestions.includes(name) ? { description: 'suggested' } : {}),
    })),
    { value: DROP, name: 'drop it — leave it out' },
    { value: TYPE_A_NAME, name: 'type a name…' },
  ];
}

/** Why `name` cannot be used, or true: only names the catalog knows may be written. */
export function checkPackageName(
  name: string,
  catalog: Catalog,
  repositories: readonly string[],
): true | string {
  const n = name.trim();
  if (n === '') return 'type a Wolfi package name';
  if (catalog.has(n) || catalog.resolve(n)) return true;
  if (catalog.privateOnly(n)) {
    return allowsPrivate(repositories)
      ? true
      : `${n} is only in Chainguard's private repository; choose that repository first, or another name`;
  }
  const near = catalog.suggest(n, 3);
  return `${n} is not in the Wolfi catalog${near.length > 0 ? `; did you mean ${near.join(', ')}?` : ''}`;
}

/** Wolfi names for a package no rule maps (or one only in the private repository); null = drop. */
export async function askPackage(
  prompts: Prompts,
  catalog: Catalog,
  repositories: readonly string[],
  question: { name: string; manager: string; why: string; suggestions: string[] },
): Promise<string[] | null> {
  const picked = await prompts.search({
    message: `${question.manager} package ${question.name} ${question.why}. Use which Wolfi package?`,
    source: (term) => packageChoices(catalog, question.suggestions, term),
  });
  if (picked === DROP) return null;
  if (picked !== TYPE_A_NAME) return [picked];
  const typed = await prompts.input({
    message: `Wolfi package for ${question.name}:`,
    validate: (value) => checkPackageName(value, catalog, repositories),
  });
  return [typed.trim()];
}

/** The non-root user as `NAME` or `NAME:UID`. */
export async function askUser(prompts: Prompts, defaultSpec: string): Promise<string> {
  const answer = await prompts.input({
    message: 'Run the image as which non-root user (NAME or NAME:UID)?',
    default: defaultSpec,
    validate: (value) =>
      parseUserSpec(value.trim())
        ? true
        : `expected NAME or NAME:UID with a uid other than 0, e.g. nonroot:65532`,
  });
  return answer.trim();
}

/** What apko accepts (shared/APKO-MELANGE.md); Wolfi publishes packages for the first two. */
export const APKO_ARCHS = [
  'x86_64',
  'aarch64',
  '386',
  'arm/v6',
  'arm/v7',
  'ppc64le',
  'riscv64',
  's390x',
  'loong64',
] as const;

export async function askArchs(prompts: Prompts, current: readonly string[]): Promise<string[]> {
  const known: readonly string[] = APKO_ARCHS;
  const all = [...known, ...current.filter((a) => !known.includes(a))];
  return prompts.checkbox({
    message: 'Build the image for which architectures?',
    choices: all.map((arch) => ({
      value: arch,
      name: arch,
      checked: current.includes(arch),
      ...(arch === 'x86_64' || arch === 'aarch64'
        ? {}
        : { description: 'Wolfi has no packages for it' }),
    })),
    required: true,
  });
}

export interface RepositoryChoice {
  repositories: string[];
  keyring: string[];
}

const ORG_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

function checkUrls(value: string, allowEmpty: boolean): true | string {
  const urls = splitList(value);
  if (urls.length === 0) return allowEmpty ? true : 'type at least one URL';
  const bad = urls.find((u) => !/^https?:\/\/[^\s/]+/.test(u));
  return bad === undefined ? true : `${bad} is not an http(s) URL`;
}

export function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * The extra repositories and keys, beside Wolfi's public repository (which the config
 * always keeps; `convert --no-wolfi` is the way to leave it out). null: keep the config's.
 */
export async function askRepositories(
  prompts: Prompts,
  current: RepositoryChoice,
): Promise<RepositoryChoice | null> {
  const keep = current.repositories.length > 0;
  const choice = await prompts.select({
    message: 'Which package repositories?',
    choices: [
      ...(keep
        ? [{ value: 'keep', name: `keep the config's: ${current.repositories.join(', ')}` }]
        : []),
      { value: 'wolfi', name: "Wolfi's public repository only" },
      {
        value: 'chainguard',
        name: "Wolfi's + Chainguard's private repository for your organisation (apk.cgr.dev)",
      },
      { value: 'custom', name: "Wolfi's + repositories of your own (URLs)" },
    ],
    default: keep ? 'keep' : 'wolfi',
  });
  if (choice === 'keep') return null;
  if (choice === 'wolfi') return { repositories: [], keyring: [] };
  if (choice === 'chainguard') {
    const org = (
      await prompts.input({
        message: 'Your Chainguard organisation (as in https://apk.cgr.dev/<org>):',
        validate: (v) => (ORG_NAME.test(v.trim()) ? true : 'letters, digits, ".", "_" or "-"'),
      })
    ).trim();
    const key = await prompts.input({
      message: 'Its signing key URL:',
      default: `https://apk.cgr.dev/${org}/chainguard-signing.rsa.pub`,
      validate: (v) => checkUrls(v, false),
    });
    return { repositories: [`https://apk.cgr.dev/${org}`], keyring: splitList(key) };
  }
  const repositories = await prompts.input({
    message: 'Repository URLs (separated by spaces or commas):',
    validate: (v) => checkUrls(v, false),
  });
  const keyring = await prompts.input({
    message: 'Their signing key URLs (empty if they need none):',
    validate: (v) => checkUrls(v, true),
  });
  return { repositories: splitList(repositories), keyring: splitList(keyring) };
}

/** The output directory, relative to the config file. */
export async function askOutDir(prompts: Prompts, defaultDir: string): Promise<string> {
  const answer = await prompts.input({
    message: 'Write the generated files into which directory?',
    default: defaultDir,
    validate: (v) => (v.trim() === '' ? 'type a directory' : true),
  });
  return answer.trim();
}
