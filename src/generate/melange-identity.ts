// Who the application package is: name, version, description, license and URL, from
// --name, the image's labels, the Dockerfile's ARGs and its directory, in that order.

import { posix } from 'node:path';
import { finding } from '../findings.js';
import type { Finding, ParsedDockerfile } from '../model.js';
import { hasSubstitution } from './melange-script.js';

export interface PackageIdentity {
  name: string;
  version: string;
  description: string;
  license: string;
  url: string | null;
}

export interface IdentityInput {
  /** `--name`. */
  name: string | null;
  /** The image's labels (LABEL and MAINTAINER, final stage winning). */
  labels: Readonly<Record<string, string>>;
  parsed: ParsedDockerfile;
  /** The Dockerfile's path as given (`-` for stdin). */
  source: string;
}

/** melange's own rule for package names. */
const PACKAGE_NAME = /^[a-zA-Z\d][a-zA-Z\d+_.-]*$/;
/** An apk version: digits and dots, an optional letter, `_alpha1`-style suffixes. */
const APK_VERSION = /^\d+(\.\d+)*[a-z]?(_(alpha|beta|pre|rc|p)\d*)*$/;
const VERSION_ARGS = ['VERSION', 'APP_VERSION'];
const VERSION_LABELS = ['org.opencontainers.image.version', 'version'];
const NAME_LABELS = ['org.opencontainers.image.title', 'name'];

export function packageIdentity(input: IdentityInput): {
  identity: PackageIdentity;
  findings: Finding[];
} {
  const findings: Finding[] = [];
  const label = (keys: readonly string[]): string | null => {
    for (const key of keys) {
      const value = input.labels[key]?.trim();
      if (value) return value;
    }
    return null;
  };
  const safeLabel = (keys: readonly string[]): string | null => {
    const value = label(keys);
    if (value === null || !hasSubstitution(value)) return value;
    findings.push(
      finding(
        'WF507',
        `label ${keys[0]} contains "\${{", which melange would substitute; it is left out`,
        { line: null, stage: null },
      ),
    );
    return null;
  };

  const name = packageName(input.name ?? label(NAME_LABELS) ?? directoryName(input.source));
  const { version, rejected } = packageVersion(input, label(VERSION_LABELS));
  if (version === null) {
    const why = rejected.length
      ? ` (${rejected.map((r) => `\`${r}\``).join(', ')} is not an apk version)`
      : '';
    findings.push(
      finding(
        'WF501',
        `the application's version is unknown${why}; the package is ${name}-0.0.0-r0`,
        { line: null, stage: null },
        {
          hint: 'Set LABEL org.opencontainers.image.version (or ARG VERSION=1.2.3), or edit package.version in melange.yaml.',
        },
      ),
    );
  }
  return {
    identity: {
      name,
      version: version ?? '0.0.0',
      description:
        safeLabel(['org.opencontainers.image.description', 'description']) ??
        `${name}, built from its Dockerfile's build context`,
      license: safeLabel(['org.opencontainers.image.licenses', 'license']) ?? 'NOASSERTION',
      url: safeLabel(['org.opencontainers.image.url', 'org.opencontainers.image.source', 'url']),
    },
    findings,
  };
}

/** `My App!` → `my-app`: what melange accepts, lower-cased as apk names are. */
export function packageName(raw: string): string {
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9+_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
  return PACKAGE_NAME.test(cleaned) ? cleaned : 'app';
}

function directoryName(source: string): string {
  if (source === '-') return 'app';
  const dir = posix.basename(posix.dirname(posix.resolve('/', source.replaceAll('\\', '/'))));
  return dir === '' ? 'app' : dir;
}

/** `v1.2.3` → `1.2.3`, `1.0.0-rc1` → `1.0.0_rc1`; null when it is no apk version. */
export function apkVersion(raw: string): string | null {
  const version = raw
    .trim()
    .replace(/^[vV](?=\d)/, '')
    .replace(/-(alpha|beta|pre|rc|p)(\d*)$/, '_$1$2');
  return APK_VERSION.test(version) ? version : null;
}

function packageVersion(
  input: IdentityInput,
  labelVersion: string | null,
): { version: string | null; rejected: string[] } {
  const candidates: string[] = [];
  for (const name of VERSION_ARGS) {
    for (const stage of input.parsed.stages) {
      for (const i of stage.instructions) {
        if (i.kind === 'arg' && i.name === name && i.value) candidates.push(i.value);
      }
    }
    const global = input.parsed.globalArgs[name];
    if (global) candidates.push(global);
  }
  if (labelVersion) candidates.push(labelVersion);
  const rejected: string[] = [];
  for (const candidate of candidates) {
    const version = apkVersion(candidate);
    if (version) return { version, rejected };
    rejected.push(candidate);
  }
  return { version: null, rejected };
}
