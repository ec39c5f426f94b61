// Find the measured size of a base image tag: the tag itself, the tag repo-info says it
// resolved to (`python:3.12-slim` = `python:3.12.13-slim-trixie`), or a more specific
// patch release of a documented tag. Anything else is unknown — never a guess.

import type { ImageRef } from '../model.js';
import type { BaseImageEntry, BaseImagesData, DebianRelease } from './data.js';

export type BaseImageMatch =
  | { kind: 'found'; key: string; entry: BaseImageEntry; how: 'exact' | 'alias' | 'closest' }
  | { kind: 'unknown'; reason: string };

interface TagParts {
  version: string | null;
  words: string;
}

/** `3.12.13-slim-trixie` → version 3.12.13, words `slim-trixie`. */
function tagParts(tag: string): TagParts {
  const m = /^v?(\d+(?:\.\d+)*)(?:-(.*))?$/.exec(tag);
  if (m?.[1]) return { version: m[1], words: m[2] ?? '' };
  return { version: null, words: tag === 'latest' ? '' : tag };
}

function tagOf(reference: string): string {
  const colon = reference.lastIndexOf(':');
  return colon === -1 ? 'latest' : reference.slice(colon + 1);
}

export function findBaseImage(ref: ImageRef, data: BaseImagesData): BaseImageMatch {
  if (ref.unresolved)
    return { kind: 'unknown', reason: `the base image ${ref.raw} still holds a variable` };
  if (ref.registry !== null) {
    return {
      kind: 'unknown',
      reason: `${ref.raw} is not a Docker Hub official image; no measured size is shipped for it`,
    };
  }
  const tag = ref.tag ?? 'latest';
  const key = `${ref.repository}:${tag}`;
  const exact = data.images[key];
  if (exact) return { kind: 'found', key, entry: exact, how: 'exact' };
  const wanted = tagParts(tag);
  let closest: { key: string; entry: BaseImageEntry } | null = null;
  for (const [k, entry] of Object.entries(data.images)) {
    if (!k.startsWith(`${ref.repository}:`)) continue;
    if (entry.resolved === key) return { kind: 'found', key: k, entry, how: 'alias' };
    const documented = tagParts(tagOf(k));
    const resolved = entry.resolved ? tagParts(tagOf(entry.resolved)) : null;
    const sameWords =
      wanted.words === documented.words || (resolved !== null && wanted.words === resolved.words);
    if (!sameWords) continue;
    // `3.12-trixie` names python:3.12 (= 3.12.14-trixie) by its codename, `3.12.14` by its patch release.
    if (
      wanted.version !== null &&
      (wanted.version === resolved?.version || wanted.version === documented.version)
    ) {
      return { kind: 'found', key: k, entry, how: 'alias' };
    }
    // `3.12.9-slim` is the 3.12-slim line at another patch release: close, and said so.
    if (
      wanted.version !== null &&
      documented.version !== null &&
      wanted.version.startsWith(`${documented.version}.`)
    ) {
      closest ??= { key: k, entry };
    }
  }
  if (closest) return { kind: 'found', ...closest, how: 'closest' };
  const known = Object.keys(data.images)
    .filter((k) => k.startsWith(`${ref.repository}:`))
    .map((k) => k.slice(ref.repository.length + 1));
  return {
    kind: 'unknown',
    reason:
      known.length > 0
        ? `no measured size for ${key} (the data has ${ref.repository} tags ${known.join(', ')})`
        : `no measured size for ${ref.repository} images in the data`,
  };
}

/**
 * The Debian release whose package index sizes the image's apt installs: the image's own
 * codename, else a codename in the tag, else trixie (the default tags moved to it in 2026).
 */
export function debianReleaseFor(
  ref: ImageRef | null,
  entry: BaseImageEntry | null,
): DebianRelease {
  const codename = entry?.codename ?? null;
  // Ubuntu jammy (22.04) is bookworm's contemporary; noble and later are closer to trixie.
  if (codename === 'bookworm' || codename === 'bullseye' || codename === 'jammy') return 'bookworm';
  if (codename !== null && entry?.distro !== 'alpine') return 'trixie';
  const tag = ref?.tag ?? '';
  if (/(^|-)(bookworm|bullseye)(-|$)/.test(tag)) return 'bookworm';
  return 'trixie';
}
