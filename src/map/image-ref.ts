// Image references: split `registry/repo:tag@digest`, normalise Docker Hub
// spellings and mirrors, and read a tag's version and variant words.

import type { ImageRef } from '../model.js';

export const DEFAULT_DOCKER_HUB = [
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
  'registry.docker.com',
];

/**
 * Docker Hub under any of its names, or behind a mirror (`mirror.gcr.io`,
 * `public.ecr.aws/docker/library`), is Docker Hub: registry null, `library/` removed.
 */
export function normaliseImageRef(
  ref: ImageRef,
  dockerHub: readonly string[],
  mirrors: readonly string[],
): ImageRef {
  let registry = ref.registry?.toLowerCase() ?? null;
  let repository = ref.repository;
  if (registry !== null) {
    const full = `${registry}/${repository}`;
    const mirror = mirrors.find((m) => full.startsWith(`${m.toLowerCase()}/`));
    if (mirror) {
      repository = full.slice(mirror.length + 1);
      registry = null;
    } else if (dockerHub.includes(registry)) {
      registry = null;
    }
  }
  if (registry === null && repository.startsWith('library/'))
    repository = repository.slice('library/'.length);
  return { ...ref, registry, repository };
}

export interface ParsedTag {
  /** The leading version (`3.11.4` of `3.11.4-slim-bookworm`), or null (`latest`, `bookworm`). */
  version: string | null;
  /** Other words, lower-case, digits removed (`slim`, `bookworm`, `alpine` of `alpine3.20`, `jdk` of `jdk21`). */
  words: string[];
  /** A second version later in the tag (`21` of `3.9-eclipse-temurin-21` or of `8.5-jdk21`). */
  secondary: string | null;
}

/**
 * Read a tag. `familyWords` are words that name a distro (alpine3.20, ubi9): their
 * digits are a distro release, not a second version.
 */
export function parseTag(
  tag: string | null,
  familyWords: ReadonlySet<string> = new Set(),
): ParsedTag {
  if (!tag || tag === 'latest') return { version: null, words: [], secondary: null };
  const tokens = tag.toLowerCase().split('-').filter(Boolean);
  let version: string | null = null;
  const first = tokens[0] ?? '';
  const lead = /^v?(\d+(?:\.\d+)*)/.exec(first);
  if (lead?.[1]) {
    version = lead[1];
    tokens.shift();
  }
  const words: string[] = [];
  let secondary: string | null = null;
  for (const token of tokens) {
    const m = /^([a-z]*)(\d+(?:\.\d+)*)?[a-z0-9._]*$/.exec(token);
    const word = m?.[1] ?? token;
    const digits = m?.[2] ?? null;
    if (word) words.push(word);
    // A bare number after the version (`-21`) or a word with a number (`jdk21`), but not a distro release.
    if (digits && secondary === null && !familyWords.has(word) && (version !== null || word !== ''))
      secondary = digits;
  }
  return { version, words, secondary };
}
