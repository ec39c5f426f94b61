// FROM → the Chainguard image for its base. The image rule that recognised the base
// (rules/images.yaml) names the replacement (rules/chainguard-images.yaml); the tag
// keeps the version as major.minor, or becomes `latest`, and gains `-dev` when the
// stage needs a shell and apk.

import type { BaseImageDecision } from '../map/index.js';
import { parseTag } from '../map/image-ref.js';
import type { ImageRef } from '../model.js';
import type { ChainguardImage, ChainguardImageTable } from './images.js';

export interface ImageTarget {
  /** `cgr.dev/<org>` or the --registry mirror. */
  prefix: string;
}

export type BaseChoice =
  /** FROM is rewritten to this image. */
  | {
      kind: 'replace';
      entry: ChainguardImage;
      image: string;
      /** Tag without `-dev`, e.g. `3.11`, `latest`, `8.2-fpm`. */
      version: string;
      suffix: string;
      dev: boolean;
      /** The runtime image was chosen because the stage is part of the final image. */
      runtimeByRole: boolean;
    }
  /** FROM stays: already a Chainguard image. */
  | { kind: 'chainguard' }
  /** FROM stays: no Chainguard image is known for this base. */
  | { kind: 'unknown'; rule: string };

/** `images:python@rules.yaml:3` → `python`. */
export function ruleKey(rule: string): string {
  const id = rule.startsWith('images:') ? rule.slice('images:'.length) : rule;
  const at = id.indexOf('@');
  return at < 0 ? id : id.slice(0, at);
}

export function chooseBase(
  ref: ImageRef,
  decision: BaseImageDecision,
  table: ChainguardImageTable,
  stage: { needsShell: boolean; runtime: boolean },
): BaseChoice {
  const key = ruleKey(decision.rule);
  if (table.keep.has(key)) return { kind: 'chainguard' };
  const entry = table.images.get(key);
  if (!entry) return { kind: 'unknown', rule: key };
  const tag = parseTag(ref.unresolved && ref.tag?.includes('$') ? null : ref.tag);
  const runtimeByTag = tag.words.some((w) => entry.runtimeVariants.includes(w));
  const runtimeByRole = !runtimeByTag && stage.runtime && entry.runtime !== null;
  const image = (runtimeByTag || runtimeByRole) && entry.runtime ? entry.runtime : entry.image;
  const suffix = tag.words
    .map((w) => entry.tagSuffix[w])
    .filter((s): s is string => s !== undefined)
    .map((s) => `-${s}`)
    .join('');
  return {
    kind: 'replace',
    entry,
    image,
    version: versionTag(entry, tag.version, decision.version),
    suffix,
    dev: stage.needsShell && entry.dev,
    runtimeByRole,
  };
}

/** major.minor of the tag's version (or of the Wolfi version it maps to); `latest` without one. */
export function versionTag(
  entry: ChainguardImage,
  tagVersion: string | null,
  mapped: string | null,
): string {
  if (!entry.versioned || tagVersion === null) return 'latest';
  return majorMinor(mapped ?? tagVersion);
}

export function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

export function imageReference(
  target: ImageTarget,
  choice: Extract<BaseChoice, { kind: 'replace' }>,
): string {
  return `${target.prefix}/${choice.image}:${choice.version}${choice.suffix}${choice.dev ? '-dev' : ''}`;
}

/** The variable a tag starts with (`${PYTHON_VERSION}-slim` → PYTHON_VERSION), and its text. */
export function leadingVariable(tag: string): { name: string; text: string } | null {
  if (!tag.startsWith('$')) return null;
  if (tag.startsWith('${')) {
    const close = tag.indexOf('}');
    if (close < 0) return null;
    const inner = tag.slice(2, close);
    const name = takeName(inner);
    return name ? { name, text: tag.slice(0, close + 1) } : null;
  }
  const name = takeName(tag.slice(1));
  return name ? { name, text: `$${name}` } : null;
}

function takeName(text: string): string | null {
  let end = 0;
  while (end < text.length) {
    const ch = text[end] as string;
    const ok =
      ch === '_' ||
      (ch >= 'a' && ch <= 'z') ||
      (ch >= 'A' && ch <= 'Z') ||
      (end > 0 && ch >= '0' && ch <= '9');
    if (!ok) break;
    end++;
  }
  return end > 0 ? text.slice(0, end) : null;
}

/** Split a raw image word into name and tag at the tag's colon (after the last `/`). */
export function splitRawImage(word: string): {
  name: string;
  tag: string | null;
  digest: string | null;
} {
  const at = word.indexOf('@');
  const digest = at >= 0 ? word.slice(at + 1) : null;
  const named = at >= 0 ? word.slice(0, at) : word;
  const colon = named.lastIndexOf(':');
  if (colon > named.lastIndexOf('/') && !named.slice(colon).includes('}'))
    return { name: named.slice(0, colon), tag: named.slice(colon + 1), digest };
  // `${REGISTRY:-docker.io}/python:${V}`: the colon inside ${…} is not a tag separator.
  if (colon > named.lastIndexOf('/')) {
    const inner = named.lastIndexOf(':', named.lastIndexOf('$'));
    if (inner > named.lastIndexOf('/'))
      return { name: named.slice(0, inner), tag: named.slice(inner + 1), digest };
  }
  return { name: named, tag: null, digest };
}
