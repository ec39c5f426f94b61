// Check the size model against measured and published figures: prints the Markdown tables
// of docs/size-model.md — the calibration of every kind of estimate (errors before and after
// calibration, as scripts/import-sizes.ts computed them into rules/base-images.json) and the
// after-side comparison with published Chainguard sizes.
// Usage: node dist/scripts/size-comparison.js [shared-data-dir]
// The published figures below are copied from shared/data/SIZES.md with their sources.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltinCatalog } from '../src/catalog/builtin.js';
import { loadBuiltinRules } from '../src/map/builtin-rules.js';
import { mapBaseImage } from '../src/map/images.js';
import type { ImageRef } from '../src/model.js';
import { estimateAfter } from '../src/size/after.js';
import { estimateBefore } from '../src/size/before.js';
import { loadDebianSizes, type Calibrations } from '../src/size/data.js';
import { builtinSizeData } from '../src/size/index.js';
import { formatBytes } from '../src/size/parts.js';

interface Published {
  bytes: number;
  kind: 'on-disk' | 'compressed' | 'not stated';
  text: string;
  source: string;
}

interface Row {
  /** What the Dockerfile's final stage runs on. */
  image: string;
  /** Base for wolfify's mapping when it differs (a builder → static runtime). */
  runtimeImage?: string | null;
  chainguard: string;
  published: Published[];
}

const ROWS: Row[] = [
  {
    image: 'python:3.12-slim',
    chainguard: 'python',
    published: [
      {
        bytes: 23e6,
        kind: 'not stated',
        text: '~23 MB',
        source: 'theagenticguy.github.io ai-gateway ADR 002, 2026-03-18',
      },
      {
        bytes: 24.02e6,
        kind: 'compressed',
        text: '24.02 MB (python-fips 3.12)',
        source: 'images.chainguard.dev python-fips versions',
      },
    ],
  },
  {
    image: 'node:22',
    chainguard: 'node',
    published: [
      {
        bytes: 145e6,
        kind: 'on-disk',
        text: '145MB',
        source: 'labs.iximiuz.com how-to-choose-nodejs-container-image (~autumn 2024)',
      },
    ],
  },
  {
    image: 'golang:1.24',
    runtimeImage: null,
    chainguard: 'static',
    published: [
      {
        bytes: 2.0e6,
        kind: 'not stated',
        text: '2.0 MB (1 layer)',
        source: 'seankhliao.com distroless-containers, 2023-08-26',
      },
      {
        bytes: 631_270,
        kind: 'compressed',
        text: '631,270 B layer',
        source: 'ghcr.io chainguard-images/static package page',
      },
    ],
  },
  { image: 'eclipse-temurin:21-jre', chainguard: 'jre', published: [] },
  { image: 'nginx', chainguard: 'nginx', published: [] },
  { image: 'ruby:3.3-slim', chainguard: 'ruby', published: [] },
  {
    image: 'debian:bookworm-slim',
    chainguard: 'glibc-dynamic',
    published: [
      {
        bytes: 2_803_560,
        kind: 'compressed',
        text: '2,803,560 B layer',
        source: 'ghcr.io chainguard-images/glibc-dynamic package page',
      },
    ],
  },
  { image: 'alpine:3.21', chainguard: 'wolfi-base', published: [] },
  { image: 'php:8.3-fpm', chainguard: 'php', published: [] },
];

/** On-disk ÷ compressed for images where both were published (SIZES.md). */
const RATIOS: [string, number, number][] = [
  ['python:3.12-slim', 119.2e6, 43_188_023],
  ['python:3.12-slim-bookworm', 124.3e6, 45_437_565],
  ['debian:bookworm-slim', 74.83e6, 28_232_590],
  ['nginx:latest', 161.33e6, 62_942_486],
  ['ubuntu:24.04', 78.16e6, 29_764_116],
];

function ref(raw: string): ImageRef {
  const colon = raw.lastIndexOf(':');
  return {
    raw,
    registry: null,
    repository: colon === -1 ? raw : raw.slice(0, colon),
    tag: colon === -1 ? null : raw.slice(colon + 1),
    digest: null,
    unresolved: false,
  };
}

function mb(bytes: number | null): string {
  return bytes === null ? 'unknown' : formatBytes(bytes);
}

function pct(estimate: number, truth: number): string {
  const e = ((estimate - truth) / truth) * 100;
  return `${e > 0 ? '+' : ''}${e.toFixed(0)}%`;
}

const CALIBRATION_TITLES: [keyof Calibrations, string][] = [
  ['debianInstalled', 'Debian installed sizes summed, vs sizes on disk (apt installs)'],
  [
    'apkAsDebian',
    'Alpine packages sized as Debian equivalents, vs Alpine images on disk (apk installs)',
  ],
  ['nearestTag', 'a tag sized as its nearest measured tag (leave-one-out over the measured tags)'],
  ['model', 'a runtime image sized by the model: OS layer + runtime layer (leave-one-out)'],
  [
    'variant',
    'one Debian variant standing in for the other (OS not named, UBI standard, chiseled)',
  ],
  [
    'after',
    'the Wolfi side: package sets of Chainguard images sized as Debian equivalents, vs published sizes',
  ],
];

/** Per kind of estimate: each sample's error before and after calibration, and the range used. */
function calibrationTables(calibrations: Calibrations): string[] {
  const out: string[] = [];
  for (const [key, title] of CALIBRATION_TITLES) {
    const c = calibrations[key];
    const errorsBefore = c.samples.map((s) => (s.estimate - s.measured) / s.measured);
    const errorsAfter = c.samples.map((s) => (s.estimate * c.factor - s.measured) / s.measured);
    out.push(
      `#### ${title}`,
      '',
      `Correction factor ${c.factor}; range used: figure × ${c.low}–${c.high} (${c.basis}).`,
      '',
    );
    if (c.samples.length <= 12) {
      out.push(
        '| sample | estimate | measured | error before | error after |',
        '| --- | ---: | ---: | ---: | ---: |',
      );
      c.samples.forEach((s, i) => {
        out.push(
          `| ${s.name.replace(/\|/g, '\\|')} | ${mb(s.estimate)} | ${mb(s.measured)} | ${signed(errorsBefore[i] ?? 0)} | ${signed(errorsAfter[i] ?? 0)} |`,
        );
      });
    } else {
      const sorted = [...errorsAfter].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.round((sorted.length - 1) * p)] ?? 0;
      const within = (limit: number) => sorted.filter((e) => Math.abs(e) <= limit).length;
      out.push(
        '| samples | min | 5th pct | median | 95th pct | max | within ±10% | within ±25% |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        `| ${sorted.length} | ${signed(at(0))} | ${signed(at(0.05))} | ${signed(at(0.5))} | ${signed(at(0.95))} | ${signed(at(1))} | ${within(0.1)} | ${within(0.25)} |`,
      );
      const worst = c.samples
        .map((s, i) => ({ s, e: errorsAfter[i] ?? 0 }))
        .sort((a, b) => Math.abs(b.e) - Math.abs(a.e))
        .slice(0, 3);
      out.push('', `Largest errors: ${worst.map((w) => `${w.s.name} ${signed(w.e)}`).join('; ')}.`);
    }
    out.push('');
  }
  return out;
}

function signed(e: number): string {
  return `${e > 0 ? '+' : ''}${(e * 100).toFixed(0)}%`;
}

function main(argv: string[]): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dataDir = argv[0] ?? join(root, '..', 'shared', 'data');
  const chainguard = JSON.parse(readFileSync(join(dataDir, 'chainguard-images.json'), 'utf8')) as {
    images: Record<string, { packages: string[] }>;
  };
  const catalog = loadBuiltinCatalog();
  const data = builtinSizeData();
  const rules = loadBuiltinRules();
  const ratios = RATIOS.map(([, disk, compressed]) => disk / compressed);
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  const out: string[] = [];

  out.push(
    '| Dockerfile base | before (published, on disk) | wolfify maps to | model: mapped packages | Chainguard image | model: its package set | published Chainguard size | error |',
    '| --- | ---: | --- | ---: | --- | ---: | --- | --- |',
  );
  for (const row of ROWS) {
    const before = estimateBefore({ baseImage: ref(row.image), installs: [] }, data);
    const runtimeRef =
      row.runtimeImage === undefined
        ? ref(row.image)
        : row.runtimeImage === null
          ? null
          : ref(row.runtimeImage);
    const decision = mapBaseImage(runtimeRef, {
      catalog,
      rules,
      repositories: ['https://packages.wolfi.dev/os'],
    });
    const mapped = estimateAfter(decision.runtime, catalog, data.wolfi);
    const cgPackages = (chainguard.images[row.chainguard]?.packages ?? []).map(
      (p) => p.split('=')[0] ?? p,
    );
    const cg = estimateAfter(cgPackages, catalog, data.wolfi);
    const cgBytes = cg.bytes ?? 0;
    const published =
      row.published.length === 0
        ? 'not found in any stored source'
        : row.published.map((p) => `${p.text} (${p.kind}; ${p.source})`).join('<br>');
    const errors = row.published.map((p) => {
      if (p.kind === 'compressed') {
        return `vs ${p.text}: estimate ÷ ${lo.toFixed(2)}–${hi.toFixed(2)} = ${formatBytes(cgBytes / hi)}–${formatBytes(cgBytes / lo)} compressed, ${pct(cgBytes / hi, p.bytes)} to ${pct(cgBytes / lo, p.bytes)}`;
      }
      return `vs ${p.text}: ${pct(cgBytes, p.bytes)}${p.kind === 'not stated' ? ' (kind of figure not stated)' : ''}`;
    });
    const mappedTo = runtimeRef === null ? 'scratch → ' : '';
    out.push(
      `| \`${row.image}\` | ${before.figure === null ? `unknown (${before.basis.replace(/^unknown: /, '').replace(/\|/g, '\\|')})` : mb(before.figure.bytes)} | ` +
        `${mappedTo}${decision.runtime.map((n) => `\`${n}\``).join(', ') || '—'} | ${mb(mapped.bytes)} (${mapped.parts.length} pkgs) | ` +
        `\`${row.chainguard}\` (${cgPackages.length} pkgs) | ${mb(cg.bytes)} | ${published} | ${errors.join('<br>') || '—'} |`,
    );
  }

  out.push('', ...calibrationTables(data.baseImages.calibration));

  // The "before" method itself: summing Debian installed sizes over a known package list.
  out.push(
    '',
    '| check of the Debian installed-size sum | packages | sum of installed sizes | measured on disk | error |',
  );
  out.push('| --- | ---: | ---: | ---: | --- |');
  const slim = data.baseImages.images['debian:bookworm-slim'];
  if (slim?.packages && slim.bytes !== null) {
    const sizes = loadDebianSizes('bookworm');
    let sum = 0;
    const missing: string[] = [];
    for (const name of slim.packages) {
      const p = sizes.get(name);
      if (p) sum += p.kib * 1024;
      else missing.push(name);
    }
    out.push(
      `| \`debian:bookworm-slim\` (${slim.source}) | ${slim.packages.length - missing.length} of ${slim.packages.length} | ${mb(sum)} | ${mb(slim.bytes)} | ${pct(sum, slim.bytes)} |`,
    );
  }
  out.push(
    '',
    `On-disk ÷ compressed ratios used above: ${RATIOS.map(([n, d, c]) => `${n} ${(d / c).toFixed(2)}`).join(', ')}.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

main(process.argv.slice(2));
