// Which Chainguard image replaces a base image: rules/chainguard-images.yaml, keyed by
// the image rule that recognised the base, read and validated once.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { WolfifyError } from '../errors.js';
import { packageUrl } from '../package-path.js';

export const CHAINGUARD_IMAGES_URL = packageUrl('rules/chainguard-images.yaml');

export interface ChainguardImage {
  /** Image name under cgr.dev/<org>/. */
  image: string;
  /** Image for a runtime stage or a runtime tag variant (jdk → jre), or null. */
  runtime: string | null;
  /** Source tag words that ask for the runtime image. */
  runtimeVariants: string[];
  /** Source tag word → tag suffix kept (php fpm). */
  tagSuffix: Record<string, string>;
  /** Carry the source tag's version; otherwise `latest`. */
  versioned: boolean;
  /** A `-dev` variant with a shell and apk exists. */
  dev: boolean;
  /** The user the image runs as. */
  user: 'nonroot' | 'root';
  /** The image itself has a shell (and apk, where it has a package manager at all). */
  shell: boolean;
  /** Why a name not in Chainguard's published list is right, or null. */
  reason: string | null;
}

export interface ChainguardImageTable {
  /** Rule id → replacement. */
  images: ReadonlyMap<string, ChainguardImage>;
  /** Rule ids of bases that are Chainguard images already. */
  keep: ReadonlySet<string>;
}

let cached: ChainguardImageTable | null = null;

export function loadChainguardImages(): ChainguardImageTable {
  if (cached) return cached;
  const path = fileURLToPath(CHAINGUARD_IMAGES_URL);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new WolfifyError(
      `the Chainguard image table is missing (${path}); reinstall wolfify`,
      2,
      path,
    );
  }
  cached = parseChainguardImages(text, path);
  return cached;
}

const IMAGE_KEYS = new Set([
  'image',
  'runtime',
  'runtimeVariants',
  'tagSuffix',
  'versioned',
  'dev',
  'user',
  'shell',
  'reason',
]);

/** Validate the YAML once, at the boundary; everything after works on typed values. */
export function parseChainguardImages(text: string, file: string): ChainguardImageTable {
  const fail = (message: string): never => {
    throw new WolfifyError(message, 2, file);
  };
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    return fail(`not valid YAML: ${(error as Error).message}`);
  }
  if (!isRecord(data)) return fail('expected a mapping with `images:` and `keep:`');
  for (const key of Object.keys(data))
    if (key !== 'images' && key !== 'keep') fail(`unknown key \`${key}\``);
  const keep = data['keep'] ?? [];
  if (!isStringList(keep)) return fail('`keep:` must be a list of rule ids');
  const images = new Map<string, ChainguardImage>();
  const entries = data['images'];
  if (!isRecord(entries)) return fail('`images:` must map rule ids to images');
  for (const [id, entry] of Object.entries(entries)) {
    const where = `images.${id}`;
    if (!isRecord(entry)) return fail(`${where} must be a mapping`);
    for (const key of Object.keys(entry))
      if (!IMAGE_KEYS.has(key)) fail(`${where}: unknown key \`${key}\``);
    const image = entry['image'];
    if (!isImageName(image)) return fail(`${where}.image must be an image name`);
    const runtime = entry['runtime'] ?? null;
    if (runtime !== null && !isImageName(runtime))
      return fail(`${where}.runtime must be an image name`);
    const runtimeVariants = entry['runtimeVariants'] ?? [];
    if (!isStringList(runtimeVariants))
      return fail(`${where}.runtimeVariants must be a list of tag words`);
    const tagSuffix = entry['tagSuffix'] ?? {};
    if (!isRecord(tagSuffix) || !Object.values(tagSuffix).every((v) => typeof v === 'string'))
      return fail(`${where}.tagSuffix must map tag words to suffixes`);
    const versioned = entry['versioned'];
    const dev = entry['dev'];
    if (typeof versioned !== 'boolean' || typeof dev !== 'boolean')
      return fail(`${where}: versioned and dev must be true or false`);
    const user = entry['user'];
    if (user !== 'nonroot' && user !== 'root') return fail(`${where}.user must be nonroot or root`);
    const shell = entry['shell'] ?? false;
    if (typeof shell !== 'boolean') return fail(`${where}.shell must be true or false`);
    const reason = entry['reason'] ?? null;
    if (reason !== null && typeof reason !== 'string')
      return fail(`${where}.reason must be a text`);
    images.set(id, {
      image,
      runtime,
      runtimeVariants,
      tagSuffix: tagSuffix as Record<string, string>,
      versioned,
      dev,
      user,
      shell,
      reason,
    });
  }
  return { images, keep: new Set(keep) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Lower-case path components as registries accept them (`wolfi-base`, `dotnet-sdk`). */
function isImageName(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  return [...value].every(
    (ch) => (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || '-._/'.includes(ch),
  );
}
