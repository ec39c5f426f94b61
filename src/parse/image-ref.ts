// Splitting an image reference (already expanded) into registry, repository,
// tag and digest, with Docker's rules for what counts as a registry.

import type { ImageRef } from '../model.js';
import { WolfifyError } from '../errors.js';

/** Every name Docker Hub is known by; all of them mean "registry: null". */
const DOCKER_HUB = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

export function parseImageRef(raw: string): ImageRef {
  const reference = raw.trim();
  if (reference === '') throw new WolfifyError('empty image reference');
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : null;
  const named = at >= 0 ? reference.slice(0, at) : reference;

  // A tag is only what follows a `:` after the last `/`: `localhost:5000/x` has no tag.
  const colon = named.lastIndexOf(':');
  const tagged = colon > named.lastIndexOf('/');
  const tag = tagged ? named.slice(colon + 1) : null;
  const name = tagged ? named.slice(0, colon) : named;

  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : null;
  // The first path component is a registry only if it looks like a host (Docker's rule).
  const hasRegistry =
    first !== null && (first.includes('.') || first.includes(':') || first === 'localhost');
  // Host names are case-insensitive.
  let registry = hasRegistry ? first.toLowerCase() : null;
  let repository = hasRegistry ? name.slice(slash + 1) : name;
  if (registry !== null && DOCKER_HUB.has(registry)) registry = null;
  if (registry === null && repository.startsWith('library/')) {
    repository = repository.slice('library/'.length);
  }
  return {
    raw: reference,
    registry,
    repository,
    tag: tag === '' ? null : tag,
    digest: digest === '' ? null : digest,
    unresolved: reference.includes('$'),
  };
}
