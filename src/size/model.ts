// The model for a base image no measured figure covers: the OS layer its name or tag
// implies (Debian slim or full, Alpine, Ubuntu, UBI, distroless, BusyBox) plus the language
// runtime it implies, each measured on official images, widened by the model's errors.

import type { ImageRef } from '../model.js';
import type { BaseSize } from './base-image.js';
import type { BaseImagesData, SizedFigure } from './data.js';
import { formatBytes } from './parts.js';
import { widened } from './range.js';
import { CODENAMES, tagParts } from './tags.js';

/** OS kinds the model knows, and the runtime-layer group each draws its runtimes from. */
const OS_GROUP: Record<string, 'slim' | 'full' | 'alpine'> = {
  'debian-slim': 'slim',
  debian: 'full',
  alpine: 'alpine',
  ubuntu: 'slim',
  'ubuntu-chiseled': 'slim',
  'distroless-static': 'slim',
  'distroless-base': 'slim',
  'distroless-cc': 'slim',
  'ubi-minimal': 'slim',
  ubi: 'slim',
  busybox: 'slim',
};

/** Repository words → the runtime they imply (first match wins). */
const RUNTIME_WORDS: [RegExp, string][] = [
  [/^(maven|gradle|sbt)$/, 'java-jdk'],
  [/^(jre|java\d*-?jre|openjdk\d*-jre)$/, 'java-jre'],
  [
    /^(openjdk|jdk|java|eclipse-temurin|temurin|amazoncorretto|corretto|sapmachine|ibm-semeru-runtimes|zulu-openjdk|java\d+(-debian\d+)?)$/,
    'java-jdk',
  ],
  [/^(python|pypy|py)(\d+(\.\d+)*)?(-debian\d+)?$/, 'python'],
  [/^(node|nodejs)(\d+)?(-debian\d+)?$/, 'node'],
  [/^(golang|go)$/, 'golang'],
  [/^(ruby|jruby)$/, 'ruby'],
  [/^(rust|rustlang)$/, 'rust'],
  [/^(php|php-fpm|php-apache)$/, 'php'],
  [/^(nginx|openresty|nginx-unprivileged)$/, 'nginx'],
];

/** RHEL-family distributions sized from UBI. */
const RHEL_FAMILY =
  /(^|\/)(fedora|rockylinux|almalinux|centos|oraclelinux|amazonlinux|rhel\d*)(\/|$)/;

export interface ModelParts {
  os: string;
  /** The OS was not named: the default was assumed. */
  osAssumed: boolean;
  codename: string | null;
  runtime: string | null;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[-/_:.]/)
    .filter((w) => w !== '');
}

/** What a reference implies: OS layer and runtime, from its repository path and tag. */
export function modelParts(ref: ImageRef): ModelParts {
  const path = `${ref.registry ?? ''}/${ref.repository}`.toLowerCase();
  const segments = ref.repository.toLowerCase().split('/');
  const tag = (ref.tag ?? 'latest').toLowerCase();
  const tagWords = tag.split('-');
  const parts = tagParts(tag);
  let os = 'debian-slim';
  let osAssumed = false;
  const all = [...words(ref.repository), ...tagWords];
  if (RHEL_FAMILY.test(ref.repository)) {
    // No RHEL-family image but UBI minimal was measured: it stands in, its range widened.
    os = 'ubi';
  } else if (path.includes('distroless')) {
    os = /static/.test(path)
      ? 'distroless-static'
      : /\/cc/.test(path)
        ? 'distroless-cc'
        : 'distroless-base';
  } else if (/\bubi\d*(-minimal|-micro)?\b/.test(path) || /\bubi\d*\b/.test(tag)) {
    os = /minimal|micro/.test(path) || /minimal|micro/.test(tag) ? 'ubi-minimal' : 'ubi';
  } else if (all.includes('alpine') || tagWords.some((w) => /^alpine\d/.test(w))) os = 'alpine';
  else if (all.includes('chiseled')) os = 'ubuntu-chiseled';
  else if (['noble', 'jammy', 'focal', 'resolute', 'ubuntu'].some((w) => all.includes(w)))
    os = 'ubuntu';
  else if (all.includes('busybox')) os = 'busybox';
  else if (all.includes('slim') || all.includes('minideb')) os = 'debian-slim';
  else if (
    parts.codename !== null &&
    CODENAMES.has(parts.codename) &&
    ref.registry === null &&
    !ref.repository.includes('/')
  )
    // An official image named by its codename alone (`python:3.12-bookworm`) is the full variant.
    os = 'debian';
  else if (ref.registry === null && !ref.repository.includes('/') && parts.version !== null)
    // Official runtime images without a variant word are the full (buildpack-deps) variant.
    os = 'debian';
  else osAssumed = true;
  let runtime: string | null = null;
  const candidates = [...segments.reverse(), ...tagWords];
  for (const candidate of candidates) {
    for (const w of [candidate, ...candidate.split(/[-_]/)]) {
      const stripped = w.replace(/\d+(\.\d+)*$/, '');
      const hit = RUNTIME_WORDS.find(([re]) => re.test(w) || re.test(stripped));
      if (hit) {
        runtime = hit[1];
        break;
      }
    }
    if (runtime !== null) break;
  }
  if (runtime === 'java-jdk' && all.includes('jre')) runtime = 'java-jre';
  if (os === 'debian' && runtime === null) os = 'debian-slim';
  return { os, osAssumed, codename: parts.codename, runtime };
}

/** OS kinds without a measured layer of their own, and the layer that stands in for them. */
const STAND_IN: Record<string, string> = { ubi: 'ubi-minimal', 'ubuntu-chiseled': 'distroless-cc' };

function osLayer(
  os: string,
  codename: string | null,
  data: BaseImagesData,
): [string, SizedFigure] | null {
  const keys = Object.keys(data.osLayers).filter((k) => k === os || k.startsWith(`${os}:`));
  const pick =
    keys.find((k) => codename !== null && k === `${os}:${codename}`) ??
    keys.find((k) => k === `${os}:trixie`) ??
    keys.sort().at(-1);
  const layer = pick ? data.osLayers[pick] : undefined;
  if (pick && layer) return [pick, layer];
  const standIn = STAND_IN[os];
  const other = standIn ? data.osLayers[standIn] : undefined;
  if (!standIn || !other) return null;
  // Another variant of the same family: its size, widened by the measured variant spread.
  return [
    standIn,
    {
      ...widened(other, data.calibration.variant),
      basis: `${other.basis}; standing in for ${os}, range widened by the variant spread (${data.calibration.variant.basis})`,
    },
  ];
}

function runtimeLayer(
  runtime: string,
  group: string,
  data: BaseImagesData,
): [string, SizedFigure] | null {
  // A runtime measured only in another group: slim and alpine layers are alike (both
  // hold the runtime without build tools); full images hold a compiler toolchain too.
  const order =
    group === 'full'
      ? ['full', 'slim', 'alpine']
      : group === 'alpine'
        ? ['alpine', 'slim']
        : ['slim', 'alpine'];
  for (const g of order) {
    const key = `${runtime}@${g}`;
    const layer = data.runtimes[key];
    if (layer) return [key, layer];
  }
  return null;
}

/** OS layer + runtime layer, widened by the model's measured errors. */
export function modelSize(ref: ImageRef, data: BaseImagesData): BaseSize {
  const parts = modelParts(ref);
  const layers = (os: string) => {
    const layer = osLayer(os, parts.codename, data);
    const runtime = parts.runtime
      ? runtimeLayer(parts.runtime, OS_GROUP[os] ?? 'slim', data)
      : null;
    return { layer, runtime };
  };
  const { layer, runtime } = layers(parts.os);
  const os = layer?.[1] ?? { bytes: 0, low: 0, high: 0, basis: 'no OS layer measured' };
  const rt = runtime?.[1] ?? { bytes: 0, low: 0, high: 0, basis: '' };
  let figure = widened(
    { bytes: os.bytes + rt.bytes, low: os.low + rt.low, high: os.high + rt.high },
    data.calibration.model,
  );
  const notes = [`${layer?.[0] ?? parts.os} layer ${formatBytes(os.bytes)} (${os.basis})`];
  if (runtime) notes.push(`${runtime[0]} runtime layer ${formatBytes(rt.bytes)} (${rt.basis})`);
  else if (parts.runtime) notes.push(`no measured ${parts.runtime} runtime layer: not counted`);
  if (parts.osAssumed) {
    // The name says nothing about the OS: the range spans Alpine to Ubuntu, the usual choices.
    const spans = ['alpine', 'debian-slim', 'ubuntu'].map((o) => {
      const l = layers(o);
      return (l.layer?.[1].bytes ?? 0) + (l.runtime?.[1].bytes ?? 0);
    });
    figure = widened(
      {
        bytes: figure.bytes,
        low: Math.min(figure.low, ...spans),
        high: Math.max(figure.high, ...spans),
      },
      data.calibration.variant,
    );
    notes.push('the reference names no OS: Debian slim assumed, the range spans Alpine to Ubuntu');
  }
  const what = `${describeOs(parts.os)}${parts.runtime ? ` + ${parts.runtime}` : ''}`;
  return {
    kind: 'model',
    figure,
    label: `model estimate for ${ref.raw}: ${what}`,
    basis:
      `model estimate: ${ref.raw} is not measured; sized as ${what}: ${notes.join('; ')}; ` +
      `range from the model's errors on measured images (${data.calibration.model.basis})`,
    entry: null,
    distro: distroOfOs(parts.os),
    codename: parts.codename,
  };
}

function describeOs(os: string): string {
  const names: Record<string, string> = {
    'debian-slim': 'Debian slim',
    debian: 'Debian (full variant)',
    alpine: 'Alpine',
    ubuntu: 'Ubuntu',
    'ubuntu-chiseled': 'Ubuntu chiseled',
    'distroless-static': 'distroless static',
    'distroless-base': 'distroless base',
    'distroless-cc': 'distroless cc',
    'ubi-minimal': 'UBI minimal',
    ubi: 'UBI (RHEL family)',
    busybox: 'BusyBox',
  };
  return names[os] ?? os;
}

function distroOfOs(os: string): string {
  if (os.startsWith('debian') || os.startsWith('distroless')) return 'debian';
  if (os.startsWith('ubuntu')) return 'ubuntu';
  if (os.startsWith('ubi')) return 'rhel';
  return os;
}
